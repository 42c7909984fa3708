//! Procedural macros of the `migrate` framework.
//!
//! Users do not depend on this crate directly: `migrate_core` re-exports its macros
//! (`use migrate_core::prelude::*;`), and the code they generate reaches everything through
//! `migrate_core::__private`.

#![warn(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod enum_values;
mod errors;
mod migration;
mod schema;
mod seeder;

use proc_macro::TokenStream;

/// Registers a function as the `up` or `down` half of a migration.
///
/// The function must be a free `fn` — not a method, not `async`, `const`, `unsafe` or
/// `extern`, without type parameters — with the signature `fn(&mut Schema) -> Result<()>`;
/// a missing or second parameter, an `impl Trait` or `&Schema` parameter, and a missing or
/// primitive return type are reported at that parameter or type, and the compiler checks the
/// rest of the signature and points at a parameter or return type of another type. On an
/// associated function in an `impl` block (which an attribute cannot see), the compiler's
/// first error is "cannot find type `__migration_functions_are_free__move_up_out_of_the_impl_block`".
/// Whether it is the `up` or the `down` half comes from its name, or
/// from an explicit `#[migration(up)]` / `#[migration(down)]`.
///
/// The migration id is the last segment of the module path — the file name, such as
/// `m2026_11_25_140312_create_users` — unless given with `id = "..."`. The `up` and `down`
/// of one migration are in the same module.
///
/// # Compile-time checks
///
/// Besides the function's own rules, the set of migrations is checked as far as one crate
/// can see it, each error at the offending function or id:
///
/// - an id taken from the module must be one: the module starts with
///   `m<YYYY>_<MM>_<DD>_<HHMMSS>_`, is ASCII, not a raw identifier (`mod r#match`), at most
///   191 characters, and is not the crate root (which needs `id = "..."`);
/// - one `up` and at most one `down` per migration: two `up`s (or `down`s) in one module, or
///   for one explicit id anywhere in the crate, are an error;
/// - a `down` needs its `up` in the same module;
/// - the attribute is applied once per function.
///
/// Ids shared across crates are checked when the registry is first read, naming every
/// location involved.
///
/// The registration records the function's file and line, and a SHA-256 checksum of its
/// signature and body tokens: reformatting or editing comments does not change it, any
/// real change to the code does, so the migrator can tell when an applied migration was
/// edited.
///
/// # Arguments
///
/// All optional, comma-separated:
///
/// - `id = "..."`: the migration id, 1 to 191 ASCII letters, digits, `_`, `-` or `.`;
/// - `up` or `down`: which half the function is, for a function with another name;
/// - `transaction = false`: run the function outside a transaction (for statements such
///   as `CREATE INDEX CONCURRENTLY`); the default is `true`;
/// - `after = "..."`: the id of a migration this one runs after, even when its own id sorts
///   first (a library's id has its crate after a `.`: `"m2026_01_01_000000_create_users.auth"`);
///   on the `up` only. An id that is not registered, or a cycle, is an error when the registry
///   is read;
/// - `replaces = ["...", ...]`: on the `up` of a squash (as `cargo migrate squash` writes it),
///   the ids of the migrations it replaces: a fresh database runs it instead of them, one
///   that applied them records it. Each id well-formed and listed once, never the squash's
///   own; an id replaced by two squashes is an error when the registry is read;
/// - `crate = path`: where `migrate_core` is, for crates that re-export it under another
///   name; the default is `::migrate_core`.
///
/// # Example
///
/// ```ignore
/// use migrate_core::prelude::*;
///
/// #[migration]
/// fn up(s: &mut Schema) -> Result<()> {
///     s.create("users", |t| {
///         t.increments("id");
///         t.string("email", 255).unique();
///     })
/// }
///
/// #[migration]
/// fn down(s: &mut Schema) -> Result<()> {
///     s.drop("users")
/// }
///
/// // Every argument, on a function with another name:
/// #[migration(id = "create_users", down, transaction = false, crate = ::migrate_core)]
/// fn drop_users(s: &mut Schema) -> Result<()> {
///     s.drop("users")
/// }
/// ```
#[proc_macro_attribute]
pub fn migration(args: TokenStream, item: TokenStream) -> TokenStream {
    let file = proc_macro::Span::call_site().local_file();
    migration::expand(args.into(), item.into(), file.as_deref()).into()
}

/// Registers a function as a seeder: it fills the database with test or demo data when
/// `Migrator::seed` (`cargo migrate seed`, `run --seed`, `fresh --seed`) runs.
///
/// The function is a free `fn` with one parameter, the connection it runs on, by `&mut`:
/// diesel's `SqliteConnection`, `PgConnection` or `MysqlConnection`, for diesel's typed DSL
/// (the seeder fails, naming the type, on a database of another kind), or
/// `dyn MigrationConnection` for SQL that runs anywhere; it returns
/// `migrate_core::Result<()>`. Each seeder runs in a transaction of its own and is not
/// recorded: write it for a fresh database, or make it idempotent.
///
/// # Arguments
///
/// All optional, comma-separated:
///
/// - `name = "..."`: the name `seed --only NAME` takes, 1 to 100 ASCII letters, digits, `_`,
///   `-` or `.`; the default is the function's name;
/// - `order = N`: seeders run by order (an `i32`, default 0), then by name;
/// - `crate = path`: where `migrate_core` is; the default is `::migrate_core`.
///
/// ```ignore
/// use migrate_core::prelude::*;
///
/// #[seeder(order = 1)]
/// fn users(conn: &mut dyn MigrationConnection) -> Result<()> {
///     conn.batch_execute("insert into users (email) values ('ada@example.com')")?;
///     Ok(())
/// }
/// ```
#[proc_macro_attribute]
pub fn seeder(args: TokenStream, item: TokenStream) -> TokenStream {
    seeder::expand(args.into(), item.into()).into()
}

/// Describes schema changes declaratively; expands to the Schema and Blueprint calls a user
/// would write by hand, and checks them at compile time.
///
/// `schema!(s => { statements })` is an expression of type `migrate_core::Result<()>`: each
/// statement becomes one call on `s` (a `&mut Schema`) followed by `?`, so it is usually the
/// body of a migration function.
///
/// ```ignore
/// use migrate_core::prelude::*;
///
/// #[migration]
/// fn up(s: &mut Schema) -> Result<()> {
///     schema!(s => {
///         create table users {
///             id: increments,
///             email: string(255) unique,
///             name: string(100) nullable,
///             votes: integer default(0),
///             team_id: big_integer unsigned nullable references teams(id) on_delete(cascade),
///             timestamps,
///             index(name, email),
///         }
///         alter table posts {
///             add views: integer default(0),
///             change title: string(300) nullable,
///             rename body to content,
///             drop legacy,
///         }
///         drop table if exists sessions;
///     })
/// }
/// ```
///
/// expands to
///
/// ```ignore
/// s.create("users", |t| {
///     t.increments("id");
///     t.string("email", 255).unique();
///     t.string("name", 100).nullable();
///     t.integer("votes").default(0i64);
///     t.big_integer("team_id").unsigned().nullable();
///     t.foreign("team_id").references(["id"]).on("teams").on_delete(ReferentialAction::Cascade);
///     t.timestamps();
///     t.index(["name", "email"]);
/// })?;
/// s.table("posts", |t| {
///     t.integer("views").default(0i64);
///     t.string("title", 300).nullable().change();
///     t.rename_column("body", "content");
///     t.drop_column("legacy");
/// })?;
/// s.drop_if_exists("sessions")?;
/// Ok(())
/// ```
///
/// # Statements
///
/// | Statement | Calls |
/// |---|---|
/// | `create table NAME { items }` | `s.create(NAME, \|t\| ...)` |
/// | `alter table NAME { items }` | `s.table(NAME, \|t\| ...)` |
/// | `drop table NAME;` | `s.drop(NAME)` |
/// | `drop table if exists NAME;` | `s.drop_if_exists(NAME)` |
/// | `rename table FROM to TO;` | `s.rename(FROM, TO)` |
/// | `raw "SQL";` | `s.raw("SQL")`, the escape hatch, run verbatim |
///
/// `create` and `alter` end with their braces; the other statements end with `;` (optional
/// after the last one). Items inside braces are separated by `,`. Every name — table,
/// column, index — is an identifier (`users`, even a keyword such as `type`) or a string
/// literal for names that are not identifiers (`"e-mail"`, or a column named `index`
/// where a keyword would be read).
///
/// # Items of `create table`
///
/// - `NAME: TYPE MODIFIERS*` — a column, `t.TYPE(NAME, args)` plus one call per modifier.
/// - `timestamps`, `timestamps_tz`, `soft_deletes` — `created_at`/`updated_at`, `deleted_at`.
/// - `index(a, b)`, `unique(a, b)`, `primary(a, b)`, each optionally followed by
///   `name("...")`.
/// - `foreign(a) references TABLE(COLUMNS) on_delete(ACTION) on_update(ACTION) name("...")`.
/// - `engine("InnoDB")`, `charset("utf8mb4")`, `collation("...")` — table options (MySQL).
///
/// # Items of `alter table`
///
/// - `add NAME: TYPE MODIFIERS*` and `change NAME: TYPE MODIFIERS*` (`.change()`).
/// - `rename OLD to NEW` (a column) and `rename index OLD to NEW`.
/// - `drop NAME`, `drop (A, B)`, `drop index NAME`, `drop unique NAME`, `drop foreign NAME`,
///   `drop primary`, `drop timestamps`, `drop soft_deletes`.
/// - `index(...)`, `unique(...)`, `primary(...)`, `foreign(...)`, `timestamps`,
///   `timestamps_tz`, `soft_deletes`, as in `create table`.
///
/// # Column types
///
/// `increments`, `big_increments`, `small_increments` (auto-incrementing primary keys);
/// `char(N)`, `string(N)`, `text`, `medium_text`, `long_text`; `tiny_integer`,
/// `small_integer`, `medium_integer`, `integer`, `big_integer` and their `unsigned_*`
/// forms; `float` or `float(P, S)`, `double`, `decimal(P, S)`; `boolean`;
/// `enumeration("a", "b")`; `json`, `jsonb`; `date`, `datetime`, `datetime_tz`, `time`,
/// `timestamp`, `timestamp_tz`; `binary`, `uuid`, `ip_address`, `year`; `custom("SQL type")`.
///
/// # Column modifiers
///
/// | Modifier | Applies to |
/// |---|---|
/// | `nullable`, `primary`, `unique`, `index`, `first`, `after(COLUMN)`, `comment("...")` | every type |
/// | `default(LITERAL)` | a literal fitting the type: integer, number, `true`/`false`, string; `default(null)` on a `nullable` column |
/// | `default_raw("SQL")` | every type; the expression is not escaped |
/// | `unsigned` | `tiny_integer` … `big_integer` |
/// | `auto_increment` | integer types |
/// | `use_current`, `use_current_on_update` | `timestamp`, `timestamp_tz`, `datetime`, `datetime_tz` |
/// | `charset("...")`, `collation("...")` | `char`, `string`, the texts, `enumeration` |
/// | `references TABLE(COLUMNS)` or `references TABLE` (the `id`), then `on_delete(ACTION)`, `on_update(ACTION)` | every type: adds `t.foreign(NAME)...` |
///
/// Actions: `cascade`, `set_null`, `set_default`, `restrict`, `no_action`.
///
/// # Compile-time checks
///
/// Each reported at the offending token, all together: unknown types, modifiers, clauses,
/// actions and statements (with a "did you mean" suggestion); a modifier that does not apply
/// to the type; wrong type arguments (`decimal(10)`, `string("a")`, `text(100)`); a
/// duplicate column, two auto-increment columns or two primary keys in one `create`; an
/// index or key naming a column the same `create` does not declare; a column both dropped
/// and changed in one `alter`; a `default` that cannot fit the type (a string on an
/// integer, a negative number on an unsigned column, a value outside an `enumeration`, a
/// string longer than the column); an empty `create` or `alter`; missing `,`, `;`, `:`; the
/// same modifier twice on a column; a column twice in one index; a value twice in an
/// `enumeration`; `_` as a table or column name; two columns whose names differ only in case;
/// a foreign key whose column count differs from its referenced columns'.
///
/// SQL habits get a message naming the DSL's form: `not null` (columns are NOT NULL unless
/// `nullable`), `null`, `default 0` (`default(0)`), `add column x` / `change column x` /
/// `drop column x` (no `column`), `add` or `change` inside `create`, `create table if not
/// exists`, `drop table a, b`, a table clause after a column without its `,`, and
/// `schema!({ ... })` without `s =>`.
#[proc_macro]
pub fn schema(input: TokenStream) -> TokenStream {
    schema::expand(input.into())
        .unwrap_or_else(schema::fallback)
        .into()
}

/// Derives `migrate_core::schema::EnumValues` for a fieldless enum: its variants are the
/// values of an `enumeration` (or `set`) column, as Laravel takes the cases of a PHP enum
/// (`$table->enum('status', Status::cases())`).
///
/// Each value is the variant's name, spelled by `#[enum_values(rename_all = "...")]` on the
/// enum (`lowercase`, `UPPERCASE`, `snake_case`, `SCREAMING_SNAKE_CASE`, `kebab-case`,
/// `camelCase`, `PascalCase`), or given by `#[enum_values(rename = "...")]` on the variant.
/// A variant with fields, two variants with one value, an empty enum and an unknown rule are
/// compile errors.
///
/// ```ignore
/// use migrate_core::prelude::*;
///
/// #[derive(EnumValues)]
/// #[enum_values(rename_all = "snake_case")]
/// enum Status {
///     Draft,
///     InReview,
///     #[enum_values(rename = "live")]
///     Published,
/// }
///
/// // t.enumeration_of::<Status>("status"): 'draft', 'in_review', 'live'
/// ```
#[proc_macro_derive(EnumValues, attributes(enum_values))]
pub fn derive_enum_values(input: TokenStream) -> TokenStream {
    match syn::parse::<syn::DeriveInput>(input) {
        Ok(input) => enum_values::expand(input).into(),
        Err(error) => error.into_compile_error().into(),
    }
}

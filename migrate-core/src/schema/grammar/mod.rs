//! Grammars turn Blueprints into SQL. The trait owns the statement layout; each dialect's file
//! overrides only the hooks where its SQL differs (types, quoting, auto-increment, ALTER forms).

mod mysql;
mod postgres;
mod sqlite;

use std::fmt;

use super::blueprint::Blueprint;
use super::column::{ColumnDefinition, DefaultValue, Value};
use super::command::{Command, ForeignKeyDefinition, IndexDefinition, IndexKind};

mod generated;
mod indexes;
mod online;
mod text_hash;
mod types_extra;
use crate::schema::generated::Identity;
use crate::{Error, Result};

pub(crate) use generated::as_kept as generation_as_kept;
pub(crate) use indexes::is_spatial_type;
pub use mysql::MysqlGrammar;
pub use postgres::PostgresGrammar;
pub(crate) use sqlite::foreign_key_deferrability;
pub(crate) use sqlite::generated_expression as sqlite_generated_expression;
pub use sqlite::SqliteGrammar;
pub use text_hash::{postgres_hash, TextHash};

/// The SQL dialects `migrate` speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite 3.35 or newer.
    Sqlite,
    /// PostgreSQL 12 or newer.
    Postgres,
    /// MySQL 8 or MariaDB 10.5 or newer.
    Mysql,
}

impl Dialect {
    /// The dialect's grammar.
    pub fn grammar(self) -> &'static dyn Grammar {
        match self {
            Dialect::Sqlite => &SqliteGrammar,
            Dialect::Postgres => &PostgresGrammar,
            Dialect::Mysql => &mysql::BACKSLASH_ESCAPES,
        }
    }

    /// A human-readable name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL",
        }
    }

    /// Whether DDL statements take part in transactions (they commit implicitly on MySQL).
    pub fn supports_transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A column modifier, rendered after the column's type in the order a grammar lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    /// `CHARACTER SET x`
    Charset,
    /// `COLLATE x`
    Collate,
    /// Auto-increment and its primary key.
    Increment,
    /// `NULL` / `NOT NULL`
    Nullable,
    /// `DEFAULT x`
    Default,
    /// `ON UPDATE CURRENT_TIMESTAMP`
    OnUpdate,
    /// `INVISIBLE`
    Invisible,
    /// `COMMENT 'x'` (inline form)
    Comment,
    /// `AFTER col`
    After,
    /// `FIRST`
    First,
    /// A generated column's expression, or an identity (see `generated.rs`).
    Generated,
}

/// How a dialect measures an identifier against its length limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// Bytes of its UTF-8 encoding.
    Bytes,
    /// Unicode characters (code points).
    Characters,
}

impl LengthUnit {
    /// The length of `name` in this unit.
    ///
    /// ```
    /// use migrate_core::schema::grammar::LengthUnit;
    ///
    /// assert_eq!(LengthUnit::Bytes.measure("é"), 2);
    /// assert_eq!(LengthUnit::Characters.measure("é"), 1);
    /// ```
    pub fn measure(self, name: &str) -> usize {
        match self {
            LengthUnit::Bytes => name.len(),
            LengthUnit::Characters => name.chars().count(),
        }
    }
}

impl fmt::Display for LengthUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LengthUnit::Bytes => "bytes",
            LengthUnit::Characters => "characters",
        })
    }
}

/// The SQL of a dialect's migration lock (see [`Grammar::migration_lock`]). Each query takes
/// one bound parameter, the repository table's name, so separate repositories lock separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockSql {
    /// Tries to take the lock without waiting; its first column is `1`, `t` or `true` on success.
    pub try_acquire: String,
    /// Releases a session lock; `None` for a lock that the end of the transaction releases.
    pub release: Option<String>,
    /// Describes who holds the lock (one row of text columns), for the timeout error.
    pub holder: Option<String>,
    /// Whether the lock is taken before the migration's transaction begins (a session lock).
    pub before_transaction: bool,
}

/// The SQL that bounds how long a migration's statements wait for a table's lock (see
/// [`Grammar::statement_lock_timeout_sql`]), or how long they run
/// ([`Grammar::statement_timeout_sql`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockTimeoutSql {
    /// Sets the timeout; run before the migration's first statement.
    pub set: String,
    /// Puts back what `set` changed, after the migration; `None` when the end of the
    /// transaction does (`SET LOCAL`).
    pub restore: Option<String>,
}

/// A query that must return a row before a Blueprint's statements run on a server, and the
/// refusal when it returns none (see [`Grammar::prerequisites`]).
#[derive(Debug)]
pub struct Prerequisite {
    /// The query (no parameters).
    pub query: String,
    /// The error when it returns no row.
    pub refusal: Error,
}

/// Turns Blueprints into SQL for one dialect.
///
/// Default methods hold the statement layout shared by all dialects; implementations override
/// the hooks where their SQL differs. Identifiers go through [`Grammar::wrap`] and literals
/// through [`Grammar::quote_string`] — the only two places either is written into SQL.
pub trait Grammar: Sync {
    /// The dialect this grammar writes.
    fn dialect(&self) -> Dialect;

    // ----- quoting: the one place each -------------------------------------------------------

    /// The character that quotes identifiers.
    fn identifier_quote(&self) -> char {
        '"'
    }

    /// The longest identifier the dialect accepts, in [`Grammar::identifier_length_unit`]s.
    fn max_identifier_length(&self) -> usize {
        usize::MAX
    }

    /// What [`Grammar::max_identifier_length`] counts, as the server counts it: bytes of
    /// UTF-8 by default (PostgreSQL's `NAMEDATALEN`).
    fn identifier_length_unit(&self) -> LengthUnit {
        LengthUnit::Bytes
    }

    /// Quotes an identifier, doubling the quote character inside it. Rejects empty names,
    /// NUL characters and names over the dialect's length limit.
    fn wrap(&self, name: &str) -> Result<String> {
        if name.is_empty() {
            return Err(Error::Schema("an identifier cannot be empty".into()));
        }
        if name.contains('\0') {
            return Err(Error::Schema(format!(
                "identifier {name:?} contains a NUL character"
            )));
        }
        let limit = self.max_identifier_length();
        let unit = self.identifier_length_unit();
        let length = unit.measure(name);
        if length > limit {
            return Err(Error::Schema(format!(
                "identifier `{name}` is {length} {unit} long; {} allows at most {limit} (give it a shorter name)",
                self.dialect(),
            )));
        }
        Ok(quote_with(name, self.identifier_quote()))
    }

    /// Quotes a string literal, doubling single quotes. Rejects NUL characters.
    fn quote_string(&self, value: &str) -> Result<String> {
        reject_nul(value)?;
        Ok(format!("'{}'", value.replace('\'', "''")))
    }

    /// Quotes a comment (on a column or table): a string literal, where the dialect can
    /// store every character of it.
    fn quote_comment(&self, comment: &str) -> Result<String> {
        self.quote_string(comment)
    }

    /// The column list of `CREATE INDEX`: [`Grammar::columnize`] unless the dialect's usual
    /// quotes could make a misspelled column something else there.
    fn index_columns(&self, columns: &[String]) -> Result<String> {
        self.columnize(columns)
    }

    /// Wraps and joins column names: `"a", "b"`.
    fn columnize(&self, columns: &[String]) -> Result<String> {
        let wrapped: Result<Vec<String>> = columns.iter().map(|c| self.wrap(c)).collect();
        Ok(wrapped?.join(", "))
    }

    /// The literal for a boolean.
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    /// Renders a literal value, escaped.
    fn literal(&self, value: &Value) -> Result<String> {
        match value {
            Value::Null => Ok("null".into()),
            Value::Bool(b) => Ok(self.bool_literal(*b).into()),
            Value::Int(i) => Ok(i.to_string()),
            Value::Float(f) if f.is_finite() => Ok(format!("{f:?}")),
            Value::Float(f) => Err(Error::Schema(format!(
                "default value {f} is not a finite number"
            ))),
            Value::Text(s) => self.quote_string(s),
        }
    }

    /// The bind placeholder for the `n`th parameter (1-based) of a query.
    fn placeholder(&self, _n: usize) -> String {
        "?".into()
    }

    // ----- columns -----------------------------------------------------------------------

    /// The SQL type of a column.
    fn type_sql(&self, column: &ColumnDefinition) -> Result<String>;

    /// The modifiers this dialect renders, in order. A modifier that is set on a column but
    /// missing here is an error, never silently ignored.
    fn modifiers(&self) -> &'static [Modifier];

    /// What follows the type of an auto-incrementing column.
    fn increment_sql(&self) -> &'static str {
        "primary key"
    }

    /// Renders one modifier of a column, or nothing when it does not apply.
    fn modifier_sql(
        &self,
        modifier: Modifier,
        column: &ColumnDefinition,
    ) -> Result<Option<String>> {
        Ok(match modifier {
            Modifier::Charset => match &column.charset {
                Some(charset) => Some(format!("character set {}", self.wrap(charset)?)),
                None => None,
            },
            Modifier::Collate => match &column.collation {
                Some(collation) => Some(format!("collate {}", self.wrap(collation)?)),
                None => None,
            },
            Modifier::Increment => column
                .auto_increment
                .then(|| self.increment_sql().to_owned()),
            // A generated column takes its nullability from its expression: MariaDB refuses
            // `null` there, and Laravel writes none.
            Modifier::Nullable if generated::is_computed(column) => None,
            Modifier::Nullable => Some(if column.nullable { "null" } else { "not null" }.into()),
            Modifier::Default => self.default_sql(column)?.map(|d| format!("default {d}")),
            Modifier::OnUpdate => column
                .use_current_on_update
                .then(|| format!("on update {}", self.current_timestamp_sql(column))),
            Modifier::Comment => match &column.comment {
                Some(comment) => Some(format!("comment {}", self.quote_comment(comment)?)),
                None => None,
            },
            Modifier::After => match &column.after {
                Some(after) => Some(format!("after {}", self.wrap(after)?)),
                None => None,
            },
            Modifier::First => column.first.then(|| "first".to_owned()),
            Modifier::Invisible => column.invisible.then(|| "invisible".to_owned()),
            Modifier::Generated => generated::modifier_sql(self, column)?,
        })
    }

    /// `CURRENT_DATE`: today, the default `use_current()` gives a date column.
    fn current_date_sql(&self) -> &'static str {
        "CURRENT_DATE"
    }

    /// This year as an integer, the default `use_current()` gives a year column.
    fn current_year_sql(&self) -> &'static str {
        "EXTRACT(YEAR FROM CURRENT_DATE)"
    }

    /// The clause of a generated column computed by `expression`, stored or virtual:
    /// Laravel's `as (expression)` and `as (expression) stored` by default.
    fn generated_as_sql(
        &self,
        _column: &ColumnDefinition,
        stored: bool,
        expression: &str,
    ) -> Result<String> {
        let stored = if stored { " stored" } else { "" };
        Ok(format!("as ({expression}){stored}"))
    }

    /// The value at `path` (SQL/JSON, `$."key"[0]`) of the JSON column `json_column`, for a
    /// generated column `column` (`virtual_as_json`, `stored_as_json`).
    fn json_value_sql(
        &self,
        column: &ColumnDefinition,
        _json_column: &str,
        _path: &str,
    ) -> Result<String> {
        Err(self.unsupported(format!(
            "generated columns over a JSON path (column `{}`): write the expression with \
             virtual_as or stored_as",
            column.name
        )))
    }

    /// The clause of an identity column; `None` where the column's auto-increment already
    /// is one. Only an auto-increment column `generated by default` without sequence options
    /// by default (see `generated.rs`).
    fn identity_sql(
        &self,
        column: &ColumnDefinition,
        _identity: &Identity,
    ) -> Result<Option<String>> {
        generated::identity_as_auto_increment(self, column)
    }

    /// The statement that makes the auto-increment `column` of `table` start at `value`.
    fn starting_value_sql(
        &self,
        _table: &str,
        column: &ColumnDefinition,
        _value: u64,
    ) -> Result<String> {
        Err(self.unsupported(format!("starting values (column `{}`)", column.name)))
    }

    /// The current time, as a default or `on update` of `column`.
    fn current_timestamp_sql(&self, _column: &ColumnDefinition) -> String {
        "CURRENT_TIMESTAMP".into()
    }

    /// The default expression of a column, if it has one.
    fn default_sql(&self, column: &ColumnDefinition) -> Result<Option<String>> {
        if column.use_current {
            return generated::use_current_sql(self, column).map(Some);
        }
        match &column.default {
            None => Ok(None),
            Some(DefaultValue::Raw(sql)) => Ok(Some(sql.clone())),
            Some(DefaultValue::Value(value)) => self.literal(value).map(Some),
        }
    }

    /// `"name" type modifiers...`
    fn column_sql(&self, column: &ColumnDefinition) -> Result<String> {
        check_type(column)?;
        crate::schema::generated::check(column)?;
        self.check_modifiers(column)?;
        let mut sql = format!("{} {}", self.wrap(&column.name)?, self.type_sql(column)?);
        for &modifier in self.modifiers() {
            if let Some(part) = self.modifier_sql(modifier, column)? {
                sql.push(' ');
                sql.push_str(&part);
            }
        }
        Ok(sql)
    }

    /// Rejects modifiers set on `column` that this dialect cannot express.
    fn check_modifiers(&self, column: &ColumnDefinition) -> Result<()> {
        let used = [
            (
                column.charset.is_some(),
                Modifier::Charset,
                "character sets",
            ),
            (
                column.collation.is_some(),
                Modifier::Collate,
                "column collations",
            ),
            (
                column.use_current_on_update,
                Modifier::OnUpdate,
                "use_current_on_update",
            ),
            (
                column.comment.is_some(),
                Modifier::Comment,
                "column comments",
            ),
            (
                column.after.is_some(),
                Modifier::After,
                "after() column placement",
            ),
            (column.first, Modifier::First, "first() column placement"),
            (column.invisible, Modifier::Invisible, "invisible columns"),
        ];
        for (set, modifier, what) in used {
            if set && !self.modifiers().contains(&modifier) && !self.renders_separately(modifier) {
                return Err(self.unsupported(format!("{what} (column `{}`)", column.name)));
            }
        }
        Ok(())
    }

    /// Whether a modifier missing from [`Grammar::modifiers`] is rendered by separate
    /// statements instead (PostgreSQL's `COMMENT ON`).
    fn renders_separately(&self, _modifier: Modifier) -> bool {
        false
    }

    /// An [`Error::Unsupported`] for this dialect.
    fn unsupported(&self, operation: String) -> Error {
        Error::Unsupported {
            dialect: self.dialect().name(),
            operation,
        }
    }

    // ----- statements --------------------------------------------------------------------

    /// The grammar that writes what `statements` mean on `connection`'s session, when a
    /// session setting changes how this grammar's SQL reads there (MySQL's
    /// `NO_BACKSLASH_ESCAPES`); `Ok(None)` when these statements mean the same everywhere
    /// (the default). Asked before statements are sent, so it can read the session only when
    /// the text depends on it.
    fn for_session(
        &self,
        _statements: &[String],
        _connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Option<&'static dyn Grammar>> {
        Ok(None)
    }

    /// A database to rehearse a pretend run on: a copy of `connection`'s schema (and of the
    /// settings its SQL depends on), without rows, on which the real run executes so that
    /// each step sees the schema the steps before it left. `Ok(None)` (the default) where
    /// the dialect has none: the pretend run then records SQL against the live schema.
    fn rehearsal(
        &self,
        _connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Option<Box<dyn crate::MigrationConnection>>> {
        Ok(None)
    }

    /// For a server dialect: the database to connect to while creating or dropping another
    /// (`postgres` on PostgreSQL, none on MySQL), and the query that tells whether a database
    /// named by its one bind parameter exists. `None` where databases are files (SQLite).
    fn database_catalog(&self) -> Option<(&'static str, String)> {
        None
    }

    /// Whether [`Grammar::compile_rebuild`] reads the database for this Blueprint (so what
    /// is queued must be sent first).
    fn rebuild_reads_schema(&self, _blueprint: &Blueprint) -> bool {
        false
    }

    /// What the server must have for `blueprint` to run (an extension's types), checked
    /// before any of its statements is sent. None by default.
    fn prerequisites(&self, _blueprint: &Blueprint) -> Vec<Prerequisite> {
        Vec::new()
    }

    /// Whether a spatial index's columns must be `NOT NULL` (MySQL, MariaDB).
    fn spatial_index_needs_not_null(&self) -> bool {
        false
    }

    /// Compiles a Blueprint that this dialect cannot apply in place by rebuilding its table,
    /// reading the table's current shape through `connection`. `Ok(None)` when the Blueprint
    /// needs no rebuild (the default), and [`Grammar::compile`] applies.
    fn compile_rebuild(
        &self,
        _blueprint: &Blueprint,
        _connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Option<Vec<String>>> {
        Ok(None)
    }

    /// Compiles every command of a Blueprint.
    fn compile(&self, blueprint: &Blueprint) -> Result<Vec<String>> {
        blueprint.check_table_name(self.dialect())?;
        if blueprint.temporary && !blueprint.creating() {
            return Err(Error::Schema(format!(
                "table `{}`: `temporary()` applies to a table being created, not altered",
                blueprint.table_name()
            )));
        }
        let mut statements = Vec::new();
        for command in blueprint.commands() {
            statements.extend(self.compile_command(blueprint, &command)?);
        }
        let online = blueprint.online_ddl();
        if online.is_empty() {
            return Ok(statements);
        }
        if blueprint.creating() {
            return Err(Error::Schema(format!(
                "`{online}` applies to altering a table, not to creating `{}`",
                blueprint.table_name()
            )));
        }
        self.with_online_ddl(statements, &online)
    }

    /// `statements` (an alter's) with MySQL's online DDL options `online` (see
    /// [`Blueprint::algorithm`]). Refused by default: the dialect has none.
    fn with_online_ddl(
        &self,
        _statements: Vec<String>,
        online: &super::OnlineDdl,
    ) -> Result<Vec<String>> {
        Err(self.unsupported(format!(
            "`{online}` on an alter (MySQL and MariaDB's ALGORITHM and LOCK options)"
        )))
    }

    /// Compiles one command.
    fn compile_command(&self, blueprint: &Blueprint, command: &Command) -> Result<Vec<String>> {
        let table = blueprint.table_name();
        match command {
            Command::Create => self.compile_create(blueprint),
            Command::AddColumns => self.compile_add_columns(blueprint),
            Command::ChangeColumns => self.compile_change_columns(blueprint),
            Command::Drop => Ok(vec![format!("drop table {}", self.wrap(table)?)]),
            Command::DropIfExists => {
                Ok(vec![format!("drop table if exists {}", self.wrap(table)?)])
            }
            Command::Rename(to) => self.compile_rename(table, to),
            Command::DropColumns(columns) => self.compile_drop_columns(table, columns),
            Command::RenameColumn { from, to } => Ok(vec![format!(
                "alter table {} rename column {} to {}",
                self.wrap(table)?,
                self.wrap(from)?,
                self.wrap(to)?
            )]),
            // A primary key of a table being created is part of its `create table`.
            Command::Index(index) if index.kind == IndexKind::Primary && blueprint.creating() => {
                Ok(vec![])
            }
            Command::Index(index) if index.concurrently && index.kind == IndexKind::Primary => {
                Err(self.unsupported("building a primary key concurrently".into()))
            }
            Command::Index(index) => {
                indexes::check_spatial(self, blueprint, index)?;
                self.compile_index(table, index)
            }
            Command::DropIndex { kind, name } => self.compile_drop_index(table, *kind, name),
            Command::RenameIndex { from, to } => self.compile_rename_index(table, from, to),
            // Foreign keys of a table being created are part of its `create table`.
            Command::Foreign(_) if blueprint.creating() => Ok(vec![]),
            Command::Foreign(foreign) => self.compile_add_foreign(table, foreign),
            Command::DropForeign(name) => self.compile_drop_foreign(table, name),
            Command::DropIndexConcurrently(name) => online::drop_index_concurrently(self, name),
            Command::Check(check) => self.compile_check(table, check),
            Command::DropCheck(name) => self.compile_drop_check(table, name),
            Command::ValidateConstraint(name) => self.compile_validate_constraint(table, name),
        }
    }

    // ----- online forms (see online.rs) -----------------------------------------------------

    /// `concurrently ` where an index can be built and dropped without blocking writes.
    fn concurrently_keyword(&self) -> Result<&'static str> {
        Err(self
            .unsupported("building or dropping an index concurrently (`concurrently()`)".into()))
    }

    /// ` not valid` where a constraint can be added without reading the existing rows.
    fn not_valid_keyword(&self) -> Result<&'static str> {
        Err(self.unsupported(
            "adding a constraint without checking the existing rows (`not_valid()`)".into(),
        ))
    }

    /// Adds a check constraint to an existing table.
    fn compile_check(
        &self,
        table: &str,
        check: &super::command::CheckDefinition,
    ) -> Result<Vec<String>> {
        online::add_check(self, table, check)
    }

    /// Drops a check constraint.
    fn compile_drop_check(&self, table: &str, name: &str) -> Result<Vec<String>> {
        online::drop_constraint(self, table, name)
    }

    /// Checks the existing rows against a constraint added `not_valid()`.
    fn compile_validate_constraint(&self, _table: &str, name: &str) -> Result<Vec<String>> {
        Err(self.unsupported(format!(
            "validating the constraint `{name}` (`validate_foreign`, `validate_check`)"
        )))
    }

    /// `create table "t" (columns, primary key, foreign keys)`.
    fn compile_create(&self, blueprint: &Blueprint) -> Result<Vec<String>> {
        let commands = blueprint.commands();
        let mut parts = Vec::new();
        for column in blueprint.columns() {
            parts.push(self.column_sql(column)?);
        }
        let auto_increment = blueprint.columns().iter().find(|c| c.auto_increment);
        for command in &commands {
            match command {
                Command::Index(index) if index.kind == IndexKind::Primary => {
                    if let Some(column) = auto_increment {
                        return Err(Error::Schema(format!(
                            "table `{}` has both the auto-increment key `{}` and a primary key on ({})",
                            blueprint.table_name(),
                            column.name,
                            index.columns.join(", ")
                        )));
                    }
                    parts.push(self.primary_key_constraint(index)?);
                }
                Command::Foreign(foreign) => parts.push(self.foreign_key_constraint(foreign)?),
                _ => {}
            }
        }
        if parts.is_empty() {
            return Err(Error::Schema(format!(
                "table `{}` is created without any column",
                blueprint.table_name()
            )));
        }
        let mut sql = format!(
            "create {}table {} ({})",
            if blueprint.temporary {
                "temporary "
            } else {
                ""
            },
            self.wrap(blueprint.table_name())?,
            parts.join(", ")
        );
        sql.push_str(&self.table_options(blueprint)?);
        let mut statements = vec![sql];
        statements.extend(self.column_comments(blueprint)?);
        statements.extend(generated::starting_values(self, blueprint)?);
        Ok(statements)
    }

    /// Text after `create table (...)`: engine, charset, collation.
    fn table_options(&self, blueprint: &Blueprint) -> Result<String> {
        if blueprint.engine.is_some()
            || blueprint.charset.is_some()
            || blueprint.collation.is_some()
        {
            return Err(self.unsupported("table engine, charset and collation options".into()));
        }
        Ok(String::new())
    }

    /// Statements that set column comments, for dialects that do it separately.
    fn column_comments(&self, _blueprint: &Blueprint) -> Result<Vec<String>> {
        Ok(vec![])
    }

    /// `primary key ("a", "b")` inside `create table`.
    fn primary_key_constraint(&self, index: &IndexDefinition) -> Result<String> {
        indexes::check(index)?;
        Ok(format!("primary key ({})", self.columnize(&index.columns)?))
    }

    /// `constraint "name" foreign key (...) references "t" (...) on delete ...`.
    fn foreign_key_constraint(&self, foreign: &ForeignKeyDefinition) -> Result<String> {
        if foreign.on.is_empty() {
            return Err(Error::Schema(format!(
                "foreign key `{}` does not say which table it references (call .on(\"table\"))",
                foreign.name
            )));
        }
        let on = crate::schema::table_name::resolve(
            self.dialect(),
            &foreign.on,
            "a foreign key's referenced table",
        )?;
        let mut sql = format!(
            "constraint {} foreign key ({}) references {} ({})",
            self.wrap(&foreign.name)?,
            self.columnize(&foreign.columns)?,
            self.wrap(&on)?,
            self.columnize(&foreign.references)?
        );
        if let Some(action) = foreign.on_delete {
            sql.push_str(" on delete ");
            sql.push_str(action.sql());
        }
        if let Some(action) = foreign.on_update {
            sql.push_str(" on update ");
            sql.push_str(action.sql());
        }
        // Constraint attributes follow the referential actions.
        if let Some(deferrable) = foreign.deferrable {
            sql.push_str(self.deferrable_sql(&foreign.name, deferrable)?);
        }
        if foreign.not_valid {
            sql.push_str(self.not_valid_keyword()?);
        }
        Ok(sql)
    }

    /// The attribute saying when the foreign key `name` is checked (` deferrable`, ...).
    fn deferrable_sql(&self, _name: &str, deferrable: super::Deferrable) -> Result<&'static str> {
        Ok(deferrable.sql())
    }

    /// `alter table "t" add column ...`, one statement per column.
    fn compile_add_columns(&self, blueprint: &Blueprint) -> Result<Vec<String>> {
        let table = self.wrap(blueprint.table_name())?;
        let mut statements = Vec::new();
        for column in blueprint.columns().iter().filter(|c| !c.change) {
            statements.push(format!(
                "alter table {table} add column {}",
                self.column_sql(column)?
            ));
        }
        statements.extend(self.column_comments(blueprint)?);
        statements.extend(generated::starting_values(self, blueprint)?);
        Ok(statements)
    }

    /// Changes existing columns.
    fn compile_change_columns(&self, _blueprint: &Blueprint) -> Result<Vec<String>> {
        Err(self.unsupported("changing columns".into()))
    }

    /// Renames a table.
    fn compile_rename(&self, from: &str, to: &str) -> Result<Vec<String>> {
        Ok(vec![format!(
            "alter table {} rename to {}",
            self.wrap(from)?,
            self.wrap(to)?
        )])
    }

    /// Drops columns in one statement.
    fn compile_drop_columns(&self, table: &str, columns: &[String]) -> Result<Vec<String>> {
        let drops: Result<Vec<String>> = columns
            .iter()
            .map(|c| Ok(format!("drop column {}", self.wrap(c)?)))
            .collect();
        Ok(vec![format!(
            "alter table {} {}",
            self.wrap(table)?,
            drops?.join(", ")
        )])
    }

    /// Adds an index or key to an existing table (or after `create table`).
    fn compile_index(&self, table: &str, index: &IndexDefinition) -> Result<Vec<String>> {
        match index.kind {
            // Unnamed, so the database names it (`<table>_pkey` on PostgreSQL) and
            // `drop_primary` finds it.
            IndexKind::Primary => {
                indexes::check(index)?;
                return Ok(vec![format!(
                    "alter table {} add primary key ({})",
                    self.wrap(table)?,
                    self.columnize(&index.columns)?
                )]);
            }
            IndexKind::Unique
            | IndexKind::Index
            | IndexKind::Fulltext
            | IndexKind::Spatial
            | IndexKind::Vector => {}
        };
        Ok(vec![self.create_index_sql(table, index)?])
    }

    /// `create [unique] index "name" on "table" ("columns")`, with the options of
    /// `indexes.rs` through the hooks below.
    fn create_index_sql(&self, table: &str, index: &IndexDefinition) -> Result<String> {
        indexes::create_index_sql(self, table, index)
    }

    // ----- index forms (see indexes.rs) ------------------------------------------------------

    /// The words between `create` and the index's name: `unique index`, `index`; the
    /// full-text and spatial kinds are refused unless the dialect has them.
    fn index_keyword(&self, index: &IndexDefinition) -> Result<&'static str> {
        indexes::keyword(self, index)
    }

    /// The access method of `index` (`using ...`), if it has one; refused by default.
    fn index_method(&self, index: &IndexDefinition) -> Result<Option<&'static str>> {
        indexes::no_method(self, index)
    }

    /// Whether `using <method>` follows the column list (MySQL) rather than the table.
    fn index_method_after_columns(&self) -> bool {
        false
    }

    /// What goes between the parentheses of `create index`: the columns, or the raw
    /// expression of `raw_index`.
    fn index_body(&self, index: &IndexDefinition) -> Result<String> {
        indexes::body(self, index)
    }

    /// ` nulls not distinct` where a unique key can treat nulls as equal.
    fn nulls_not_distinct_keyword(&self, index: &str) -> Result<&'static str> {
        Err(self.unsupported(format!(
            "unique keys that treat nulls as equal (`nulls_not_distinct()`, index `{index}`)"
        )))
    }

    /// Drops an index or key.
    fn compile_drop_index(&self, table: &str, kind: IndexKind, name: &str) -> Result<Vec<String>> {
        if kind == IndexKind::Primary {
            return Ok(vec![format!(
                "alter table {} drop constraint {}",
                self.wrap(table)?,
                self.wrap(name)?
            )]);
        }
        Ok(vec![format!("drop index {}", self.wrap(name)?)])
    }

    /// Renames an index.
    fn compile_rename_index(&self, _table: &str, from: &str, to: &str) -> Result<Vec<String>> {
        Ok(vec![format!(
            "alter index {} rename to {}",
            self.wrap(from)?,
            self.wrap(to)?
        )])
    }

    /// Adds a foreign key to an existing table.
    fn compile_add_foreign(
        &self,
        table: &str,
        foreign: &ForeignKeyDefinition,
    ) -> Result<Vec<String>> {
        Ok(vec![format!(
            "alter table {} add {}",
            self.wrap(table)?,
            self.foreign_key_constraint(foreign)?
        )])
    }

    /// Drops a foreign key.
    fn compile_drop_foreign(&self, table: &str, name: &str) -> Result<Vec<String>> {
        Ok(vec![format!(
            "alter table {} drop constraint {}",
            self.wrap(table)?,
            self.wrap(name)?
        )])
    }

    // ----- transactions and locking ------------------------------------------------------

    /// `expr` cast to text, for a query whose columns are all read as text
    /// ([`MigrationConnection::load_text`](crate::MigrationConnection::load_text)).
    fn text_cast(&self, expr: &str) -> String {
        format!("cast({expr} as text)")
    }

    /// The statement that begins a migration's transaction.
    fn begin_sql(&self) -> &'static str {
        "begin"
    }

    /// Whether a transactional migration's statements are sent in batches (see
    /// [`Schema`](crate::Schema)): worth it where each statement is a round trip to a server.
    fn batches_statements(&self) -> bool {
        true
    }

    /// An expression for the milliseconds since the transaction began, so that a migration's
    /// repository row can travel in its last batch, with `COMMIT`: one round trip for the
    /// whole migration. `None`: the row is inserted on its own, timed by the client.
    fn elapsed_ms_sql(&self) -> Option<&'static str> {
        None
    }

    /// `dml` (a delete or update of one row) as a statement that fails unless it changed
    /// exactly one row, reading no result, so that a rollback's repository delete can travel in
    /// its last batch and still tell when another runner was first. `None`: it runs on its
    /// own and its row count is read.
    fn one_row_or_fail_sql(&self, _dml: &str) -> Option<String> {
        None
    }

    /// Whether migrations that finish close together may share a commit, each in a savepoint
    /// of its own ([`Migrator::commit_window`](crate::Migrator::commit_window)): worth it where
    /// a commit costs disk syncs that nothing else amortizes and a write transaction locks the
    /// whole database anyway, so holding it a little longer locks nothing more.
    fn groups_commits(&self) -> bool {
        false
    }

    /// A statement, run inside a transaction, that lets its `COMMIT` return before the commit
    /// is flushed to disk, where commits still reach the log in order: a crash loses only the
    /// newest ones, never one without those before it. A run's commits but its last use it,
    /// and the last (or [`Grammar::flush_commits_sql`]) flushes them all, so a run is as
    /// durable when it returns as with a flush per commit. `None`: every commit flushes.
    fn unflushed_commit_sql(&self) -> Option<&'static str> {
        None
    }

    /// A statement that commits durably on its own, flushing every earlier unflushed commit
    /// (see [`Grammar::unflushed_commit_sql`]): sent when a run stops before its last
    /// migration commits.
    fn flush_commits_sql(&self) -> Option<&'static str> {
        None
    }

    /// A statement that takes the transaction-scoped migration lock of repository `table` at
    /// once or fails, reading no result, so that it can follow `BEGIN` in one round trip.
    /// Failing, the lock is taken the slow way ([`Grammar::migration_lock`]), which waits.
    /// `None`: the lock needs its result read (or the dialect has none).
    fn lock_at_once_sql(&self, _table: &str) -> Result<Option<String>> {
        Ok(None)
    }

    /// The lock that serializes concurrent migrators around one migration, for a migration
    /// that runs inside a transaction or not. `None`: the dialect's write transaction already
    /// serializes them (SQLite's `BEGIN IMMEDIATE`).
    fn migration_lock(&self, _in_transaction: bool) -> Option<LockSql> {
        None
    }

    /// A statement that makes the connection wait up to `timeout_ms` for a busy database
    /// instead of failing at once (SQLite's busy timeout).
    fn lock_wait_sql(&self, _timeout_ms: u128) -> Option<String> {
        None
    }

    /// The statements that make every statement of a migration stop waiting for a table's
    /// lock after `timeout`, for a migration inside a transaction or not. `None`: the dialect
    /// has no such timeout, or it cannot be set without state that outlives the migration.
    fn statement_lock_timeout_sql(
        &self,
        _timeout: std::time::Duration,
        _in_transaction: bool,
    ) -> Option<LockTimeoutSql> {
        None
    }

    /// Whether a statement failed with the database's `message` because it waited for a lock
    /// longer than [`Grammar::statement_lock_timeout_sql`] allows.
    fn is_lock_timeout(&self, _message: &str) -> bool {
        false
    }

    /// A 64-bit hash of text that the server computes in SQL and this process computes
    /// alike, so that a check of many rows can read one row of their sums instead (the
    /// boot check). `None`: the server has none that can be reproduced here.
    fn text_hash(&self) -> Option<TextHash> {
        None
    }

    /// The statements that make the server cancel any statement of a migration that runs
    /// longer than `timeout`, for a migration inside a transaction or not (the same shape as
    /// [`Grammar::statement_lock_timeout_sql`]). `None`: the dialect has no such timeout, or it
    /// cannot be set without state that outlives the migration.
    fn statement_timeout_sql(
        &self,
        _timeout: std::time::Duration,
        _in_transaction: bool,
    ) -> Option<LockTimeoutSql> {
        None
    }

    /// Whether a statement failed with the database's `message` because it ran longer than
    /// [`Grammar::statement_timeout_sql`] allows.
    fn is_statement_timeout(&self, _message: &str) -> bool {
        false
    }

    /// Queries, tried in order until one answers, for the sessions holding a lock on a table
    /// that the statement bound as the only parameter names (as this grammar quotes it): one
    /// row of one text column per session, for the lock timeout error. Empty: the server
    /// cannot tell.
    fn lock_holders_sql(&self) -> &'static [&'static str] {
        &[]
    }

    /// Why [`Grammar::lock_holders_sql`] found no holder, when that may be the server's
    /// configuration rather than the holder having gone.
    fn lock_holders_hint(&self) -> Option<&'static str> {
        None
    }

    /// Whether `migrate`'s own statements (the repository's) stay prepared, named, for the
    /// connection's lifetime, sparing a parse per migration. Not where a transaction-pooling
    /// proxy may stand between client and server (PgBouncer in `pool_mode = transaction`): a
    /// statement prepared in one transaction is not there in the next.
    fn keeps_statements_prepared(&self) -> bool {
        true
    }

    // ----- introspection -------------------------------------------------------------------

    /// A query with one bound parameter (the table name) returning one row per matching table.
    fn has_table_sql(&self) -> String;

    /// A query with two bound parameters (table, column) returning one row per matching column.
    fn has_column_sql(&self) -> String;

    /// A query with two bound parameters (table, index name) returning one row per match.
    fn has_index_sql(&self) -> String;

    /// A query returning the name of every table (first column), for `drop_all_tables`.
    fn list_tables_sql(&self) -> String;

    /// The statements that drop every table (for `fresh`), reading what exists through
    /// `connection` (see [`list_tables`]); [`Grammar::drop_tables_sql`] spells the drop.
    fn compile_drop_all_tables(
        &self,
        connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Vec<String>> {
        let tables = list_tables(self, connection)?;
        if tables.is_empty() {
            return Ok(vec![]);
        }
        self.drop_tables_sql(&tables)
    }

    /// Drops `tables` in one go, whatever foreign keys link them.
    fn drop_tables_sql(&self, tables: &[String]) -> Result<Vec<String>>;
}

/// `name` between `quote`s, a `quote` inside it doubled.
fn quote_with(name: &str, quote: char) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push(quote);
    for c in name.chars() {
        if c == quote {
            out.push(quote);
        }
        out.push(c);
    }
    out.push(quote);
    out
}

/// Refuses a type argument out of the range every dialect takes, rather than letting one
/// dialect round or reject it differently.
fn check_type(column: &ColumnDefinition) -> Result<()> {
    use super::column::ColumnType;
    let problem = match &column.ty {
        ColumnType::Float { precision } if !(1..=53).contains(precision) => format!(
            "a float's precision is in binary digits, from 1 to 53 (53 is double precision), \
             not {precision}; for decimal digits use decimal(precision, scale)"
        ),
        ColumnType::Double {
            precision_scale: Some((precision, scale)),
        } if *precision == 0 || *precision > 255 || scale > precision || *scale > 30 => format!(
            "double({precision}, {scale}) is out of range (precision 1 to 255, scale 0 to 30 \
             and at most the precision)"
        ),
        ColumnType::Vector { dimensions } if !(1..=16000).contains(dimensions) => {
            format!("a vector has 1 to 16000 dimensions (pgvector's limit), not {dimensions}")
        }
        ColumnType::Set(values) => match types_extra::set_problem(values) {
            Some(problem) => problem,
            None => return Ok(()),
        },
        ty => match ty.time_precision() {
            Some(precision) if precision > 6 => {
                format!("fractional seconds go to 6 digits (microseconds) at most, not {precision}")
            }
            _ => return Ok(()),
        },
    };
    Err(Error::Schema(format!(
        "column `{}`: {problem}",
        column.name
    )))
}

/// Refuses a string literal with a NUL character, which no dialect can store in text.
fn reject_nul(value: &str) -> Result<()> {
    if value.contains('\0') {
        return Err(Error::Schema(format!(
            "string literal {value:?} contains a NUL character"
        )));
    }
    Ok(())
}

/// The name of every table, through the grammar's [`Grammar::list_tables_sql`].
pub fn list_tables(
    grammar: &(impl Grammar + ?Sized),
    connection: &mut dyn crate::MigrationConnection,
) -> Result<Vec<String>> {
    let sql = grammar.list_tables_sql();
    let rows = connection
        .load_text(&sql, &[])
        .map_err(|source| Error::Database { sql, source })?;
    Ok(rows
        .into_iter()
        .filter_map(|row| row.0.into_iter().next().flatten())
        .collect())
}

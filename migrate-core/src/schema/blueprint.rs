//! The Blueprint: what one `create` or `table` call describes, as data.

use super::column::{ColumnDefinition, ColumnType};
use super::command::{CheckDefinition, Command, ForeignKeyDefinition, IndexDefinition, IndexKind};
use super::online_ddl::{Algorithm, LockMode, OnlineDdl};

/// Column names accepted by index, key and drop methods: `"id"`, `["a", "b"]`, `vec![...]`.
pub trait Columns {
    /// The column names.
    fn into_columns(self) -> Vec<String>;
}

impl Columns for &str {
    fn into_columns(self) -> Vec<String> {
        vec![self.to_owned()]
    }
}

impl Columns for String {
    fn into_columns(self) -> Vec<String> {
        vec![self]
    }
}

impl<const N: usize> Columns for [&str; N] {
    fn into_columns(self) -> Vec<String> {
        self.iter().map(|c| (*c).to_owned()).collect()
    }
}

impl Columns for &[&str] {
    fn into_columns(self) -> Vec<String> {
        self.iter().map(|c| (*c).to_owned()).collect()
    }
}

impl Columns for Vec<&str> {
    fn into_columns(self) -> Vec<String> {
        self.into_iter().map(str::to_owned).collect()
    }
}

impl Columns for Vec<String> {
    fn into_columns(self) -> Vec<String> {
        self
    }
}

/// Describes the columns and commands of one table operation; a Grammar compiles it to SQL.
///
/// ```
/// use migrate_core::schema::{Blueprint, Dialect};
///
/// let mut t = Blueprint::create("users");
/// t.increments("id");
/// t.string("email", 255).unique();
/// assert_eq!(
///     t.to_sql(Dialect::Sqlite).unwrap(),
///     [
///         r#"create table "users" ("id" integer primary key autoincrement not null, "email" varchar not null)"#,
///         r#"create unique index "users_email_unique" on "users" (`email`)"#,
///     ]
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Blueprint {
    table: String,
    /// The table name as given, when it has a dot outside quotes (refused when compiled).
    dotted: Option<String>,
    pub(super) columns: Vec<ColumnDefinition>,
    commands: Vec<Command>,
    pub(crate) engine: Option<String>,
    pub(crate) charset: Option<String>,
    pub(crate) collation: Option<String>,
    /// `CREATE TEMPORARY TABLE` (see `types_extra.rs`).
    pub(crate) temporary: bool,
    online: OnlineDdl,
}

macro_rules! column_types {
    ($($(#[$doc:meta])* $method:ident => $ty:expr;)*) => {$(
        $(#[$doc])*
        pub fn $method(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
            self.add_column(name, $ty)
        }
    )*};
}

impl Blueprint {
    /// A Blueprint that creates `table`.
    pub fn create(table: impl Into<String>) -> Self {
        let mut bp = Blueprint::new(table);
        bp.commands.push(Command::Create);
        bp
    }

    /// A Blueprint that alters the existing `table`.
    pub fn alter(table: impl Into<String>) -> Self {
        Blueprint::new(table)
    }

    fn new(table: impl Into<String>) -> Self {
        let (table, dotted) = match super::table_name::literal(&table.into()) {
            Ok(table) => (table, None),
            Err(dotted) => (dotted.clone(), Some(dotted)),
        };
        Blueprint {
            table,
            dotted,
            columns: Vec::new(),
            commands: Vec::new(),
            engine: None,
            charset: None,
            collation: None,
            temporary: false,
            online: OnlineDdl::default(),
        }
    }

    /// The table's name (without the double quotes of a quoted name such as
    /// `"\"reporting.users\""`).
    pub fn table_name(&self) -> &str {
        &self.table
    }

    /// Refuses a dotted table name (see [`Blueprint::create`]'s table argument).
    pub(crate) fn check_table_name(&self, dialect: super::Dialect) -> crate::Result<()> {
        match &self.dotted {
            Some(name) => {
                let operation = match self.commands.first() {
                    Some(Command::Create) => "create",
                    Some(Command::Drop | Command::DropIfExists) => "drop",
                    Some(Command::Rename(_)) => "rename",
                    _ => "alter",
                };
                Err(super::table_name::refused(dialect, name, operation))
            }
            None => Ok(()),
        }
    }

    /// The columns added or changed, in order.
    pub fn columns(&self) -> &[ColumnDefinition] {
        &self.columns
    }

    /// Whether this Blueprint creates its table.
    pub fn creating(&self) -> bool {
        self.commands.contains(&Command::Create)
    }

    /// Adds a command; the typed methods below are the usual way.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Adds a column of any type and returns it for modifiers.
    pub fn add_column(&mut self, name: impl Into<String>, ty: ColumnType) -> &mut ColumnDefinition {
        self.columns.push(ColumnDefinition::new(name, ty));
        let last = self.columns.len() - 1;
        &mut self.columns[last]
    }

    /// Adds a column defined elsewhere (the schema model's) and returns it for modifiers.
    pub(crate) fn push_column(&mut self, column: ColumnDefinition) -> &mut ColumnDefinition {
        self.columns.push(column);
        let last = self.columns.len() - 1;
        &mut self.columns[last]
    }

    /// Every command to compile, in order: the explicit ones plus those implied by the columns
    /// (adding or changing columns on an existing table, `.unique()`/`.index()`/`.primary()`).
    pub fn commands(&self) -> Vec<Command> {
        let mut commands = Vec::with_capacity(self.commands.len() + 2);
        if !self.creating() {
            if self.columns.iter().any(|c| !c.change) {
                commands.push(Command::AddColumns);
            }
            if self.columns.iter().any(|c| c.change) {
                commands.push(Command::ChangeColumns);
            }
        }
        commands.extend(self.commands.iter().cloned());
        for column in &self.columns {
            if let Some(foreign) = &column.foreign {
                let mut foreign = foreign.clone();
                if foreign.name.is_empty() {
                    foreign.name = self.index_name("foreign", &foreign.columns);
                }
                commands.push(Command::Foreign(foreign));
            }
            let implied = [
                (column.primary && !column.auto_increment, IndexKind::Primary),
                (column.unique, IndexKind::Unique),
                (column.index, IndexKind::Index),
                (column.fulltext, IndexKind::Fulltext),
                (column.spatial_index, IndexKind::Spatial),
            ];
            for (wanted, kind) in implied {
                if wanted {
                    let columns = vec![column.name.clone()];
                    let name = self.index_name(kind.suffix(), &columns);
                    commands.push(Command::Index(IndexDefinition::new(kind, name, columns)));
                }
            }
        }
        commands
    }

    /// Whether a command builds or drops an index concurrently, which PostgreSQL refuses
    /// inside a transaction.
    pub(crate) fn is_concurrent(&self) -> bool {
        self.commands().iter().any(|c| match c {
            Command::Index(index) => index.concurrently,
            Command::DropIndexConcurrently(_) => true,
            _ => false,
        })
    }

    /// Compiles this Blueprint to SQL statements for `dialect`.
    pub fn to_sql(&self, dialect: super::Dialect) -> crate::Result<Vec<String>> {
        dialect.grammar().compile(self)
    }

    /// Laravel's naming convention: `<table>_<columns>_<suffix>`, lowercase, `-` and `.` as `_`.
    pub(crate) fn index_name(&self, suffix: &str, columns: &[String]) -> String {
        let mut name = self.table.clone();
        for column in columns {
            name.push('_');
            name.push_str(column);
        }
        name.push('_');
        name.push_str(suffix);
        name.to_lowercase().replace(['-', '.'], "_")
    }

    pub(super) fn add_index(
        &mut self,
        kind: IndexKind,
        columns: Vec<String>,
    ) -> &mut IndexDefinition {
        let name = self.index_name(kind.suffix(), &columns);
        self.commands
            .push(Command::Index(IndexDefinition::new(kind, name, columns)));
        match self.commands.last_mut() {
            Some(Command::Index(index)) => index,
            _ => unreachable!("an index command was pushed just above"),
        }
    }

    // ----- columns -------------------------------------------------------------------------

    /// The conventional primary key: an auto-incrementing unsigned big integer named `id`,
    /// which [`Blueprint::foreign_id`] columns of other tables match.
    pub fn id(&mut self) -> &mut ColumnDefinition {
        self.big_increments("id")
    }

    /// An auto-incrementing unsigned integer primary key.
    pub fn increments(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.integer(name).unsigned().auto_increment()
    }

    /// An auto-incrementing unsigned big integer primary key.
    pub fn big_increments(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.big_integer(name).unsigned().auto_increment()
    }

    /// An auto-incrementing unsigned small integer primary key.
    pub fn small_increments(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.small_integer(name).unsigned().auto_increment()
    }

    /// A `CHAR(length)` column.
    pub fn char(&mut self, name: impl Into<String>, length: u32) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Char(length))
    }

    /// A `VARCHAR(length)` column.
    pub fn string(&mut self, name: impl Into<String>, length: u32) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::String(length))
    }

    column_types! {
        /// A text column.
        text => ColumnType::Text;
        /// A medium text column.
        medium_text => ColumnType::MediumText;
        /// A long text column.
        long_text => ColumnType::LongText;
        /// A 1-byte integer column.
        tiny_integer => ColumnType::TinyInteger;
        /// A 2-byte integer column.
        small_integer => ColumnType::SmallInteger;
        /// A 3-byte integer column (4 bytes outside MySQL).
        medium_integer => ColumnType::MediumInteger;
        /// A 4-byte integer column.
        integer => ColumnType::Integer;
        /// An 8-byte integer column.
        big_integer => ColumnType::BigInteger;
        /// A double-precision floating point column, as Laravel 11's `float()` (binary
        /// precision 53); [`Blueprint::float_with`] takes the precision.
        float => ColumnType::Float { precision: 53 };
        /// A double-precision column; [`Blueprint::double_with`] adds MySQL's precision and scale.
        double => ColumnType::Double { precision_scale: None };
        /// A boolean column.
        boolean => ColumnType::Boolean;
        /// A JSON column.
        json => ColumnType::Json;
        /// A binary JSON column (JSON outside PostgreSQL).
        jsonb => ColumnType::Jsonb;
        /// A date column.
        date => ColumnType::Date;
        /// A date-time column in whole seconds ([`Blueprint::datetime_with`] keeps fractions).
        datetime => ColumnType::DateTime { precision: 0 };
        /// A date-time column with time zone, in whole seconds.
        datetime_tz => ColumnType::DateTimeTz { precision: 0 };
        /// A time column in whole seconds.
        time => ColumnType::Time { precision: 0 };
        /// A time column with time zone in whole seconds (PostgreSQL's `time with time zone`;
        /// a plain time elsewhere, as in Laravel).
        time_tz => ColumnType::TimeTz { precision: 0 };
        /// A timestamp column in whole seconds ([`Blueprint::timestamp_with`] keeps fractions).
        timestamp => ColumnType::Timestamp { precision: 0 };
        /// A timestamp column with time zone, in whole seconds.
        timestamp_tz => ColumnType::TimestampTz { precision: 0 };
        /// A binary column.
        binary => ColumnType::Binary;
        /// A UUID column.
        uuid => ColumnType::Uuid;
        /// An IP address column.
        ip_address => ColumnType::IpAddress;
        /// A year column.
        year => ColumnType::Year;
    }

    /// An unsigned 1-byte integer column.
    pub fn unsigned_tiny_integer(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.tiny_integer(name).unsigned()
    }

    /// An unsigned 2-byte integer column.
    pub fn unsigned_small_integer(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.small_integer(name).unsigned()
    }

    /// An unsigned 3-byte integer column.
    pub fn unsigned_medium_integer(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.medium_integer(name).unsigned()
    }

    /// An unsigned 4-byte integer column.
    pub fn unsigned_integer(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.integer(name).unsigned()
    }

    /// An unsigned 8-byte integer column.
    pub fn unsigned_big_integer(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.big_integer(name).unsigned()
    }

    /// A floating point column with at least `precision` binary digits (1 to 53), as Laravel
    /// 11's `float($column, $precision)`: up to 24 is single precision (about 7 decimal
    /// digits), 25 to 53 double (about 15). For exact decimals use [`Blueprint::decimal`].
    pub fn float_with(&mut self, name: impl Into<String>, precision: u32) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Float { precision })
    }

    /// MySQL's `DOUBLE(precision, scale)`: a double rounded to `scale` decimals on insert
    /// (deprecated by MySQL 8.0.17, fine on MariaDB). Refused on SQLite and PostgreSQL,
    /// which have no such type; [`Blueprint::decimal`] is the portable exact type.
    pub fn double_with(
        &mut self,
        name: impl Into<String>,
        precision: u32,
        scale: u32,
    ) -> &mut ColumnDefinition {
        let precision_scale = Some((precision, scale));
        self.add_column(name, ColumnType::Double { precision_scale })
    }

    /// A date-time column keeping `precision` digits of fractional seconds (0 to 6).
    pub fn datetime_with(
        &mut self,
        name: impl Into<String>,
        precision: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::DateTime { precision })
    }

    /// A date-time column with time zone keeping `precision` digits of fractional seconds.
    pub fn datetime_tz_with(
        &mut self,
        name: impl Into<String>,
        precision: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::DateTimeTz { precision })
    }

    /// A time column keeping `precision` digits of fractional seconds (0 to 6).
    pub fn time_with(&mut self, name: impl Into<String>, precision: u32) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Time { precision })
    }

    /// A time column with time zone keeping `precision` digits of fractional seconds.
    pub fn time_tz_with(
        &mut self,
        name: impl Into<String>,
        precision: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::TimeTz { precision })
    }

    /// A timestamp column keeping `precision` digits of fractional seconds (0 to 6):
    /// `t.timestamp_with("seen_at", 6)` is Laravel's `$table->timestamp('seen_at', 6)`.
    pub fn timestamp_with(
        &mut self,
        name: impl Into<String>,
        precision: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Timestamp { precision })
    }

    /// A timestamp column with time zone keeping `precision` digits of fractional seconds.
    pub fn timestamp_tz_with(
        &mut self,
        name: impl Into<String>,
        precision: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::TimestampTz { precision })
    }

    /// An exact `DECIMAL(precision, scale)` column.
    pub fn decimal(
        &mut self,
        name: impl Into<String>,
        precision: u32,
        scale: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Decimal { precision, scale })
    }

    /// A column restricted to `values` (a CHECK constraint, or MySQL's ENUM).
    pub fn enumeration<S: AsRef<str>>(
        &mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> &mut ColumnDefinition {
        let values = values.into_iter().map(|v| v.as_ref().to_owned()).collect();
        self.add_column(name, ColumnType::Enum(values))
    }

    /// A column whose type is written verbatim in the dialect's SQL: an explicit escape hatch.
    pub fn custom(
        &mut self,
        name: impl Into<String>,
        sql_type: impl Into<String>,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Custom(sql_type.into()))
    }

    /// An unsigned big integer column meant to reference another table's `id`; follow it with
    /// `.constrained()` to add the foreign key: `t.foreign_id("user_id").constrained();`.
    pub fn foreign_id(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.unsigned_big_integer(name)
    }

    /// `<name>_type` and `<name>_id` columns for a polymorphic relation, with an index on both.
    pub fn morphs(&mut self, name: &str) {
        self.string(format!("{name}_type"), 255);
        self.unsigned_big_integer(format!("{name}_id"));
        self.index([format!("{name}_type"), format!("{name}_id")].to_vec());
    }

    /// Nullable [`Blueprint::morphs`].
    pub fn nullable_morphs(&mut self, name: &str) {
        self.string(format!("{name}_type"), 255).nullable();
        self.unsigned_big_integer(format!("{name}_id")).nullable();
        self.index([format!("{name}_type"), format!("{name}_id")].to_vec());
    }

    /// Nullable `created_at` and `updated_at` timestamps in whole seconds, with no default, as
    /// Laravel's `timestamps()` (Orator's are `NOT NULL DEFAULT CURRENT_TIMESTAMP`, with
    /// microseconds: `timestamps_with(6)` plus `.use_current()` columns if you need those).
    pub fn timestamps(&mut self) {
        self.timestamps_with(0);
    }

    /// [`Blueprint::timestamps`] keeping `precision` digits of fractional seconds (0 to 6),
    /// as Laravel's `timestamps($precision)`.
    pub fn timestamps_with(&mut self, precision: u32) {
        self.timestamp_with("created_at", precision).nullable();
        self.timestamp_with("updated_at", precision).nullable();
    }

    /// `created_at` and `updated_at` timestamps that may not be null.
    pub fn timestamps_not_null(&mut self) {
        self.timestamp("created_at");
        self.timestamp("updated_at");
    }

    /// Nullable `created_at` and `updated_at` timestamps with time zone.
    pub fn timestamps_tz(&mut self) {
        self.timestamps_tz_with(0);
    }

    /// [`Blueprint::timestamps_tz`] keeping `precision` digits of fractional seconds.
    pub fn timestamps_tz_with(&mut self, precision: u32) {
        self.timestamp_tz_with("created_at", precision).nullable();
        self.timestamp_tz_with("updated_at", precision).nullable();
    }

    /// A nullable `deleted_at` timestamp, for soft deletes.
    pub fn soft_deletes(&mut self) -> &mut ColumnDefinition {
        self.soft_deletes_with(0)
    }

    /// [`Blueprint::soft_deletes`] keeping `precision` digits of fractional seconds, as
    /// Laravel's `softDeletes('deleted_at', $precision)`.
    pub fn soft_deletes_with(&mut self, precision: u32) -> &mut ColumnDefinition {
        self.timestamp_with("deleted_at", precision).nullable()
    }

    // ----- keys and indexes ----------------------------------------------------------------

    /// A primary key over `columns`.
    pub fn primary(&mut self, columns: impl Columns) -> &mut IndexDefinition {
        self.add_index(IndexKind::Primary, columns.into_columns())
    }

    /// A unique index over `columns`, named `<table>_<columns>_unique` unless renamed.
    pub fn unique(&mut self, columns: impl Columns) -> &mut IndexDefinition {
        self.add_index(IndexKind::Unique, columns.into_columns())
    }

    /// An index over `columns`, named `<table>_<columns>_index` unless renamed.
    pub fn index(&mut self, columns: impl Columns) -> &mut IndexDefinition {
        self.add_index(IndexKind::Index, columns.into_columns())
    }

    /// A foreign key over `columns`: `t.foreign("user_id").references(["id"]).on("users")`.
    pub fn foreign(&mut self, columns: impl Columns) -> &mut ForeignKeyDefinition {
        let columns = columns.into_columns();
        let name = self.index_name("foreign", &columns);
        self.commands
            .push(Command::Foreign(ForeignKeyDefinition::new(
                name,
                columns,
                String::new(),
            )));
        match self.commands.last_mut() {
            Some(Command::Foreign(foreign)) => foreign,
            _ => unreachable!("a foreign key command was pushed just above"),
        }
    }

    /// A check constraint named `name` over `expression`, raw SQL written verbatim (never
    /// build it from user input): `t.check("price_positive", "price > 0")`. On a table that
    /// has rows, `.not_valid()` adds it without reading them (PostgreSQL), and a later
    /// [`crate::Schema::validate_check`] checks them. Refused on SQLite, which only has check
    /// constraints in `create table`.
    pub fn check(
        &mut self,
        name: impl Into<String>,
        expression: impl Into<String>,
    ) -> &mut CheckDefinition {
        self.commands.push(Command::Check(CheckDefinition {
            name: name.into(),
            expression: expression.into(),
            not_valid: false,
        }));
        match self.commands.last_mut() {
            Some(Command::Check(check)) => check,
            _ => unreachable!("a check command was pushed just above"),
        }
    }

    /// Drops a check constraint by name.
    pub fn drop_check(&mut self, name: impl Into<String>) {
        self.commands.push(Command::DropCheck(name.into()));
    }

    // ----- dropping and renaming -----------------------------------------------------------

    /// Drops one column.
    pub fn drop_column(&mut self, column: impl Into<String>) {
        self.commands
            .push(Command::DropColumns(vec![column.into()]));
    }

    /// Drops several columns.
    pub fn drop_columns(&mut self, columns: impl Columns) {
        self.commands
            .push(Command::DropColumns(columns.into_columns()));
    }

    /// Renames a column.
    pub fn rename_column(&mut self, from: impl Into<String>, to: impl Into<String>) {
        let (from, to) = (from.into(), to.into());
        self.commands.push(Command::RenameColumn { from, to });
    }

    /// Drops `created_at` and `updated_at`.
    pub fn drop_timestamps(&mut self) {
        self.drop_columns(["created_at", "updated_at"]);
    }

    /// Drops `deleted_at`.
    pub fn drop_soft_deletes(&mut self) {
        self.drop_column("deleted_at");
    }

    /// Drops the primary key.
    pub fn drop_primary(&mut self) {
        let name = self.index_name("primary", &[]).replace("__", "_");
        self.commands.push(Command::DropIndex {
            kind: IndexKind::Primary,
            name,
        });
    }

    /// Drops a unique index by name.
    pub fn drop_unique(&mut self, name: impl Into<String>) {
        let name = name.into();
        self.commands.push(Command::DropIndex {
            kind: IndexKind::Unique,
            name,
        });
    }

    /// Drops an index by name.
    pub fn drop_index(&mut self, name: impl Into<String>) {
        let name = name.into();
        self.commands.push(Command::DropIndex {
            kind: IndexKind::Index,
            name,
        });
    }

    /// Drops an index by name without blocking writes: `DROP INDEX CONCURRENTLY`
    /// (PostgreSQL, in a migration with `#[migration(transaction = false)]`).
    pub fn drop_index_concurrently(&mut self, name: impl Into<String>) {
        self.commands
            .push(Command::DropIndexConcurrently(name.into()));
    }

    /// Renames an index.
    pub fn rename_index(&mut self, from: impl Into<String>, to: impl Into<String>) {
        let (from, to) = (from.into(), to.into());
        self.commands.push(Command::RenameIndex { from, to });
    }

    /// Drops a foreign key by name.
    pub fn drop_foreign(&mut self, name: impl Into<String>) {
        self.commands.push(Command::DropForeign(name.into()));
    }

    // ----- table options (MySQL) -----------------------------------------------------------

    /// The storage engine of a created table (MySQL).
    pub fn engine(&mut self, engine: impl Into<String>) {
        self.engine = Some(engine.into());
    }

    /// The default character set of a created table (MySQL).
    pub fn charset(&mut self, charset: impl Into<String>) {
        self.charset = Some(charset.into());
    }

    /// The default collation of a created table (MySQL).
    pub fn collation(&mut self, collation: impl Into<String>) {
        self.collation = Some(collation.into());
    }

    // ----- online DDL options (MySQL, MariaDB) ----------------------------------------------

    /// How MySQL or MariaDB carries out this alter: `, ALGORITHM=...` on each `ALTER TABLE`
    /// (and `CREATE INDEX`) it compiles to. The server refuses a statement it cannot carry
    /// out that way. Refused on PostgreSQL and SQLite, and on `create table`.
    ///
    /// ```
    /// use migrate_core::schema::{Algorithm, Blueprint, Dialect, LockMode};
    ///
    /// let mut t = Blueprint::alter("users");
    /// t.string("nickname", 40).nullable();
    /// t.algorithm(Algorithm::Inplace).lock(LockMode::None);
    /// assert_eq!(
    ///     t.to_sql(Dialect::Mysql).unwrap(),
    ///     ["alter table `users` add column `nickname` varchar(40) null, algorithm = inplace, lock = none"]
    /// );
    /// assert!(t.to_sql(Dialect::Postgres).is_err());
    /// ```
    pub fn algorithm(&mut self, algorithm: Algorithm) -> &mut Self {
        self.online.algorithm = Some(algorithm);
        self
    }

    /// What other sessions may do while MySQL or MariaDB carries out this alter: `, LOCK=...`
    /// on each statement, as [`Blueprint::algorithm`].
    pub fn lock(&mut self, lock: LockMode) -> &mut Self {
        self.online.lock = Some(lock);
        self
    }

    /// `algorithm(Algorithm::Instant)`: only the data dictionary changes, or the server
    /// refuses the statement.
    pub fn instant(&mut self) -> &mut Self {
        self.algorithm(Algorithm::Instant)
    }

    /// `lock(LockMode::None)`: reads and writes go on while the table changes, or the server
    /// refuses the statement.
    pub fn online(&mut self) -> &mut Self {
        self.lock(LockMode::None)
    }

    /// The online DDL options given with [`Blueprint::algorithm`] and [`Blueprint::lock`].
    pub fn online_ddl(&self) -> OnlineDdl {
        self.online
    }
}

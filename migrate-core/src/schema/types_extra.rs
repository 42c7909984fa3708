//! Laravel's remaining column types and helpers: `ulid`, `mac_address`, `set`, `tsvector`,
//! `medium_increments`, `remember_token`, and MariaDB's native `uuid`.

use super::blueprint::Blueprint;
use super::column::{ColumnDefinition, ColumnType};

impl Blueprint {
    /// A ULID column: `CHAR(26)`, as Laravel's `ulid()` (a ULID is 26 characters of
    /// Crockford base 32).
    pub fn ulid(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.char(name, 26)
    }

    /// Laravel's `remember_token`: a nullable `VARCHAR(100)` for "remember me" sessions.
    pub fn remember_token(&mut self) -> &mut ColumnDefinition {
        self.string("remember_token", 100).nullable()
    }

    /// An auto-incrementing unsigned medium integer primary key (MySQL's 3-byte `MEDIUMINT`;
    /// a 4-byte `serial` on PostgreSQL and an `integer` key on SQLite).
    pub fn medium_increments(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.medium_integer(name).unsigned().auto_increment()
    }

    /// A MAC address column: PostgreSQL's `macaddr`, which checks and normalizes the
    /// address; `VARCHAR(17)` on MySQL and text on SQLite, as Laravel's `macAddress`.
    pub fn mac_address(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::MacAddress)
    }

    /// A column holding any number of `values` (MySQL and MariaDB `SET('a', 'b')`, stored as
    /// `'a,b'`): 1 to 64 values without commas. Refused on PostgreSQL and SQLite, as Laravel
    /// does; there, a `json` column or a table of values does the job.
    pub fn set<S: AsRef<str>>(
        &mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> &mut ColumnDefinition {
        let values = values.into_iter().map(|v| v.as_ref().to_owned()).collect();
        self.add_column(name, ColumnType::Set(values))
    }

    /// A full-text search document: PostgreSQL's `tsvector` (for a GIN index and `@@`
    /// queries). Refused on MySQL and SQLite, which have no such type (Laravel has no
    /// `tsvector` method: there it is `$table->addColumn('tsvector', ...)`).
    pub fn tsvector(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::TsVector)
    }

    /// A UUID column in the server's own 16-byte type, where [`Blueprint::uuid`] is
    /// `CHAR(36)` on MySQL and MariaDB: `uuid` on MariaDB 10.7 or newer (what Laravel's
    /// MariaDB grammar writes for `uuid()` on such a server) and on PostgreSQL, text on
    /// SQLite. The SQL is compiled without asking the server its version, so this is your
    /// choice to make: MySQL and MariaDB before 10.7 refuse the statement.
    pub fn native_uuid(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::NativeUuid)
    }
}

impl ColumnDefinition {
    /// Leaves the column out of `SELECT *` (and of `INSERT` without a column list), as
    /// Laravel's `invisible()`: MySQL 8.0.23 and MariaDB 10.3 or newer. Name it to read or
    /// write it. Refused on PostgreSQL and SQLite, which have no invisible columns.
    pub fn invisible(&mut self) -> &mut Self {
        self.invisible = true;
        self
    }
}

impl Blueprint {
    /// Places the columns `columns` adds after `column`, each after the one before, as
    /// Laravel's `$table->after('email', function ($table) { ... })` (MySQL and MariaDB; the
    /// other dialects refuse `after()` placement). A column given its own `.after(...)` or
    /// `.first()` keeps it, and the next follows it.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::alter("users");
    /// t.after("email", |t| {
    ///     t.string("address_line1", 100);
    ///     t.string("city", 100);
    /// });
    /// assert_eq!(
    ///     t.to_sql(Dialect::Mysql).unwrap(),
    ///     [
    ///         "alter table `users` add column `address_line1` varchar(100) not null after `email`",
    ///         "alter table `users` add column `city` varchar(100) not null after `address_line1`",
    ///     ]
    /// );
    /// ```
    pub fn after(&mut self, column: impl Into<String>, columns: impl FnOnce(&mut Blueprint)) {
        let start = self.columns.len();
        columns(self);
        let mut previous = column.into();
        for added in &mut self.columns[start..] {
            if added.after.is_none() && !added.first {
                added.after = Some(previous);
            }
            previous = added.name.clone();
        }
    }

    /// Creates the table as `TEMPORARY`, as Laravel's `temporary()`: it is seen only by the
    /// connection that created it, and dropped when that connection closes (all three
    /// dialects). PostgreSQL refuses a foreign key from a temporary table to a permanent one.
    pub fn temporary(&mut self) {
        self.temporary = true;
    }
}

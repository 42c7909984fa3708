//! Keys beyond the basics, as Laravel's Blueprint has them: UUID and ULID foreign key columns,
//! `constrained_to(table, column)`, deferrable foreign keys, and the drops that undo the
//! column helpers (`drop_morphs`, `drop_timestamps_tz`, `drop_remember_token`).

use super::blueprint::Blueprint;
use super::column::ColumnDefinition;
use super::command::ForeignKeyDefinition;

/// When a foreign key is checked: at the end of each statement, or at commit.
///
/// PostgreSQL and SQLite take all three; MySQL and MariaDB check every key at once and refuse
/// the deferrable ones. PostgreSQL can defer an `InitiallyImmediate` key for one transaction
/// (`SET CONSTRAINTS name DEFERRED`); SQLite defers only `InitiallyDeferred` keys (or every
/// key, under `PRAGMA defer_foreign_keys`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Deferrable {
    /// Checked after each statement, always: `NOT DEFERRABLE`, every database's default.
    #[default]
    NotDeferrable,
    /// Checked after each statement unless the transaction defers it: `DEFERRABLE` (initially
    /// immediate).
    InitiallyImmediate,
    /// Checked at commit: `DEFERRABLE INITIALLY DEFERRED`.
    InitiallyDeferred,
}

impl Deferrable {
    /// The constraint attribute, with a leading space: ` deferrable initially deferred`.
    pub fn sql(self) -> &'static str {
        match self {
            Deferrable::NotDeferrable => " not deferrable",
            Deferrable::InitiallyImmediate => " deferrable",
            Deferrable::InitiallyDeferred => " deferrable initially deferred",
        }
    }
}

impl ForeignKeyDefinition {
    /// Lets a transaction defer the key's check to its commit (`SET CONSTRAINTS ... DEFERRED`
    /// on PostgreSQL): `DEFERRABLE`, initially immediate, as Laravel's `deferrable()`. After
    /// [`ForeignKeyDefinition::initially_deferred`] it changes nothing. PostgreSQL and SQLite;
    /// refused on MySQL and MariaDB, which check every key at once.
    pub fn deferrable(&mut self) -> &mut Self {
        if self.deferrable != Some(Deferrable::InitiallyDeferred) {
            self.deferrable = Some(Deferrable::InitiallyImmediate);
        }
        self
    }

    /// Checks the key at commit rather than after each statement: `DEFERRABLE INITIALLY
    /// DEFERRED` (Laravel's `deferrable()->initiallyImmediate(false)`), so a transaction may
    /// insert a child before its parent. PostgreSQL and SQLite; refused on MySQL and MariaDB.
    pub fn initially_deferred(&mut self) -> &mut Self {
        self.deferrable = Some(Deferrable::InitiallyDeferred);
        self
    }

    /// A deferrable key checked after each statement unless deferred: the same as
    /// [`ForeignKeyDefinition::deferrable`], undoing an earlier `initially_deferred()`.
    pub fn initially_immediate(&mut self) -> &mut Self {
        self.deferrable = Some(Deferrable::InitiallyImmediate);
        self
    }

    /// Says `NOT DEFERRABLE` (every database's default) explicitly. On MySQL and MariaDB,
    /// whose keys are never deferrable, nothing is written.
    pub fn not_deferrable(&mut self) -> &mut Self {
        self.deferrable = Some(Deferrable::NotDeferrable);
        self
    }

    /// When the key is checked, if said explicitly.
    pub fn deferrability(&self) -> Option<Deferrable> {
        self.deferrable
    }
}

impl ColumnDefinition {
    /// Adds a foreign key from this column to `table.column`, as Laravel's
    /// `constrained($table, $column)`; name the constraint with `.name(...)` on what it
    /// returns (Laravel's third argument, `$indexName`):
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::create("posts");
    /// t.foreign_uuid("author_uuid").constrained_to("users", "uuid").name("posts_author");
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [r#"create table "posts" ("author_uuid" uuid not null, constraint "posts_author" foreign key ("author_uuid") references "users" ("uuid"))"#],
    /// );
    /// ```
    pub fn constrained_to(
        &mut self,
        table: impl Into<String>,
        column: impl Into<String>,
    ) -> &mut ForeignKeyDefinition {
        let column = column.into();
        let foreign = self.constrained_on(table);
        foreign.references = vec![column];
        foreign
    }
}

impl Blueprint {
    /// A UUID column meant to reference another table's UUID key; follow it with
    /// `.constrained()` or `.constrained_to(table, column)` to add the foreign key, as
    /// Laravel's `foreignUuid`.
    pub fn foreign_uuid(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.uuid(name)
    }

    /// A ULID column (`CHAR(26)`) meant to reference another table's ULID key, as Laravel's
    /// `foreignUlid`; follow it with `.constrained()` to add the foreign key.
    pub fn foreign_ulid(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.ulid(name)
    }

    /// Drops what [`Blueprint::morphs`] (or `nullable_morphs`) added: the index over
    /// `<name>_type` and `<name>_id`, then both columns.
    pub fn drop_morphs(&mut self, name: &str) {
        let columns = vec![format!("{name}_type"), format!("{name}_id")];
        let index = self.index_name("index", &columns);
        self.drop_index(index);
        self.drop_columns(columns);
    }

    /// Drops `created_at` and `updated_at`, as added by [`Blueprint::timestamps_tz`].
    pub fn drop_timestamps_tz(&mut self) {
        self.drop_timestamps();
    }

    /// Drops the `remember_token` column of [`Blueprint::remember_token`].
    pub fn drop_remember_token(&mut self) {
        self.drop_column("remember_token");
    }
}

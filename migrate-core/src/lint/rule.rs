//! The lint rules: their stable names, and the dialects where each applies.

use std::fmt;

use crate::schema::Dialect;

/// One thing the linter looks for. Its [name](Rule::name) is stable: it is what
/// `#[migration(allow(...))]`, `--allow` and `--format json` use.
///
/// ```
/// use migrate_core::lint::Rule;
///
/// assert_eq!(Rule::AddIndex.name(), "add_index");
/// assert_eq!(Rule::from_name("drop_column"), Some(Rule::DropColumn));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Rule {
    /// An index built without `CONCURRENTLY` on an existing table (PostgreSQL).
    AddIndex,
    /// A unique constraint added directly, not from an index built concurrently (PostgreSQL).
    AddUniqueConstraint,
    /// A foreign key added and validated at once on an existing table (PostgreSQL, MySQL).
    AddForeignKey,
    /// A `NOT NULL` column without a default added to an existing table.
    AddNotNullColumn,
    /// A column added with a volatile default, which rewrites the table (PostgreSQL).
    AddVolatileDefault,
    /// `change()` of a column's type that rewrites the table (PostgreSQL, MySQL).
    ChangeColumnType,
    /// `change()` that makes an existing column `NOT NULL` (PostgreSQL).
    SetNotNull,
    /// Dropping a column that running code may still use.
    DropColumn,
    /// Renaming a column that running code may still use.
    RenameColumn,
    /// Dropping a table that running code may still use.
    DropTable,
    /// Renaming a table that running code may still use.
    RenameTable,
    /// A `json` column where `jsonb` is meant (PostgreSQL).
    PreferJsonb,
    /// A non-unique index over more than three columns.
    WideIndex,
    /// A data step in the same transaction as DDL, holding the DDL's locks while it runs.
    BackfillWithDdl,
    /// Raw SQL, which the linter cannot read.
    RawSql,
}

impl Rule {
    /// Every rule, in the order the guide presents them.
    pub const ALL: [Rule; 15] = [
        Rule::AddIndex,
        Rule::AddUniqueConstraint,
        Rule::AddForeignKey,
        Rule::AddNotNullColumn,
        Rule::AddVolatileDefault,
        Rule::ChangeColumnType,
        Rule::SetNotNull,
        Rule::DropColumn,
        Rule::RenameColumn,
        Rule::DropTable,
        Rule::RenameTable,
        Rule::PreferJsonb,
        Rule::WideIndex,
        Rule::BackfillWithDdl,
        Rule::RawSql,
    ];

    /// The stable name.
    pub fn name(self) -> &'static str {
        match self {
            Rule::AddIndex => "add_index",
            Rule::AddUniqueConstraint => "add_unique_constraint",
            Rule::AddForeignKey => "add_foreign_key",
            Rule::AddNotNullColumn => "add_not_null_column",
            Rule::AddVolatileDefault => "add_volatile_default",
            Rule::ChangeColumnType => "change_column_type",
            Rule::SetNotNull => "set_not_null",
            Rule::DropColumn => "drop_column",
            Rule::RenameColumn => "rename_column",
            Rule::DropTable => "drop_table",
            Rule::RenameTable => "rename_table",
            Rule::PreferJsonb => "prefer_jsonb",
            Rule::WideIndex => "wide_index",
            Rule::BackfillWithDdl => "backfill_with_ddl",
            Rule::RawSql => "raw_sql",
        }
    }

    /// The rule of that name, if there is one.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.name() == name)
    }

    /// Whether the rule looks at migrations for `dialect`: only where the operation really
    /// locks, rewrites or fails (MySQL builds indexes online, has no `jsonb`, and commits
    /// each DDL statement on its own).
    pub fn applies_to(self, dialect: Dialect) -> bool {
        match self {
            Rule::AddIndex
            | Rule::AddUniqueConstraint
            | Rule::AddVolatileDefault
            | Rule::SetNotNull
            | Rule::PreferJsonb => dialect == Dialect::Postgres,
            Rule::AddForeignKey | Rule::ChangeColumnType => dialect != Dialect::Sqlite,
            Rule::BackfillWithDdl => dialect.supports_transactional_ddl(),
            Rule::AddNotNullColumn
            | Rule::DropColumn
            | Rule::RenameColumn
            | Rule::DropTable
            | Rule::RenameTable
            | Rule::WideIndex
            | Rule::RawSql => true,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

//! Adopting the history of another migration tool: read what diesel_migrations, sqlx or
//! refinery recorded, match each applied version to a ported `#[migration]`, and record those
//! as applied in the repository, with their original times ([`Migrator::adopt`]).
//!
//! [`Migrator::adopt`]: crate::Migrator::adopt

mod history;
mod matching;

use std::fmt;

pub(crate) use history::read;
pub(crate) use matching::plan;

/// The tool whose history is adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// diesel_migrations: `__diesel_schema_migrations (version, run_on)`. A version is the
    /// migration folder's timestamp (`2026-01-01-120000_create_users` is `20260101120000`),
    /// matched to the migration of the same timestamp (diesel does not record names).
    Diesel,
    /// sqlx: `_sqlx_migrations (version, description, installed_on, success, checksum,
    /// execution_time)`. A version is the file's timestamp, matched to the migration of the
    /// same timestamp and name (`create_users` for the description `create users`).
    Sqlx,
    /// refinery: `refinery_schema_history (version, name, applied_on, checksum)`. Versions are
    /// refinery's own numbers, so a migration is matched by name alone (`V3__create_users`
    /// is the one migration named `create_users`).
    Refinery,
}

impl Tool {
    /// The table the tool records its history in.
    pub fn table(self) -> &'static str {
        match self {
            Tool::Diesel => "__diesel_schema_migrations",
            Tool::Sqlx => "_sqlx_migrations",
            Tool::Refinery => "refinery_schema_history",
        }
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tool::Diesel => "diesel_migrations",
            Tool::Sqlx => "sqlx",
            Tool::Refinery => "refinery",
        })
    }
}

/// One applied version of the old history, recorded as one of our migrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adopted {
    /// The old tool's version (with its name, where it records one).
    pub version: String,
    /// The migration id it was recorded as.
    pub id: String,
    /// The batch it was recorded in: each its own, in the old history's order, so that
    /// `rollback` undoes them one at a time, as the old tools revert.
    pub batch: i32,
    /// When the old tool applied it (UTC).
    pub applied_at: chrono::NaiveDateTime,
}

/// What [`Migrator::adopt`](crate::Migrator::adopt) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adoption {
    /// The versions recorded now, in order.
    pub adopted: Vec<Adopted>,
    /// The ids that were already recorded (by an earlier `adopt`), left as they were.
    pub already_recorded: Vec<String>,
}

/// One row of an old history, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OldEntry {
    /// The version as the tool records it.
    pub(crate) version: String,
    /// The name, where the tool records one (sqlx's description, refinery's name).
    pub(crate) name: Option<String>,
    /// When it was applied (UTC).
    pub(crate) applied_at: chrono::NaiveDateTime,
    /// sqlx's `success`; `true` for the others.
    pub(crate) success: bool,
    /// sqlx's `execution_time` in milliseconds; 0 for the others.
    pub(crate) execution_ms: i64,
}

impl OldEntry {
    /// `20260101120000 (create users)`, for messages.
    pub(crate) fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{} ({name})", self.version),
            None => self.version.clone(),
        }
    }
}

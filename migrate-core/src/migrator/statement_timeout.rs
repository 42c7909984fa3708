//! The statement timeout: the server cancels any statement of a migration that runs longer
//! (PostgreSQL's `statement_timeout`, MariaDB's `max_statement_time`), so that a migration
//! that would hold its locks for an hour fails instead. Off by default.

use std::time::Duration;

use super::Migrator;
use crate::schema::{Grammar, LockTimeoutSql};
use crate::Result;

impl Migrator {
    /// Bounds how long each statement of a migration may run, once it has its locks: the
    /// server cancels one that runs longer, and the migration fails with
    /// [`Error::StatementTimeout`](crate::Error::StatementTimeout), naming it and the
    /// statement. Zero (the default): no bound. Nothing is retried: the statement would
    /// run as long again.
    ///
    /// PostgreSQL: `SET LOCAL statement_timeout` in the migration's transaction (none for a
    /// migration with `transaction = false`, as the [lock
    /// timeout](Migrator::ddl_lock_timeout)). MariaDB: the session's `max_statement_time`,
    /// put back after the migration; it bounds every statement, DDL included. MySQL has no
    /// timeout for DDL (`max_execution_time` bounds only `SELECT`) and refuses the setting
    /// ("Unknown system variable 'max_statement_time'") before the migration runs. SQLite
    /// has none, and refuses it before anything runs.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use migrate_core::Migrator;
    ///
    /// let migrator = Migrator::new().statement_timeout(Duration::from_secs(60));
    /// # let _ = migrator;
    /// ```
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.statement_timeout = timeout;
        self
    }
}

/// The SQL that sets the statement timeout for a migration in a transaction or not; `None`
/// when it is off or the dialect sets none.
pub(crate) fn timeout_sql(
    migrator: &Migrator,
    grammar: &dyn Grammar,
    in_transaction: bool,
) -> Option<LockTimeoutSql> {
    let timeout: Duration = migrator.statement_timeout;
    if timeout.is_zero() {
        return None;
    }
    grammar.statement_timeout_sql(timeout, in_transaction)
}

/// Refuses a statement timeout on a dialect that has none (SQLite), rather than run
/// without the bound the user asked for.
pub(crate) fn check(migrator: &Migrator, grammar: &dyn Grammar) -> Result<()> {
    let timeout = migrator.statement_timeout;
    if timeout.is_zero() || grammar.statement_timeout_sql(timeout, true).is_some() {
        return Ok(());
    }
    Err(grammar.unsupported(
        "a statement timeout (`Migrator::statement_timeout`, `--statement-timeout`)".into(),
    ))
}

/// Whether a statement failed with `source` because it ran past the statement timeout.
pub(crate) fn timed_out(grammar: &dyn Grammar, source: &diesel::result::Error) -> bool {
    match source {
        diesel::result::Error::DatabaseError(_, info) => {
            grammar.is_statement_timeout(info.message())
        }
        _ => false,
    }
}

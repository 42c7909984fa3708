//! Lock timeouts with retries: every statement of a migration waits for a table's lock at
//! most a timeout (the grammar's [`Grammar::statement_lock_timeout_sql`]), so that an
//! `ALTER TABLE` queued behind a long transaction does not queue every query behind itself.
//! A migration that timed out, and that nothing of stayed, is run again after a delay with a
//! longer timeout; the last failure names the sessions holding the table, where the server
//! can tell.
//!
//! [`Grammar::statement_lock_timeout_sql`]: crate::schema::Grammar::statement_lock_timeout_sql

use std::time::Duration;

use super::report::Event;
use super::Migrator;
use crate::connection::MigrationConnection;
use crate::error::LockedOut;
use crate::schema::{Grammar, LockTimeoutSql};
use crate::{Error, Result};

/// The default of [`Migrator::ddl_lock_timeout`].
pub const DEFAULT_DDL_LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// The default of [`Migrator::ddl_lock_retries`].
pub const DEFAULT_DDL_LOCK_RETRIES: u32 = 3;

/// The default of [`Migrator::ddl_retry_delay`].
pub const DEFAULT_DDL_RETRY_DELAY: Duration = Duration::from_secs(1);

/// How long a migration's statements wait for a lock, and how often it is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LockRetry {
    /// The first attempt's timeout; zero: none is set, and nothing is retried.
    pub(crate) timeout: Duration,
    /// How many times a migration that timed out runs again.
    pub(crate) retries: u32,
    /// The wait before the first retry.
    pub(crate) delay: Duration,
}

impl Default for LockRetry {
    fn default() -> Self {
        LockRetry {
            timeout: DEFAULT_DDL_LOCK_TIMEOUT,
            retries: DEFAULT_DDL_LOCK_RETRIES,
            delay: DEFAULT_DDL_RETRY_DELAY,
        }
    }
}

impl LockRetry {
    /// The timeout of attempt `attempt` (the first is 1): half the first one longer at each
    /// retry, so that a lock taken in a quiet moment is likelier to be granted.
    pub(crate) fn timeout_of(&self, attempt: u32) -> Duration {
        self.timeout + self.timeout * attempt.saturating_sub(1) / 2
    }

    /// The wait before attempt `attempt` (the first retry is 2): one more delay each time.
    pub(crate) fn delay_before(&self, attempt: u32) -> Duration {
        self.delay * attempt.saturating_sub(1)
    }
}

/// The SQL that sets the timeout of `attempt` for a migration in a transaction or not; `None`
/// when the timeout is off or the dialect sets none.
pub(crate) fn timeout_sql(
    migrator: &Migrator,
    grammar: &dyn Grammar,
    attempt: u32,
    in_transaction: bool,
) -> Option<LockTimeoutSql> {
    let policy = migrator.lock_retry;
    if policy.timeout.is_zero() {
        return None;
    }
    grammar.statement_lock_timeout_sql(policy.timeout_of(attempt), in_transaction)
}

/// Runs `attempt` (given its number, from 1) until it does not fail on a lock timeout, at
/// most `1 + retries` times when `retry`, waiting longer before each; the last lock timeout
/// becomes [`Error::LockedOut`]. Only a failure that left nothing behind may be retried: a
/// statement's error, which the unit of work returns when its transaction undid everything
/// or nothing had run, unlike a partial failure ([`Error::Partial`]).
pub(crate) fn retrying<T>(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    retry: bool,
    mut attempt: impl FnMut(&mut dyn MigrationConnection, u32) -> Result<T>,
) -> Result<T> {
    let policy = migrator.lock_retry;
    let attempts = if retry && !policy.timeout.is_zero() {
        policy.retries.saturating_add(1)
    } else {
        1
    };
    let grammar = conn.dialect().grammar();
    let mut number = 1;
    loop {
        let error = match attempt(conn, number) {
            Err(error) if timed_out(grammar, &error) => error,
            other => return other,
        };
        if number >= attempts {
            return Err(locked_out(
                conn,
                grammar,
                error,
                number,
                policy.timeout_of(number),
            ));
        }
        number += 1;
        let delay = policy.delay_before(number);
        if let Error::Statement { origin, .. } = &error {
            migrator.emit(Event::Retrying {
                id: origin.id,
                attempt: number,
                attempts,
                timeout: policy.timeout_of(number),
                delay,
            });
        }
        std::thread::sleep(delay);
    }
}

/// Whether a migration failed, leaving nothing behind, because a statement waited for a lock
/// past its timeout.
fn timed_out(grammar: &dyn Grammar, error: &Error) -> bool {
    match error {
        Error::Statement {
            source: diesel::result::Error::DatabaseError(_, info),
            ..
        } => grammar.is_lock_timeout(info.message()),
        _ => false,
    }
}

/// The lock timeout `error` of the last of `attempts`, with who holds the statement's table.
fn locked_out(
    conn: &mut dyn MigrationConnection,
    grammar: &dyn Grammar,
    error: Error,
    attempts: u32,
    last_timeout: Duration,
) -> Error {
    let Error::Statement {
        action,
        origin,
        sql,
        source,
    } = error
    else {
        return error;
    };
    let holders = holders(conn, grammar, &sql);
    let hint = match holders.is_empty() {
        true => grammar.lock_holders_hint(),
        false => None,
    };
    Error::LockedOut(Box::new(LockedOut {
        action,
        origin,
        sql,
        attempts,
        last_timeout_ms: last_timeout.as_millis(),
        holders,
        hint,
        source,
    }))
}

/// The sessions holding a lock on a table `sql` names: the first of the grammar's queries
/// that answers with rows (one may fail where the server lacks what it reads).
fn holders(conn: &mut dyn MigrationConnection, grammar: &dyn Grammar, sql: &str) -> Vec<String> {
    for query in grammar.lock_holders_sql() {
        let Ok(rows) = conn.load_text(query, &[sql]) else {
            continue;
        };
        let found: Vec<String> = rows
            .into_iter()
            .filter_map(|row| row.0.into_iter().next().flatten())
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_retry_waits_longer_with_a_timeout_half_the_first_one_longer() {
        let policy = LockRetry {
            timeout: Duration::from_secs(2),
            retries: 5,
            delay: Duration::from_secs(10),
        };
        let timeouts: Vec<u64> = (1..=6).map(|n| policy.timeout_of(n).as_secs()).collect();
        assert_eq!(timeouts, [2, 3, 4, 5, 6, 7]);
        let delays: Vec<u64> = (2..=6).map(|n| policy.delay_before(n).as_secs()).collect();
        assert_eq!(delays, [10, 20, 30, 40, 50]);
    }
}

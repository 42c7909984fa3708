//! Units of work under the migration lock: the lock taken and released on every path, the
//! transaction begun, committed or rolled back, and savepoints inside a caller's transaction.

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::lock;
use super::Migrator;
use crate::connection::MigrationConnection;
use crate::schema::LockSql;
use crate::{Error, Result};

/// Whether and how a unit of work runs in a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transaction {
    /// No transaction (`#[migration(transaction = false)]`).
    None,
    /// Begun (and locked) before the work starts.
    Now,
    /// Begun (and locked) by the work's first batch (see [`crate::schema::Opening`]), and
    /// committed by the work: by its last batch, or after recording the migration.
    Deferred,
}

/// Runs `work` holding the migration lock, inside a transaction when `transactional`:
/// committed when it returns `Ok`, rolled back on `Err` or panic, and the lock released on
/// every path.
pub(crate) fn locked<T>(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    transactional: bool,
    work: impl FnOnce(&mut dyn MigrationConnection) -> Result<T>,
) -> Result<T> {
    let transaction = if transactional {
        Transaction::Now
    } else {
        Transaction::None
    };
    locked_with(migrator, conn, transaction, work)
}

/// The migration lock for a unit of work in a transaction or not; `None` when locking is
/// off or the dialect's transaction is the lock.
pub(crate) fn migration_lock(
    migrator: &Migrator,
    conn: &dyn MigrationConnection,
    transactional: bool,
) -> Option<LockSql> {
    if migrator.lock {
        conn.dialect().grammar().migration_lock(transactional)
    } else {
        None
    }
}

/// Begins the transaction and takes the transaction-scoped `lock` of repository `table`,
/// waiting for it up to `timeout`.
pub(crate) fn open(
    conn: &mut dyn MigrationConnection,
    table: &str,
    timeout: Duration,
    lock: Option<&LockSql>,
) -> Result<()> {
    let waiting = Instant::now();
    conn.begin().map_err(|source| {
        // SQLite's `BEGIN IMMEDIATE` is its lock: failing busy (after the whole busy
        // timeout) means another migrator held it.
        if lock::is_busy(&source) || (waiting.elapsed() >= timeout && lock.is_none()) {
            Error::LockTimeout {
                table: table.to_owned(),
                waited_ms: waiting.elapsed().as_millis(),
                holder: None,
            }
        } else {
            Error::Database {
                sql: "BEGIN".into(),
                source,
            }
        }
    })?;
    if let Some(lock) = lock.filter(|l| !l.before_transaction) {
        lock::acquire(conn, lock, table, timeout)?;
    }
    Ok(())
}

/// [`locked`], with the transaction begun before `work` or by it.
pub(crate) fn locked_with<T>(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    transaction: Transaction,
    work: impl FnOnce(&mut dyn MigrationConnection) -> Result<T>,
) -> Result<T> {
    let table = migrator.table.as_str();
    let transactional = transaction != Transaction::None;
    if transactional && conn.in_transaction() {
        return Err(Error::InTransaction);
    }
    let lock = migration_lock(migrator, conn, transactional);
    let session_lock = lock.as_ref().filter(|l| l.before_transaction);
    if let Some(lock) = session_lock {
        lock::acquire(conn, lock, table, migrator.lock_timeout)?;
    }
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| -> Result<T> {
        if transaction == Transaction::Now {
            open(conn, table, migrator.lock_timeout, lock.as_ref())?;
        }
        let result = work(conn);
        match (transaction, &result) {
            (Transaction::Now, Ok(_)) => conn.commit().map_err(|source| Error::Database {
                sql: "COMMIT".into(),
                source,
            })?,
            // A deferred transaction is the work's to commit (see `Transaction::Deferred`).
            (Transaction::None, _) | (Transaction::Deferred, Ok(_)) => {}
            // The original error matters more than a failed rollback (or a deferred
            // transaction that never began, or that its last batch ended).
            (_, Err(_)) => drop(conn.rollback()),
        }
        result
    }));
    let outcome = match outcome {
        Ok(result) => result,
        Err(panic) => {
            if transactional {
                let _ = conn.rollback();
            }
            if let Some(lock) = session_lock {
                let _ = lock::release(conn, lock, table);
            }
            panic::resume_unwind(panic);
        }
    };
    if let Some(lock) = session_lock {
        let released = lock::release(conn, lock, table);
        if outcome.is_ok() {
            released?;
        }
    }
    outcome
}

/// Runs `work` in a savepoint of the caller's transaction: released when `work` returns
/// `Ok`, rolled back to on `Err` or panic, so that only what `work` did is undone.
pub(crate) fn in_savepoint<T>(
    conn: &mut dyn MigrationConnection,
    work: impl FnOnce(&mut dyn MigrationConnection) -> Result<T>,
) -> Result<T> {
    const BEGIN: &str = "savepoint migrate_migration";
    conn.batch_execute(BEGIN)
        .map_err(|source| Error::Database {
            sql: BEGIN.into(),
            source,
        })?;
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(conn)));
    let end = match outcome {
        Ok(Ok(_)) => "release savepoint migrate_migration",
        _ => "rollback to savepoint migrate_migration; release savepoint migrate_migration",
    };
    let ended = conn.batch_execute(end).map_err(|source| Error::Database {
        sql: end.into(),
        source,
    });
    match outcome {
        Ok(Ok(value)) => ended.map(|()| value),
        // The original error matters more than a failed rollback.
        Ok(Err(error)) => Err(error),
        Err(panic) => panic::resume_unwind(panic),
    }
}

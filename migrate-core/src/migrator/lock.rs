//! The database-level lock that makes concurrent migrators apply each migration once.
//!
//! The lock is taken around each migration's unit of work (not the whole run), and the
//! repository is re-read inside it: a runner that waited finds the migration recorded and
//! skips it. So by default a lock is never held across a whole deploy, and a crash loses at
//! most the migration in flight — which its transaction undoes where the dialect allows. With
//! [`Migrator::single_transaction`](crate::Migrator::single_transaction) the unit of work is
//! the whole command: the lock is held until it commits, and other runners wait that long.

use std::time::{Duration, Instant};

use crate::connection::MigrationConnection;
use crate::schema::LockSql;
use crate::{Error, Result};

/// How often a busy lock is tried again.
const RETRY: Duration = Duration::from_millis(25);

fn taken(value: Option<&str>) -> bool {
    matches!(value, Some("1" | "t" | "true"))
}

/// Takes `lock` for the repository `table`, trying until `timeout`.
pub(crate) fn acquire(
    conn: &mut dyn MigrationConnection,
    lock: &LockSql,
    table: &str,
    timeout: Duration,
) -> Result<()> {
    let started = Instant::now();
    loop {
        let rows = conn
            .load_text(&lock.try_acquire, &[table])
            .map_err(|source| Error::Database {
                sql: lock.try_acquire.clone(),
                source,
            })?;
        let first = rows
            .first()
            .and_then(|r| r.0.first())
            .and_then(|v| v.as_deref());
        if taken(first) {
            return Ok(());
        }
        if started.elapsed() >= timeout {
            return Err(Error::LockTimeout {
                table: table.to_owned(),
                waited_ms: started.elapsed().as_millis(),
                holder: holder(conn, lock, table),
            });
        }
        std::thread::sleep(RETRY);
    }
}

/// Who holds the lock, where the database can tell.
fn holder(conn: &mut dyn MigrationConnection, lock: &LockSql, table: &str) -> Option<String> {
    let sql = lock.holder.as_ref()?;
    let rows = conn.load_text(sql, &[table]).ok()?;
    rows.into_iter().next()?.0.into_iter().next()?
}

/// Whether `source` is SQLite's "busy": the database stayed locked by another connection for
/// the whole busy timeout (which [`Migrator::prepare`](super::Migrator) sets to the lock
/// timeout), so another migrator held it.
pub(crate) fn is_busy(source: &diesel::result::Error) -> bool {
    matches!(source, diesel::result::Error::DatabaseError(_, info) if info.message() == "database is locked")
}

/// `error` as the lock timeout it is when a statement found the database busy for the whole
/// wait, whichever statement it was (a read of the repository, `BEGIN`, `COMMIT`).
pub(crate) fn timed_out(error: Error, table: &str, waited: Duration) -> Error {
    if found_busy(&error) {
        Error::LockTimeout {
            table: table.to_owned(),
            waited_ms: waited.as_millis(),
            holder: None,
        }
    } else {
        error
    }
}

/// Whether a statement failed with `error` because the database was busy (see [`is_busy`]).
pub(crate) fn found_busy(error: &Error) -> bool {
    match error {
        Error::Database { source, .. } | Error::Statement { source, .. } => is_busy(source),
        Error::Diesel(source) => is_busy(source),
        _ => false,
    }
}

/// Releases a session lock (a transaction-scoped one ends with its transaction).
pub(crate) fn release(
    conn: &mut dyn MigrationConnection,
    lock: &LockSql,
    table: &str,
) -> Result<()> {
    if let Some(sql) = &lock.release {
        conn.load_text(sql, &[table])
            .map_err(|source| Error::Database {
                sql: sql.clone(),
                source,
            })?;
    }
    Ok(())
}

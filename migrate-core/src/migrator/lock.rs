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

//! Migrations outside a transaction, where the migration lock is transaction-scoped
//! (PostgreSQL): a session lock held across their statements would not survive a
//! transaction-pooling proxy (PgBouncer in `pool_mode = transaction` hands each transaction
//! to whichever server connection is free, so the lock would stay behind on one of them, and
//! another client's transaction there would hold it too). Instead a runner claims the
//! migration under the transaction-scoped lock, by writing its dirty marker marked as still
//! running ([`running_ms`]), runs it, and ends the claim under the lock again. Other runners
//! that find a running marker wait for it to end, up to the lock timeout.

use std::time::{Duration, Instant};

use super::transaction::{self, locked};
use super::Migrator;
use crate::connection::{MigrationConnection, Record};
use crate::migration::Kind;
use crate::repository::{running_ms, Repository, APPLIED, DIRTY};
use crate::{Error, Result};

/// How often a running marker is read again.
const RETRY: Duration = Duration::from_millis(25);

/// Whether a migration outside a transaction claims itself instead of holding a session
/// lock: where the dialect's migration lock in a transaction is transaction-scoped.
pub(super) fn applies(migrator: &Migrator, conn: &dyn MigrationConnection) -> bool {
    transaction::migration_lock(migrator, conn, true).is_some_and(|lock| !lock.before_transaction)
}

/// What claiming a migration found.
pub(super) enum Claim {
    /// The migration is this runner's to run: its marker is written. For a rollback, the
    /// time the migration took, to put back should nothing run.
    Mine { execution_ms: i64 },
    /// Another runner did it meanwhile.
    Done,
}

/// Whether `record` is the marker of a migration that a runner is still running.
fn is_running(record: &Record) -> bool {
    record.state == DIRTY && record.execution_ms < 0
}

/// Claims migration `row.id` for `kind` under the transaction-scoped lock, waiting while
/// another runner runs it, up to the lock timeout. `row` is its repository row, dirty.
pub(super) fn claim(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    row: &Record,
    kind: Kind,
) -> Result<Claim> {
    let started = Instant::now();
    loop {
        let claimed = locked(migrator, conn, true, |conn| {
            let recorded = repository
                .records(conn)?
                .into_iter()
                .find(|r| r.id == row.id);
            match (kind, recorded) {
                (_, Some(record)) if is_running(&record) => Ok(None),
                (_, Some(record)) if record.state == DIRTY => Err(Error::Dirty {
                    id: row.id.clone(),
                    at: record
                        .applied_at
                        .format("%Y-%m-%d %H:%M:%S UTC")
                        .to_string(),
                }),
                (Kind::Up, Some(_)) | (Kind::Down, None) => Ok(Some(Claim::Done)),
                (Kind::Up, None) => {
                    let marker = Record {
                        execution_ms: running_ms(0),
                        ..row.clone()
                    };
                    repository.insert(conn, &marker)?;
                    Ok(Some(Claim::Mine { execution_ms: 0 }))
                }
                (Kind::Down, Some(record)) => {
                    let marker = running_ms(record.execution_ms);
                    repository.mark(conn, &row.id, DIRTY, marker)?;
                    Ok(Some(Claim::Mine {
                        execution_ms: record.execution_ms,
                    }))
                }
            }
        })?;
        if let Some(claim) = claimed {
            return Ok(claim);
        }
        if started.elapsed() >= migrator.lock_timeout {
            return Err(Error::LockTimeout {
                table: migrator.table.clone(),
                waited_ms: started.elapsed().as_millis(),
                holder: Some(format!(
                    "a runner running migration `{}` outside a transaction, or one that died \
                     doing it",
                    row.id
                )),
            });
        }
        std::thread::sleep(RETRY);
    }
}

/// Waits, up to the lock timeout, until no migration outside a transaction is still
/// running: what a runner does before it plans, when the repository has a dirty marker. A
/// marker still running after the wait is reported as dirty by the caller.
pub(super) fn wait_while_running(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
) -> Result<()> {
    let started = Instant::now();
    loop {
        let running = locked(migrator, conn, true, |conn| {
            Ok(repository.records(conn)?.iter().any(is_running))
        })?;
        if !running || started.elapsed() >= migrator.lock_timeout {
            return Ok(());
        }
        std::thread::sleep(RETRY);
    }
}

/// Ends a claim when nothing ran: takes the marker back.
pub(super) fn withdraw(
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    id: &str,
    kind: Kind,
    execution_ms: i64,
) -> Result<()> {
    match kind {
        Kind::Up => repository.delete(conn, id).map(drop),
        Kind::Down => repository.mark(conn, id, APPLIED, execution_ms),
    }
}

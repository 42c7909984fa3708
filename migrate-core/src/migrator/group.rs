//! Migrations that share a commit ([`Migrator::commit_window`]): one transaction under the
//! lock, each migration in a savepoint of its own, committed once the window has passed or
//! when one fails, so that a run ends exactly as if each had committed on its own.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

use super::report::Report;
use super::transaction;
use super::unit::{self, Scope};
use super::{recorded_ids, still_needed, Migrator};
use crate::connection::MigrationConnection;
use crate::migration::Kind;
use crate::registry::Migration;
use crate::repository::Repository;
use crate::{Error, Result};

/// Whether `migration` can run in a shared transaction: it did not opt out of transactions.
pub(super) fn can_share_a_commit(migration: &Migration, kind: Kind) -> bool {
    migration
        .registration(kind)
        .is_none_or(|registration| registration.transaction)
}

/// What stopped a group before its end.
enum Stop {
    Failed(Error),
    Panicked(Box<dyn Any + Send>),
}

/// How a group ended.
pub(super) enum Grouped {
    /// Its migrations were committed: this many of the plan (a failure among them was
    /// returned as the error instead).
    Committed(usize),
    /// Its commit failed, undoing all of them (a deferred constraint one of them broke, an
    /// error that rolled back the whole transaction): this many of the plan are to run
    /// again, each committed on its own, which tells which one fails and keeps the ones
    /// before it.
    Undone(usize),
}

/// Runs the migrations at the start of `plan` that fit in one commit window, in one
/// transaction under the lock, and commits them, adding them to `report` (the caller
/// announces them: only once committed). A migration that fails (or panics) is
/// undone alone, the ones before it are committed, then its error is returned (or its
/// panic resumed).
pub(super) fn run(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    plan: &[(&Migration, i32)],
    kind: Kind,
    report: &mut Report,
) -> Result<Grouped> {
    let mut stop = None;
    let mut through = 0;
    let mut ran_all = false;
    let committed = transaction::locked(migrator, conn, true, |conn| {
        // Another runner may have done some of them since the plan was made.
        let recorded = repository.entries(conn)?;
        let recorded = recorded_ids(&recorded);
        let started = Instant::now();
        let mut ran = Vec::new();
        // The repository rows of the applied ones, inserted together before the commit
        // (see `Scope::Savepoint`).
        let rows = RefCell::new(Vec::new());
        for &(migration, batch) in plan {
            if !can_share_a_commit(migration, kind) {
                break;
            }
            through += 1;
            if !still_needed(&recorded, migration.id(), kind) {
                continue;
            }
            let done = panic::catch_unwind(AssertUnwindSafe(|| {
                unit::execute(
                    migrator,
                    conn,
                    repository,
                    migration,
                    kind,
                    batch,
                    Scope::Savepoint { rows: &rows },
                )
            }));
            match done {
                Ok(Ok(done)) => ran.extend(done),
                Ok(Err(error)) => {
                    stop = Some(Stop::Failed(error));
                    break;
                }
                Err(panic) => {
                    stop = Some(Stop::Panicked(panic));
                    break;
                }
            }
            // A migration waits for its commit at most the window and the next migration's
            // own time.
            if started.elapsed() >= migrator.commit_window {
                break;
            }
        }
        ran_all = true;
        // Should an insert fail, the commit is undone whole and each migration runs again
        // on its own (`Grouped::Undone`).
        for row in rows.into_inner() {
            repository.insert(conn, &row)?;
        }
        Ok(ran)
    });
    match committed {
        Ok(ran) => {
            report.migrations.extend(ran);
            match stop {
                None => Ok(Grouped::Committed(through)),
                Some(Stop::Failed(error)) => Err(error),
                Some(Stop::Panicked(panic)) => panic::resume_unwind(panic),
            }
        }
        Err(_) if ran_all => Ok(Grouped::Undone(through)),
        // Nothing ran (the lock, the re-check).
        Err(error) => Err(error),
    }
}

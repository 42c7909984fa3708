//! Migrations that share a commit ([`Migrator::commit_window`]): one transaction under the
//! lock, each migration in a savepoint of its own, committed once the window has passed or
//! when one fails, so that a run ends exactly as if each had committed on its own.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

use super::report::Report;
use super::unit::{self, Scope};
use super::{Event, Migrator};
use crate::connection::{Entry, MigrationConnection};
use crate::migration::Kind;
use crate::registry::Migration;
use crate::repository::Repository;
use crate::{Error, Result};

/// Whether `migration` can run in a shared transaction: it did not opt out of transactions.
pub(super) fn can_share_a_commit(migration: &Migration, kind: Kind) -> bool {
    migration
        .function(kind)
        .is_none_or(|(_, registration)| registration.transaction)
}

/// What stopped a group before its end.
enum Stop {
    Failed(Error),
    Panicked(Box<dyn Any + Send>),
}

/// Runs the migrations at the start of `plan` that fit in one commit window, in one
/// transaction under the lock, and commits them; returns how many of `plan` it went through.
/// A migration that fails (or panics) is undone alone, the ones before it are committed,
/// then its error is returned (or its panic resumed).
pub(super) fn run(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    plan: &[(&Migration, i32)],
    kind: Kind,
    report: &mut Report,
) -> Result<usize> {
    let mut stop = None;
    let mut through = 0;
    let committed = unit::locked(migrator, conn, true, |conn| {
        // Another runner may have done some of them since the plan was made.
        let recorded = repository.entries(conn)?;
        let needed = |recorded: &[Entry], id: &str| {
            recorded.iter().any(|e| e.id == id) == (kind == Kind::Down)
        };
        let started = Instant::now();
        let mut ran = Vec::new();
        for &(migration, batch) in plan {
            if !can_share_a_commit(migration, kind) {
                break;
            }
            through += 1;
            if !needed(&recorded, migration.id()) {
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
                    Scope::Savepoint,
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
            if started.elapsed() >= migrator.commit_window {
                break;
            }
        }
        Ok(ran)
    });
    // Nothing is applied before the commit: the observer hears of them after it.
    if let Ok(ran) = &committed {
        for ran in ran {
            migrator.emit(Event::Finished(ran));
        }
    }
    match (committed, stop) {
        (Ok(ran), None) => {
            report.migrations.extend(ran);
            Ok(through)
        }
        (Ok(ran), Some(stop)) => {
            report.migrations.extend(ran);
            match stop {
                Stop::Failed(error) => Err(error),
                Stop::Panicked(panic) => panic::resume_unwind(panic),
            }
        }
        // The migration's failure matters more than the commit's, which undid the others.
        (Err(_), Some(Stop::Failed(error))) => Err(error),
        (Err(_), Some(Stop::Panicked(panic))) => panic::resume_unwind(panic),
        (Err(error), None) => Err(error),
    }
}

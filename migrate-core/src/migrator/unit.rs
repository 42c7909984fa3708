//! One migration's unit of work: lock, transaction, re-check, run, record.

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::lock;
use super::report::{Direction, Ran};
use super::Migrator;
use crate::connection::{MigrationConnection, Record};
use crate::error::{Action, Origin, PartialFailure};
use crate::migration::Kind;
use crate::registry::Migration;
use crate::repository::{Repository, APPLIED, DIRTY};
use crate::schema::{Ending, LockSql, Opening, Schema, SEPARATOR};
use crate::{Error, Result};

/// Whether and how a unit of work runs in a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transaction {
    /// No transaction (`#[migration(transaction = false)]`).
    None,
    /// Begun (and locked) before the work starts.
    Now,
    /// Begun (and locked) by the work's first batch (see [`Opening`]), and committed by the
    /// work: by its last batch, or after recording the migration.
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
fn migration_lock(
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
fn open(
    conn: &mut dyn MigrationConnection,
    table: &str,
    timeout: Duration,
    lock: Option<&LockSql>,
) -> Result<()> {
    let waiting = Instant::now();
    conn.begin().map_err(|source| {
        // SQLite's `BEGIN IMMEDIATE` is its lock: failing after the whole busy timeout
        // means another migrator held it.
        if waiting.elapsed() >= timeout && lock.is_none() {
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

/// The opening of a transactional migration's first batch: `BEGIN` and the lock taken at
/// once, in one round trip. `None` where the lock must be read, so it is taken first.
/// Unless `durable`, the commit may leave its flush to a later one
/// ([`Grammar::unflushed_commit_sql`](crate::schema::Grammar::unflushed_commit_sql)).
fn opening(
    migrator: &Migrator,
    conn: &dyn MigrationConnection,
    durable: bool,
) -> Result<Option<Opening>> {
    let grammar = conn.dialect().grammar();
    let Some(lock_sql) = grammar.lock_at_once_sql(&migrator.table)? else {
        return Ok(None);
    };
    let lock = migration_lock(migrator, conn, true);
    let mut sql = vec![grammar.begin_sql()];
    sql.extend(grammar.unflushed_commit_sql().filter(|_| !durable));
    if lock.is_some() {
        sql.push(&lock_sql);
    }
    let sql = sql.join(SEPARATOR);
    let (table, timeout) = (migrator.table.clone(), migrator.lock_timeout);
    Ok(Some(Opening {
        sql,
        fallback: Box::new(move |conn| open(conn, &table, timeout, lock.as_ref())),
    }))
}

/// [`locked`], with the transaction begun before `work` or by it.
fn locked_with<T>(
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

/// Whose transaction a migration runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Its own unit of work: lock, transaction (unless it opted out), re-check, commit;
    /// unless `durable`, a commit that a later one of the run flushes (see
    /// [`Grammar::unflushed_commit_sql`](crate::schema::Grammar::unflushed_commit_sql)).
    Own {
        /// Whether the commit must be flushed before it returns.
        durable: bool,
    },
    /// The transaction and lock the caller holds ([`Migrator::single_transaction`]); the
    /// migration is transactional and the dialect's DDL too.
    Caller,
    /// A savepoint of its own in the transaction and lock the caller holds
    /// ([`Migrator::commit_window`]): a failure undoes this migration alone.
    Savepoint,
}

/// Applies or rolls back one migration. `None` when another runner did it meanwhile.
pub(crate) fn execute(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    migration: &Migration,
    kind: Kind,
    batch: i32,
    scope: Scope,
) -> Result<Option<Ran>> {
    let (function, registration) = migration.function(kind).ok_or_else(|| {
        Error::Registry(format!(
            "migration `{}` has no `down` function",
            migration.id()
        ))
    })?;
    let direction = match kind {
        Kind::Up => Direction::Up,
        Kind::Down => Direction::Down,
    };
    let ran = |statements, duration| Ran {
        id: migration.id().to_owned(),
        direction,
        batch,
        duration,
        statements,
    };

    if migrator.pretend {
        let mut schema = Schema::pretending(conn);
        if !migrator.fake {
            function(&mut schema)?;
        }
        let mut statements = schema.into_statements();
        statements.push(match kind {
            Kind::Up => repository.insert_sql()?,
            Kind::Down => repository.delete_sql()?,
        });
        return Ok(Some(ran(statements, Duration::ZERO)));
    }

    let action = match kind {
        Kind::Up => Action::Applying,
        Kind::Down => Action::RollingBack,
    };
    let origin = Origin {
        id: migration.id(),
        file: registration.file,
        line: registration.line,
    };
    let transactional = registration.transaction;
    let atomic = transactional && conn.dialect().supports_transactional_ddl();
    let fake = migrator.fake;

    // In one transaction, the statements go in batches (where a statement is a round trip),
    // the first opening the transaction where the dialect can take its lock at once.
    let batched = atomic && conn.dialect().grammar().batches_statements();
    let within = matches!(scope, Scope::Caller | Scope::Savepoint);
    // Raw `BEGIN`/`COMMIT` only where diesel knows of no transaction: inside one the caller
    // began, beginning ours fails cleanly instead.
    let mut opening = if batched && !within && !conn.in_transaction() {
        let durable = matches!(scope, Scope::Own { durable: true });
        opening(migrator, conn, durable)?
    } else {
        None
    };
    let transaction = match (&opening, transactional) {
        (Some(_), _) => Transaction::Deferred,
        (None, true) => Transaction::Now,
        (None, false) => Transaction::None,
    };
    let mut work = |conn: &mut dyn MigrationConnection| {
        // Another runner may have done it before this one took the lock. Outside an atomic
        // transaction that must be known before anything runs; inside one, the repository's
        // primary key tells at the end (see below), which spares a query per migration.
        if !atomic {
            match repository.state_of(conn, migration.id())? {
                Some(state) if state == DIRTY => {
                    return Err(Error::Dirty {
                        id: migration.id().to_owned(),
                        at: "an earlier run".into(),
                    })
                }
                Some(_) if kind == Kind::Up => return Ok(None),
                None if kind == Kind::Down => return Ok(None),
                _ => {}
            }
        }
        migrator.emit(super::Event::Starting {
            id: migration.id(),
            direction,
        });
        // Outside an atomic transaction, the migration is recorded as dirty before it runs,
        // so a crash part way leaves a marker that stops later runs until it is resolved.
        if !atomic && !fake {
            mark_dirty(conn, repository, migration, kind, batch)?;
        }
        let started = Instant::now();
        let mut schema = if batched {
            Schema::batched(conn, opening.take())
        } else {
            Schema::new(conn)
        };
        let returned = if fake { Ok(()) } else { function(&mut schema) };
        let mut record = record(migration, batch, APPLIED);
        // Where the first batch opens the transaction, the last can also carry the
        // repository row's insert (or delete) and `COMMIT`: then the migration is one round
        // trip.
        let closing = match (kind, transaction) {
            (Kind::Up, Transaction::Deferred) => repository.insert_literal_sql(&record)?,
            (Kind::Down, Transaction::Deferred) => repository.delete_literal_sql(migration.id())?,
            _ => None,
        };
        let result = match (batched, &closing) {
            (true, Some(closing)) => schema.finish_committing(returned, closing),
            (true, None) => schema.finish(returned).map(|()| Ending::Open),
            (false, _) => returned.map(|()| Ending::Open),
        };
        let mut statements = schema.into_statements();
        let ending = match result {
            Ok(ending) => ending,
            Err(error) => {
                // Waiting for the lock (when the first batch takes it) is not the migration's
                // failure.
                if let Error::LockTimeout { .. } = error {
                    return Err(error);
                }
                if !atomic && !statements.is_empty() {
                    return Err(match error {
                        Error::Database { sql, source } => {
                            Error::Partial(Box::new(PartialFailure {
                                action,
                                origin,
                                sql,
                                completed: statements,
                                source,
                            }))
                        }
                        other => Error::Migration {
                            action,
                            origin,
                            source: Box::new(other),
                        },
                    });
                }
                if !atomic {
                    // Nothing ran: take the marker back.
                    unmark_dirty(conn, repository, migration, kind)?;
                }
                return Err(match error {
                    Error::Database { sql, source } => Error::Statement {
                        action,
                        origin,
                        sql,
                        source,
                    },
                    other => Error::Migration {
                        action,
                        origin,
                        source: Box::new(other),
                    },
                });
            }
        };
        let execution_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        match (kind, closing) {
            (_, Some(closing)) if ending == Ending::Committed => statements.push(closing),
            (Kind::Up, _) if !atomic && !fake => {
                repository.complete(conn, migration.id(), execution_ms)?;
                statements.push(repository.insert_sql()?);
            }
            (Kind::Up, _) => {
                record.execution_ms = execution_ms;
                repository.insert(conn, &record)?;
                statements.push(repository.insert_sql()?);
            }
            (Kind::Down, _) => {
                if repository.delete(conn, migration.id())? == 0 {
                    // Another runner rolled it back first: undo ours (see below).
                    return Err(Error::Registry(format!(
                        "migration `{}` was rolled back concurrently",
                        migration.id()
                    )));
                }
                statements.push(repository.delete_sql()?);
            }
        }
        // A deferred transaction is committed here, unless its last batch did.
        if transaction == Transaction::Deferred && ending == Ending::Open {
            conn.commit().map_err(|source| Error::Database {
                sql: "COMMIT".into(),
                source,
            })?;
        }
        Ok(Some(ran(statements, started.elapsed())))
    };
    let outcome = match scope {
        // The caller's transaction, lock and re-check cover this migration.
        Scope::Caller => return work(conn),
        Scope::Savepoint => in_savepoint(conn, work),
        Scope::Own { .. } => locked_with(migrator, conn, transaction, work),
    };
    match outcome {
        // In an atomic unit a failure rolled everything back. If another runner did the
        // same migration meanwhile (our DDL or our repository row collided with theirs),
        // there is nothing left to do; otherwise the failure is real.
        Err(error) if atomic => match repository.state_of(conn, migration.id()) {
            Ok(Some(state)) if kind == Kind::Up && state == APPLIED => Ok(None),
            Ok(None) if kind == Kind::Down => Ok(None),
            _ => Err(match error {
                // Its commit failed (a deferred constraint, a full disk): the migration's
                // failure, named as such.
                Error::Database { sql, source } if sql == "COMMIT" => Error::Statement {
                    action,
                    origin,
                    sql,
                    source,
                },
                other => other,
            }),
        },
        other => other,
    }
}

/// Runs `work` in a savepoint of the caller's transaction: released when `work` returns
/// `Ok`, rolled back to on `Err` or panic, so that only what `work` did is undone.
fn in_savepoint<T>(
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

/// Takes back the dirty marker of a migration that failed before running any statement.
fn unmark_dirty(
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    migration: &Migration,
    kind: Kind,
) -> Result<()> {
    match kind {
        Kind::Up => repository.delete(conn, migration.id()).map(drop),
        Kind::Down => repository.set_state(conn, migration.id(), APPLIED),
    }
}

/// Records a migration as dirty before it runs outside a transaction, so that a failure or a
/// crash part way stops later runs until the operator resolves it.
fn mark_dirty(
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    migration: &Migration,
    kind: Kind,
    batch: i32,
) -> Result<()> {
    match kind {
        Kind::Up => repository.insert(conn, &record(migration, batch, DIRTY)),
        Kind::Down => repository.set_state(conn, migration.id(), DIRTY),
    }
}

/// The repository row of `migration` in `batch`, applied now, untimed yet.
fn record(migration: &Migration, batch: i32, state: &str) -> Record {
    Record {
        id: migration.id().to_owned(),
        batch,
        checksum: migration.checksum().to_owned(),
        applied_at: chrono::Utc::now().naive_utc(),
        execution_ms: 0,
        state: state.to_owned(),
    }
}

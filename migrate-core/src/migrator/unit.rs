//! One migration's unit of work, in each of the ways a migration commits: on its own (its
//! own lock, transaction and re-check; outside a transaction, a claim where the lock is
//! transaction-scoped, see [`claim`]), in a savepoint of a commit it shares with the ones
//! around it ([`Migrator::commit_window`]), or in the caller's single transaction
//! ([`Migrator::single_transaction`]).

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::time::{Duration, Instant};

use super::claim::{self, Claim};
use super::lock_retry;
use super::report::{Direction, Event, Ran};
use super::reverse::{self, Body};
use super::statement_timeout;
use super::transaction::{self, in_savepoint, locked, locked_with, Transaction};
use super::Migrator;
use crate::connection::{MigrationConnection, Record};
use crate::error::{Action, Origin, PartialFailure, StatementTimedOut};
use crate::migration::Kind;
use crate::registry::Migration;
use crate::repository::{Repository, APPLIED, DIRTY};
use crate::schema::{Dialect, Ending, Opening, Schema, SEPARATOR};
use crate::{Error, Result};

/// Whose transaction a migration runs in.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'r> {
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
    /// ([`Migrator::commit_window`]): a failure undoes this migration alone. An applied
    /// migration's repository row is not inserted but added to `rows`, for the caller to
    /// insert with the others of its commit, back to back, before that commit: on SQLite
    /// every migration's DDL makes a statement prepared before it be prepared again, so a
    /// row inserted after each migration's DDL costs a parse where the next row, inserted
    /// right after it, does not.
    Savepoint {
        /// The rows of the applied migrations of the shared commit, in order.
        rows: &'r RefCell<Vec<Record>>,
    },
}

/// Applies or rolls back one migration. `None` when another runner did it meanwhile.
pub(crate) fn execute(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
    migration: &Migration,
    kind: Kind,
    batch: i32,
    scope: Scope<'_>,
) -> Result<Option<Ran>> {
    let mut unit = Unit::new(migrator, repository, migration, kind, batch, conn.dialect())?;
    if migrator.pretend {
        return unit.pretend(conn).map(Some);
    }
    match scope {
        // The caller's transaction, lock and re-check cover this migration; a lock timeout
        // ends the caller's transaction, so it is not retried.
        Scope::Caller => unit.in_transaction(conn).map(Some),
        Scope::Savepoint { rows } => {
            unit.defers_row = kind == Kind::Up;
            let outcome = in_savepoint(conn, |conn| unit.in_transaction(conn)).map(Some);
            let outcome = unit.after_failure(conn, outcome);
            // Only a migration whose savepoint was released is recorded.
            if let (Ok(Some(_)), Some(row)) = (&outcome, unit.deferred_row.take()) {
                rows.borrow_mut().push(row);
            }
            outcome
        }
        Scope::Own { durable } => lock_retry::retrying(migrator, conn, true, |conn, attempt| {
            unit.attempt.set(attempt);
            let outcome = unit.on_its_own(conn, durable);
            unit.after_failure(conn, outcome)
        }),
    }
}

/// One migration to apply or roll back, and what its unit of work needs to know of it.
struct Unit<'a> {
    migrator: &'a Migrator,
    repository: &'a Repository<'a>,
    migration: &'a Migration,
    kind: Kind,
    batch: i32,
    body: Body,
    origin: Origin,
    /// Whether it runs in a transaction (it did not opt out).
    transactional: bool,
    /// Whether its transaction undoes everything it did: the dialect's DDL is transactional.
    atomic: bool,
    /// Whether its statements go in batches (see [`Schema::batched`]).
    batched: bool,
    /// Which attempt this is (see [`lock_retry`]), from 1: its lock timeout grows with it.
    attempt: Cell<u32>,
    dialect: Dialect,
    /// Whether its repository row is left to the caller (see [`Scope::Savepoint`]).
    defers_row: bool,
    /// The row left to the caller, once the migration applied.
    deferred_row: RefCell<Option<Record>>,
}

impl<'a> Unit<'a> {
    fn new(
        migrator: &'a Migrator,
        repository: &'a Repository<'a>,
        migration: &'a Migration,
        kind: Kind,
        batch: i32,
        dialect: Dialect,
    ) -> Result<Self> {
        statement_timeout::check(migrator, dialect.grammar())?;
        let (body, registration) = reverse::body(migrator, migration, kind, dialect)?;
        let transactional = registration.transaction;
        let atomic = transactional && dialect.supports_transactional_ddl();
        Ok(Unit {
            migrator,
            repository,
            migration,
            kind,
            batch,
            body,
            origin: Origin {
                id: migration.id(),
                file: registration.file,
                line: registration.line,
            },
            transactional,
            atomic,
            // In one transaction, the statements go in batches (where a statement is a round
            // trip).
            batched: atomic && dialect.grammar().batches_statements(),
            attempt: Cell::new(1),
            dialect,
            defers_row: false,
            deferred_row: RefCell::new(None),
        })
    }

    fn id(&self) -> &'static str {
        self.origin.id
    }

    fn direction(&self) -> Direction {
        match self.kind {
            Kind::Up => Direction::Up,
            Kind::Down => Direction::Down,
        }
    }

    fn action(&self) -> Action {
        match self.kind {
            Kind::Up => Action::Applying,
            Kind::Down => Action::RollingBack,
        }
    }

    fn ran(&self, statements: Vec<String>, duration: Duration) -> Ran {
        Ran {
            id: self.id().to_owned(),
            direction: self.direction(),
            batch: self.batch,
            duration,
            statements,
        }
    }

    fn starting(&self) {
        self.migrator.emit(Event::Starting {
            id: self.id(),
            direction: self.direction(),
        });
    }

    /// Runs the migration's function on `schema` (not when faking).
    fn call(&self, schema: &mut Schema<'_>) -> Result<()> {
        if self.migrator.rehearsing {
            schema.mark_rehearsing();
        }
        if self.migrator.fake {
            Ok(())
        } else {
            self.body.run(schema)
        }
    }

    /// The SQL that would run, changing nothing.
    fn pretend(&self, conn: &mut dyn MigrationConnection) -> Result<Ran> {
        let mut schema = Schema::pretending(conn);
        self.call(&mut schema).map_err(|error| self.failed(error))?;
        let mut statements = schema.into_statements();
        statements.push(match self.kind {
            Kind::Up => self.repository.insert_sql()?,
            Kind::Down => self.repository.delete_sql()?,
        });
        Ok(self.ran(statements, Duration::ZERO))
    }

    /// A commit of its own: the lock, a transaction (unless it opted out), the re-check, the
    /// migration and its repository row.
    fn on_its_own(&self, conn: &mut dyn MigrationConnection, durable: bool) -> Result<Option<Ran>> {
        if !self.transactional && claim::applies(self.migrator, conn) {
            return self.claimed(conn);
        }
        if !self.atomic {
            return locked(self.migrator, conn, self.transactional, |conn| {
                self.outside_atomic(conn)
            });
        }
        // Raw `BEGIN`/`COMMIT` only where diesel knows of no transaction: inside one the
        // caller began, beginning ours fails cleanly instead.
        if self.batched && !conn.in_transaction() {
            if let Some((opening, done)) = self.opening(conn, durable)? {
                return locked_with(self.migrator, conn, Transaction::Deferred, |conn| {
                    self.opened_by_first_batch(conn, opening, &done)
                });
            }
        }
        self.rechecked_in_transaction(conn)
    }

    /// In a transaction and lock of its own, re-checked first: another runner may have done
    /// it before this one took the lock.
    fn rechecked_in_transaction(&self, conn: &mut dyn MigrationConnection) -> Result<Option<Ran>> {
        locked(self.migrator, conn, true, |conn| {
            match self.recorded_state(conn)? {
                Recheck::Needed => self.in_transaction(conn).map(Some),
                Recheck::Done => Ok(None),
                Recheck::Dirty => Err(self.dirty()),
            }
        })
    }

    /// Outside a transaction, where the migration lock is transaction-scoped: claimed under
    /// the lock, run with no lock held, and the claim ended under the lock (see [`claim`]).
    fn claimed(&self, conn: &mut dyn MigrationConnection) -> Result<Option<Ran>> {
        if self.migrator.fake {
            // Nothing runs: recording it is a transaction like any other.
            return self.rechecked_in_transaction(conn);
        }
        let row = self.row(DIRTY);
        let Claim::Mine { execution_ms } =
            claim::claim(self.migrator, conn, self.repository, &row, self.kind)?
        else {
            return Ok(None);
        };
        if self.limits_sql(conn, false).is_empty() && !self.limits_sql(conn, true).is_empty() {
            self.migrator.emit(Event::WithoutTimeouts { id: self.id() });
        }
        self.starting();
        let started = Instant::now();
        let mut schema = Schema::new(conn);
        let returned = self.call(&mut schema);
        let mut statements = schema.into_statements();
        let (repository, id, kind) = (self.repository, self.id(), self.kind);
        let ran_part = !statements.is_empty();
        // The claim ends under the lock, in a transaction that commits whatever happened.
        locked(self.migrator, conn, true, |conn| match (&returned, kind) {
            (Ok(()), Kind::Up) => repository.complete(conn, id, elapsed_ms(started)),
            (Ok(()), Kind::Down) => repository.delete(conn, id).map(drop),
            (Err(_), _) if !ran_part => claim::withdraw(conn, repository, id, kind, execution_ms),
            // Failed part way: the marker stays dirty, no longer running.
            (Err(_), Kind::Up) => repository.mark(conn, id, DIRTY, elapsed_ms(started)),
            (Err(_), Kind::Down) => repository.mark(conn, id, DIRTY, execution_ms),
        })?;
        match returned {
            Ok(()) => {
                statements.push(match kind {
                    Kind::Up => repository.insert_sql()?,
                    Kind::Down => repository.delete_sql()?,
                });
                Ok(Some(self.ran(statements, started.elapsed())))
            }
            Err(error) if !ran_part => Err(self.failed(error)),
            Err(error) => Err(self.partial(error, statements)),
        }
    }

    /// In a transaction (and lock) already begun, where it undoes everything: the function,
    /// then the repository row.
    fn in_transaction(&self, conn: &mut dyn MigrationConnection) -> Result<Ran> {
        self.with_lock_timeout(conn, true, |conn| self.in_transaction_timed(conn))
    }

    /// [`Unit::in_transaction`], under the lock timeout.
    fn in_transaction_timed(&self, conn: &mut dyn MigrationConnection) -> Result<Ran> {
        self.starting();
        let started = Instant::now();
        let mut schema = if self.batched {
            Schema::batched(conn, None)
        } else {
            Schema::new(conn)
        };
        let returned = self.call(&mut schema);
        let row = self.row(APPLIED);
        let finished = match self.batched {
            true => schema.finish(returned),
            false => returned,
        };
        let mut statements = schema.into_statements();
        finished.map_err(|error| self.failed(error))?;
        self.write_row(conn, row, started, &mut statements)?;
        Ok(self.ran(statements, started.elapsed()))
    }

    /// In a transaction its first batch begins, taking the lock at once; its last batch
    /// also writes the repository row and commits when it is the only one.
    fn opened_by_first_batch(
        &self,
        conn: &mut dyn MigrationConnection,
        opening: Opening,
        done_elsewhere: &Cell<bool>,
    ) -> Result<Option<Ran>> {
        self.starting();
        let started = Instant::now();
        let mut schema = Schema::batched(conn, Some(opening));
        let returned = self.call(&mut schema);
        let row = self.row(APPLIED);
        // The last batch can also carry the repository row's insert (or delete) and
        // `COMMIT`: then the migration is one round trip.
        let closing = match self.kind {
            Kind::Up => self.repository.insert_literal_sql(&row)?,
            Kind::Down => self.repository.delete_literal_sql(self.id())?,
        };
        let finished = match &closing {
            Some(closing) => schema.finish_committing(returned, closing),
            None => schema.finish(returned).map(|()| Ending::Open),
        };
        let mut statements = schema.into_statements();
        if done_elsewhere.get() {
            // The re-check under the lock found it done: nothing of this unit stays.
            let _ = conn.rollback();
            return Ok(None);
        }
        let ending = finished.map_err(|error| self.failed(error))?;
        match closing {
            Some(closing) if ending == Ending::Committed => statements.push(closing),
            _ => {
                self.write_row(conn, row, started, &mut statements)?;
                conn.commit().map_err(|source| Error::Database {
                    sql: "COMMIT".into(),
                    source,
                })?;
            }
        }
        Ok(Some(self.ran(statements, started.elapsed())))
    }

    /// The opening of the first batch: `BEGIN`, the lock taken at once and the re-check
    /// (failing unless the migration is still needed), in one round trip. Should that
    /// batch fail (the lock busy, the migration done meanwhile, a statement failing), the
    /// fallback begins again, waits for the lock and re-checks by reading: found done by
    /// another runner, it sets the flag returned beside the opening, and the unit undoes
    /// itself. `None` where the lock must be read, so it is taken first. Unless `durable`,
    /// the commit may leave its flush to a later one
    /// ([`Grammar::unflushed_commit_sql`](crate::schema::Grammar::unflushed_commit_sql)).
    fn opening(
        &self,
        conn: &dyn MigrationConnection,
        durable: bool,
    ) -> Result<Option<(Opening, Rc<Cell<bool>>)>> {
        let migrator = self.migrator;
        let grammar = conn.dialect().grammar();
        let Some(lock_sql) = grammar.lock_at_once_sql(&migrator.table)? else {
            return Ok(None);
        };
        let recorded = self.kind == Kind::Down;
        let Some(recheck) = self
            .repository
            .unless_recorded_fail_sql(self.id(), recorded)?
        else {
            return Ok(None);
        };
        let lock = transaction::migration_lock(migrator, conn, true);
        // In a transaction, the timeouts end with it (`SET LOCAL`): nothing to put back.
        let limits: Vec<String> = self
            .limits_sql(conn, true)
            .into_iter()
            .map(|t| t.set)
            .collect();
        let timeout_sql = (!limits.is_empty()).then(|| limits.join(SEPARATOR));
        let mut sql = vec![grammar.begin_sql()];
        sql.extend(grammar.unflushed_commit_sql().filter(|_| !durable));
        sql.extend(timeout_sql.as_deref());
        if lock.is_some() {
            sql.push(&lock_sql);
        }
        sql.push(&recheck);
        let sql = sql.join(SEPARATOR);
        let done = Rc::new(Cell::new(false));
        let (table, timeout, id, kind) = (
            migrator.table.clone(),
            migrator.lock_timeout,
            self.id(),
            self.kind,
        );
        let flag = Rc::clone(&done);
        let fallback = move |conn: &mut dyn MigrationConnection| {
            transaction::open(conn, &table, timeout, lock.as_ref())?;
            if let Some(sql) = timeout_sql {
                run_sql(conn, sql)?;
            }
            let repository = Repository::new(&table, grammar);
            if recheck_state(&repository, conn, id, kind)? == Recheck::Needed {
                return Ok(());
            }
            // Left open, so that whatever the function still sends is undone with it.
            flag.set(true);
            Err(Error::Registry(format!(
                "migration `{id}` was done by another runner meanwhile"
            )))
        };
        Ok(Some((
            Opening {
                sql,
                fallback: Box::new(fallback),
            },
            done,
        )))
    }

    /// The statements that set this attempt's lock timeout (see [`lock_retry`]) and the
    /// statement timeout, for a migration in a transaction or not.
    fn limits_sql(
        &self,
        conn: &dyn MigrationConnection,
        in_transaction: bool,
    ) -> Vec<crate::schema::LockTimeoutSql> {
        let (grammar, migrator) = (conn.dialect().grammar(), self.migrator);
        let lock = lock_retry::timeout_sql(migrator, grammar, self.attempt.get(), in_transaction);
        let statement = statement_timeout::timeout_sql(migrator, grammar, in_transaction);
        lock.into_iter().chain(statement).collect()
    }

    /// Runs `work` with this attempt's lock timeout and the statement timeout set, and put
    /// back after it (on every path) where the dialect's are session settings.
    fn with_lock_timeout<T>(
        &self,
        conn: &mut dyn MigrationConnection,
        in_transaction: bool,
        work: impl FnOnce(&mut dyn MigrationConnection) -> Result<T>,
    ) -> Result<T> {
        let limits = self.limits_sql(conn, in_transaction);
        if limits.is_empty() {
            return work(conn);
        }
        let mut restores = Vec::new();
        for sql in limits {
            if let Err(error) = run_sql(conn, sql.set) {
                // What was set before this one is put back; the failure matters more.
                let _ = restores
                    .into_iter()
                    .rev()
                    .try_for_each(|r| run_sql(conn, r));
                return Err(error);
            }
            restores.extend(sql.restore);
        }
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(conn)));
        let restored = restores
            .into_iter()
            .rev()
            .try_for_each(|r| run_sql(conn, r));
        match outcome {
            Ok(Ok(value)) => restored.map(|()| value),
            // The original error matters more than a failed restore.
            Ok(Err(error)) => Err(error),
            Err(panic) => panic::resume_unwind(panic),
        }
    }

    /// Whether the migration still needs doing, read under the lock.
    fn recorded_state(&self, conn: &mut dyn MigrationConnection) -> Result<Recheck> {
        recheck_state(self.repository, conn, self.id(), self.kind)
    }

    fn dirty(&self) -> Error {
        Error::Dirty {
            id: self.id().to_owned(),
            at: "an earlier run".into(),
        }
    }

    /// Outside a transaction that undoes everything (MySQL, or opted out): re-checked under
    /// the lock, and recorded as dirty before it runs, so that a crash part way leaves a
    /// marker that stops later runs until it is resolved.
    fn outside_atomic(&self, conn: &mut dyn MigrationConnection) -> Result<Option<Ran>> {
        // The timeouts are set first: a setting the server refuses stops the migration
        // before its dirty marker is written.
        self.with_lock_timeout(conn, self.transactional, |conn| {
            self.outside_atomic_limited(conn)
        })
    }

    /// [`Unit::outside_atomic`], under the timeouts.
    fn outside_atomic_limited(&self, conn: &mut dyn MigrationConnection) -> Result<Option<Ran>> {
        let (repository, fake) = (self.repository, self.migrator.fake);
        match self.recorded_state(conn)? {
            Recheck::Needed => {}
            Recheck::Done => return Ok(None),
            Recheck::Dirty => return Err(self.dirty()),
        }
        self.starting();
        if !fake {
            self.mark_dirty(conn)?;
        }
        let started = Instant::now();
        let mut schema = Schema::new(conn);
        let returned = self.call(&mut schema);
        let mut statements = schema.into_statements();
        if let Err(error) = returned {
            if !statements.is_empty() && !self.undone_whole(conn)? {
                return Err(self.partial(error, statements));
            }
            if !statements.is_empty() {
                // Its transaction undid every statement, and the marker with them.
                return Err(self.failed(error));
            }
            // Nothing ran: take the marker back.
            self.unmark_dirty(conn)?;
            return Err(self.failed(error));
        }
        match self.kind {
            Kind::Up if !fake => {
                repository.complete(conn, self.id(), elapsed_ms(started))?;
                statements.push(repository.insert_sql()?);
            }
            _ => self.write_row(conn, self.row(APPLIED), started, &mut statements)?,
        }
        Ok(Some(self.ran(statements, started.elapsed())))
    }

    /// After a failure part way outside an atomic transaction: whether the migration's
    /// transaction, rolled back now, undid everything it ran, as MySQL does with DML. The
    /// dirty marker went first in it: if no statement committed it implicitly (DDL does),
    /// rolling back takes it back with every statement after it.
    fn undone_whole(&self, conn: &mut dyn MigrationConnection) -> Result<bool> {
        if !self.transactional {
            return Ok(false);
        }
        conn.rollback().map_err(|source| Error::Database {
            sql: "ROLLBACK".into(),
            source,
        })?;
        let marker = self.repository.state_of(conn, self.id())?;
        Ok(match self.kind {
            Kind::Up => marker.is_none(),
            Kind::Down => marker.as_deref() == Some(APPLIED),
        })
    }

    /// Inserts the repository row (timed from `started`) or deletes it, and reports it.
    fn write_row(
        &self,
        conn: &mut dyn MigrationConnection,
        mut row: Record,
        started: Instant,
        statements: &mut Vec<String>,
    ) -> Result<()> {
        let repository = self.repository;
        match self.kind {
            Kind::Up => {
                row.execution_ms = elapsed_ms(started);
                if self.defers_row {
                    *self.deferred_row.borrow_mut() = Some(row);
                } else {
                    repository.insert(conn, &row)?;
                }
                statements.push(repository.insert_sql()?);
            }
            Kind::Down => {
                if repository.delete(conn, self.id())? == 0 {
                    // Another runner rolled it back first: undo ours.
                    return Err(Error::Registry(format!(
                        "migration `{}` was rolled back concurrently",
                        self.id()
                    )));
                }
                statements.push(repository.delete_sql()?);
            }
        }
        Ok(())
    }

    /// What a failed unit of work of its own returns. Where its transaction undid
    /// everything and another runner did the same migration meanwhile (our DDL or our
    /// repository row collided with theirs), there is nothing left to do; otherwise the
    /// failure is real.
    fn after_failure(
        &self,
        conn: &mut dyn MigrationConnection,
        outcome: Result<Option<Ran>>,
    ) -> Result<Option<Ran>> {
        let error = match outcome {
            Err(error) if self.atomic => error,
            other => return other,
        };
        match self.repository.state_of(conn, self.id()) {
            Ok(Some(state)) if self.kind == Kind::Up && state == APPLIED => Ok(None),
            Ok(None) if self.kind == Kind::Down => Ok(None),
            _ => Err(match error {
                // Its commit failed (a deferred constraint, a full disk): the migration's
                // failure, named as such.
                Error::Database { sql, source } if sql == "COMMIT" => Error::Statement {
                    action: self.action(),
                    origin: self.origin,
                    sql,
                    source,
                },
                other => other,
            }),
        }
    }

    /// The error of a migration whose function or statement failed.
    fn failed(&self, error: Error) -> Error {
        match error {
            // Waiting for the lock (when the first batch takes it) is not the migration's
            // failure.
            Error::LockTimeout { .. } => error,
            Error::Database { sql, source } if self.timed_out(&source) => {
                Error::StatementTimeout(Box::new(StatementTimedOut {
                    action: self.action(),
                    origin: self.origin,
                    sql,
                    timeout_ms: self.migrator.statement_timeout.as_millis(),
                    source,
                }))
            }
            Error::Database { sql, source } => Error::Statement {
                action: self.action(),
                origin: self.origin,
                sql,
                source,
            },
            other => Error::Migration {
                action: self.action(),
                origin: self.origin,
                source: Box::new(other),
            },
        }
    }

    /// Whether a statement failed with `source` because it ran past the statement timeout.
    fn timed_out(&self, source: &diesel::result::Error) -> bool {
        let timeout = self.migrator.statement_timeout;
        !timeout.is_zero() && statement_timeout::timed_out(self.dialect.grammar(), source)
    }

    /// The error of a migration that failed after `completed` ran outside a transaction.
    fn partial(&self, error: Error, completed: Vec<String>) -> Error {
        match error {
            Error::LockTimeout { .. } => error,
            Error::Database { sql, source } => Error::Partial(Box::new(PartialFailure {
                action: self.action(),
                origin: self.origin,
                sql,
                completed,
                source,
            })),
            other => Error::Migration {
                action: self.action(),
                origin: self.origin,
                source: Box::new(other),
            },
        }
    }

    /// Records the migration as dirty before it runs outside a transaction, so that a
    /// failure or a crash part way stops later runs until the operator resolves it.
    fn mark_dirty(&self, conn: &mut dyn MigrationConnection) -> Result<()> {
        match self.kind {
            Kind::Up => self.repository.insert(conn, &self.row(DIRTY)),
            Kind::Down => self.repository.set_state(conn, self.id(), DIRTY),
        }
    }

    /// Takes back the dirty marker of a migration that failed before running any statement.
    fn unmark_dirty(&self, conn: &mut dyn MigrationConnection) -> Result<()> {
        match self.kind {
            Kind::Up => self.repository.delete(conn, self.id()).map(drop),
            Kind::Down => self.repository.set_state(conn, self.id(), APPLIED),
        }
    }

    /// The repository row of the migration in its batch, applied now, untimed yet.
    fn row(&self, state: &str) -> Record {
        Record {
            id: self.id().to_owned(),
            batch: self.batch,
            checksum: self.migration.checksum().to_owned(),
            applied_at: chrono::Utc::now().naive_utc(),
            execution_ms: 0,
            state: state.to_owned(),
        }
    }
}

/// What the re-check under the lock found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recheck {
    /// The migration still needs applying (or rolling back).
    Needed,
    /// Another runner did it meanwhile.
    Done,
    /// It failed part way earlier, outside a transaction.
    Dirty,
}

/// Reads whether migration `id` still needs `kind`, under the lock the caller holds.
fn recheck_state(
    repository: &Repository<'_>,
    conn: &mut dyn MigrationConnection,
    id: &str,
    kind: Kind,
) -> Result<Recheck> {
    Ok(match repository.state_of(conn, id)? {
        Some(state) if state == DIRTY => Recheck::Dirty,
        Some(_) if kind == Kind::Up => Recheck::Done,
        None if kind == Kind::Down => Recheck::Done,
        _ => Recheck::Needed,
    })
}

/// Runs one statement of `migrate`'s own.
fn run_sql(conn: &mut dyn MigrationConnection, sql: String) -> Result<()> {
    conn.batch_execute(&sql)
        .map_err(|source| Error::Database { sql, source })
}

fn elapsed_ms(started: Instant) -> i64 {
    i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX)
}

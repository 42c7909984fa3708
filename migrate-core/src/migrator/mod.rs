//! The Migrator: run, roll back, reset, refresh, fresh, report status, pretend, and keep
//! the repository honest (drift, missing and dirty migrations, repair, resolve).

mod adopting;
mod boot;
mod claim;
mod commits;
mod group;
mod lint;
mod lock;
mod lock_retry;
pub(crate) mod model;
mod namespace;
mod rehearsal;
mod report;
mod reverse;
mod seeding;
mod squash;
mod squashing;
mod statement_timeout;
mod transaction;
mod unit;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

pub use lock_retry::{DEFAULT_DDL_LOCK_RETRIES, DEFAULT_DDL_LOCK_TIMEOUT, DEFAULT_DDL_RETRY_DELAY};
pub use report::{Applied, Direction, Event, MigrationStatus, Ran, Report};
pub use seeding::Seeded;
pub use squashing::GeneratedSquash;

use crate::connection::{Entry, MigrationConnection, Record};
use crate::error::Origin;
use crate::migration::Kind;
use crate::registry::{self, Migration};
use crate::repository::{running_ms, Repository, APPLIED, DIRTY};
use crate::schema::{Dialect, Schema};
use crate::{Error, Result};
use commits::Commits;
use group::Grouped;
use lock_retry::LockRetry;
use unit::Scope;

/// Whether migration `id` still needs `kind` (applying or rolling back), given the ids of
/// the recorded entries ([`recorded_ids`]): read again inside the lock, since another runner
/// may have done it meanwhile.
fn still_needed(recorded: &HashSet<&str>, id: &str, kind: Kind) -> bool {
    recorded.contains(id) == (kind == Kind::Down)
}

/// The ids of `recorded`, each looked up once per migration of a plan: a scan of the entries
/// instead would grow with the square of the migrations (a commit window rereads them).
fn recorded_ids(recorded: &[Entry]) -> HashSet<&str> {
    recorded.iter().map(|e| e.id.as_str()).collect()
}

/// The default of [`Migrator::commit_window`].
pub const DEFAULT_COMMIT_WINDOW: Duration = Duration::from_millis(100);

/// The default name of the repository table.
pub const DEFAULT_TABLE: &str = "migrations";

/// Runs the registered migrations against a connection.
///
/// ```
/// # fn main() -> migrate_core::Result<()> {
/// use diesel::{Connection, SqliteConnection};
/// use migrate_core::Migrator;
///
/// let mut conn = SqliteConnection::establish(":memory:").unwrap();
/// let migrator = Migrator::new().table("schema_history");
/// let report = migrator.run(&mut conn)?;
/// for ran in &report.migrations {
///     println!("Migrated: {} ({} ms)", ran.id, ran.duration.as_millis());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Migrator {
    table: String,
    module: Option<String>,
    /// The crate whose migrations alone are run, rolled back and listed (`namespace.rs`).
    namespace: Option<String>,
    pretend: bool,
    step: bool,
    fake: bool,
    lock: bool,
    lock_timeout: Duration,
    /// How long migrations' statements wait for a table's lock, and the retries.
    lock_retry: LockRetry,
    /// How long each statement of a migration may run; zero: no bound.
    statement_timeout: Duration,
    allow_drift: bool,
    ignore_missing: bool,
    strict_order: bool,
    single_transaction: bool,
    commit_window: Duration,
    up_to: Option<String>,
    observer: Option<Observer>,
    /// Running for real on a copy of the database, for a pretend run (see `rehearsal.rs`):
    /// migrations are told they are pretending.
    rehearsing: bool,
    /// The downs of the `change` migrations about to be rolled back, derived beforehand.
    derived: Arc<reverse::DerivedDowns>,
    /// Lint rules the project allows, with the reason (see `lint.rs`).
    lint_allow: Vec<(String, String)>,
    /// What the run or rollback at hand does differently for squashes (see `squash.rs`).
    squashes: Arc<squash::Squashes>,
}

/// The callback given to [`Migrator::on_event`].
#[derive(Clone)]
struct Observer(Arc<dyn Fn(&Event<'_>) + Send + Sync>);

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}

/// What `resolve` records for a migration that failed part way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The operator finished the migration by hand: record it as applied.
    Applied,
    /// The operator undid what ran: forget it, so it runs again.
    RolledBack,
}

impl Default for Migrator {
    fn default() -> Self {
        Migrator::new()
    }
}

/// Applies every pending migration in one batch, with the default options.
///
/// ```
/// # fn main() -> migrate_core::Result<()> {
/// use diesel::{Connection, SqliteConnection};
///
/// let mut conn = SqliteConnection::establish(":memory:").unwrap();
/// let report = migrate_core::run_pending(&mut conn)?;
/// println!("{} migrations applied", report.migrations.len());
/// # Ok(())
/// # }
/// ```
pub fn run_pending(conn: &mut dyn MigrationConnection) -> Result<Report> {
    Migrator::new().run(conn)
}

impl Migrator {
    /// A Migrator with the default options: every registered migration, table `migrations`,
    /// locking on with a 60 second timeout, edited and missing migrations refused.
    pub fn new() -> Self {
        Migrator {
            table: DEFAULT_TABLE.to_owned(),
            module: None,
            namespace: None,
            pretend: false,
            step: false,
            fake: false,
            lock: true,
            lock_timeout: Duration::from_secs(60),
            lock_retry: LockRetry::default(),
            statement_timeout: Duration::ZERO,
            allow_drift: false,
            ignore_missing: false,
            strict_order: false,
            single_transaction: false,
            commit_window: DEFAULT_COMMIT_WINDOW,
            up_to: None,
            observer: None,
            rehearsing: false,
            derived: Arc::default(),
            lint_allow: Vec::new(),
            squashes: Arc::default(),
        }
    }

    /// Calls `observer` as each migration starts and finishes, for live progress output
    /// (`Migrating: <id>` … `Migrated: <id> (12 ms)`). Not called when pretending.
    pub fn on_event(mut self, observer: impl Fn(&Event<'_>) + Send + Sync + 'static) -> Self {
        self.observer = Some(Observer(Arc::new(observer)));
        self
    }

    /// Tells the observer, if any; pretend runs change nothing, so they tell nothing.
    pub(crate) fn emit(&self, event: Event<'_>) {
        if self.pretend {
            return;
        }
        if let Some(Observer(observer)) = &self.observer {
            observer(&event);
        }
    }

    /// The name of the repository table.
    pub fn table(mut self, name: impl Into<String>) -> Self {
        self.table = name.into();
        self
    }

    /// Only the migrations defined in `module_path` or below it (e.g. `"my_app::migrations"`),
    /// for applications with several databases, and for tests. Give each such set its own
    /// repository [`table`](Migrator::table), or the others' rows look missing.
    pub fn module(mut self, module_path: impl Into<String>) -> Self {
        self.module = Some(module_path.into());
        self
    }

    /// Returns the SQL that would run, and changes nothing.
    pub fn pretend(mut self, pretend: bool) -> Self {
        self.pretend = pretend;
        self
    }

    /// Runs all the migrations of one `run`, `rollback` or `reset` in a single transaction,
    /// under one lock: all or nothing. (`refresh` is a `reset` and a `run`: two
    /// transactions.) The lock is held until the commit, so concurrent runners wait for the
    /// whole call, within their lock timeout.
    ///
    /// Only where DDL is transactional (SQLite, PostgreSQL): on MySQL, and with a migration
    /// that opted out of transactions (`#[migration(transaction = false)]`), the call fails
    /// before anything runs.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use diesel::{Connection, SqliteConnection};
    /// use migrate_core::Migrator;
    ///
    /// let mut conn = SqliteConnection::establish(":memory:").unwrap();
    /// let report = Migrator::new().single_transaction(true).run(&mut conn)?;
    /// println!("{} migrations applied together", report.migrations.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn single_transaction(mut self, single_transaction: bool) -> Self {
        self.single_transaction = single_transaction;
        self
    }

    /// How long migrations may go on sharing one commit, where the dialect lets them: SQLite,
    /// where each commit costs disk syncs (four in its default rollback-journal mode) and a
    /// write transaction locks the whole database anyway. Default 100 ms. A migration that
    /// finishes once the window has passed commits with the ones before it. On PostgreSQL,
    /// where each migration commits on its own, the window is how long commits may go
    /// without waiting for their WAL flush: the first commit after it flushes (and so does
    /// the run's last, and a run that stops early).
    ///
    /// Each migration still runs in a savepoint of its own, with its repository row: one that
    /// fails (or panics) is undone alone, and the ones before it are committed, then its error
    /// is returned, as if each had committed on its own. If the shared commit itself fails (a
    /// deferred foreign key one of them broke, a full disk), all of them run again, each
    /// committed on its own, which names the one that fails and keeps the ones before it.
    ///
    /// What the window changes: a finished migration waits for its commit (or flush) up to
    /// the window plus the time of the migration after it, so a crash (power loss, a killed
    /// process) in that time loses it, and the next run applies it again; other writers wait
    /// as long. It is announced ([`Event::Finished`], the CLI's `Migrated:` line) only once
    /// that commit is durable, so no line printed is ever taken back by a crash.
    /// `Duration::ZERO` commits and flushes each migration on its own.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use std::time::Duration;
    ///
    /// use diesel::{Connection, SqliteConnection};
    /// use migrate_core::Migrator;
    ///
    /// let mut conn = SqliteConnection::establish(":memory:").unwrap();
    /// let each_on_its_own = Migrator::new().commit_window(Duration::ZERO);
    /// each_on_its_own.run(&mut conn)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn commit_window(mut self, window: Duration) -> Self {
        self.commit_window = window;
        self
    }

    /// Gives each migration of a run its own batch, so that `rollback` undoes one at a time.
    pub fn step(mut self, step: bool) -> Self {
        self.step = step;
        self
    }

    /// Records pending migrations as applied without running them (baseline): for adopting
    /// a database whose schema already has them.
    pub fn fake(mut self, fake: bool) -> Self {
        self.fake = fake;
        self
    }

    /// Whether to take the database-level migration lock (default on). Turn it off only for
    /// databases without advisory locks, where a single runner is guaranteed.
    pub fn lock(mut self, lock: bool) -> Self {
        self.lock = lock;
        self
    }

    /// How long to wait for another migrator's lock before failing (default 60 s).
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// How long each statement of a migration may wait for a lock on a table before it gives
    /// up (default 5 s; `Duration::ZERO`: no limit and no retries). An `ALTER TABLE` waiting
    /// behind a long transaction makes every query of the table wait behind it: the timeout
    /// bounds that outage. A migration that timed out is undone and run again (see
    /// [`Migrator::ddl_lock_retries`]).
    ///
    /// PostgreSQL: `SET LOCAL lock_timeout` in the migration's transaction (none for a
    /// migration with `transaction = false`: only a session setting would do, which a
    /// transaction-pooling proxy would leak to other clients; the run announces it with
    /// [`Event::WithoutTimeouts`]). MySQL and MariaDB: the session's
    /// `lock_wait_timeout`, in whole seconds (rounded up), put back after the migration.
    /// SQLite: none (its busy wait is [`Migrator::lock_timeout`]). A migration that needs
    /// another timeout sets its own first thing (PostgreSQL: `s.raw("set local lock_timeout =
    /// '30s'")`).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use migrate_core::Migrator;
    ///
    /// let migrator = Migrator::new()
    ///     .ddl_lock_timeout(Duration::from_secs(2))
    ///     .ddl_lock_retries(5)
    ///     .ddl_retry_delay(Duration::from_millis(500));
    /// # let _ = migrator;
    /// ```
    pub fn ddl_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_retry.timeout = timeout;
        self
    }

    /// How many times a migration that hit the [lock timeout](Migrator::ddl_lock_timeout) runs
    /// again (default 3), each time after a longer wait and with a timeout half the first one
    /// longer. Only when nothing of it stayed: on PostgreSQL and SQLite its transaction undid
    /// it; on MySQL, whose DDL commits statement by statement, only when the statement that
    /// waited was its first (otherwise it fails part way, marked dirty), and the same for a
    /// migration with `transaction = false`. In a [single
    /// transaction](Migrator::single_transaction) nothing is retried. Once the retries are
    /// spent, [`Error::LockedOut`] names the sessions holding the table, where the server can
    /// tell.
    pub fn ddl_lock_retries(mut self, retries: u32) -> Self {
        self.lock_retry.retries = retries;
        self
    }

    /// The wait before the first retry of a migration that hit the lock timeout (default
    /// 1 s); the wait before retry `n` is `n` times as long.
    pub fn ddl_retry_delay(mut self, delay: Duration) -> Self {
        self.lock_retry.delay = delay;
        self
    }

    /// Runs even when an applied migration was edited, with a notice instead of an error.
    pub fn allow_drift(mut self, allow: bool) -> Self {
        self.allow_drift = allow;
        self
    }

    /// Runs even when the database records migrations this program does not have.
    pub fn ignore_missing(mut self, ignore: bool) -> Self {
        self.ignore_missing = ignore;
        self
    }

    /// Makes [`Migrator::run`] apply only the pending migrations whose id is `id` or older
    /// (`cargo migrate run --to ID`).
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use diesel::{Connection, SqliteConnection};
    /// use migrate_core::Migrator;
    ///
    /// let mut conn = SqliteConnection::establish(":memory:").unwrap();
    /// let report = Migrator::new().module("no::such::module").up_to("m2026").run(&mut conn)?;
    /// assert!(report.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn up_to(mut self, id: impl Into<String>) -> Self {
        self.up_to = Some(id.into());
        self
    }

    /// Refuses to apply a pending migration older than the newest applied one (by default
    /// it runs, with a notice: the usual case of a merged branch).
    pub fn strict_order(mut self, strict: bool) -> Self {
        self.strict_order = strict;
        self
    }

    /// The registered migrations this Migrator works with, in order.
    pub fn migrations(&self) -> Result<Vec<Migration>> {
        registry::collect(self.module.as_deref())
    }

    fn repository(&self, dialect: Dialect) -> Repository<'_> {
        Repository::new(&self.table, dialect.grammar())
    }

    /// Runs a command's `work` on a connection that waits for a busy database up to the lock
    /// timeout (SQLite), before its first read; a wait that runs out is the lock timeout
    /// error, whichever statement it stopped.
    fn waiting<T>(
        &self,
        conn: &mut dyn MigrationConnection,
        work: impl FnOnce(&mut dyn MigrationConnection) -> Result<T>,
    ) -> Result<T> {
        self.prepare(conn)?;
        work(conn).map_err(|error| lock::timed_out(error, &self.table, self.lock_timeout))
    }

    /// Makes the connection wait for a busy database up to the lock timeout (SQLite).
    fn prepare(&self, conn: &mut dyn MigrationConnection) -> Result<()> {
        if let Some(sql) = conn
            .dialect()
            .grammar()
            .lock_wait_sql(self.lock_timeout.as_millis())
        {
            conn.batch_execute(&sql)
                .map_err(|source| Error::Database { sql, source })?;
        }
        Ok(())
    }

    /// Creates the repository table if it does not exist; returns whether it was created.
    pub fn install(&self, conn: &mut dyn MigrationConnection) -> Result<bool> {
        self.waiting(conn, |conn| {
            let repository = self.repository(conn.dialect());
            if repository.exists(conn)? {
                return Ok(false);
            }
            transaction::locked(self, conn, true, |conn| repository.install(conn))
        })
    }

    /// Whether the database is up to date: every migration applied with its current code,
    /// and nothing recorded that this program does not have. One query, whose rows (each
    /// row's id and, when applied, its checksum) are compared with the registered migrations
    /// by count and hash sum, without gathering the registry: the check `run` starts with,
    /// for readiness probes and tests. Anything else (pending, edited, missing or dirty)
    /// answers `false`; `run` or `status` say what it is.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use diesel::{Connection, SqliteConnection};
    /// use migrate_core::Migrator;
    ///
    /// let mut conn = SqliteConnection::establish(":memory:").unwrap();
    /// let migrator = Migrator::new().module("no::such::module");
    /// assert!(migrator.is_current(&mut conn)?, "nothing to apply, nothing recorded");
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_current(&self, conn: &mut dyn MigrationConnection) -> Result<bool> {
        let module = self.module.as_deref();
        self.waiting(conn, |conn| {
            let repository = self.repository(conn.dialect());
            match boot::all_applied(module, conn, &repository) {
                Ok(true) => Ok(true),
                Ok(false) => {
                    // Squashes make an up-to-date database's rows differ from the
                    // registrations: look closer only when there are any.
                    let migrations = &registry::registered(module)?.migrations;
                    if migrations.iter().all(|m| m.replaces().is_empty()) {
                        return Ok(false);
                    }
                    let records = repository.entries(conn)?;
                    Ok(squash::all_applied(migrations, &records))
                }
                Err(error) if lock::found_busy(&error) || repository.exists(conn)? => Err(error),
                Err(_) => Ok(registry::registered(module)?.migrations.is_empty()),
            }
        })
    }

    /// Applies every pending migration, in id order, as one batch.
    ///
    /// Each migration and its repository row commit in one transaction (unless it opted out
    /// with `#[migration(transaction = false)]`), under a database-level lock, so concurrent
    /// runners apply it exactly once. If one fails, it leaves no trace where the dialect has
    /// transactional DDL, the ones before it stay applied, and the error names it, its
    /// location and the failing SQL. Before anything runs, an edited, missing or dirty
    /// migration stops the run (see [`Migrator::allow_drift`], [`Migrator::ignore_missing`]).
    pub fn run(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        if let Some(report) = self.rehearsed(conn, |m, conn| m.run(conn))? {
            return Ok(report);
        }
        self.waiting(conn, |conn| self.run_pending(conn))
    }

    /// [`Migrator::run`], on a connection that waits for a busy database.
    fn run_pending(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        let repository = self.repository(conn.dialect());
        // The boot-time check of an up-to-date database is one query, its rows compared
        // with the registrations by digest, without gathering the registry
        // (`boot::all_applied`). Otherwise the columns that decide what is pending are read;
        // only when that fails is the repository table looked for (and created), so its
        // absence costs nothing dialect-specific to recognize.
        match boot::all_applied(self.module.as_deref(), conn, &repository) {
            Ok(true) => return Ok(Report::new(self.pretend)),
            // The wait for a busy database ran out: reading on would wait as long again.
            Err(error) if lock::found_busy(&error) => return Err(error),
            _ => {}
        }
        let registered = registry::registered(self.module.as_deref())?;
        let migrations = &registered.migrations;
        let records = match repository.entries(conn) {
            Ok(entries) => self.settle(conn, &repository, entries)?,
            Err(error) if lock::found_busy(&error) => return Err(error),
            Err(error) => {
                let created = if self.pretend {
                    !repository.exists(conn)?
                } else {
                    self.install(conn)?
                };
                if created {
                    Vec::new()
                } else if self.pretend {
                    // The table is there: the query failed for another reason.
                    return Err(error);
                } else {
                    // Another runner may have created the table meanwhile; a second failure
                    // is a real one.
                    let entries = repository.entries(conn)?;
                    self.settle(conn, &repository, entries)?
                }
            }
        };
        if let Some(dirty) = records.iter().find(|r| r.state == DIRTY) {
            return Err(self.dirty(conn, &repository, &dirty.id));
        }
        let mut report = Report::new(self.pretend);
        self.verify_repository(migrations, &records, &mut report)?;

        let applied: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        let newest = records.iter().map(|r| r.id.as_str()).max();
        let mut pending: Vec<&Migration> = migrations
            .iter()
            .filter(|m| !applied.contains(m.id()))
            .filter(|m| self.in_namespace(m))
            .filter(|m| self.up_to.as_deref().is_none_or(|last| m.id() <= last))
            .collect();
        self.wait_for_after(migrations, &applied, &mut pending)?;
        // The migrations a squash stands for are not pending: they are not run out of order.
        let mut squashes = squash::Squashes::default();
        let pending = squash::plan_run(migrations, &applied, pending, &mut squashes);
        let migrator = self.with_squashes(squashes);
        let recorded_only = &migrator.squashes.recorded_only;
        if let Some(newest) = newest {
            // A squash only recorded runs nothing: it is not out of order.
            let run = pending.iter().filter(|m| !recorded_only.contains(m.id()));
            for migration in run.filter(|m| m.id() < newest) {
                if self.strict_order {
                    return Err(Error::OutOfOrder {
                        origin: origin(migration),
                        newest: newest.to_owned(),
                    });
                }
                report.notices.push(format!(
                    "{} is older than the applied migration `{newest}` and runs out of order",
                    origin(migration)
                ));
            }
        }
        let batch = records.iter().map(|r| r.batch).max().unwrap_or(0) + 1;
        let plan: Vec<(&Migration, i32)> = pending
            .into_iter()
            .zip(batch..)
            .map(|(migration, next)| {
                let batch = if self.step { next } else { batch };
                if recorded_only.contains(migration.id()) {
                    (
                        migration,
                        squash::recorded_batch(migration, &records, batch),
                    )
                } else {
                    (migration, batch)
                }
            })
            .collect();
        // A `change` that could not be rolled back is refused before it is applied.
        reverse::verify(&migrator, conn.dialect(), &plan)?;
        migrator.execute_plan(conn, &repository, &plan, Kind::Up, &mut report)?;
        Ok(report)
    }

    /// This Migrator, told what `squashes` changes for the run or rollback at hand.
    fn with_squashes(&self, squashes: squash::Squashes) -> std::borrow::Cow<'_, Migrator> {
        if squashes.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut migrator = self.clone();
        migrator.squashes = Arc::new(squashes);
        std::borrow::Cow::Owned(migrator)
    }

    /// Applies or rolls back each (migration, batch) of `plan` in order: each in its own
    /// unit of work, or all in one with [`Migrator::single_transaction`].
    fn execute_plan(
        &self,
        conn: &mut dyn MigrationConnection,
        repository: &Repository<'_>,
        plan: &[(&Migration, i32)],
        kind: Kind,
        report: &mut Report,
    ) -> Result<()> {
        if !self.single_transaction || self.pretend || plan.is_empty() {
            return self.execute_each(conn, repository, plan, kind, report);
        }
        let dialect = conn.dialect();
        if !dialect.supports_transactional_ddl() {
            return Err(Error::Unsupported {
                dialect: dialect.name(),
                operation: "running migrations in a single transaction (its DDL commits \
                            implicitly, statement by statement)"
                    .into(),
            });
        }
        let opted_out = |m: &Migration| m.registration(kind).is_some_and(|r| !r.transaction);
        if let Some((migration, _)) = plan.iter().find(|(m, _)| opted_out(m)) {
            return Err(Error::NotTransactional {
                origin: origin(migration),
            });
        }
        let needed = |recorded: &HashSet<&str>, id: &str| still_needed(recorded, id, kind);
        let none_needed =
            |recorded: &HashSet<&str>| plan.iter().all(|(m, _)| !needed(recorded, m.id()));
        let outcome = transaction::locked(self, conn, true, |conn| {
            // Another runner may have done some of them before this one took the lock, and
            // new migrations take their batch number from what is recorded now.
            let recorded = repository.entries(conn)?;
            if kind == Kind::Down {
                self.refuse_newer_than(&recorded, plan)?;
            }
            let recorded_ids = recorded_ids(&recorded);
            let shift = match kind {
                Kind::Up => recorded.iter().map(|e| e.batch).max().unwrap_or(0) + 1 - plan[0].1,
                Kind::Down => 0,
            };
            let mut ran = Vec::with_capacity(plan.len());
            for &(migration, batch) in plan {
                if !needed(&recorded_ids, migration.id()) {
                    continue;
                }
                let batch = batch + shift;
                let done = unit::execute(
                    self,
                    conn,
                    repository,
                    migration,
                    kind,
                    batch,
                    Scope::Caller,
                )?;
                ran.extend(done);
            }
            Ok(ran)
        });
        let ran = match outcome {
            Ok(ran) => ran,
            // Everything rolled back. If another runner did all of it meanwhile (a snapshot
            // older than its commit let ours collide with it), there is nothing left to do.
            Err(error) => match repository.entries(conn) {
                Ok(recorded) if none_needed(&recorded_ids(&recorded)) => Vec::new(),
                _ => return Err(error),
            },
        };
        // Nothing is applied before the commit: the observer hears of them after it.
        for ran in ran {
            self.emit(Event::Finished(&ran));
            report.migrations.push(ran);
        }
        Ok(())
    }

    /// Runs each migration of `plan` in a unit of work of its own, its commits made cheaper
    /// where the dialect allows (see [`commits`]): whatever the run reports as done is as
    /// durable when it returns as if each commit had been flushed on its own.
    fn execute_each(
        &self,
        conn: &mut dyn MigrationConnection,
        repository: &Repository<'_>,
        plan: &[(&Migration, i32)],
        kind: Kind,
        report: &mut Report,
    ) -> Result<()> {
        let mut commits = Commits::start(conn, self.commit_window, report);
        let grouped = !self.pretend
            && self.commit_window > Duration::ZERO
            && conn.dialect().grammar().groups_commits();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| -> Result<()> {
            let mut index = 0;
            // Migrations before this one run each on its own: their shared commit failed.
            let mut alone_until = 0;
            while let Some(&(migration, batch)) = plan.get(index) {
                if grouped && index >= alone_until && group::can_share_a_commit(migration, kind) {
                    let grouped = group::run(self, conn, repository, &plan[index..], kind, report);
                    // A shared commit is a flushed one: it covers the commits before it.
                    commits.committed(true, self, report);
                    match grouped? {
                        Grouped::Committed(through) => index += through,
                        Grouped::Undone(through) => alone_until = index + through,
                    }
                    continue;
                }
                index += 1;
                // Pretending commits nothing.
                let durable = self.pretend || commits.must_flush(index == plan.len());
                let scope = Scope::Own { durable };
                let done = unit::execute(self, conn, repository, migration, kind, batch, scope)?;
                let done_here = done.is_some();
                report.migrations.extend(done);
                // Done by another runner, whose commit may not be flushed yet: flush it too.
                commits.committed(durable && done_here, self, report);
            }
            Ok(())
        }));
        let ran = matches!(outcome, Ok(Ok(())));
        let finished = commits.finish(conn, ran, self, report);
        outcome.unwrap_or_else(|panic| panic::resume_unwind(panic))?;
        finished
    }

    /// Rolls back the last batch, or the last `steps` migrations when `steps` is `Some`.
    ///
    /// A recorded squash counts as one migration with the migrations it replaces: rolled
    /// back, it runs its own `down` and deletes their rows too.
    pub fn rollback(
        &self,
        conn: &mut dyn MigrationConnection,
        steps: Option<usize>,
    ) -> Result<Report> {
        if let Some(report) = self.rehearsed(conn, |m, conn| m.rollback(conn, steps))? {
            return Ok(report);
        }
        self.waiting(conn, |conn| {
            let repository = self.repository(conn.dialect());
            let records = self.settled_records(conn, &repository)?;
            let ours = self.namespace_records(&records)?;
            let chosen: Vec<Record> = match steps {
                Some(steps) => squash::last_steps(&self.migrations()?, &ours, steps),
                None => {
                    let last = ours.iter().map(|r| r.batch).max();
                    ours.iter()
                        .rev()
                        .filter(|r| Some(r.batch) == last)
                        .cloned()
                        .collect()
                }
            };
            self.check_dependents(&records, &chosen)?;
            self.roll_back(conn, &records, chosen)
        })
    }

    /// Rolls back every applied migration, newest first.
    pub fn reset(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        if let Some(report) = self.rehearsed(conn, |m, conn| m.reset(conn))? {
            return Ok(report);
        }
        self.waiting(conn, |conn| {
            let repository = self.repository(conn.dialect());
            let records = self.settled_records(conn, &repository)?;
            let chosen = self
                .namespace_records(&records)?
                .into_iter()
                .rev()
                .collect::<Vec<_>>();
            self.check_dependents(&records, &chosen)?;
            self.roll_back(conn, &records, chosen)
        })
    }

    /// Rolls back everything, then applies everything: [`Migrator::reset`] + [`Migrator::run`].
    pub fn refresh(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        if let Some(report) = self.rehearsed(conn, |m, conn| m.refresh(conn))? {
            return Ok(report);
        }
        let mut report = self.reset(conn)?;
        let run = self.run(conn)?;
        report.migrations.extend(run.migrations);
        report.notices.extend(run.notices);
        Ok(report)
    }

    /// Drops every table (the repository's too), then applies every migration. For
    /// development databases: nothing of the old data survives.
    pub fn fresh(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        if let Some(report) = self.rehearsed(conn, |m, conn| m.fresh(conn))? {
            return Ok(report);
        }
        self.waiting(conn, |conn| self.drop_all_then_run(conn))
    }

    /// [`Migrator::fresh`], on a connection that waits for a busy database.
    fn drop_all_then_run(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        let mut dropped = if self.pretend {
            Schema::pretending(conn)
        } else {
            Schema::new(conn)
        };
        dropped.drop_all_tables()?;
        let statements = dropped.into_statements();
        let mut report = if self.pretend {
            // Pretending, the tables still exist: show every migration as it would run.
            self.run_all_pretending(conn)?
        } else {
            self.run(conn)?
        };
        if !statements.is_empty() {
            report
                .notices
                .insert(0, format!("dropped every table: {}", statements.join("; ")));
        }
        Ok(report)
    }

    /// Every migration as it would run on an empty database, changing nothing.
    fn run_all_pretending(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        let migrations = self.migrations()?;
        let repository = self.repository(conn.dialect());
        let mut report = Report::new(true);
        for migration in &migrations {
            if let Some(ran) = unit::execute(
                self,
                conn,
                &repository,
                migration,
                Kind::Up,
                1,
                Scope::Own { durable: true },
            )? {
                report.migrations.push(ran);
            }
        }
        Ok(report)
    }

    /// Every migration known to the code or the database, in the order they run (by id, a
    /// migration declared `after` another behind it); one known only to the database is
    /// listed by its id among them.
    pub fn status(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<MigrationStatus>> {
        let migrations = self.migrations()?;
        let records = self.waiting(conn, |conn| self.repository(conn.dialect()).records(conn))?;
        let standing_for = squash::standing_for(&migrations, &records);
        let replaced_by = |id: &str| standing_for.get(id).map(|s| (*s).to_owned());
        let mut by_id: HashMap<&str, &Record> =
            records.iter().map(|r| (r.id.as_str(), r)).collect();
        let status: Vec<MigrationStatus> = migrations
            .iter()
            .map(|m| {
                let record = by_id.remove(m.id());
                MigrationStatus {
                    id: m.id().to_owned(),
                    location: Some(m.location()),
                    changed: record.is_some_and(|r| r.checksum != m.checksum()),
                    applied: record.map(Applied::from),
                    replaced_by: replaced_by(m.id()),
                    replaces: m.replaces().iter().map(|id| (*id).to_owned()).collect(),
                }
            })
            .collect();
        let mut unknown: Vec<MigrationStatus> = by_id
            .into_values()
            .map(|r| MigrationStatus {
                id: r.id.clone(),
                location: None,
                changed: false,
                applied: Some(Applied::from(r)),
                replaced_by: replaced_by(&r.id),
                replaces: Vec::new(),
            })
            .collect();
        unknown.sort_by(|a, b| a.id.cmp(&b.id));
        // Merged by id into the run order, which without `after` is id order too.
        let mut unknown = unknown.into_iter().peekable();
        let mut merged = Vec::with_capacity(status.len() + unknown.len());
        for known in status {
            while let Some(record) = unknown.next_if(|u| u.id < known.id) {
                merged.push(record);
            }
            merged.push(known);
        }
        merged.extend(unknown);
        if self.namespace.is_some() {
            merged.retain(|s| self.records_in_namespace(&s.id, &migrations));
        }
        Ok(merged)
    }

    /// Accepts the current code of edited migrations: re-stamps their stored checksums.
    /// Returns the ids that changed. For deliberate, cosmetic edits only.
    pub fn repair(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<String>> {
        let migrations = self.migrations()?;
        let by_id: HashMap<&str, &Migration> = migrations.iter().map(|m| (m.id(), m)).collect();
        self.waiting(conn, |conn| {
            let repository = self.repository(conn.dialect());
            let records = repository.records(conn)?;
            let mut repaired = Vec::new();
            for record in &records {
                if let Some(migration) = by_id.get(record.id.as_str()) {
                    if record.checksum != migration.checksum() {
                        if !self.pretend {
                            repository.set_checksum(conn, &record.id, migration.checksum())?;
                        }
                        repaired.push(record.id.clone());
                    }
                }
            }
            Ok(repaired)
        })
    }

    /// Settles a migration that failed part way (see [`Error::Partial`]) once the operator
    /// has repaired the schema by hand.
    pub fn resolve(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
        resolution: Resolution,
    ) -> Result<()> {
        self.waiting(conn, |conn| {
            let repository = self.repository(conn.dialect());
            let records = repository.records(conn)?;
            match records.iter().find(|r| r.id == id) {
                Some(record) if record.state == DIRTY => match resolution {
                    // A claim a runner died in keeps the time as "still running": put it back.
                    Resolution::Applied if record.execution_ms < 0 => {
                        repository.mark(conn, id, APPLIED, running_ms(record.execution_ms))
                    }
                    Resolution::Applied => repository.set_state(conn, id, APPLIED),
                    Resolution::RolledBack => repository.delete(conn, id).map(drop),
                },
                Some(_) => Err(Error::Registry(format!(
                    "migration `{id}` is not dirty; only a migration that failed part way can be resolved"
                ))),
                None => Err(Error::Registry(format!("migration `{id}` is not recorded in table `{}`", self.table))),
            }
        })
    }

    /// Forgets the record of a migration that is no longer in this program (its file was
    /// deleted for good): the way out of [`Error::Missing`] other than deploying its code.
    /// Only its row is deleted; what it did to the schema stays. A migration the program
    /// has is refused: roll it back instead.
    pub fn forget(&self, conn: &mut dyn MigrationConnection, id: &str) -> Result<()> {
        let repository = self.repository(conn.dialect());
        if !repository.records(conn)?.iter().any(|r| r.id == id) {
            return Err(Error::Registry(format!(
                "migration `{id}` is not recorded in table `{}`",
                self.table
            )));
        }
        if self.migrations()?.iter().any(|m| m.id() == id) {
            return Err(Error::Registry(format!(
                "migration `{id}` is in this program: roll it back instead of forgetting it"
            )));
        }
        repository.delete(conn, id).map(drop)
    }

    /// The repository's entries. A dirty one may be a migration another runner is applying
    /// right now: then the entries are read again under the lock, once it is done.
    fn settle(
        &self,
        conn: &mut dyn MigrationConnection,
        repository: &Repository<'_>,
        entries: Vec<Entry>,
    ) -> Result<Vec<Entry>> {
        if self.pretend || !self.lock || entries.iter().all(|r| r.state != DIRTY) {
            return Ok(entries);
        }
        claim::wait_while_running(self, conn, repository)?;
        transaction::locked(self, conn, true, |conn| repository.entries(conn))
    }

    /// The full records, settled the same way as [`Migrator::settle`].
    fn settled_records(
        &self,
        conn: &mut dyn MigrationConnection,
        repository: &Repository<'_>,
    ) -> Result<Vec<Record>> {
        let records = repository.records(conn)?;
        if self.pretend || !self.lock || records.iter().all(|r| r.state != DIRTY) {
            return Ok(records);
        }
        claim::wait_while_running(self, conn, repository)?;
        transaction::locked(self, conn, true, |conn| repository.records(conn))
    }

    /// Refuses to roll back `plan` when a migration it does not include was recorded after
    /// its oldest one (another runner applied it after the plan was made): undoing the plan
    /// would pull the schema out from under it.
    fn refuse_newer_than(&self, recorded: &[Entry], plan: &[(&Migration, i32)]) -> Result<()> {
        let planned: HashSet<&str> = plan.iter().map(|(m, _)| m.id()).collect();
        let oldest = plan.iter().map(|&(m, batch)| (batch, m.id())).min();
        match recorded
            .iter()
            .filter(|e| !planned.contains(e.id.as_str()))
            .find(|e| Some((e.batch, e.id.as_str())) > oldest)
        {
            Some(newer) => Err(Error::Overtaken {
                table: self.table.clone(),
                id: newer.id.clone(),
                batch: newer.batch,
            }),
            None => Ok(()),
        }
    }

    /// The error for a dirty migration, with when it failed.
    fn dirty(
        &self,
        conn: &mut dyn MigrationConnection,
        repository: &Repository<'_>,
        id: &str,
    ) -> Error {
        let at = repository
            .records(conn)
            .ok()
            .and_then(|records| records.into_iter().find(|r| r.id == id))
            .map(|r| r.applied_at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_else(|| "an earlier run".into());
        Error::Dirty {
            id: id.to_owned(),
            at,
        }
    }

    /// Refuses, before anything changes, to work on a repository with a dirty migration, an
    /// edited one or one this program does not have (unless allowed).
    fn verify_repository(
        &self,
        migrations: &[Migration],
        records: &[Entry],
        report: &mut Report,
    ) -> Result<()> {
        squash::check_recordable(migrations, records)?;
        let by_id: HashMap<&str, &Migration> = migrations.iter().map(|m| (m.id(), m)).collect();
        let replaced_by = squash::replaced_by(migrations);
        let mut missing = Vec::new();
        for record in records {
            match by_id.get(record.id.as_str()) {
                None if squash::accounted_for(&record.id, &replaced_by, records) => {}
                None => missing.push(record.id.clone()),
                Some(migration) if migration.checksum() != record.checksum => {
                    let error = Error::Drift {
                        origin: origin(migration),
                        recorded: record.checksum.clone(),
                        current: migration.checksum().to_owned(),
                    };
                    if !self.allow_drift {
                        return Err(error);
                    }
                    report.notices.push(error.to_string());
                }
                Some(_) => {}
            }
        }
        if !missing.is_empty() {
            let error = Error::Missing {
                table: self.table.clone(),
                ids: missing,
            };
            if !self.ignore_missing {
                return Err(error);
            }
            report.notices.push(error.to_string());
        }
        Ok(())
    }

    /// Rolls back `chosen` in the given order, after checking that every one can be.
    fn roll_back(
        &self,
        conn: &mut dyn MigrationConnection,
        records: &[Record],
        chosen: Vec<Record>,
    ) -> Result<Report> {
        let migrations = self.migrations()?;
        let mut report = Report::new(self.pretend);
        if let Some(dirty) = records.iter().find(|r| r.state == DIRTY) {
            return Err(Error::Dirty {
                id: dirty.id.clone(),
                at: dirty.applied_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            });
        }
        let by_id: HashMap<&str, &Migration> = migrations.iter().map(|m| (m.id(), m)).collect();
        let mut squashes = squash::Squashes::default();
        let chosen = squash::plan_rollback(&migrations, records, chosen, &mut squashes);
        let mut plan = Vec::with_capacity(chosen.len());
        for record in &chosen {
            let Some(migration) = by_id.get(record.id.as_str()) else {
                return Err(Error::Registry(format!(
                    "migration `{}` (batch {}) is recorded in table `{}` but missing from this program; \
                     it cannot be rolled back (deploy the code that has it, or remove its row by hand)",
                    record.id, record.batch, self.table
                )));
            };
            if migration.checksum() != record.checksum {
                let error = Error::Drift {
                    origin: origin(migration),
                    recorded: record.checksum.clone(),
                    current: migration.checksum().to_owned(),
                };
                if !self.allow_drift {
                    return Err(error);
                }
                report.notices.push(error.to_string());
            }
            if !migration.is_reversible() {
                return Err(Error::Registry(format!(
                    "migration `{}` ({}) has no `down` function, so it cannot be rolled back",
                    record.id,
                    migration.location()
                )));
            }
            plan.push((&**migration, record.batch));
        }
        let repository = self.repository(conn.dialect());
        let migrator = reverse::deriving(&self.with_squashes(squashes), conn.dialect(), &plan)?;
        migrator.execute_plan(conn, &repository, &plan, Kind::Down, &mut report)?;
        Ok(report)
    }
}

fn origin(migration: &Migration) -> Origin {
    Origin {
        id: migration.id(),
        file: migration.file(),
        line: migration.line(),
    }
}

//! The Migrator: run, roll back, reset, refresh, report status, pretend.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::connection::{MigrationConnection, Record};
use crate::error::Origin;
use crate::migration::Kind;
use crate::registry::{self, Migration};
use crate::repository::Repository;
use crate::schema::{Dialect, Schema};
use crate::{Error, Result};

/// The default name of the repository table.
pub const DEFAULT_TABLE: &str = "migrations";

/// Which way a migration ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `up`: applied.
    Up,
    /// `down`: rolled back.
    Down,
}

/// One migration that ran (or, when pretending, would have run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// The migration id.
    pub id: String,
    /// Applied or rolled back.
    pub direction: Direction,
    /// The batch it was applied in (or removed from).
    pub batch: i32,
    /// How long it took (zero when pretending).
    pub duration: Duration,
    /// The SQL it executed (or would execute), repository bookkeeping last.
    pub statements: Vec<String>,
}

/// What one Migrator operation did, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The migrations that ran, in the order they ran.
    pub migrations: Vec<Ran>,
    /// Whether this was a pretend run (nothing was changed).
    pub pretend: bool,
}

impl Report {
    /// The ids that ran, in order.
    pub fn ids(&self) -> Vec<&str> {
        self.migrations.iter().map(|m| m.id.as_str()).collect()
    }

    /// Whether nothing ran.
    pub fn is_empty(&self) -> bool {
        self.migrations.is_empty()
    }
}

/// How an applied migration was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The batch it was applied in.
    pub batch: i32,
    /// When (UTC).
    pub applied_at: chrono::NaiveDateTime,
    /// How long it took, in milliseconds.
    pub execution_ms: i64,
    /// The checksum recorded when it ran.
    pub checksum: String,
}

/// The state of one migration: in the code, in the database, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// The migration id.
    pub id: String,
    /// `file:line` of its `up` function; `None` when the code no longer has it.
    pub location: Option<String>,
    /// Its repository record, if it was applied.
    pub applied: Option<Applied>,
    /// Applied, but its `up` function has changed since (checksums differ).
    pub changed: bool,
}

impl MigrationStatus {
    /// Whether it has been applied.
    pub fn is_applied(&self) -> bool {
        self.applied.is_some()
    }

    /// Whether it is recorded in the database but missing from the code.
    pub fn is_missing(&self) -> bool {
        self.location.is_none()
    }
}

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
    pretend: bool,
    step: bool,
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
    /// A Migrator with the default options: every registered migration, table `migrations`.
    pub fn new() -> Self {
        Migrator {
            table: DEFAULT_TABLE.to_owned(),
            module: None,
            pretend: false,
            step: false,
        }
    }

    /// The name of the repository table.
    pub fn table(mut self, name: impl Into<String>) -> Self {
        self.table = name.into();
        self
    }

    /// Only the migrations defined in `module_path` or below it (e.g. `"my_app::migrations"`),
    /// for applications with several databases, and for tests.
    pub fn module(mut self, module_path: impl Into<String>) -> Self {
        self.module = Some(module_path.into());
        self
    }

    /// Returns the SQL that would run, and changes nothing.
    pub fn pretend(mut self, pretend: bool) -> Self {
        self.pretend = pretend;
        self
    }

    /// Gives each migration of a run its own batch, so that `rollback` undoes one at a time.
    pub fn step(mut self, step: bool) -> Self {
        self.step = step;
        self
    }

    /// The registered migrations this Migrator works with, in order.
    pub fn migrations(&self) -> Result<Vec<Migration>> {
        registry::collect(self.module.as_deref())
    }

    fn repository(&self, dialect: Dialect) -> Repository<'_> {
        Repository::new(&self.table, dialect.grammar())
    }

    /// Creates the repository table if it does not exist; returns whether it was created.
    pub fn install(&self, conn: &mut dyn MigrationConnection) -> Result<bool> {
        self.repository(conn.dialect()).install(conn)
    }

    /// Applies every pending migration, in id order, as one batch.
    ///
    /// Each migration and its repository row commit in one transaction (unless it opted out
    /// with `#[migration(transaction = false)]`). If one fails, it leaves no trace, the ones
    /// before it stay applied, and the error names it, its location and the failing SQL.
    pub fn run(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        let migrations = self.migrations()?;
        let repository = self.repository(conn.dialect());
        if !self.pretend {
            repository.install(conn)?;
        }
        let records = repository.records(conn)?;
        let applied: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        let mut batch = records.iter().map(|r| r.batch).max().unwrap_or(0) + 1;
        let mut report = Report {
            migrations: Vec::new(),
            pretend: self.pretend,
        };
        for migration in migrations.iter().filter(|m| !applied.contains(m.id())) {
            report
                .migrations
                .push(self.execute(conn, &repository, migration, Kind::Up, batch)?);
            if self.step {
                batch += 1;
            }
        }
        Ok(report)
    }

    /// Rolls back the last batch, or the last `steps` migrations when `steps` is `Some`.
    pub fn rollback(
        &self,
        conn: &mut dyn MigrationConnection,
        steps: Option<usize>,
    ) -> Result<Report> {
        let records = self.repository(conn.dialect()).records(conn)?;
        let chosen: Vec<Record> = match steps {
            Some(steps) => records.into_iter().rev().take(steps).collect(),
            None => {
                let last = records.iter().map(|r| r.batch).max();
                records
                    .into_iter()
                    .rev()
                    .filter(|r| Some(r.batch) == last)
                    .collect()
            }
        };
        self.roll_back(conn, chosen)
    }

    /// Rolls back every applied migration, newest first.
    pub fn reset(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        let records = self.repository(conn.dialect()).records(conn)?;
        self.roll_back(conn, records.into_iter().rev().collect())
    }

    /// Rolls back everything, then applies everything: [`Migrator::reset`] + [`Migrator::run`].
    pub fn refresh(&self, conn: &mut dyn MigrationConnection) -> Result<Report> {
        let mut report = self.reset(conn)?;
        report.migrations.extend(self.run(conn)?.migrations);
        Ok(report)
    }

    /// Every migration known to the code or the database, in id order.
    pub fn status(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<MigrationStatus>> {
        let migrations = self.migrations()?;
        let records = self.repository(conn.dialect()).records(conn)?;
        let mut by_id: HashMap<&str, &Record> =
            records.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut status: Vec<MigrationStatus> = migrations
            .iter()
            .map(|m| {
                let record = by_id.remove(m.id());
                MigrationStatus {
                    id: m.id().to_owned(),
                    location: Some(m.location()),
                    changed: record.is_some_and(|r| r.checksum != m.checksum()),
                    applied: record.map(applied),
                }
            })
            .collect();
        status.extend(by_id.into_values().map(|r| MigrationStatus {
            id: r.id.clone(),
            location: None,
            changed: false,
            applied: Some(applied(r)),
        }));
        status.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(status)
    }

    /// Rolls back `records` in the given order, after checking that every one can be.
    fn roll_back(
        &self,
        conn: &mut dyn MigrationConnection,
        records: Vec<Record>,
    ) -> Result<Report> {
        let migrations = self.migrations()?;
        let by_id: HashMap<&str, &Migration> = migrations.iter().map(|m| (m.id(), m)).collect();
        let mut plan = Vec::with_capacity(records.len());
        for record in &records {
            let Some(migration) = by_id.get(record.id.as_str()) else {
                return Err(Error::Registry(format!(
                    "migration `{}` (batch {}) is recorded in table `{}` but missing from this program; \
                     it cannot be rolled back (deploy the code that has it, or remove its row by hand)",
                    record.id, record.batch, self.table
                )));
            };
            if !migration.is_reversible() {
                return Err(Error::Registry(format!(
                    "migration `{}` ({}) has no `down` function, so it cannot be rolled back",
                    record.id,
                    migration.location()
                )));
            }
            plan.push((*migration, record.batch));
        }
        let repository = self.repository(conn.dialect());
        let mut report = Report {
            migrations: Vec::new(),
            pretend: self.pretend,
        };
        for (migration, batch) in plan {
            report.migrations.push(self.execute(
                conn,
                &repository,
                migration,
                Kind::Down,
                batch,
            )?);
        }
        Ok(report)
    }

    /// Runs one function of one migration with its bookkeeping, in a transaction if it wants one.
    fn execute(
        &self,
        conn: &mut dyn MigrationConnection,
        repository: &Repository<'_>,
        migration: &Migration,
        kind: Kind,
        batch: i32,
    ) -> Result<Ran> {
        let (function, registration) = migration.function(kind).ok_or_else(|| {
            Error::Registry(format!(
                "migration `{}` has no `down` function",
                migration.id()
            ))
        })?;
        let action = match kind {
            Kind::Up => "applying",
            Kind::Down => "rolling back",
        };
        let origin = Origin {
            id: migration.id().to_owned(),
            location: registration.location(),
        };
        let transactional = registration.transaction && !self.pretend;
        if transactional {
            conn.begin().map_err(|source| Error::Database {
                sql: "BEGIN".into(),
                source,
            })?;
        }
        let started = Instant::now();
        let outcome = self.execute_in(conn, repository, migration, function, kind, batch, started);
        match outcome {
            Ok(statements) => {
                if transactional {
                    conn.commit().map_err(|source| Error::Statement {
                        action,
                        origin: origin.clone(),
                        sql: "COMMIT".into(),
                        source,
                    })?;
                }
                Ok(Ran {
                    id: migration.id().to_owned(),
                    direction: match kind {
                        Kind::Up => Direction::Up,
                        Kind::Down => Direction::Down,
                    },
                    batch,
                    duration: if self.pretend {
                        Duration::ZERO
                    } else {
                        started.elapsed()
                    },
                    statements,
                })
            }
            Err(error) => {
                if transactional {
                    // The original error matters more than a failed rollback.
                    let _ = conn.rollback();
                }
                Err(match error {
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
                })
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn execute_in(
        &self,
        conn: &mut dyn MigrationConnection,
        repository: &Repository<'_>,
        migration: &Migration,
        function: crate::migration::MigrationFn,
        kind: Kind,
        batch: i32,
        started: Instant,
    ) -> Result<Vec<String>> {
        let mut schema = if self.pretend {
            Schema::pretending(conn)
        } else {
            Schema::new(conn)
        };
        function(&mut schema)?;
        let mut statements = schema.into_statements();
        if self.pretend {
            statements.push(match kind {
                Kind::Up => repository.insert_sql()?,
                Kind::Down => repository.delete_sql()?,
            });
            return Ok(statements);
        }
        match kind {
            Kind::Up => {
                let record = Record {
                    id: migration.id().to_owned(),
                    batch,
                    checksum: migration.checksum().to_owned(),
                    applied_at: chrono::Utc::now().naive_utc(),
                    execution_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
                };
                repository.insert(conn, &record)?;
                statements.push(repository.insert_sql()?);
            }
            Kind::Down => {
                repository.delete(conn, migration.id())?;
                statements.push(repository.delete_sql()?);
            }
        }
        Ok(statements)
    }
}

fn applied(record: &Record) -> Applied {
    Applied {
        batch: record.batch,
        applied_at: record.applied_at,
        execution_ms: record.execution_ms,
        checksum: record.checksum.clone(),
    }
}

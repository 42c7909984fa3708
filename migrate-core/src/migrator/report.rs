//! What Migrator operations return: reports of what ran, and the status of each migration.

use std::time::Duration;

use crate::connection::Record;
use crate::repository::DIRTY;

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
    /// How long it took (zero when pretending or faking).
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
    /// Things the operator should know that did not stop the run: a migration applied out of
    /// order, an edited migration allowed by `allow_drift`, missing ones ignored.
    pub notices: Vec<String>,
}

impl Report {
    pub(crate) fn new(pretend: bool) -> Self {
        Report {
            migrations: Vec::new(),
            pretend,
            notices: Vec::new(),
        }
    }

    /// The ids that ran, in order.
    pub fn ids(&self) -> Vec<&str> {
        self.migrations.iter().map(|m| m.id.as_str()).collect()
    }

    /// Whether nothing ran.
    pub fn is_empty(&self) -> bool {
        self.migrations.is_empty()
    }
}

/// A migration starting or finishing, for live output (see [`crate::Migrator::on_event`]).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A migration is about to run, not yet recorded. On PostgreSQL the lock is taken by
    /// its first batch, after this: should another runner have done it meanwhile, no
    /// `Finished` follows. Outside a transaction there, this runner has claimed it.
    Starting {
        /// The migration id.
        id: &'a str,
        /// Applying or rolling back.
        direction: Direction,
    },
    /// A migration ran, with its repository row, and was committed, and that commit is
    /// durable: a crash of the process or of the server can no longer take it back. So it
    /// can come some time after the migration's own `Starting` (with later migrations'
    /// `Starting` in between): on SQLite, migrations that finish within the commit window
    /// share one commit ([`crate::Migrator::commit_window`]) and are announced together
    /// after it; on PostgreSQL, commits within the window are flushed by a later one, and
    /// announced after that flush. The [`Report`] lists the same migrations.
    Finished(&'a Ran),
    /// A migration waited for a table's lock longer than its lock timeout, was undone, and
    /// runs again after `delay` with a longer timeout
    /// ([`crate::Migrator::ddl_lock_timeout`]); a `Starting` follows.
    Retrying {
        /// The migration id.
        id: &'a str,
        /// The attempt about to start (the first retry is attempt 2).
        attempt: u32,
        /// How many attempts there are at most.
        attempts: u32,
        /// The lock timeout of the attempt about to start.
        timeout: std::time::Duration,
        /// How long it waits before it starts.
        delay: std::time::Duration,
    },
    /// A migration is about to run without the DDL lock timeout and the statement timeout
    /// that the run sets ([`crate::Migrator::ddl_lock_timeout`],
    /// [`crate::Migrator::statement_timeout`]): the dialect sets them only in a transaction,
    /// and the migration opted out of one (`transaction = false` on PostgreSQL, where a
    /// session setting would outlive it behind a transaction-pooling proxy such as
    /// PgBouncer). Its statements wait for a table's lock, and run, as long as they take.
    /// Its `Starting` follows.
    WithoutTimeouts {
        /// The migration id.
        id: &'a str,
    },
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
    /// It failed part way outside a transaction and awaits `resolve`.
    pub dirty: bool,
}

impl From<&Record> for Applied {
    fn from(record: &Record) -> Self {
        Applied {
            batch: record.batch,
            applied_at: record.applied_at,
            execution_ms: record.execution_ms,
            checksum: record.checksum.clone(),
            dirty: record.state == DIRTY,
        }
    }
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
    /// The squash that stands for it on this database: it will not run (or its row is
    /// accounted for) because the squash ran or will run instead, or was recorded after it.
    /// `None` for a migration no squash replaces, and for one that is still to run on its
    /// own (its database applied others of its squash).
    pub replaced_by: Option<String>,
    /// For a squash, the ids of the migrations it replaces; empty otherwise.
    pub replaces: Vec<String>,
}

impl MigrationStatus {
    /// Whether it has been applied.
    pub fn is_applied(&self) -> bool {
        self.applied.is_some()
    }

    /// Whether it is recorded in the database but missing from the code (and no squash
    /// accounts for it).
    pub fn is_missing(&self) -> bool {
        self.location.is_none() && self.replaced_by.is_none()
    }

    /// Whether it will not run on this database, its squash standing for it.
    pub fn is_skipped(&self) -> bool {
        self.applied.is_none() && self.replaced_by.is_some()
    }

    /// For a squash: whether this database no longer needs the files of the migrations it
    /// replaces (the squash is recorded as applied). They can be deleted once every database
    /// the code runs against says so. `None` for a migration that is not a squash.
    pub fn replaced_files_deletable(&self) -> Option<bool> {
        (!self.replaces.is_empty()).then(|| self.applied.as_ref().is_some_and(|a| !a.dirty))
    }

    /// Whether it failed part way and awaits `resolve`.
    pub fn is_dirty(&self) -> bool {
        self.applied.as_ref().is_some_and(|a| a.dirty)
    }
}

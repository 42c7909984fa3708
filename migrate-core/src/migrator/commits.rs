//! Cheaper commits for a run of migrations, each in its own transaction, that never report
//! more than a crash would keep: every commit but the run's last, and one per commit window,
//! leaves its flush to a later one ([`Grammar::unflushed_commit_sql`]); a run that stops early
//! flushes them itself ([`Grammar::flush_commits_sql`]); and a migration is announced
//! ([`Event::Finished`]) only once a flush covers its commit.
//!
//! [`Grammar::unflushed_commit_sql`]: crate::schema::Grammar::unflushed_commit_sql
//! [`Grammar::flush_commits_sql`]: crate::schema::Grammar::flush_commits_sql

use std::time::{Duration, Instant};

use super::report::{Event, Report};
use super::Migrator;
use crate::connection::MigrationConnection;
use crate::{Error, Result};

/// The commits of one run, from its start to [`Commits::finish`].
pub(super) struct Commits {
    /// The statement that flushes unflushed commits, where the dialect has them.
    flush: Option<&'static str>,
    /// Whether a commit since the last flush left its flush to a later one.
    unflushed: bool,
    /// How long a commit may wait for its flush (the migrator's commit window).
    window: Duration,
    /// When the last flush was.
    flushed_at: Instant,
    /// The report's migrations from this index on are committed but not yet announced.
    announced: usize,
}

impl Commits {
    pub(super) fn start(
        conn: &dyn MigrationConnection,
        window: Duration,
        report: &Report,
    ) -> Commits {
        Commits {
            flush: conn.dialect().grammar().flush_commits_sql(),
            unflushed: false,
            window,
            flushed_at: Instant::now(),
            announced: report.migrations.len(),
        }
    }

    /// Whether the next commit must be flushed: it is the run's `last`, or the commit window
    /// has passed since the last flush (so that what is announced is never far behind).
    pub(super) fn must_flush(&self, last: bool) -> bool {
        last || self.flush.is_none() || self.flushed_at.elapsed() >= self.window
    }

    /// Notes the end of a migration's unit of work, whose commit was `durable` (flushed, with
    /// every commit before it), and announces the migrations a flush now covers. A migration
    /// another runner did is not durable here: its commit, if unflushed, is flushed with ours.
    pub(super) fn committed(&mut self, durable: bool, migrator: &Migrator, report: &Report) {
        if durable || self.flush.is_none() {
            self.unflushed = false;
            self.flushed_at = Instant::now();
            self.announce(migrator, report);
        } else {
            self.unflushed = true;
        }
    }

    /// Announces what was committed and flushed and not yet announced.
    fn announce(&mut self, migrator: &Migrator, report: &Report) {
        for ran in &report.migrations[self.announced..] {
            migrator.emit(Event::Finished(ran));
        }
        self.announced = report.migrations.len();
    }

    /// Flushes what is left unflushed, then announces it. `ran` is whether the run
    /// succeeded: after a failure, the run's own error matters more than a failed flush
    /// (and what that flush would have covered is not announced).
    pub(super) fn finish(
        mut self,
        conn: &mut dyn MigrationConnection,
        ran: bool,
        migrator: &Migrator,
        report: &Report,
    ) -> Result<()> {
        if let Some(sql) = self.flush.filter(|_| self.unflushed) {
            let flushed = conn.batch_execute(sql).map_err(|source| Error::Database {
                sql: sql.into(),
                source,
            });
            match flushed {
                Ok(()) => {}
                Err(error) if ran => return Err(error),
                Err(_) => return Ok(()),
            }
        }
        self.announce(migrator, report);
        Ok(())
    }
}

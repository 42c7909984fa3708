//! Cheaper commits for a run of migrations, each in its own transaction, that leave the run
//! exactly as durable when it returns: every commit but the run's last leaves its flush to a
//! later one ([`Grammar::unflushed_commit_sql`]), and a run that stops early flushes them
//! itself ([`Grammar::flush_commits_sql`]).
//!
//! [`Grammar::unflushed_commit_sql`]: crate::schema::Grammar::unflushed_commit_sql
//! [`Grammar::flush_commits_sql`]: crate::schema::Grammar::flush_commits_sql

use crate::connection::MigrationConnection;
use crate::{Error, Result};

/// The commits of one run, from its start to [`Commits::finish`].
pub(super) struct Commits {
    /// The statement that flushes unflushed commits, where the dialect has them.
    flush: Option<&'static str>,
    /// Whether a commit since the last flush left its flush to a later one.
    unflushed: bool,
}

impl Commits {
    pub(super) fn start(conn: &dyn MigrationConnection) -> Commits {
        Commits {
            flush: conn.dialect().grammar().flush_commits_sql(),
            unflushed: false,
        }
    }

    /// Notes the end of a migration's unit of work: `durable` when its own commit flushed
    /// every commit before it (a migration another runner did is not: its commit, if
    /// unflushed, is flushed with ours).
    pub(super) fn committed(&mut self, durable: bool) {
        self.unflushed = !durable && self.flush.is_some();
    }

    /// Flushes what is left unflushed. `ran` is whether the run succeeded: after a failure,
    /// the run's own error matters more than a failed flush.
    pub(super) fn finish(self, conn: &mut dyn MigrationConnection, ran: bool) -> Result<()> {
        let Some(sql) = self.flush.filter(|_| self.unflushed) else {
            return Ok(());
        };
        let flushed = conn.batch_execute(sql).map_err(|source| Error::Database {
            sql: sql.into(),
            source,
        });
        if ran {
            flushed?;
        }
        Ok(())
    }
}

//! The statements of a transactional migration, sent in batches: what a migration describes
//! between two reads of the database goes in one round trip, not one per statement.
//!
//! The transaction itself can open with the first batch ([`Opening`]) and, when that batch is
//! also the last, close with it ([`Batch::send_last`]): a migration that only describes
//! tables sends `BEGIN`, the lock, its statements, its repository row and `COMMIT` in one
//! round trip on PostgreSQL. Should a batch fail, it is undone and sent again one statement
//! at a time, so the error names the exact statement — the same error as unbatched.

use crate::connection::MigrationConnection;
use crate::{Error, Result};

/// Between statements of a batch. The newline ends a trailing `--` comment of raw SQL.
pub(crate) const SEPARATOR: &str = "\n;\n";

/// Begins a transaction the slow way, waiting for its lock.
pub(crate) type Fallback = Box<dyn FnOnce(&mut dyn MigrationConnection) -> Result<()>>;

/// How a batch's transaction begins, when the first batch opens it.
pub(crate) struct Opening {
    /// `BEGIN` and whatever must follow at once (the lock, taken without waiting), sent in
    /// front of the first batch.
    pub(crate) sql: String,
    /// Begins and locks the slow way, waiting for the lock: run after `sql` failed and was
    /// rolled back.
    pub(crate) fallback: Fallback,
}

/// How a migration's last batch left its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Open: the caller records the migration and commits.
    Open,
    /// The batch was the whole transaction: it recorded the migration and committed.
    Committed,
}

/// The part of a Schema's statements not sent yet.
pub(crate) struct Batch {
    sent: usize,
    opening: Option<Opening>,
}

impl Batch {
    pub(crate) fn new(opening: Option<Opening>) -> Self {
        Batch { sent: 0, opening }
    }

    /// Sends the statements not sent yet as the last batch. When nothing was sent before
    /// (the opening is still here), the batch is the whole transaction: the opening, the
    /// statements, `closing` (the repository row) and `COMMIT`, in one round trip. Should that
    /// fail (the lock busy, a statement failing), it is rolled back, the transaction begun
    /// the slow way and the statements sent one at a time, leaving the transaction open.
    pub(crate) fn send_last(
        &mut self,
        conn: &mut dyn MigrationConnection,
        statements: &[String],
        closing: &str,
    ) -> Result<Ending> {
        let Some(opening) = self.opening.take() else {
            self.send(conn, statements)?;
            return Ok(Ending::Open);
        };
        let pending = &statements[self.sent..];
        self.sent = statements.len();
        let mut sql = opening.sql.clone();
        for statement in pending
            .iter()
            .map(String::as_str)
            .chain([closing, "commit"])
        {
            sql.push_str(SEPARATOR);
            sql.push_str(statement);
        }
        // Sent raw, not through the transaction manager: it never sees this transaction,
        // which is over when the call returns, either way.
        if conn.batch_execute(&sql).is_ok() {
            return Ok(Ending::Committed);
        }
        Self::retry(conn, opening, pending)?;
        Ok(Ending::Open)
    }

    /// Sends `statements` from the first not sent yet, behind the opening if it has not
    /// been sent.
    pub(crate) fn send(
        &mut self,
        conn: &mut dyn MigrationConnection,
        statements: &[String],
    ) -> Result<()> {
        let pending = &statements[self.sent..];
        self.sent = statements.len();
        let opening = self.opening.take();
        let mut sql = String::new();
        if let Some(opening) = &opening {
            sql.push_str(&opening.sql);
            if !pending.is_empty() {
                sql.push_str(SEPARATOR);
            }
        } else if pending.is_empty() {
            return Ok(());
        }
        // Inside an open transaction, a savepoint lets a failed batch be undone alone.
        let savepoint = opening.is_none() && pending.len() > 1;
        if savepoint {
            sql.push_str("savepoint migrate_batch");
            sql.push_str(SEPARATOR);
        }
        sql.push_str(&pending.join(SEPARATOR));
        if savepoint {
            sql.push_str(SEPARATOR);
            sql.push_str("release savepoint migrate_batch");
        }
        let outcome = match opening {
            Some(_) => conn.begin_with(&sql),
            None => conn.batch_execute(&sql),
        };
        let source = match outcome {
            Ok(()) => return Ok(()),
            Err(source) => source,
        };
        match opening {
            Some(opening) => return Self::retry(conn, opening, pending),
            None if savepoint => {
                let undo = "rollback to savepoint migrate_batch";
                conn.batch_execute(undo).map_err(|source| Error::Database {
                    sql: undo.into(),
                    source,
                })?;
            }
            None => {
                return Err(Error::Database {
                    sql: pending[0].clone(),
                    source,
                })
            }
        }
        Self::one_at_a_time(conn, pending)
    }

    /// After a batch that began the transaction failed: whether the lock was busy or a
    /// statement failed, the server may be in the transaction the batch began. It is ended,
    /// begun again the slow way (waiting for the lock), and the statements are sent one at a
    /// time, so that a failing one is named.
    fn retry(
        conn: &mut dyn MigrationConnection,
        opening: Opening,
        pending: &[String],
    ) -> Result<()> {
        let _ = conn.batch_execute("rollback");
        (opening.fallback)(conn)?;
        Self::one_at_a_time(conn, pending)
    }

    fn one_at_a_time(conn: &mut dyn MigrationConnection, pending: &[String]) -> Result<()> {
        for statement in pending {
            conn.batch_execute(statement)
                .map_err(|source| Error::Database {
                    sql: statement.clone(),
                    source,
                })?;
        }
        Ok(())
    }
}

//! The error type of every fallible operation in `migrate-core`.

use std::fmt;

/// Shorthand for `Result<T, migrate_core::Error>`, the return type of migration functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a migration function is defined: its id and source location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The migration id.
    pub id: &'static str,
    /// `file!()` of the function.
    pub file: &'static str,
    /// The line of the function's name.
    pub line: u32,
}

impl Origin {
    /// `file:line`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}:{})", self.id, self.file, self.line)
    }
}

/// What was being done to a migration when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Running its `up`.
    Applying,
    /// Running its `down`.
    RollingBack,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Applying => "applying",
            Action::RollingBack => "rolling back",
        })
    }
}

/// Everything that can go wrong while building a schema, collecting migrations or running them.
///
/// Its `Debug` form is its message, as `anyhow::Error`'s is, because that is what
/// `fn main() -> Result<(), Box<dyn std::error::Error>>` prints when `run_pending()?` fails:
///
/// ```
/// let error: Box<dyn std::error::Error> = migrate_core::Error::msg("no users table").into();
/// assert_eq!(format!("Error: {error:?}"), "Error: no users table");
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A schema description that cannot be turned into SQL (bad identifier, unsupported operation, ...).
    #[error("invalid schema: {0}")]
    Schema(String),

    /// The operation exists but this dialect cannot express it.
    #[error("{dialect} does not support {operation}")]
    Unsupported {
        /// The dialect's name.
        dialect: &'static str,
        /// What was asked for.
        operation: String,
    },

    /// The registered migrations are inconsistent (duplicate id, `down` without `up`, bad id).
    #[error("invalid migration set: {0}")]
    Registry(String),

    /// A statement failed while a migration ran.
    #[error("while {action} {origin}: {source}\n  statement: {sql}")]
    Statement {
        /// Applying or rolling back.
        action: Action,
        /// The migration.
        origin: Origin,
        /// The SQL that failed.
        sql: String,
        /// The database's own message.
        source: diesel::result::Error,
    },

    /// A statement of a migration ran longer than the statement timeout
    /// ([`crate::Migrator::statement_timeout`]), and the server cancelled it.
    #[error(transparent)]
    StatementTimeout(Box<StatementTimedOut>),

    /// A migration function returned an error of its own.
    #[error("while {action} {origin}: {source}")]
    Migration {
        /// Applying or rolling back.
        action: Action,
        /// The migration.
        origin: Origin,
        /// What the function returned.
        source: Box<Error>,
    },

    /// An applied migration whose code changed since (its checksum differs).
    #[error(
        "migration {origin} was edited after it was applied (checksum {recorded} in the database, \
         {current} in the code); revert the edit, or if it is only cosmetic run `repair` to \
         accept it"
    )]
    Drift {
        /// The migration.
        origin: Origin,
        /// The checksum stored when it ran.
        recorded: String,
        /// The checksum of the code now.
        current: String,
    },

    /// Migrations recorded in the database but absent from this program.
    #[error(
        "{} recorded in table `{table}` but missing from this program: {}; deploy the code \
         that has {}, or allow it with `ignore_missing`",
        if ids.len() == 1 { "a migration is" } else { "migrations are" },
        ids.join(", "),
        if ids.len() == 1 { "it" } else { "them" }
    )]
    Missing {
        /// The repository table.
        table: String,
        /// The missing ids.
        ids: Vec<String>,
    },

    /// The repository table's name is taken by a table that is not a repository; nothing
    /// was read from or written to it.
    #[error(
        "table `{table}` exists but is not a migrations table: it has the columns ({}), a \
         migrations table has ({}); nothing was changed: name another table for the \
         repository (`Migrator::table`, `--table`)",
        columns.join(", "),
        expected.join(", ")
    )]
    NotARepository {
        /// The table.
        table: String,
        /// Its columns, as far as they could be read.
        columns: Vec<String>,
        /// The columns of a repository.
        expected: Vec<String>,
    },

    /// `check` was given a database that has tables: it runs every migration up, down and up
    /// again, so it needs an empty scratch database.
    #[error(
        "check needs an empty scratch database (it applies and rolls back every migration, \
         and empties it again afterwards), but this one has tables: {}; give it a new, empty \
         database",
        .0.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
    )]
    NotEmpty(Vec<String>),

    /// A `change` migration whose `down` cannot be derived: one of its commands cannot be
    /// inverted. Found before anything runs (by `check`, and by `run` and `rollback` before
    /// they start), never in the middle of a rollback.
    #[error(
        "migration {origin} is a `change` whose down cannot be derived: {command}; write `up` \
         and `down` functions instead of `change`"
    )]
    Irreversible {
        /// The migration.
        origin: Origin,
        /// The command that cannot be inverted, and why.
        command: String,
    },

    /// A pending migration older than the newest applied one, with strict ordering on.
    #[error(
        "migration {origin} is pending but older than the applied migration `{newest}`; \
         strict ordering refuses to run it out of order"
    )]
    OutOfOrder {
        /// The pending migration.
        origin: Origin,
        /// The newest applied id.
        newest: String,
    },

    /// One crate's migrations run alone ([`crate::Migrator::namespace`], `--crate`) include
    /// one that is to run after another crate's migration that is not applied: nothing ran.
    #[error(
        "migration {origin} is to run after `{after}` of crate `{after_crate}`, which is not \
         applied; nothing was run: run crate `{after_crate}`'s migrations first, or every \
         crate's at once"
    )]
    AfterOtherCrate {
        /// The migration that would have run.
        origin: Origin,
        /// The id its `after` names.
        after: String,
        /// The crate of that migration.
        after_crate: String,
    },

    /// One crate's migrations rolled back alone ([`crate::Migrator::namespace`], `--crate`)
    /// include one that an applied migration of another crate is to run after: nothing was
    /// rolled back.
    #[error(
        "migration `{id}` cannot be rolled back while {dependent} of crate `{dependent_crate}`, \
         which is to run after it, is applied; nothing was rolled back: roll back crate \
         `{dependent_crate}`'s migrations first"
    )]
    NeededByOtherCrate {
        /// The migration that would have been rolled back.
        id: String,
        /// The applied migration that runs after it.
        dependent: Origin,
        /// The crate of that migration.
        dependent_crate: String,
    },

    /// A migration failed part way outside a transaction and was never resolved.
    #[error(
        "migration `{id}` failed part way on {at} and left the schema half changed; repair \
         the schema by hand, then mark it with `resolve {id} --applied` or \
         `resolve {id} --rolled-back`"
    )]
    Dirty {
        /// The migration id.
        id: String,
        /// When it failed.
        at: String,
    },

    /// A migration failed after some of its statements had run and could not be undone.
    #[error(transparent)]
    Partial(Box<PartialFailure>),

    /// A migration's statement waited for a table's lock longer than its lock timeout on
    /// every attempt ([`crate::Migrator::ddl_lock_timeout`]): nothing of it stayed.
    #[error(transparent)]
    LockedOut(Box<LockedOut>),

    /// Another migrator held the lock for longer than the timeout.
    #[error(
        "timed out after {waited_ms} ms waiting for the migration lock on table `{table}`{}; \
         another migrator is running (or raise the lock timeout)",
        holder.as_ref().map(|h| format!(" (held by {h})")).unwrap_or_default()
    )]
    LockTimeout {
        /// The repository table the lock protects.
        table: String,
        /// How long it waited.
        waited_ms: u128,
        /// Who holds it, where the database can tell.
        holder: Option<String>,
    },

    /// A migration that opted out of transactions, in a call asked to run every migration in
    /// one ([`crate::Migrator::single_transaction`]).
    #[error(
        "migration {origin} opted out of transactions (`transaction = false`), so it cannot run \
         in a single transaction with the others; run it without `single_transaction`"
    )]
    NotTransactional {
        /// The migration.
        origin: Origin,
    },

    /// The connection was already in a transaction the application began: migrations run in
    /// transactions of their own, and nothing was run.
    #[error(
        "the connection is already in a transaction; migrations run in transactions of their \
         own: commit or roll back the open transaction first (nothing was run)"
    )]
    InTransaction,

    /// A rollback in one transaction found, once it held the lock, a migration that another
    /// runner recorded after the rollback was planned.
    #[error(
        "migration `{id}` (batch {batch}) was recorded in table `{table}` by another runner \
         after this rollback was planned; nothing was rolled back (roll back again)"
    )]
    Overtaken {
        /// The repository table.
        table: String,
        /// The migration recorded meanwhile.
        id: String,
        /// Its batch.
        batch: i32,
    },

    /// A statement outside of any migration (bookkeeping, introspection) failed.
    #[error("database error: {source}\n  statement: {sql}")]
    Database {
        /// The SQL that failed.
        sql: String,
        /// The database's own message.
        source: diesel::result::Error,
    },

    /// A database URL that cannot be used.
    #[error("invalid database URL `{url}`: {reason}")]
    Url {
        /// The URL, with any password masked.
        url: String,
        /// What is wrong with it.
        reason: String,
    },

    /// Connecting to the database failed.
    #[error("cannot connect to `{url}`: {source}")]
    Connection {
        /// The URL, with any password masked.
        url: String,
        /// The driver's message.
        source: diesel::ConnectionError,
    },

    /// An error raised by diesel in a data migration (`?` on a diesel call).
    #[error(transparent)]
    Diesel(#[from] diesel::result::Error),

    /// Another tool's history cannot be adopted; nothing was written.
    #[error("cannot adopt the {tool} history; nothing was written:\n  - {}", problems.join("\n  - "))]
    CannotAdopt {
        /// The tool (`sqlx`, `diesel_migrations`, `refinery`).
        tool: String,
        /// Every problem found.
        problems: Vec<String>,
    },

    /// A seeder failed; its transaction was rolled back.
    #[error("while seeding `{name}` ({location}): {source}\n  its changes were rolled back")]
    Seeder {
        /// The seeder's name.
        name: String,
        /// `file:line` of its function.
        location: String,
        /// What it returned.
        source: Box<Error>,
    },

    /// `seed --only NAME` named no registered seeder.
    #[error("no seeder is named `{name}`; the seeders are: {}", if known.is_empty() { "none".to_owned() } else { known.join(", ") })]
    UnknownSeeder {
        /// The name asked for.
        name: String,
        /// The registered seeders' names, in order.
        known: Vec<String>,
    },

    /// A free-form error raised by a migration function.
    #[error("{0}")]
    Message(String),
}

/// The message, not the structure: see [`Error`].
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Error {
    /// An error with a message of the caller's choice, for data migrations.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Message(message.into())
    }
}

/// A migration that failed after some of its statements had run outside a transaction (on
/// MySQL, whose DDL commits implicitly, or with `transaction = false`). It is recorded as
/// dirty until the operator resolves it. Its `Debug` form is its message, as [`Error`]'s is.
#[derive(thiserror::Error)]
#[error(
    "while {action} {origin}: {source}\n  statement: {sql}\n  these statements had already \
     run and were not rolled back (the migration is now marked dirty):\n    {}",
    completed.join(";\n    ")
)]
pub struct PartialFailure {
    /// Applying or rolling back.
    pub action: Action,
    /// The migration.
    pub origin: Origin,
    /// The SQL that failed.
    pub sql: String,
    /// The statements that completed before it.
    pub completed: Vec<String>,
    /// The database's own message.
    pub source: diesel::result::Error,
}

/// The message, not the structure: see [`Error`].
impl fmt::Debug for PartialFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A migration that gave up waiting for a table's lock (see [`Error::LockedOut`]). Its
/// `Debug` form is its message, as [`Error`]'s is.
#[derive(thiserror::Error)]
#[error(
    "while {action} {origin}: a statement waited for a lock longer than the lock timeout on \
     each of {attempts} attempts ({last_timeout_ms} ms the last time), and nothing of the \
     migration stayed; {}; run it again once that session is done (or raise the DDL lock \
     timeout)\n  statement: {sql}\n  {source}",
    blockers(holders, hint)
)]
pub struct LockedOut {
    /// Applying or rolling back.
    pub action: Action,
    /// The migration.
    pub origin: Origin,
    /// The SQL that waited.
    pub sql: String,
    /// How many times the migration ran and timed out.
    pub attempts: u32,
    /// The lock timeout of the last attempt, in milliseconds.
    pub last_timeout_ms: u128,
    /// The sessions holding a lock on the statement's table, where the server can tell.
    pub holders: Vec<String>,
    /// Why the server could not tell, when it may be its configuration.
    pub hint: Option<&'static str>,
    /// The database's own message.
    pub source: diesel::result::Error,
}

fn blockers(holders: &[String], hint: &Option<&'static str>) -> String {
    match (holders, hint) {
        ([], Some(hint)) => format!("the blocking session is unknown ({hint})"),
        ([], None) => "the blocking session is unknown (it may have ended meanwhile)".into(),
        (holders, _) => format!("blocked by {}", holders.join("; ")),
    }
}

/// A statement that ran past the statement timeout (see [`Error::StatementTimeout`]). Its
/// `Debug` form is its message, as [`Error`]'s is.
#[derive(thiserror::Error)]
#[error(
    "while {action} {origin}: a statement ran longer than the statement timeout \
     ({timeout_ms} ms), and the server cancelled it (raise the statement timeout if it \
     needs longer)\n  statement: {sql}\n  {source}"
)]
pub struct StatementTimedOut {
    /// Applying or rolling back.
    pub action: Action,
    /// The migration.
    pub origin: Origin,
    /// The SQL that ran too long.
    pub sql: String,
    /// The statement timeout, in milliseconds.
    pub timeout_ms: u128,
    /// The database's own message.
    pub source: diesel::result::Error,
}

/// The message, not the structure: see [`Error`].
impl fmt::Debug for StatementTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The message, not the structure: see [`Error`].
impl fmt::Debug for LockedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `fn main() -> Result<(), Box<dyn std::error::Error>>` prints when it fails.
    fn printed_by_main(error: Error) -> String {
        let error: Box<dyn std::error::Error> = error.into();
        format!("Error: {error:?}")
    }

    #[test]
    fn main_prints_the_message() {
        let origin = Origin {
            id: "m2026_11_25_140312_create_users",
            file: "src/migrations/m2026_11_25_140312_create_users.rs",
            line: 4,
        };
        assert_eq!(
            printed_by_main(Error::Drift {
                origin,
                recorded: "aaa".into(),
                current: "bbb".into(),
            }),
            "Error: migration m2026_11_25_140312_create_users \
             (src/migrations/m2026_11_25_140312_create_users.rs:4) was edited after it was \
             applied (checksum aaa in the database, bbb in the code); revert the edit, or if it \
             is only cosmetic run `repair` to accept it"
        );
        assert_eq!(
            printed_by_main(Error::Registry(
                "duplicate id `a`\n  `down` without `up`: `b`".into()
            )),
            "Error: invalid migration set: duplicate id `a`\n  `down` without `up`: `b`"
        );
    }
}

//! The error type of every fallible operation in `migrate-core`.

use std::fmt;

/// Shorthand for `Result<T, migrate_core::Error>`, the return type of migration functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a migration function is defined: its id and `file:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The migration id.
    pub id: String,
    /// `file:line` of the function.
    pub location: String,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.location)
    }
}

/// Everything that can go wrong while building a schema, collecting migrations or running them.
#[derive(Debug, thiserror::Error)]
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
        /// "applying" or "rolling back".
        action: &'static str,
        /// The migration.
        origin: Origin,
        /// The SQL that failed.
        sql: String,
        /// The database's own message.
        source: diesel::result::Error,
    },

    /// A migration function returned an error of its own.
    #[error("while {action} {origin}: {source}")]
    Migration {
        /// "applying" or "rolling back".
        action: &'static str,
        /// The migration.
        origin: Origin,
        /// What the function returned.
        source: Box<Error>,
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

    /// A free-form error raised by a migration function.
    #[error("{0}")]
    Message(String),
}

impl Error {
    /// An error with a message of the caller's choice, for data migrations.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Message(message.into())
    }
}

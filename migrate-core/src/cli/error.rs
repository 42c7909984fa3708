//! What can go wrong in the migration runner, and the exit code of each.

use super::exit_code;

/// An error of the migration runner; [`CliError::exit_code`] says how the process ends.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// The command line could not be parsed (clap's message includes the usage).
    #[error("{0}")]
    Usage(#[from] clap::Error),

    /// No database URL: neither `--database`, `DATABASE_URL` nor a `.env` file gave one.
    #[error(
        "no database URL: pass --database URL, set DATABASE_URL, or put DATABASE_URL in a .env file"
    )]
    NoDatabase,

    /// A `.env` file exists but cannot be read.
    #[error("cannot read the .env file: {0}")]
    DotEnv(#[from] dotenvy::Error),

    /// Connecting, migrating or reading the repository failed.
    #[error(transparent)]
    Migrate(Box<crate::Error>),

    /// `fresh` was asked to drop every table without `--force`, and there is no terminal to ask.
    #[error("refusing to drop every table without confirmation: standard input is not a terminal; pass --force")]
    ConfirmationRequired,

    /// `fresh` dropped every table it found, yet these remain.
    #[error(
        "tables remain after dropping every table, so nothing was migrated: {}",
        .0.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
    )]
    TablesRemain(Vec<String>),

    /// `schema --check`: the file is not what the migrations produce.
    #[error("{0} is stale: it differs from the schema the migrations produce; run `cargo migrate schema` with --output to rewrite it")]
    Stale(String),

    /// `check`: some migrations' `down` does not reverse their `up`.
    #[error("{0} migration(s) do not roll back cleanly (see above)")]
    CheckFailed(usize),

    /// The user answered no to a confirmation.
    #[error("aborted: nothing was changed")]
    Aborted,

    /// Reading the terminal or writing the output failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<crate::Error> for CliError {
    fn from(error: crate::Error) -> Self {
        CliError::Migrate(Box::new(error))
    }
}

impl CliError {
    /// The process exit code for this error, one of [`exit_code`]'s constants.
    ///
    /// ```
    /// use migrate_core::cli::{exit_code, CliError};
    ///
    /// assert_eq!(CliError::NoDatabase.exit_code(), exit_code::USER_ERROR);
    /// ```
    pub fn exit_code(&self) -> u8 {
        use crate::Error;
        match self {
            CliError::Usage(_)
            | CliError::NoDatabase
            | CliError::DotEnv(_)
            | CliError::ConfirmationRequired => exit_code::USER_ERROR,
            CliError::Aborted => exit_code::ABORTED,
            CliError::Stale(_) | CliError::CheckFailed(_) => exit_code::FAILURE,
            CliError::TablesRemain(_) => exit_code::DATABASE_ERROR,
            CliError::Io(_) => exit_code::FAILURE,
            CliError::Migrate(error) => match error.as_ref() {
                Error::Url { .. }
                | Error::Registry(_)
                | Error::Drift { .. }
                | Error::Missing { .. }
                | Error::NotARepository { .. }
                | Error::OutOfOrder { .. }
                | Error::Dirty { .. }
                | Error::Schema(_)
                | Error::Unsupported { .. }
                | Error::NotTransactional { .. }
                | Error::InTransaction => exit_code::USER_ERROR,
                Error::Migration { source, .. } if !is_database_error(source) => {
                    exit_code::USER_ERROR
                }
                _ => exit_code::DATABASE_ERROR,
            },
        }
    }
}

/// Whether a migration function failed because of the database rather than its own logic.
fn is_database_error(error: &crate::Error) -> bool {
    use crate::Error;
    match error {
        Error::Database { .. }
        | Error::Statement { .. }
        | Error::Connection { .. }
        | Error::Diesel(_) => true,
        Error::Migration { source, .. } => is_database_error(source),
        _ => false,
    }
}

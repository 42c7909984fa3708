//! What can go wrong in the migration runner, and the exit code of each.

use super::exit_code;

/// An error of the migration runner; [`CliError::exit_code`] says how the process ends.
///
/// Its `Debug` form is its message, as [`crate::Error`]'s is, for an application that
/// embeds [`run_from`](super::run_from) and returns its error from `main`.
#[derive(thiserror::Error)]
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

    /// A command that must not create the database found no SQLite file at its path.
    #[error(
        "the SQLite database {} does not exist (a relative path starts at the package root, \
         or at the .env file that names it); `run` creates it",
        .0.display()
    )]
    NoSqliteFile(std::path::PathBuf),

    /// A `.env` file exists but cannot be read.
    #[error("cannot read the .env file: {0}")]
    DotEnv(#[from] dotenvy::Error),

    /// Connecting, migrating or reading the repository failed. The message names the
    /// command line's flags where the library's names its methods (`--ignore-missing`, not
    /// `ignore_missing`).
    #[error("{}", command_line_message(.0))]
    Migrate(Box<crate::Error>),

    /// A command that asks first (`fresh`, `forget`, `database drop`, any in production) was
    /// run without `--force`, and there is no terminal to ask on; the text says what it would
    /// have done.
    #[error(
        "refusing to {0} without confirmation: standard input is not a terminal; pass --force"
    )]
    ConfirmationRequired(String),

    /// `status` found migrations that failed part way (it printed them).
    #[error(
        "{count} {noun} failed part way and left the schema half changed (marked dirty \
         above): repair the schema by hand, then `resolve ID --applied` or \
         `resolve ID --rolled-back`",
        count = .0,
        noun = if *.0 == 1 { "migration" } else { "migrations" }
    )]
    Dirty(usize),

    /// `fresh` dropped every table it found, yet these remain.
    #[error(
        "tables remain after dropping every table, so nothing was migrated: {}",
        .0.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
    )]
    TablesRemain(Vec<String>),

    /// `schema --check`: the file is not what the migrations produce.
    #[error("{path} is stale: it differs from the schema the migrations produce; rewrite it with `{command}`")]
    Stale {
        /// The file checked.
        path: String,
        /// The command line that rewrites it.
        command: String,
    },

    /// `check`: some migrations' `down` does not reverse their `up`.
    #[error("{0} migration(s) do not roll back cleanly (see above)")]
    CheckFailed(usize),

    /// `lint` found operations that no `allow` covers.
    #[error("{0} lint finding(s) not allowed (see above): use the safe form, or allow the rule with a reason")]
    LintFindings(usize),

    /// `--to ID` names no migration.
    #[error(
        "no migration `{0}` (give an id as `status` lists it, or the name after its timestamp)"
    )]
    NoSuchMigration(String),

    /// `--to NAME` names several migrations.
    #[error("`{given}` names several migrations: {}; give the id", .ids.join(", "))]
    AmbiguousMigration {
        /// The name given.
        given: String,
        /// The ids it names.
        ids: Vec<String>,
    },

    /// `rollback --to ID`: a migration older than ID was applied after it.
    #[error(
        "cannot roll back to {target}: {older}, older than it, was applied after it (out of \
         order); roll back with --step N instead"
    )]
    TargetInterleaved {
        /// The target.
        target: String,
        /// The older migration applied after it.
        older: String,
    },

    /// `rollback --to ID`: ID is inside a recorded squash, which rolls back as a whole.
    #[error(
        "cannot roll back to {target}: squash {squash}, which is applied, replaces {}, and rolls \
         back only as one migration with every migration it replaces; roll back --to {squash} \
         to keep it, or --to a migration before those it replaces to undo it",
        if *.replaced { "it" } else { "migrations older than it" }
    )]
    TargetInSquash {
        /// The target.
        target: String,
        /// The recorded squash.
        squash: String,
        /// Whether the squash replaces the target itself (else migrations on both sides of it).
        replaced: bool,
    },

    /// The user answered no to a confirmation.
    #[error("aborted: nothing was changed")]
    Aborted,

    /// Reading the terminal or writing the output failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// The message, not the structure: see [`CliError`].
impl std::fmt::Debug for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
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
            | CliError::NoSqliteFile(_)
            | CliError::Dirty(_)
            | CliError::DotEnv(_)
            | CliError::NoSuchMigration(_)
            | CliError::AmbiguousMigration { .. }
            | CliError::TargetInterleaved { .. }
            | CliError::TargetInSquash { .. }
            | CliError::ConfirmationRequired(_) => exit_code::USER_ERROR,
            CliError::Aborted => exit_code::ABORTED,
            CliError::Stale { .. } | CliError::CheckFailed(_) => exit_code::FAILURE,
            CliError::LintFindings(_) => exit_code::LINT_FINDINGS,
            CliError::TablesRemain(_) => exit_code::DATABASE_ERROR,
            CliError::Io(_) => exit_code::FAILURE,
            CliError::Migrate(error) => match error.as_ref() {
                Error::Url { .. }
                | Error::Registry(_)
                | Error::Drift { .. }
                | Error::Missing { .. }
                | Error::NotARepository { .. }
                | Error::NotEmpty(_)
                | Error::OutOfOrder { .. }
                | Error::AfterOtherCrate { .. }
                | Error::NeededByOtherCrate { .. }
                | Error::Dirty { .. }
                | Error::Schema(_)
                | Error::Unsupported { .. }
                | Error::NotTransactional { .. }
                | Error::InTransaction
                | Error::UnknownSeeder { .. }
                | Error::CannotAdopt { .. } => exit_code::USER_ERROR,
                Error::Migration { source, .. } | Error::Seeder { source, .. }
                    if !is_database_error(source) =>
                {
                    exit_code::USER_ERROR
                }
                _ => exit_code::DATABASE_ERROR,
            },
        }
    }
}

/// `error`'s message, with the ways forward a command line offers where the library's message
/// names `Migrator` methods.
fn command_line_message(error: &crate::Error) -> String {
    use crate::Error;
    match error {
        Error::Drift {
            origin,
            recorded,
            current,
        } => format!(
            "migration {origin} was edited after it was applied (checksum {recorded} in the \
             database, {current} in the code); revert the edit, accept it with `repair` if it \
             is deliberate, apply it with `redo` (rolls back and runs again the newest \
             migration; --step N for more), or go on with a notice with --allow-drift"
        ),
        Error::Missing { table, ids } => {
            let (subject, object) = if ids.len() == 1 {
                ("a migration is", "it")
            } else {
                ("migrations are", "them")
            };
            format!(
                "{subject} recorded in table `{table}` but missing from this program: {}; \
                 deploy the code that has {object}, forget {object} with `forget ID` if the \
                 code is gone for good, or go on with a notice with --ignore-missing",
                ids.join(", ")
            )
        }
        Error::OutOfOrder { origin, newest } => format!(
            "migration {origin} is pending but older than the applied migration `{newest}`; \
             --strict-order refuses to run it out of order (without it, it runs with a notice)"
        ),
        Error::AfterOtherCrate { after_crate, .. } => error.to_string().replace(
            "migrations first,",
            &format!("migrations first (`run --crate {after_crate}`),"),
        ),
        Error::NeededByOtherCrate {
            dependent_crate, ..
        } => format!(
            "{error} (`rollback --crate {dependent_crate}` or `reset --crate {dependent_crate}`)"
        ),
        Error::NotTransactional { origin } => format!(
            "migration {origin} opted out of transactions (`transaction = false`), so it \
             cannot run in a single transaction with the others; run without \
             --single-transaction"
        ),
        Error::Registry(message) if message.ends_with("or remove its row by hand)") => message
            .replace(
                "or remove its row by hand)",
                "or forget its record with `forget ID`)",
            ),
        Error::LockTimeout { .. } => error
            .to_string()
            .replace("(or raise the lock timeout)", "(or raise --lock-timeout)"),
        Error::LockedOut(_) => error.to_string().replace(
            "(or raise the DDL lock timeout)",
            "(or raise --ddl-lock-timeout, --ddl-lock-retries)",
        ),
        Error::StatementTimeout(_) => error.to_string().replace(
            "(raise the statement timeout if",
            "(raise --statement-timeout if",
        ),
        other => other.to_string(),
    }
}

/// Whether a migration function failed because of the database rather than its own logic.
fn is_database_error(error: &crate::Error) -> bool {
    use crate::Error;
    match error {
        Error::Database { .. }
        | Error::Statement { .. }
        | Error::StatementTimeout(_)
        | Error::Connection { .. }
        | Error::Diesel(_) => true,
        Error::Migration { source, .. } => is_database_error(source),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Error, Origin};

    const ORIGIN: Origin = Origin {
        id: "m1_create_users",
        file: "src/migrations/m1_create_users.rs",
        line: 4,
    };

    #[test]
    fn messages_name_the_flags() {
        let cli = |error: Error| CliError::from(error).to_string();
        assert_eq!(
            cli(Error::Drift {
                origin: ORIGIN,
                recorded: "aaa".into(),
                current: "bbb".into(),
            }),
            "migration m1_create_users (src/migrations/m1_create_users.rs:4) was edited after \
             it was applied (checksum aaa in the database, bbb in the code); revert the edit, \
             accept it with `repair` if it is deliberate, apply it with `redo` (rolls back and \
             runs again the newest migration; --step N for more), or go on with a notice with \
             --allow-drift"
        );
        assert_eq!(
            cli(Error::Missing {
                table: "migrations".into(),
                ids: vec!["m0_gone".into()],
            }),
            "a migration is recorded in table `migrations` but missing from this program: \
             m0_gone; deploy the code that has it, forget it with `forget ID` if the code is gone \
             for good, or go on with a notice with --ignore-missing"
        );
        assert_eq!(
            cli(Error::OutOfOrder {
                origin: ORIGIN,
                newest: "m2_posts".into(),
            }),
            "migration m1_create_users (src/migrations/m1_create_users.rs:4) is pending but \
             older than the applied migration `m2_posts`; --strict-order refuses to run it out \
             of order (without it, it runs with a notice)"
        );
        assert!(cli(Error::NotTransactional { origin: ORIGIN })
            .ends_with("; run without --single-transaction"));
        assert_eq!(
            cli(Error::LockTimeout {
                table: "migrations".into(),
                waited_ms: 60000,
                holder: None,
            }),
            "timed out after 60000 ms waiting for the migration lock on table `migrations`; \
             another migrator is running (or raise --lock-timeout)"
        );
        let locked_out = crate::LockedOut {
            action: crate::Action::Applying,
            origin: ORIGIN,
            sql: "alter table \"users\" add column \"age\" integer".into(),
            attempts: 4,
            last_timeout_ms: 12500,
            holders: vec!["pid 42, application `report`, idle in transaction".into()],
            hint: None,
            source: diesel::result::Error::NotFound,
        };
        assert_eq!(
            cli(Error::LockedOut(Box::new(locked_out))),
            "while applying m1_create_users (src/migrations/m1_create_users.rs:4): a statement \
             waited for a lock longer than the lock timeout on each of 4 attempts (12500 ms the \
             last time), and nothing of the migration stayed; blocked by pid 42, application \
             `report`, idle in transaction; run it again once that session is done (or raise \
             --ddl-lock-timeout, --ddl-lock-retries)\n  statement: alter table \"users\" add \
             column \"age\" integer\n  Record not found"
        );
        let timed_out = crate::StatementTimedOut {
            action: crate::Action::Applying,
            origin: ORIGIN,
            sql: "select pg_sleep(1)".into(),
            timeout_ms: 300,
            source: diesel::result::Error::NotFound,
        };
        assert_eq!(
            cli(Error::StatementTimeout(Box::new(timed_out))),
            "while applying m1_create_users (src/migrations/m1_create_users.rs:4): a statement \
             ran longer than the statement timeout (300 ms), and the server cancelled it (raise \
             --statement-timeout if it needs longer)\n  statement: select pg_sleep(1)\n  \
             Record not found"
        );
    }
}

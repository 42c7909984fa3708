//! What can go wrong in `cargo migrate`, and the exit code of each.

use std::path::PathBuf;

use crate::exit_code;

/// An error of `cargo migrate`; [`CliError::exit_code`] says how the process ends.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// The command line could not be parsed (clap's message includes the usage).
    #[error("{0}")]
    Usage(clap::Error),

    /// A migration name that is not a snake_case identifier.
    #[error("invalid migration name `{name}`: {reason}")]
    InvalidName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A table name that cannot go into a template.
    #[error(
        "invalid table name `{0}`: use letters, digits and `_`, starting with a letter or `_`"
    )]
    InvalidTable(String),

    /// A migration with this name exists already.
    #[error("a migration named `{name}` already exists: {}", .existing.display())]
    NameTaken {
        /// The name given.
        name: String,
        /// The file that has it.
        existing: PathBuf,
    },

    /// The package has no migrations module yet.
    #[error("{} does not exist: run `cargo migrate init` first", .0.display())]
    NoMigrationsModule(PathBuf),

    /// `init` found no migrate-core to depend on.
    #[error("{} is not migrate-core's folder (it has no Cargo.toml naming migrate-core): pass --core-path with the migrate-core folder of your clone of migrate", .0.display())]
    NoCore(PathBuf),

    /// No Cargo.toml in the current directory or above it.
    #[error("could not find Cargo.toml in {} or any parent directory", .0.display())]
    NoManifest(PathBuf),

    /// `--manifest-path` names no file.
    #[error("the manifest path {} does not exist", .0.display())]
    ManifestNotFound(PathBuf),

    /// The manifest is not a package's (a virtual workspace manifest).
    #[error("{} has no [package]: pass -p NAME with the workspace member that has the migrations (or --manifest-path with its Cargo.toml)", .0.display())]
    NotAPackage(PathBuf),

    /// `-p NAME` names no package of the workspace.
    #[error("the workspace has no package `{name}`; its packages: {}", .members.join(", "))]
    NoSuchPackage {
        /// The name given.
        name: String,
        /// The workspace's packages.
        members: Vec<String>,
    },

    /// `cargo metadata` failed or printed something unexpected.
    #[error("cargo metadata failed: {0}")]
    Metadata(String),

    /// The package has no binary with the runner's name.
    #[error("package `{package}` has no migration runner binary `{bin}`: run `cargo migrate init` to create it, or pass --bin NAME")]
    NoRunner {
        /// The package.
        package: String,
        /// The runner looked for.
        bin: String,
    },

    /// `cargo build` of the runner failed (cargo printed why).
    #[error("could not build the migration runner `{0}` (see cargo's messages above)")]
    BuildFailed(String),

    /// A program could not be started.
    #[error("could not run `{program}`: {source}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        source: std::io::Error,
    },

    /// The runner was ended by a signal.
    #[error("the migration runner was killed ({0})")]
    RunnerKilled(String),

    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// `generate --from-database`: the database could not be reached or read.
    #[error("{0}")]
    Database(migrate_core::Error),
}

impl CliError {
    /// The process exit code for this error, one of [`exit_code`]'s constants.
    ///
    /// ```
    /// use migrate_cli::{exit_code, CliError};
    ///
    /// let error = CliError::BuildFailed("migrate".into());
    /// assert_eq!(error.exit_code(), exit_code::BUILD_FAILURE);
    /// ```
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BuildFailed(_) => exit_code::BUILD_FAILURE,
            CliError::Database(migrate_core::Error::Url { .. }) => exit_code::USER_ERROR,
            CliError::Database(_) => exit_code::DATABASE_ERROR,
            CliError::Spawn { .. } | CliError::RunnerKilled(_) | CliError::Io { .. } => {
                exit_code::FAILURE
            }
            _ => exit_code::USER_ERROR,
        }
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> CliError {
        let path = path.into();
        move |source| CliError::Io { path, source }
    }
}

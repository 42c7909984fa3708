//! The migration runner's command line: what `cargo migrate` builds and runs.
//!
//! A runner is a binary of the application whose `main` is one call:
//!
//! ```no_run
//! // src/bin/migrate.rs, as written by `cargo migrate init`, which also includes the
//! // application's migrations with `#[path = "../migrations/mod.rs"] mod migrations;`
//! fn main() -> std::process::ExitCode {
//!     migrate_core::cli::main()
//! }
//! ```
//!
//! Its commands (defined in [`args`], which `cargo migrate` shares for help and completions)
//! are `run`, `rollback`, `reset`, `refresh`, `fresh`, `status`, `install`, `repair`,
//! `resolve`, `baseline`, `redo`, `forget`, `database create | drop | reset`, `schema`,
//! `check`, `diff`, `squash`, `lint`, `seed` and `adopt`. Each takes its own options after it, among them `--database URL` (else
//! `DATABASE_URL`, else a `.env` file, looked up from the package root: `CARGO_MANIFEST_DIR`,
//! as `cargo migrate` and `cargo run` set it, else the current directory) and `--table NAME`;
//! `-q`, `-v` and `--color` go anywhere. A relative SQLite path starts at that root (or at the
//! `.env` file that names it), and only `run`, `fresh`, `install` and `database` create a
//! SQLite file that does not exist. Where `MIGRATE_ENV` or `APP_ENV` says production, the
//! commands that change the schema ask first (or take `--force`). The same command set can be
//! embedded in an application's own binary with [`run_from`], so that `myapp migrate status`
//! works too. The process ends with one of the codes in [`exit_code`].
//!
//! Output is Laravel's: `[1/2] Migrating: <id>` / `[1/2] Migrated: <id> (12 ms)` (one line on
//! a terminal), a summary, and "Nothing to migrate." when nothing is pending. Colors are used
//! only on a terminal, and never when `NO_COLOR` is set, unless `--color` says otherwise;
//! errors go to standard error.

mod adopt;
pub mod args;
mod commands;
mod database;
mod diff;
mod error;
pub mod exit_code;
mod fresh;
mod lifecycle;
mod linked;
mod lint;
mod migration_file;
mod output;
mod production;
mod seed;
mod squash;
mod status;
pub mod target;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

pub use error::CliError;
#[doc(hidden)]
pub use linked::LINKED_CRATES_VAR;

use args::Cli;

/// Runs the command line of this process and returns how it should exit.
///
/// Errors are printed on standard error; the exit code is one of [`exit_code`]'s.
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     migrate_core::cli::main()
/// }
/// ```
pub fn main() -> ExitCode {
    report(run_from(std::env::args_os()))
}

/// Runs a command line given as arguments; the first is the program's name, as in
/// [`std::env::args_os`]. For embedding: `myapp migrate status` is
/// `run_from(std::env::args_os().skip(1))`.
///
/// `--help` and `--version` print and return success; every failure is returned, unprinted,
/// for the caller to report (or to pass to [`report`]).
///
/// ```
/// use migrate_core::cli::{exit_code, run_from};
///
/// let error = run_from(["migrate", "run", "--database", "oracle://db"]).unwrap_err();
/// assert_eq!(error.exit_code(), exit_code::USER_ERROR);
/// assert!(error.to_string().contains("unknown scheme `oracle`"));
/// ```
pub fn run_from<I, T>(args: I) -> Result<ExitCode, CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    if std::env::var_os(LINKED_CRATES_VAR).is_some() {
        linked::print()?;
        return Ok(ExitCode::SUCCESS);
    }
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(help)
            if matches!(
                help.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            help.print()?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(error) => return Err(args::explain(error, &args).into()),
    };
    output::set_color(cli.output.color);
    commands::execute(cli)
}

/// Prints an error of [`run_from`] on standard error and turns the outcome into an exit code.
///
/// ```
/// use migrate_core::cli::{report, run_from};
///
/// let code = report(run_from(["migrate", "--version"]));
/// assert_eq!(code, std::process::ExitCode::SUCCESS);
/// ```
pub fn report(outcome: Result<ExitCode, CliError>) -> ExitCode {
    match outcome {
        Ok(code) => code,
        Err(error) => {
            match &error {
                // clap formats its own errors, usage included, colored as the terminal allows.
                CliError::Usage(usage) => {
                    let _ = usage.print();
                }
                other => {
                    let _ = output::Painter::stderr().error(&other.to_string());
                }
            }
            ExitCode::from(error.exit_code())
        }
    }
}

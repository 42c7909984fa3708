//! `cargo migrate`: the cargo subcommand of the migrate framework.
//!
//! `init` scaffolds an application's migrations module and migration runner; `new` is the
//! Migration Creator; every other command builds the runner (a binary whose `main` is
//! `migrate_core::cli::main()`) and runs it, passing the command on.
//!
//! ```no_run
//! use clap::Parser;
//! use migrate_cli::Cargo;
//!
//! let Cargo::Migrate(args) = Cargo::parse_from(["cargo", "migrate", "new", "create_users"]);
//! let code = migrate_cli::report(migrate_cli::run(args));
//! ```

#![warn(missing_docs)]

mod args;
mod creator;
mod discovery;
mod error;
pub mod exit_code;
mod init;
mod manifest;
mod runner;
mod templates;

use std::io::IsTerminal;
use std::process::ExitCode;

pub use args::{Args, Cargo, Command, Forwarded, GlobalOptions, InitArgs, NewArgs};
pub use creator::{insert_mod_line, validate_name, MigrationCreator};
pub use error::CliError;
pub use init::Outcome;
pub use templates::Template;

/// Runs one `cargo migrate` command; returns the exit code (the runner's, when it ran).
///
/// ```no_run
/// use clap::Parser;
///
/// let migrate_cli::Cargo::Migrate(args) = migrate_cli::Cargo::parse();
/// let _code = migrate_cli::run(args);
/// ```
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let global = &args.global;
    match &args.command {
        Command::Init(init) => {
            let manifest = manifest::locate(global.manifest_path.as_deref())?;
            let bin = global.bin.as_deref().unwrap_or(manifest::DEFAULT_RUNNER);
            for outcome in init::init(&manifest, bin, init.core_path.as_deref())? {
                println!("{outcome}");
            }
            println!(
                "SQLite is migrate-core's default backend; for PostgreSQL or MySQL add \
                 \"postgres\" or \"mysql\" to its features.\n\
                 Next: `cargo migrate new create_users`, then `cargo migrate run`."
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::New(new) => {
            let manifest = manifest::locate(global.manifest_path.as_deref())?;
            let root = manifest.parent().unwrap_or(std::path::Path::new("."));
            let template = Template::choose(&new.name, new.create.as_deref(), new.table.as_deref());
            let path = MigrationCreator::new(root).create(&new.name, &template, creator::now())?;
            let shown = path.strip_prefix(root).unwrap_or(&path);
            println!("Created migration: {}", shown.display());
            Ok(ExitCode::SUCCESS)
        }
        command => match command.forwarded() {
            Some((name, forwarded)) => runner::run(global, name, forwarded),
            None => Ok(ExitCode::SUCCESS),
        },
    }
}

/// Prints an error of [`run`] on standard error (`error:` in red on a terminal, unless
/// `NO_COLOR` is set) and turns the outcome into an exit code.
///
/// ```
/// let code = migrate_cli::report(Err(migrate_cli::CliError::BuildFailed("migrate".into())));
/// assert_eq!(code, std::process::ExitCode::from(migrate_cli::exit_code::BUILD_FAILURE));
/// ```
pub fn report(outcome: Result<ExitCode, CliError>) -> ExitCode {
    match outcome {
        Ok(code) => code,
        Err(error) => {
            let colors = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let label = if colors {
                "\x1b[31merror:\x1b[0m"
            } else {
                "error:"
            };
            eprintln!("{label} {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

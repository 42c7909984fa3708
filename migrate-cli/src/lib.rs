//! `cargo migrate`: the cargo subcommand of the migrate framework.
//!
//! `init` scaffolds an application's migrations module and migration runner; `new` is the
//! Migration Creator; every other command is the runner's (a binary whose `main` is
//! `migrate_core::cli::main()`): its command line is checked here, with the runner's own
//! clap definition (`migrate_core::cli::args`), so `--help` and mistakes need no build; then
//! the runner is built and run with the same arguments.
//!
//! ```no_run
//! let code = migrate_cli::report(migrate_cli::run_from(["cargo-migrate", "migrate", "new", "create_users"]));
//! ```

#![warn(missing_docs)]

mod args;
mod creator;
mod discovery;
mod error;
pub mod exit_code;
mod generate;
mod import_sql;
mod init;
mod libraries;
mod macro_profile;
mod manifest;
mod name;
mod runner;
mod seeder_creator;
mod templates;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use migrate_core::cli::args::{
    explain, ColorChoice, Command as RunnerCommand, DatabaseAction, DatabaseOptions,
};

pub use args::{
    Args, Cargo, Command, CompletionsArgs, GenerateArgs, GlobalOptions, ImportSqlArgs, InitArgs,
    NewArgs,
};
pub use creator::{insert_mod_line, validate_name, MigrationCreator};
pub use error::CliError;
pub use import_sql::{import_sql, Imported};
pub use init::Outcome;
pub use name::snake_case;
pub use seeder_creator::SeederCreator;
pub use templates::Template;

/// `cargo-migrate`'s whole `main`: runs the process's command line and reports the outcome.
pub fn main() -> ExitCode {
    report(run_from(std::env::args_os()))
}

/// Runs one `cargo migrate` command line (`cargo-migrate migrate <command> ...`, as cargo
/// passes it); returns the exit code (the runner's, when it ran). `--help` and `--version`
/// print and succeed.
///
/// ```no_run
/// let _code = migrate_cli::run_from(["cargo-migrate", "migrate", "status", "--database", "app.sqlite"]);
/// ```
pub fn run_from<I, T>(args: I) -> Result<ExitCode, CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let argv: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let Cargo::Migrate(args) = match Cargo::try_parse_from(&argv) {
        Ok(cargo) => cargo,
        Err(help)
            if matches!(
                help.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            // A closed pipe (`--help | head`) is no failure.
            let _ = help.print();
            return Ok(ExitCode::SUCCESS);
        }
        Err(error) => return Err(CliError::Usage(explain(error, &argv))),
    };
    set_color(args.output.color);
    let global = &args.global;
    match &args.command {
        Command::Init(init) => {
            let manifest = manifest::choose(global)?;
            let bin = global.bin.as_deref().unwrap_or(manifest::DEFAULT_RUNNER);
            let outcomes = init::init(&manifest, bin, init.core_path.as_deref())?;
            if !args.output.quiet {
                for outcome in outcomes {
                    println!("{outcome}");
                }
                println!(
                    "SQLite is migrate-core's default backend; for PostgreSQL or MySQL add \
                     \"postgres\" or \"mysql\" to its features.\n\
                     Next: `cargo migrate new create_users`, then `cargo migrate run`."
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::New(new) => {
            let manifest = manifest::choose(global)?;
            let root = manifest.parent().unwrap_or(std::path::Path::new("."));
            let name = snake_case(&new.name);
            if new.seeder {
                let path = SeederCreator::new(root).create(&name)?;
                let shown = path.strip_prefix(root).unwrap_or(&path);
                if !args.output.quiet {
                    println!("Created seeder: {}", shown.display());
                }
                return Ok(ExitCode::SUCCESS);
            }
            let mut template = Template::choose(&name, new.create.as_deref(), new.alter.as_deref());
            if new.change {
                template = template.reversible();
            }
            let path = MigrationCreator::new(root).create(&name, &template, creator::now())?;
            let shown = path.strip_prefix(root).unwrap_or(&path);
            if !args.output.quiet {
                println!("Created migration: {}", shown.display());
            }
            discovery::warn_undeclared(root);
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportSql(import) => {
            let manifest = manifest::choose(global)?;
            let root = manifest.parent().unwrap_or(std::path::Path::new("."));
            let imported = import_sql(&import.dir, root)?;
            if !args.output.quiet {
                for path in &imported.written {
                    let shown = path.strip_prefix(root).unwrap_or(path);
                    println!("Imported: {}", shown.display());
                }
                if imported.written.is_empty() {
                    println!("Nothing to import in {}.", import.dir.display());
                }
            }
            for (path, reason) in &imported.skipped {
                eprintln!("Not imported: {}: {reason}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate(generate) => {
            let manifest = manifest::choose(global)?;
            let root = manifest.parent().unwrap_or(std::path::Path::new("."));
            generate::generate(root, generate, args.output.quiet)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions(completions) => {
            let mut command = Cargo::command();
            clap_complete::aot::generate(
                completions.shell,
                &mut command,
                "cargo",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        // The arguments after `cargo-migrate migrate` go to the runner as they were given:
        // the runner parses them with the definition they were just checked against.
        Command::Runner(command) => runner::run(
            global,
            &args.output,
            argv.get(2..).unwrap_or_default(),
            changes_schema(command),
            matches!(command, RunnerCommand::Lint(_) | RunnerCommand::Run(_)),
        ),
    }
}

/// The database whose schema `command` changes, if it changes one (`--pretend` and `--fake`
/// change none): after it, the package's `schema_file` is written again.
fn changes_schema(command: &RunnerCommand) -> Option<&DatabaseOptions> {
    match command {
        RunnerCommand::Run(a) if !a.pretend && !a.fake => Some(&a.db),
        RunnerCommand::Rollback(a) if !a.pretend => Some(&a.db),
        RunnerCommand::Reset(a) if !a.pretend => Some(&a.db),
        RunnerCommand::Refresh(a) => Some(&a.db),
        RunnerCommand::Fresh(a) => Some(&a.db),
        RunnerCommand::Redo(a) => Some(&a.db),
        RunnerCommand::Database(a) => match &a.action {
            DatabaseAction::Reset(a) => Some(&a.db),
            _ => None,
        },
        _ => None,
    }
}

/// `--color`, for the error [`report`] prints after [`run_from`] returns.
static COLOR: AtomicU8 = AtomicU8::new(0);

fn set_color(choice: ColorChoice) {
    COLOR.store(choice as u8, Ordering::Relaxed);
}

/// Prints an error of [`run_from`] on standard error (`error:` in red as `--color` says: by
/// default on a terminal, unless `NO_COLOR` is set) and turns the outcome into an exit code.
///
/// ```
/// let code = migrate_cli::report(Err(migrate_cli::CliError::BuildFailed("migrate".into())));
/// assert_eq!(code, std::process::ExitCode::from(migrate_cli::exit_code::BUILD_FAILURE));
/// ```
pub fn report(outcome: Result<ExitCode, CliError>) -> ExitCode {
    match outcome {
        Ok(code) => code,
        Err(CliError::Usage(usage)) => {
            // clap formats its own errors, usage included.
            let _ = usage.print();
            ExitCode::from(exit_code::USER_ERROR)
        }
        Err(error) => {
            let colors = match COLOR.load(Ordering::Relaxed) {
                1 => true,
                2 => false,
                _ => {
                    std::io::stderr().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
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

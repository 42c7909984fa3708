//! The command line of `cargo migrate`, as clap types: doc comments are the help text.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};

/// Cargo's entry: `cargo migrate ...` runs `cargo-migrate migrate ...`.
#[derive(Debug, Parser)]
#[command(bin_name = "cargo", version)]
pub enum Cargo {
    /// Database migrations written in Rust: create them, and run them.
    ///
    /// `init` and `new` only write files. Every other command builds the application's
    /// migration runner (the binary recorded by `init`) with cargo, then runs it with the
    /// command and its options, which include `--database URL` (else `DATABASE_URL`, else a
    /// `.env` file) and `--table NAME`; `cargo migrate <command> --help` shows them.
    Migrate(Args),
}

/// The arguments of `cargo migrate`.
#[derive(Debug, ClapArgs)]
#[command(version)]
pub struct Args {
    /// Which package, and which runner.
    #[command(flatten)]
    pub global: GlobalOptions,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct GlobalOptions {
    /// Path to the application's Cargo.toml [default: the nearest one]
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// The migration runner binary [default: the one recorded by `init`, else `migrate`]
    #[arg(long, global = true, value_name = "NAME")]
    pub bin: Option<String>,
}

/// The commands of `cargo migrate`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold src/migrations/mod.rs and the migration runner src/bin/migrate.rs, and add
    /// migrate-core to Cargo.toml.
    Init(InitArgs),
    /// Create a migration file from a template (needs no database and no build).
    New(NewArgs),
    /// Apply every pending migration, as one batch.
    #[command(disable_help_flag = true)]
    Run(Forwarded),
    /// Roll back the last batch of migrations (or the last N with --step).
    #[command(disable_help_flag = true)]
    Rollback(Forwarded),
    /// Roll back every applied migration.
    #[command(disable_help_flag = true)]
    Reset(Forwarded),
    /// Roll back every migration (or the last N with --step), then apply them again.
    #[command(disable_help_flag = true)]
    Refresh(Forwarded),
    /// Drop every table of the database, then apply every migration.
    #[command(disable_help_flag = true)]
    Fresh(Forwarded),
    /// Show every migration: applied, dirty or pending, its batch, and when it was applied
    /// (exit code 2 while one is dirty).
    #[command(disable_help_flag = true)]
    Status(Forwarded),
    /// Create the repository table, if it does not exist.
    #[command(disable_help_flag = true)]
    Install(Forwarded),
    /// Accept the current code of edited migrations: re-stamp their stored checksums.
    #[command(disable_help_flag = true)]
    Repair(Forwarded),
    /// Settle a migration that failed part way, once the schema was repaired by hand.
    #[command(disable_help_flag = true)]
    Resolve(Forwarded),
    /// Record every pending migration as applied without running it.
    #[command(disable_help_flag = true)]
    Baseline(Forwarded),
    /// Print the schema the migrations produce (DDL or diesel's schema.rs), without a database.
    #[command(disable_help_flag = true)]
    Schema(Forwarded),
    /// Verify on a scratch database that every migration's down reverses its up.
    #[command(disable_help_flag = true)]
    Check(Forwarded),
}

impl Command {
    /// For a command the runner executes: its name and the arguments to pass on.
    pub fn forwarded(&self) -> Option<(&'static str, &[OsString])> {
        let (name, forwarded) = match self {
            Command::Init(_) | Command::New(_) => return None,
            Command::Run(f) => ("run", f),
            Command::Rollback(f) => ("rollback", f),
            Command::Reset(f) => ("reset", f),
            Command::Refresh(f) => ("refresh", f),
            Command::Fresh(f) => ("fresh", f),
            Command::Status(f) => ("status", f),
            Command::Install(f) => ("install", f),
            Command::Repair(f) => ("repair", f),
            Command::Resolve(f) => ("resolve", f),
            Command::Baseline(f) => ("baseline", f),
            Command::Schema(f) => ("schema", f),
            Command::Check(f) => ("check", f),
        };
        Some((name, &forwarded.args))
    }
}

/// The arguments of `init`.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct InitArgs {
    /// The migrate-core folder to depend on, when Cargo.toml does not depend on it yet
    /// [default: the one next to the migrate-cli that cargo-migrate was installed from]
    #[arg(long, value_name = "PATH")]
    pub core_path: Option<PathBuf>,
}

/// The arguments of `new`.
#[derive(Debug, Clone, ClapArgs)]
pub struct NewArgs {
    /// The migration's name, in snake_case: `create_users`, `add_bio_to_users`
    pub name: String,
    /// Start from the template that creates this table (and drops it in `down`).
    #[arg(long, value_name = "TABLE", conflicts_with = "table")]
    pub create: Option<String>,
    /// Start from the template that alters this table.
    #[arg(long, value_name = "TABLE")]
    pub table: Option<String>,
}

/// Arguments passed on to the migration runner unchanged.
#[derive(Debug, Clone, ClapArgs)]
pub struct Forwarded {
    /// Options for the runner: --database URL, --table NAME, and the command's own
    /// (see `cargo migrate <command> --help`)
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "OPTIONS"
    )]
    pub args: Vec<OsString>,
}

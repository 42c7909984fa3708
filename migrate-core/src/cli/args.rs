//! The command line of the migration runner, as clap types: doc comments are the help text.

use clap::{Args, Parser, Subcommand};

/// Runs this application's database migrations.
///
/// The database is `--database URL`, else the `DATABASE_URL` environment variable, else
/// `DATABASE_URL` in a `.env` file; its scheme picks the backend (`sqlite://path` or a plain
/// path, `postgres://...`, `mysql://...`).
#[derive(Debug, Parser)]
#[command(name = "migrate", version, propagate_version = true)]
pub struct Cli {
    /// Where the migrations are recorded.
    #[command(flatten)]
    pub global: GlobalOptions,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalOptions {
    /// The database URL [default: $DATABASE_URL, then DATABASE_URL in .env]
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// The repository table, where applied migrations are recorded [default: migrations]
    #[arg(long, global = true, value_name = "NAME")]
    pub table: Option<String>,
}

/// The commands of the migration runner.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply every pending migration, as one batch.
    Run(RunArgs),
    /// Roll back the last batch of migrations (or the last N with --step).
    Rollback(RollbackArgs),
    /// Roll back every applied migration.
    Reset(PretendArgs),
    /// Roll back every migration (or the last N with --step), then apply them again.
    Refresh(RefreshArgs),
    /// Drop every table of the database, then apply every migration.
    Fresh(FreshArgs),
    /// Show every migration: applied or pending, its batch, and when it was applied.
    Status,
    /// Create the repository table, if it does not exist.
    Install,
}

/// Options of `run`.
#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// Give each migration its own batch, so that `rollback` undoes them one at a time.
    #[arg(long)]
    pub step: bool,
    /// Print the SQL that would run, and change nothing.
    #[arg(long)]
    pub pretend: bool,
}

/// Options of `rollback`.
#[derive(Debug, Clone, Default, Args)]
pub struct RollbackArgs {
    /// Roll back the last N migrations instead of the last batch.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub step: Option<u32>,
    /// Print the SQL that would run, and change nothing.
    #[arg(long)]
    pub pretend: bool,
}

/// Options of `reset`.
#[derive(Debug, Clone, Default, Args)]
pub struct PretendArgs {
    /// Print the SQL that would run, and change nothing.
    #[arg(long)]
    pub pretend: bool,
}

/// Options of `refresh`.
#[derive(Debug, Clone, Default, Args)]
pub struct RefreshArgs {
    /// Roll back and re-apply only the last N migrations.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub step: Option<u32>,
}

/// Options of `fresh`.
#[derive(Debug, Clone, Default, Args)]
pub struct FreshArgs {
    /// Do not ask for confirmation before dropping every table.
    #[arg(long)]
    pub force: bool,
    /// Give each migration its own batch, so that `rollback` undoes them one at a time.
    #[arg(long)]
    pub step: bool,
}

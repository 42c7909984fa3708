//! The command line of `cargo migrate`, as clap types: doc comments are the help text.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};
use migrate_core::cli::args::{Command as RunnerCommand, OutputOptions};

/// Cargo's entry: `cargo migrate ...` runs `cargo-migrate migrate ...`.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", version)]
pub enum Cargo {
    /// Database migrations written in Rust: create them, and run them.
    ///
    /// `init` and `new` only write files. Every other command builds the application's
    /// migration runner (the binary recorded by `init`) with cargo, then runs it with the
    /// command and its options; `cargo migrate <command> --help` shows them, without a build.
    Migrate(Args),
}

/// The arguments of `cargo migrate`.
#[derive(Debug, ClapArgs)]
#[command(version)]
pub struct Args {
    /// Which package, and which runner.
    #[command(flatten)]
    pub global: GlobalOptions,
    /// How much to print, and in which colors (the runner's options, passed on).
    #[command(flatten)]
    pub output: OutputOptions,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Default, ClapArgs)]
#[command(next_help_heading = "Package")]
pub struct GlobalOptions {
    /// Path to the application's Cargo.toml [default: the nearest one]
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// The migration runner binary [default: the one recorded by `init`, else `migrate`]
    #[arg(long, global = true, value_name = "NAME")]
    pub bin: Option<String>,
    /// The workspace member that has the migrations [default: the package of the manifest]
    #[arg(short, long, global = true, value_name = "NAME")]
    pub package: Option<String>,
    /// Build the runner with the release profile
    #[arg(long, global = true)]
    pub release: bool,
}

/// The commands of `cargo migrate`: its own, and the runner's (from `migrate_core::cli::args`,
/// so that their help needs no build).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold src/migrations/mod.rs and the migration runner src/bin/migrate.rs, and add
    /// migrate-core to Cargo.toml.
    Init(InitArgs),
    /// Create a migration file from a template (needs no database and no build).
    New(NewArgs),
    /// Turn a diesel or sqlx migrations directory into `#[migration]` files running the same
    /// SQL, keeping their timestamps (needs no database and no build)
    ImportSql(ImportSqlArgs),
    /// Print a shell completion script for `cargo migrate` (bash, zsh, fish, elvish,
    /// powershell).
    Completions(CompletionsArgs),
    /// Write migrations that recreate an existing database's tables, one per table in
    /// dependency order (needs no build); then `baseline` records them as applied there.
    Generate(GenerateArgs),
    /// The runner's commands: `cargo migrate` builds the runner and passes them on.
    #[command(flatten)]
    Runner(RunnerCommand),
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
    /// The migration's name, in snake_case: `create_users`, `add_bio_to_users` (`CreateUsers`
    /// and "create users" are converted)
    pub name: String,
    /// Start from the template that creates this table (and drops it in `down`).
    #[arg(long, value_name = "TABLE", conflicts_with = "alter")]
    pub create: Option<String>,
    /// Start from the template that alters this table (Laravel's `--table`: here `--table`
    /// always names the repository table)
    #[arg(long, value_name = "TABLE")]
    pub alter: Option<String>,
    /// Write a seeder instead, src/seeders/NAME.rs, included in the runner
    #[arg(long, conflicts_with_all = ["create", "alter"])]
    pub seeder: bool,
    /// Write one `change` function, whose `down` is derived, instead of `up` and `down`
    #[arg(long)]
    pub change: bool,
}

/// The arguments of `import-sql`.
#[derive(Debug, Clone, ClapArgs)]
pub struct ImportSqlArgs {
    /// The migrations directory: diesel's (`<version>_<name>/up.sql`, `down.sql`) or sqlx's
    /// (`<version>_<name>.up.sql` and `.down.sql`, or `<version>_<name>.sql`)
    pub dir: PathBuf,
}

/// The arguments of `generate`.
#[derive(Debug, Clone, ClapArgs)]
pub struct GenerateArgs {
    /// The database to read: its tables, columns, keys, indexes and foreign keys
    #[arg(long, value_name = "URL")]
    pub from_database: String,
    /// The repository table, left out of what is generated [default: migrations]
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,
}

/// The arguments of `completions`.
#[derive(Debug, Clone, ClapArgs)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::aot::Shell,
}

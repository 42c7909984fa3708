//! The command line of the migration runner, as clap types: doc comments are the help text.
//!
//! Public so that `cargo migrate` answers `--help` and writes shell completions from this one
//! definition, without building the application; options belong to the commands that use
//! them, after the command (`run --database URL`).
//!
//! ```
//! use clap::CommandFactory;
//! use migrate_core::cli::args::Cli;
//!
//! let cli = Cli::command();
//! let status = cli.find_subcommand("status").unwrap();
//! assert!(status.get_arguments().any(|a| a.get_long() == Some("database")));
//! assert!(!status.get_arguments().any(|a| a.get_long() == Some("lock-timeout")));
//! ```

use clap::{Args, Parser, Subcommand};

pub use super::lint::{AllowOptions, LintArgs};

/// Runs this application's database migrations.
///
/// The database is `--database URL`, else the `DATABASE_URL` environment variable, else
/// `DATABASE_URL` in a `.env` file; its scheme picks the backend (`sqlite://path` or a plain
/// path, `postgres://...`, `mysql://...`).
#[derive(Debug, Parser)]
#[command(name = "migrate", version)]
pub struct Cli {
    /// How much to print, and in which colors.
    #[command(flatten)]
    pub output: OutputOptions,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command: how much to print, and in which colors.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputOptions {
    /// Print nothing but errors (and what was asked for: `schema`, `--pretend`'s SQL, `status
    /// --format json`)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each migration's SQL as it runs
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to color the output: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t,
        hide_possible_values = true
    )]
    pub color: ColorChoice,
}

/// A number of migrations or a batch number, `--step N` or `--batch N`: 1 or more.
fn count(text: &str) -> Result<u32, String> {
    match text.parse::<i64>() {
        Ok(n) if n >= 1 => u32::try_from(n).map_err(|_| format!("{n} is too large")),
        Ok(_) => Err(
            "expected 1 or more (the number counts back from the newest; `run` goes \
                      forward)"
                .to_owned(),
        ),
        Err(_) => Err("expected a number, 1 or more".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(super::duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(super::duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(super::duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(super::duration("5"), Ok(Duration::from_secs(5)));
        assert!(super::duration("soon").is_err());
        assert!(super::duration("3h").is_err());
    }
}

/// Adds a tip to a command-line error that users of other tools make: `run --step 2` (`run
/// --step` is Laravel's switch; `--to ID` applies only some migrations).
pub fn explain(mut error: clap::Error, args: &[std::ffi::OsString]) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let Some(ContextValue::String(unexpected)) = error.get(ContextKind::InvalidArg) else {
        return error;
    };
    let after_step = args
        .windows(2)
        .any(|pair| pair[0] == "--step" && pair[1] == unexpected.as_str());
    let is_run = args.iter().any(|a| a == "run" || a == "fresh");
    if error.kind() == ErrorKind::UnknownArgument && after_step && is_run {
        let tip = "`run --step` takes no number: it gives each migration its own batch; to \
                   apply only some migrations, use `run --to ID`";
        error.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![tip.into()]),
        );
    }
    error
}

/// `--color`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `status --format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// A table, for people.
    #[default]
    Text,
    /// One JSON object, for scripts (its shape is documented and stable).
    Json,
}

/// Which database.
#[derive(Debug, Clone, Default, Args)]
pub struct UrlOptions {
    /// The database URL [default: $DATABASE_URL, then DATABASE_URL in .env]
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Retry connecting for up to this long, for a database that is still starting (`30s`,
    /// `2m`, `500ms`; a plain number is seconds) [default: no retry]
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub wait: Option<std::time::Duration>,
}

/// `--wait`'s duration: `500ms`, `30s`, `2m`, or a number of seconds.
fn duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| "expected a duration: 500ms, 30s, 2m".to_owned())?;
    let millis = match unit {
        "ms" => number,
        "" | "s" => number.saturating_mul(1000),
        "m" => number.saturating_mul(60_000),
        _ => return Err(format!("unknown unit `{unit}` (expected ms, s or m)")),
    };
    Ok(std::time::Duration::from_millis(millis))
}

/// Which database, and where its migrations are recorded.
#[derive(Debug, Clone, Default, Args)]
pub struct DatabaseOptions {
    /// The database.
    #[command(flatten)]
    pub url: UrlOptions,
    /// The repository table, where applied migrations are recorded [default: migrations]
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,
}

/// One crate's migrations alone: a library's or the application's own.
#[derive(Debug, Clone, Default, Args)]
pub struct NamespaceOptions {
    /// Only the migrations of this crate: a library's (whose ids end in `.NAME`) or the
    /// application's own; the others are still checked, not run, rolled back or listed
    #[arg(long = "crate", value_name = "NAME")]
    pub krate: Option<String>,
}

/// Options of the commands that change the database: the lock that keeps runners apart.
#[derive(Debug, Clone, Args)]
pub struct LockOptions {
    /// Do not take the database lock that keeps concurrent runners apart (for databases
    /// without advisory locks, with a single runner guaranteed)
    #[arg(long)]
    pub no_lock: bool,
    /// How long to wait for another runner's lock before giving up
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub lock_timeout: u64,
}

impl Default for LockOptions {
    fn default() -> Self {
        LockOptions {
            no_lock: false,
            lock_timeout: 60,
        }
    }
}

/// Options of the commands that run migrations: what the repository must look like first.
#[derive(Debug, Clone, Default, Args)]
pub struct GuardOptions {
    /// Go on, with a notice, when an applied migration was edited since it ran
    #[arg(long)]
    pub allow_drift: bool,
    /// Go on, with a notice, when the database records migrations this program lacks
    #[arg(long)]
    pub ignore_missing: bool,
}

/// Options of the commands that run migrations: how they commit, and how long their
/// statements wait for a table's lock.
#[derive(Debug, Clone, Args)]
pub struct CommitOptions {
    /// Run the migrations of each step in one transaction: all or nothing (SQLite,
    /// PostgreSQL; refresh is two steps)
    #[arg(long)]
    pub single_transaction: bool,
    /// SQLite: how long migrations may go on sharing one commit (each in a savepoint of its
    /// own); 0 commits each on its own
    #[arg(long, value_name = "MS", default_value_t = crate::DEFAULT_COMMIT_WINDOW.as_millis() as u64)]
    pub commit_window: u64,
    /// PostgreSQL, MySQL: how long each statement of a migration may wait for a table's lock
    /// before the migration is undone and retried; 0: no limit
    #[arg(long, value_name = "MS", default_value_t = crate::DEFAULT_DDL_LOCK_TIMEOUT.as_millis() as u64)]
    pub ddl_lock_timeout: u64,
    /// How many times a migration that hit --ddl-lock-timeout runs again, each time with a
    /// longer timeout
    #[arg(long, value_name = "N", default_value_t = crate::DEFAULT_DDL_LOCK_RETRIES)]
    pub ddl_lock_retries: u32,
    /// The wait before the first retry; retry n waits n times as long
    #[arg(long, value_name = "MS", default_value_t = crate::DEFAULT_DDL_RETRY_DELAY.as_millis() as u64)]
    pub ddl_retry_delay: u64,
    /// PostgreSQL, MariaDB: how long each statement of a migration may run before the
    /// server cancels it and the migration fails; 0 (the default): no limit
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub statement_timeout: u64,
}

impl Default for CommitOptions {
    fn default() -> Self {
        CommitOptions {
            single_transaction: false,
            commit_window: crate::DEFAULT_COMMIT_WINDOW.as_millis() as u64,
            ddl_lock_timeout: crate::DEFAULT_DDL_LOCK_TIMEOUT.as_millis() as u64,
            ddl_lock_retries: crate::DEFAULT_DDL_LOCK_RETRIES,
            ddl_retry_delay: crate::DEFAULT_DDL_RETRY_DELAY.as_millis() as u64,
            statement_timeout: 0,
        }
    }
}

/// The commands of the migration runner.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply every pending migration, as one batch.
    Run(RunArgs),
    /// Roll back the last batch of migrations (or the last N with --step).
    Rollback(RollbackArgs),
    /// Roll back every applied migration.
    Reset(ResetArgs),
    /// Roll back every migration (or the last N with --step), then apply them again.
    Refresh(RefreshArgs),
    /// Drop every table of the database, then apply every migration.
    Fresh(FreshArgs),
    /// Show every migration: applied, dirty or pending, its batch, and when it was applied
    /// (exit code 2 while one is dirty).
    Status(StatusArgs),
    /// Create the repository table, if it does not exist.
    Install(InstallArgs),
    /// Accept the current code of edited migrations: re-stamp their stored checksums.
    Repair(RepairArgs),
    /// Settle a migration that failed part way, once the schema was repaired by hand.
    Resolve(ResolveArgs),
    /// Roll back the last migration (or the last N with --step) and apply it again, edited or
    /// not: for the migration being written.
    Redo(RedoArgs),
    /// Forget the record of a migration whose code was deleted for good (its schema changes
    /// stay); asks for confirmation.
    Forget(ForgetArgs),
    /// Create, drop or reset the database itself (on SQLite: the file).
    Database(DatabaseArgs),
    /// Record every pending migration as applied without running it (adopting a database
    /// whose schema already has them).
    Baseline(BaselineArgs),
    /// Print the schema the migrations produce, without a database: DDL, or diesel's
    /// `table!` definitions.
    Schema(SchemaArgs),
    /// Record the migrations that diesel_migrations, sqlx or refinery applied to this
    /// database as applied, matched to the migrations ported from them (nothing runs).
    Adopt(AdoptArgs),
    /// Run the seeders (`#[seeder]` functions), each in its own transaction; nothing is
    /// recorded, so write them for a fresh database or make them idempotent.
    Seed(SeedArgs),
    /// Verify on a scratch database that every migration's `down` reverses its `up`.
    ///
    /// Uses an in-memory SQLite database unless `--database` names one explicitly (never
    /// DATABASE_URL: the check drops and recreates tables).
    Check(CheckArgs),
    /// Write a migration from the schema the migrations produce to the database's (changed by
    /// hand, say), with an `up` and a `down`, naming what it cannot express.
    Diff(DiffArgs),
    /// Write one migration replacing every migration up to ID (their schema, replayed without
    /// a database): a fresh database runs only it, one that applied them records it
    Squash(SquashArgs),
    /// Check the pending migrations (or all, with --all) for operations that lock or rewrite
    /// a table in use, and say what to write instead; exits with 7 while a finding is not
    /// allowed.
    Lint(LintArgs),
}

/// The dialects, as `--dialect` spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DialectArg {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
}

impl DialectArg {
    /// As `--dialect` spells it.
    pub fn flag(dialect: crate::Dialect) -> &'static str {
        match dialect {
            crate::Dialect::Sqlite => "sqlite",
            crate::Dialect::Postgres => "postgres",
            crate::Dialect::Mysql => "mysql",
        }
    }
}

impl From<DialectArg> for crate::Dialect {
    fn from(dialect: DialectArg) -> Self {
        match dialect {
            DialectArg::Sqlite => crate::Dialect::Sqlite,
            DialectArg::Postgres => crate::Dialect::Postgres,
            DialectArg::Mysql => crate::Dialect::Mysql,
        }
    }
}

/// Options of `schema`.
#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// The dialect to write [default: the database URL's (--database, DATABASE_URL, .env;
    /// no connection is made), else sqlite]
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// The schema as of this migration (default: after the last one)
    #[arg(long, value_name = "ID")]
    pub at: Option<String>,
    /// The schema as of the newest migration the database has applied (reads its repository)
    #[arg(long, conflicts_with = "at")]
    pub applied: bool,
    /// Print diesel's `table!` definitions instead of DDL
    #[arg(long)]
    pub diesel: bool,
    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Change nothing: fail if FILE (--output) differs from what would be written (for CI)
    #[arg(long, requires = "output")]
    pub check: bool,
    /// The database (for its dialect) and the repository table.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Options of `check`.
#[derive(Debug, Clone, Default, Args)]
pub struct CheckArgs {
    /// The scratch database (never DATABASE_URL) and the repository table.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Options of `diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The migration's name, in snake_case
    #[arg(long, value_name = "NAME", default_value = "diff", value_parser = snake_case)]
    pub name: String,
    /// The database whose schema the migration leads to, and the repository table.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Options of `squash`.
#[derive(Debug, Clone, Args)]
pub struct SquashArgs {
    /// The last migration to squash (it and every migration before it)
    #[arg(long = "up-to", value_name = "ID")]
    pub up_to: String,
}

/// A migration's name: snake_case, starting with a letter.
fn snake_case(text: &str) -> Result<String, String> {
    let valid = text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    match valid {
        true => Ok(text.to_owned()),
        false => Err(
            "a migration's name is snake_case: lowercase letters, digits and `_`, \
                      starting with a letter"
                .to_owned(),
        ),
    }
}

/// Options of `resolve`.
#[derive(Debug, Clone, Args)]
pub struct ResolveArgs {
    /// The id of the dirty migration.
    pub id: String,
    /// The migration was completed by hand: record it as applied.
    #[arg(
        long,
        conflicts_with = "rolled_back",
        required_unless_present = "rolled_back"
    )]
    pub applied: bool,
    /// What it did was undone by hand: forget it, so that it runs again.
    #[arg(long)]
    pub rolled_back: bool,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
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
    /// Record the pending migrations as applied without running them.
    #[arg(long)]
    pub fake: bool,
    /// Apply the pending migrations only up to this one (its id, or its name), inclusive.
    #[arg(long, value_name = "ID")]
    pub to: Option<String>,
    /// Refuse to apply a pending migration older than the newest applied one
    #[arg(long)]
    pub strict_order: bool,
    /// Then run the seeders, as `seed` does
    #[arg(long, conflicts_with_all = ["pretend", "fake"])]
    pub seed: bool,
    /// In production (MIGRATE_ENV or APP_ENV is `production`): do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    /// Which crate's migrations.
    #[command(flatten)]
    pub namespace: NamespaceOptions,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// What the repository must look like first.
    #[command(flatten)]
    pub guard: GuardOptions,
    /// How the migrations commit.
    #[command(flatten)]
    pub commit: CommitOptions,
    /// Lint rules allowed in the warnings printed before the migrations run.
    #[command(flatten)]
    pub allow: AllowOptions,
}

/// The tools whose history `adopt` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ToolArg {
    /// diesel_migrations: `__diesel_schema_migrations`.
    Diesel,
    /// sqlx: `_sqlx_migrations`.
    Sqlx,
    /// refinery: `refinery_schema_history`.
    Refinery,
}

impl From<ToolArg> for crate::Tool {
    fn from(tool: ToolArg) -> Self {
        match tool {
            ToolArg::Diesel => crate::Tool::Diesel,
            ToolArg::Sqlx => crate::Tool::Sqlx,
            ToolArg::Refinery => crate::Tool::Refinery,
        }
    }
}

/// Options of `adopt`.
#[derive(Debug, Clone, Args)]
pub struct AdoptArgs {
    /// The tool whose history to adopt: diesel, sqlx or refinery.
    #[arg(value_enum)]
    pub tool: ToolArg,
    /// The database and the repository table.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
}

/// Options of `seed`.
#[derive(Debug, Clone, Default, Args)]
pub struct SeedArgs {
    /// Run only the seeder of this name
    #[arg(long, value_name = "NAME")]
    pub only: Option<String>,
    /// In production (MIGRATE_ENV or APP_ENV is `production`): do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Options of `rollback`.
#[derive(Debug, Clone, Default, Args)]
pub struct RollbackArgs {
    /// Roll back the last N migrations instead of the last batch.
    #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
    pub step: Option<u32>,
    /// Roll back every migration newer than this one (its id, or its name), which stays applied.
    #[arg(long, value_name = "ID", conflicts_with_all = ["step", "batch"])]
    pub to: Option<String>,
    /// Roll back batch N and every batch after it.
    #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true, conflicts_with = "step")]
    pub batch: Option<u32>,
    /// Print the SQL that would run, and change nothing.
    #[arg(long)]
    pub pretend: bool,
    /// In production (MIGRATE_ENV or APP_ENV is `production`): do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    /// Which crate's migrations.
    #[command(flatten)]
    pub namespace: NamespaceOptions,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// What the repository must look like first.
    #[command(flatten)]
    pub guard: GuardOptions,
    /// How the migrations commit.
    #[command(flatten)]
    pub commit: CommitOptions,
}

/// Options of `reset`.
#[derive(Debug, Clone, Default, Args)]
pub struct ResetArgs {
    /// Print the SQL that would run, and change nothing.
    #[arg(long)]
    pub pretend: bool,
    /// In production (MIGRATE_ENV or APP_ENV is `production`): do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    /// Which crate's migrations.
    #[command(flatten)]
    pub namespace: NamespaceOptions,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// What the repository must look like first.
    #[command(flatten)]
    pub guard: GuardOptions,
    /// How the migrations commit.
    #[command(flatten)]
    pub commit: CommitOptions,
}

/// Options of `refresh`.
#[derive(Debug, Clone, Default, Args)]
pub struct RefreshArgs {
    /// Roll back and re-apply only the last N migrations.
    #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
    pub step: Option<u32>,
    /// Refuse to apply a pending migration older than the newest applied one
    #[arg(long)]
    pub strict_order: bool,
    /// In production (MIGRATE_ENV or APP_ENV is `production`): do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    /// Which crate's migrations.
    #[command(flatten)]
    pub namespace: NamespaceOptions,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// What the repository must look like first.
    #[command(flatten)]
    pub guard: GuardOptions,
    /// How the migrations commit.
    #[command(flatten)]
    pub commit: CommitOptions,
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
    /// Then run the seeders, as `seed` does
    #[arg(long)]
    pub seed: bool,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// What the repository must look like first.
    #[command(flatten)]
    pub guard: GuardOptions,
    /// How the migrations commit.
    #[command(flatten)]
    pub commit: CommitOptions,
}

/// Options of `status`.
#[derive(Debug, Clone, Default, Args)]
pub struct StatusArgs {
    /// Exit with code 6 unless the database is up to date: nothing pending, edited or
    /// missing (a dirty migration always exits with 2)
    #[arg(long)]
    pub exit_code: bool,
    /// How to print the migrations: a table for people, or JSON for scripts
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: StatusFormat,
    /// Which crate's migrations.
    #[command(flatten)]
    pub namespace: NamespaceOptions,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Options of `install`.
#[derive(Debug, Clone, Default, Args)]
pub struct InstallArgs {
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
}

/// Options of `repair`.
#[derive(Debug, Clone, Default, Args)]
pub struct RepairArgs {
    /// Print what would be re-stamped, and change nothing.
    #[arg(long)]
    pub pretend: bool,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Options of `baseline`.
#[derive(Debug, Clone, Default, Args)]
pub struct BaselineArgs {
    /// Print what would be recorded, and change nothing.
    #[arg(long)]
    pub pretend: bool,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// What the repository must look like first.
    #[command(flatten)]
    pub guard: GuardOptions,
}

/// Options of `redo`.
#[derive(Debug, Clone, Default, Args)]
pub struct RedoArgs {
    /// Roll back and apply again the last N migrations [default: 1]
    #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
    pub step: Option<u32>,
    /// In production (MIGRATE_ENV or APP_ENV is `production`): do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// What the repository must look like first (the redone migrations may be edited).
    #[command(flatten)]
    pub guard: GuardOptions,
    /// How the migrations commit.
    #[command(flatten)]
    pub commit: CommitOptions,
}

/// Options of `forget`.
#[derive(Debug, Clone, Args)]
pub struct ForgetArgs {
    /// The recorded migration to forget: its id, or its name.
    pub id: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    /// The database.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Options of `database`.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// What to do with the database.
    #[command(subcommand)]
    pub action: DatabaseAction,
}

/// The commands of `database`.
#[derive(Debug, Clone, Subcommand)]
pub enum DatabaseAction {
    /// Create the database the URL names, unless it exists (on SQLite: the file).
    Create(UrlOptions),
    /// Drop the database the URL names, if it exists (on SQLite: delete the file); asks for
    /// confirmation.
    Drop(DropArgs),
    /// Drop the database, create it again, and apply every migration; asks for confirmation.
    Reset(DatabaseResetArgs),
}

/// Options of `database drop`.
#[derive(Debug, Clone, Default, Args)]
pub struct DropArgs {
    /// Do not ask for confirmation before dropping the database.
    #[arg(long)]
    pub force: bool,
    /// The database.
    #[command(flatten)]
    pub url: UrlOptions,
}

/// Options of `database reset`.
#[derive(Debug, Clone, Default, Args)]
pub struct DatabaseResetArgs {
    /// Do not ask for confirmation before dropping the database.
    #[arg(long)]
    pub force: bool,
    /// The database, and the repository table.
    #[command(flatten)]
    pub db: DatabaseOptions,
    /// The lock.
    #[command(flatten)]
    pub lock: LockOptions,
    /// How the migrations commit.
    #[command(flatten)]
    pub commit: CommitOptions,
}

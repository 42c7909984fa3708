//! The exit codes of `cargo migrate`: the same as the migration runner's
//! (`migrate_core::cli::exit_code`), whose own exit code `cargo migrate` passes on.
//!
//! ```
//! assert_eq!(migrate_cli::exit_code::BUILD_FAILURE, 4);
//! ```

/// Everything asked for was done (including "Nothing to migrate.").
pub const SUCCESS: u8 = 0;
/// An unexpected failure: an I/O error, a runner killed by a signal.
pub const FAILURE: u8 = 1;
/// The command line, a migration name, the package or the database URL is wrong; nothing
/// was changed.
pub const USER_ERROR: u8 = 2;
/// The database refused a connection or a statement (reported by the runner).
pub const DATABASE_ERROR: u8 = 3;
/// The migration runner did not build; cargo printed why.
pub const BUILD_FAILURE: u8 = 4;
/// The user declined a confirmation (`fresh` on a terminal); nothing was changed.
pub const ABORTED: u8 = 5;
/// `status --exit-code`: the database is not up to date (a migration is pending, edited since
/// it was applied, or recorded but missing from the program).
pub const NOT_UP_TO_DATE: u8 = 6;
/// `lint`: a pending migration (or any, with `--all`) has a finding that is not allowed.
pub const LINT_FINDINGS: u8 = 7;

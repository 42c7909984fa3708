//! The exit codes of the migration runner and of `cargo migrate`, documented and stable.
//!
//! ```
//! use migrate_core::cli::exit_code;
//!
//! assert_eq!(exit_code::SUCCESS, 0);
//! assert_eq!(exit_code::DATABASE_ERROR, 3);
//! ```

/// Everything asked for was done (including "Nothing to migrate.").
pub const SUCCESS: u8 = 0;
/// An unexpected failure: an I/O error, a runner killed by a signal.
pub const FAILURE: u8 = 1;
/// The command line, the database URL, the `.env` file or the migration set is wrong, or a
/// migration cannot be rolled back; nothing was changed.
pub const USER_ERROR: u8 = 2;
/// The database refused a connection or a statement; the error names the migration, its
/// `file:line`, the failing SQL and the database's message.
pub const DATABASE_ERROR: u8 = 3;
/// `cargo migrate` could not build the migration runner (cargo printed why).
pub const BUILD_FAILURE: u8 = 4;
/// The user declined a confirmation (`fresh` on a terminal); nothing was changed.
pub const ABORTED: u8 = 5;
/// `status --exit-code`: the database is not up to date (a migration is pending, edited since
/// it was applied, or recorded but missing from the program).
pub const NOT_UP_TO_DATE: u8 = 6;
/// `lint`: a pending migration (or any, with `--all`) has a finding that is not allowed.
pub const LINT_FINDINGS: u8 = 7;

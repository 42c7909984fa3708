//! `cargo migrate` passes the runner's exit code on: both must mean the same.

use migrate_cli::exit_code as cli;
use migrate_core::cli::exit_code as runner;

#[test]
fn the_runner_and_cargo_migrate_agree() {
    assert_eq!(cli::SUCCESS, runner::SUCCESS);
    assert_eq!(cli::FAILURE, runner::FAILURE);
    assert_eq!(cli::USER_ERROR, runner::USER_ERROR);
    assert_eq!(cli::DATABASE_ERROR, runner::DATABASE_ERROR);
    assert_eq!(cli::BUILD_FAILURE, runner::BUILD_FAILURE);
    assert_eq!(cli::ABORTED, runner::ABORTED);
    assert_eq!(cli::NOT_UP_TO_DATE, runner::NOT_UP_TO_DATE);
    assert_eq!(cli::LINT_FINDINGS, runner::LINT_FINDINGS);
}

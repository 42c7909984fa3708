//! `cargo migrate`: the cargo subcommand of the migrate framework.

use std::process::ExitCode;

use clap::Parser;
use migrate_cli::{exit_code, Cargo};

fn main() -> ExitCode {
    match Cargo::try_parse() {
        Ok(Cargo::Migrate(args)) => migrate_cli::report(migrate_cli::run(args)),
        // `--help` and `--version` arrive here too, and are no error.
        Err(error) => {
            let _ = error.print();
            ExitCode::from(if error.use_stderr() {
                exit_code::USER_ERROR
            } else {
                exit_code::SUCCESS
            })
        }
    }
}

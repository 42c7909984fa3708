//! `cargo migrate`: the cargo subcommand of the migrate framework.

fn main() -> std::process::ExitCode {
    migrate_cli::main()
}

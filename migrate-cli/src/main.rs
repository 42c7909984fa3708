//! `cargo migrate`: the cargo subcommand of the migrate framework.

use clap::Parser;

/// Cargo's entry: `cargo migrate ...` runs `cargo-migrate migrate ...`.
#[derive(Parser)]
#[command(bin_name = "cargo", version)]
enum Cargo {
    /// Database migrations written in Rust.
    Migrate(Args),
}

/// The arguments of `cargo migrate`.
#[derive(clap::Args)]
struct Args {}

fn main() {
    let Cargo::Migrate(Args {}) = Cargo::parse();
}

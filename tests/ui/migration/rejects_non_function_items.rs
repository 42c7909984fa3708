use migrate_core::prelude::*;

#[migration]
struct CreateUsers {
    table: &'static str,
}

fn main() {}

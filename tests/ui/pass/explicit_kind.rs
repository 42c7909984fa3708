use migrate_core::prelude::*;

#[migration(up)]
fn create_users(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(down)]
fn drop_users(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

// Redundant, but allowed.
#[migration(up)]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration(up, down)]
fn create_users(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

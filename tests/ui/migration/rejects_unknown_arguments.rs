use migrate_core::prelude::*;

#[migration(name = "create_users")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration(down)]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration(transaction = "no")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration(transaction = false)]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(transaction = true, down, id = "m1")]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
const fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

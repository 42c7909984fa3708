use migrate_core::prelude::*;

#[migration]
unsafe fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

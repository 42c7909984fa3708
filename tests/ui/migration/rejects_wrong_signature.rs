use migrate_core::prelude::*;

#[migration]
fn up() -> Result<()> {
    Ok(())
}

fn main() {}

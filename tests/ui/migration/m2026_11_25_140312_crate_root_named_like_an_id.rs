// A binary whose file is named like a migration id is still a crate root: no module name
// to take the id from.
use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

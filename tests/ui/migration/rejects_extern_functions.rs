use migrate_core::prelude::*;

#[migration]
extern "C" fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

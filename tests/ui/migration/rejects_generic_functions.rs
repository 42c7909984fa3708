use migrate_core::prelude::*;

#[migration]
fn up<T>(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

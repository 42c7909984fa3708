use migrate_core::prelude::*;

#[migration]
fn create_users(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

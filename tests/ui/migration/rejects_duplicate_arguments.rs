use migrate_core::prelude::*;

#[migration(id = "create_users", transaction = false, id = "create_accounts")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

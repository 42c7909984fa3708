use migrate_core::prelude::*;

#[migration(id = "create users", transaction = false, transaction = true)]
async fn create_users<T>(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

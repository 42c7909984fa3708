use migrate_core::prelude::*;
use migrate_core::MigrationConnection;

#[seeder(id = "users", order = 1, order = 2)]
fn users(conn: &mut dyn MigrationConnection) -> Result<()> {
    let _ = conn;
    Ok(())
}

#[seeder(name = "demo users", order = 99999999999)]
fn demo(conn: &mut dyn MigrationConnection) -> Result<()> {
    let _ = conn;
    Ok(())
}

fn main() {}

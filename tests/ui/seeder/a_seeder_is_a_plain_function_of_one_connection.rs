use migrate_core::prelude::*;
use migrate_core::MigrationConnection;

#[seeder]
async fn waits(conn: &mut dyn MigrationConnection) -> Result<()> {
    let _ = conn;
    Ok(())
}

#[seeder]
fn no_connection() -> Result<()> {
    Ok(())
}

#[seeder]
fn by_value(conn: diesel::SqliteConnection) -> Result<()> {
    let _ = conn;
    Ok(())
}

fn main() {}

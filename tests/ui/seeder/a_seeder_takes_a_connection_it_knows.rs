use migrate_core::prelude::*;

#[seeder]
fn users(conn: &mut String) -> Result<()> {
    conn.push('x');
    Ok(())
}

fn main() {}

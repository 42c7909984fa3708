use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table counts { n: integer charset("utf8mb4") }
    })
}

fn main() {}

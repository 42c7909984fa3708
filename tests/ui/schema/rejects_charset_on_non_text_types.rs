use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table counts { n: integer charset("utf8mb4") }
    })
}

fn main() {}

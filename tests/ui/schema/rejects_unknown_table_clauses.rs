use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts { id: increments, timestamp }
    })
}

fn main() {}

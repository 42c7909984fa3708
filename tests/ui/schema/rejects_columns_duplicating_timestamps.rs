use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { id: increments, created_at: timestamp, timestamps }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { votes: unsigned_integer default(-1) }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { votes: integer default("0") }
    })
}

fn main() {}

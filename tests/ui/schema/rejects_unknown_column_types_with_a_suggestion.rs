use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { id: increments, name: strng(100) }
    })
}

fn main() {}

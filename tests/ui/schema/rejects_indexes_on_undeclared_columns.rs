use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { id: increments, name: string(100), index(nme) }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { name: string("a") }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { id: increments, name: string(100) frobnicate }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts { body: text(1000) }
    })
}

fn main() {}

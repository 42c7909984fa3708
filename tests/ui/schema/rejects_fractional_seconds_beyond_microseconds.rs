use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table events { at: timestamp(7), timestamps(9) }
    })
}

fn main() {}

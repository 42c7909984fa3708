use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table events { at: timestamp(7), timestamps(9) }
    })
}

fn main() {}

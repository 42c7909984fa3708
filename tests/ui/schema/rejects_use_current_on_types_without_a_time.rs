use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table days { day: date use_current, count: integer use_current }
    })
}

fn main() {}

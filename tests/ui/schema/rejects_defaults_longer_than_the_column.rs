use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts { code: char(2) default("abc") }
    })
}

fn main() {}

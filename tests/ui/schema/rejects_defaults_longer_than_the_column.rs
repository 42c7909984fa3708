use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts { code: char(2) default("abc") }
    })
}

fn main() {}

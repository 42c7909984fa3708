use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table posts { change title: string(300), drop title }
    })
}

fn main() {}

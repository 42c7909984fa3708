use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table codes { code: string(10) auto_increment }
    })
}

fn main() {}

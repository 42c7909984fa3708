use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table posts { add title: string(100) nullable, algorithm(instnat) }
    })
}

fn main() {}

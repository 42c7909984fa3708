use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table _ {
            id: increments,
            _: integer,
        }
    })
}

fn main() {}

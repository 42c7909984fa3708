use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users {
            id: increments,
            bio: text nullable
            timestamps,
        }
    })
}

fn main() {}

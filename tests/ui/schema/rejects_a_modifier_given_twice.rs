use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users {
            id: increments,
            votes: integer default(1) nullable default(2),
        }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users {
            id: increments,
            email: string(255) unique,
            unique(email),
        }
    })
}

fn main() {}

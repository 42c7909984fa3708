use migrate_core::prelude::*;

const USERS: &str = "members";

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table USERS {
            id: increments,
        }
    })
}

fn main() {}

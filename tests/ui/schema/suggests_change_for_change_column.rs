use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table users {
            change column bio: string(500) nullable,
        }
    })
}

fn main() {}

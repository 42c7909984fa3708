use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table users {
            add email: string(255),
            add Email: string(255),
        }
    })
}

fn main() {}

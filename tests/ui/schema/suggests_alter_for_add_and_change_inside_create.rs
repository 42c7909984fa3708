use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users {
            id: increments,
            add email: string(255),
            change name: string(100),
        }
    })
}

fn main() {}

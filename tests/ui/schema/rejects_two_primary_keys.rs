use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { email: string(255) primary, name: string(100) primary }
    })
}

fn main() {}

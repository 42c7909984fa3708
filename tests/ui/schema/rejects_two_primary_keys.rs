use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users { email: string(255) primary, name: string(100) primary }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table users {
            add bio: text,
            after(email) {
                add bio: text,
            },
        }
    })
}

fn main() {}

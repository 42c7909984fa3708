use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts { user_id: integer, foreign(user_id) }
    })
}

fn main() {}

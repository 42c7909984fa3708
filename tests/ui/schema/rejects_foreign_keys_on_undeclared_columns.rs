use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts { id: increments, foreign(user_id) references users(id) }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table members { user_id: integer, unique(email), primary(user_id, team_id) }
    })
}

fn main() {}

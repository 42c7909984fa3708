use migrate_core::prelude::*;

#[migration(id = "m1", transaction = false)]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table users {
            index(email) concurrently(true),
            foreign(team_id) references teams(id) concurrently,
        }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts {
            id: increments,
            author_id: integer,
            author_team: integer,
            foreign(author_id, author_team) references authors(id),
            foreign(author_id, author_team) references teams,
        }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users {
            id: increments,
            email: strng(255),
            votes: integer default("none"),
            index(mail),
        }
        alter table posts {
            add views: integer unsigned unsigned_thing,
        }
        drop tables sessions;
    })
}

fn main() {}

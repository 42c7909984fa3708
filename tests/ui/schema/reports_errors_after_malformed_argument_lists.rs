use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table users {
            id: increments,
            price: decimal(8 2),
            email: strng(255),
            index(email name),
            name: string(100) nullabel,
        }
        alter table posts {
            add views: integer default(0 1),
            drop (a b),
        }
        drop table;
        rename table a b;
    })
}

fn main() {}

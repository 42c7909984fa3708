use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts {
            id: increments,
            author: string(100),
            title: string(200),
            index(author, title),
            unique(title),
            index(author, title) name("posts_by_author"),
            unique(title),
            // Other columns, or the same ones in another order, are another index.
            index(title, author),
        }
        alter table users {
            add nickname: string(50) index,
            index(nickname),
        }
    })
}

fn main() {}

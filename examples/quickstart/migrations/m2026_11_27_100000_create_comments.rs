use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table comments {
            id: increments,
            post_id: unsigned_integer references posts(id) on_delete(cascade),
            author: string(100),
            body: text,
            approved: boolean default(false),
            timestamps,
            index(post_id, created_at),
        }
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    schema!(s => {
        drop table comments;
    })
}

use migrate_core::{schema, Result, Schema};

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts {
            id: increments,
            body: text fulltext,
            fulltext(body),
        }
    })
}

fn main() {}

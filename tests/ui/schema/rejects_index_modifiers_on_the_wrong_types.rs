use migrate_core::{schema, Result, Schema};

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table places {
            votes: integer fulltext,
            title: string(100) spatial_index,
            body: text fulltext,
            position: geometry(point) spatial_index,
        }
    })
}

fn main() {}

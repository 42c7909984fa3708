use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts {
            id: increments,
            status: enumeration("draft", "live", "draft") default("draft"),
        }
    })
}

fn main() {}

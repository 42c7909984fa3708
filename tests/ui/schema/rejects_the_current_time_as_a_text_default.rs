use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table events {
            id: increments,
            created_at: timestamp default("now"),
            updated_at: datetime default("CURRENT_TIMESTAMP"),
            day: date default("today"),
        }
    })
}

fn main() {}

use migrate_core::schema::EnumValues;
use migrate_core::{schema, Result, Schema};

#[derive(EnumValues)]
#[enum_values(rename_all = "snake_case")]
enum Status {
    Draft,
    Live,
}

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts {
            status: enumeration(Status) default("archived"),
        }
    })
}

fn main() {}

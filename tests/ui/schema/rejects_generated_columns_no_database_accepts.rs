use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table orders {
            id: increments virtual_as("1"),
            price: integer,
            total: integer stored_as("price * 2") default(0),
            both: integer stored_as("price") virtual_as("price"),
            code: string(10) generated_as,
            seat: integer always,
            counter: integer starting_value(10),
            empty: integer stored_as(""),
            day: date use_current_on_update,
        }
        create table tickets { id: big_increments starting_value(0) }
        alter table orders {
            change price: integer stored_as("1"),
        }
    })
}

fn main() {}

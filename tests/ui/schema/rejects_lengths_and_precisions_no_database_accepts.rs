use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table documents {
            id: increments,
            // PostgreSQL's limits are the largest: accepted.
            title: string(10485760),
            total: decimal(1000, 2),
            // Beyond every database:
            body: string(10485761),
            code: char(20000000),
            amount: decimal(1001, 2),
            ratio: double(300, 2),
            share: double(40, 31),
        }
    })
}

fn main() {}

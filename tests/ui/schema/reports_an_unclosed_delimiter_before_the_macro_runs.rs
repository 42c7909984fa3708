use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table prices {
            id: increments,
            amount: decimal(8, 2,
        }
    })
}

fn main() {}

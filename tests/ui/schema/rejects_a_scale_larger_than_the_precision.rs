use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table prices { amount: decimal(2, 5) }
    })
}

fn main() {}

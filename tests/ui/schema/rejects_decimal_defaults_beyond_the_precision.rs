use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table prices {
            id: increments,
            fits: decimal(5, 2) default(999.99),
            negative: decimal(5, 2) default(-999.99),
            too_large: decimal(5, 2) default(1000),
            too_precise: decimal(5, 2) default(1.005),
            exponent: decimal(5, 2) default(1.5e3),
        }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()>
where
    u8: Copy,
{
    s.drop("users")
}

fn main() {}

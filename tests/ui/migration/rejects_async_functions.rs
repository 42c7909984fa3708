use migrate_core::prelude::*;

#[migration]
async fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "m2026_11_25_140312_create-users.v2")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_25_140312_create-users.v2")]
pub fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

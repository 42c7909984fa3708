use migrate_core::prelude::*;

#[migration(id = "m2026_11_25_140312_create_users")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_25_140312_create_users")]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_25_140312_create_users", down)]
fn drop_users(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

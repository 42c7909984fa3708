use migrate_core::prelude::*;

#[migration(id = "m2026_11_25_140312_create-users.v2")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_25_140312_create-users.v2")]
pub fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

// At the crate root, an explicit id is required (there is no module name to take).
fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m2026_11_25_140312_create-users.v2"]);
}

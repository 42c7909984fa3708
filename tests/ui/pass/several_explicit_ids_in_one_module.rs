// Several migrations with explicit ids side by side, each `up` paired with its `down`.
use migrate_core::prelude::*;

#[migration(id = "m2026_11_25_140312_create_users", up)]
fn create_users(s: &mut Schema) -> Result<()> {
    s.create("users", |t| {
        t.increments("id");
    })
}

#[migration(id = "m2026_11_25_140312_create_users", down)]
fn drop_users(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "v1.2-create-posts", up)]
fn create_posts(s: &mut Schema) -> Result<()> {
    s.create("posts", |t| {
        t.increments("id");
    })
}

#[migration(id = "v1.2-create-posts", down)]
fn drop_posts(s: &mut Schema) -> Result<()> {
    s.drop("posts")
}

// An `up` alone is fine: the migration is irreversible.
#[migration(id = "v1.3", up)]
fn backfill(_s: &mut Schema) -> Result<()> {
    Ok(())
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(
        ids,
        ["m2026_11_25_140312_create_users", "v1.2-create-posts", "v1.3"]
    );
    let reversible: Vec<bool> = migrations.iter().map(|m| m.is_reversible()).collect();
    assert_eq!(reversible, [true, true, false]);
}

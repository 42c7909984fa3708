mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    /// Creates the users table.
    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.create("users", |t| {
            t.increments("id");
        })
    }

    #[migration]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m2026_11_25_140312_create_users"]);
}

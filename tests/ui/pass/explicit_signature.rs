mod m2026_11_25_140312_create_users {
    // The signature may spell out its lifetimes and paths.
    #[migrate_core::migration]
    fn up<'a>(s: &'a mut migrate_core::prelude::Schema<'_>) -> migrate_core::prelude::Result<()> {
        s.drop("users")
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m2026_11_25_140312_create_users"]);
}

mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    /// Creates the users table; its down is derived.
    #[migration]
    fn change(s: &mut Schema) -> Result<()> {
        schema!(s => {
            create table users {
                id: increments,
                email: string(255) unique,
            }
        })
    }
}

mod m2026_11_25_140313_add_names {
    use migrate_core::prelude::*;

    #[migration(id = "m2026_11_25_140313_add_names", change)]
    fn add_names(s: &mut Schema) -> Result<()> {
        s.table("users", |t| {
            t.string("name", 100).nullable();
        })
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let reversible: Vec<(&str, bool)> = migrations
        .iter()
        .map(|m| (m.id(), m.is_change() && m.is_reversible()))
        .collect();
    assert_eq!(
        reversible,
        [
            ("m2026_11_25_140312_create_users", true),
            ("m2026_11_25_140313_add_names", true)
        ]
    );
}

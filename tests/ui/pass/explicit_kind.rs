// `up` and `down` given explicitly, for functions with other names.
mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration(up)]
    fn create_users(s: &mut Schema) -> Result<()> {
        s.create("users", |t| {
            t.increments("id");
        })
    }

    #[migration(down)]
    fn drop_users(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

// Redundant with the function's name, but allowed.
mod m2026_11_25_140313_create_posts {
    use migrate_core::prelude::*;

    #[migration(up)]
    fn up(s: &mut Schema) -> Result<()> {
        s.create("posts", |t| {
            t.increments("id");
        })
    }

    #[migration(down)]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("posts")
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(
        ids,
        [
            "m2026_11_25_140312_create_users",
            "m2026_11_25_140313_create_posts"
        ]
    );
    assert!(migrations.iter().all(|m| m.is_reversible()));
}

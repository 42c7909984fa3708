// Migrations in nested modules (as in src/migrations/*.rs), a library of them beside the
// application's: each id is the name of the module the functions are in.
mod migrations {
    pub mod m2026_11_25_140312_create_users {
        use migrate_core::prelude::*;

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

    pub mod archive {
        pub mod m2025_01_31_235959_legacy {
            #[migrate_core::migration]
            fn up(_s: &mut migrate_core::Schema) -> migrate_core::Result<()> {
                Ok(())
            }
        }
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(
        ids,
        ["m2025_01_31_235959_legacy", "m2026_11_25_140312_create_users"]
    );
}

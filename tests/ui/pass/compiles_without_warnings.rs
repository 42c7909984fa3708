// What `#[migration]` writes raises no warning, whatever the kind of id: an application
// that denies warnings builds.
#![deny(warnings)]

mod m2026_11_25_140312_create_users {
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

mod posts {
    use migrate_core::prelude::*;

    #[migration(id = "m2026_11_25_140313_create_posts", after = "m2026_11_25_140312_create_users")]
    pub fn up(s: &mut Schema) -> Result<()> {
        s.create("posts", |t| {
            t.increments("id");
        })
    }

    #[migration(id = "m2026_11_25_140313_create_posts")]
    pub fn down(s: &mut Schema) -> Result<()> {
        s.drop("posts")
    }

    #[migration(up, id = "m2026_11_25_140314_create_tags", transaction = false)]
    fn create_tags(s: &mut migrate_core::Schema) -> migrate_core::Result<()> {
        s.create("tags", |t| {
            t.increments("id");
        })
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
            "m2026_11_25_140313_create_posts",
            "m2026_11_25_140314_create_tags"
        ]
    );
}

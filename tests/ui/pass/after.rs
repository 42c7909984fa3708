use migrate_core::prelude::*;

mod m2026_11_30_120000_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.create("users", |t| {
            t.increments("id");
        })
    }
}

// An older id that needs the users table: it runs after the migration it names.
mod m2026_01_01_000000_create_posts {
    use migrate_core::prelude::*;

    #[migration(after = "m2026_11_30_120000_create_users")]
    fn up(s: &mut Schema) -> Result<()> {
        s.create("posts", |t| {
            t.increments("id");
            t.unsigned_integer("user_id");
            t.foreign("user_id").references(["id"]).on("users");
        })
    }

    #[migration]
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
            "m2026_11_30_120000_create_users",
            "m2026_01_01_000000_create_posts"
        ]
    );
    assert_eq!(migrations[1].after(), Some("m2026_11_30_120000_create_users"));
}

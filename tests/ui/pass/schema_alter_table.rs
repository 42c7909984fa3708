mod m2026_11_25_140312_alter_posts {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        schema!(s => {
            alter table posts {
                add views: integer default(0),
                change title: string(300) nullable,
                rename body to content,
                rename index posts_a_index to posts_b_index,
                drop legacy,
                drop (old_a, old_b),
                drop index posts_x_index,
                drop unique posts_y_unique,
                drop foreign posts_user_id_foreign,
                drop primary,
                drop timestamps,
                drop soft_deletes,
                index(views),
            }
        })
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m2026_11_25_140312_alter_posts"]);
}

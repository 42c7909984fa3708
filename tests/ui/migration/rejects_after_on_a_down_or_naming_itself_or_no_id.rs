use migrate_core::prelude::*;

mod m2026_11_30_120000_create_posts {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.create("posts", |t| {
            t.increments("id");
        })
    }

    // `after` orders the whole migration: it belongs on the `up`.
    #[migration(after = "m2026_01_01_000000_create_users.auth")]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("posts")
    }
}

#[migration(id = "m2026_11_30_130000_create_tags", up, after = "m2026_11_30_130000_create_tags")]
fn create_tags(s: &mut Schema) -> Result<()> {
    s.drop("tags")
}

#[migration(id = "m2026_11_30_140000_create_votes", up, after = "create users")]
fn create_votes(s: &mut Schema) -> Result<()> {
    s.drop("votes")
}

fn main() {}

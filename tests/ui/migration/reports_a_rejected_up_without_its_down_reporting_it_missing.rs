mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    async fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }

    #[migration]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

mod m2026_11_25_140313_create_posts {
    use migrate_core::prelude::*;

    #[migration(id = "m2026_11_25_140313_create_posts", transactional = false)]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("posts")
    }

    #[migration(id = "m2026_11_25_140313_create_posts")]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("posts")
    }
}

fn main() {}

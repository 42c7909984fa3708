mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

mod m2026_11_25_140313_create_posts {
    use migrate_core::prelude::*;

    #[migration]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("posts")
    }
}

fn main() {}

mod users {
    use migrate_core::prelude::*;

    #[migration(id = "m2026_11_25_140312_create_users")]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

mod copied_users {
    use migrate_core::prelude::*;

    #[migration(id = "m2026_11_25_140312_create_users")]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

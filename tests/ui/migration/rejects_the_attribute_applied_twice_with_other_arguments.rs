mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration(up)]
    #[migrate_core::migration(down, transaction = false)]
    fn create_users(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

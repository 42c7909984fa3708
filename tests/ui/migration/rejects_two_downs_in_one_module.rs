mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }

    #[migration]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }

    #[migration(down)]
    fn drop_users(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn up() -> Result<()> {
        Ok(())
    }
}

fn main() {}

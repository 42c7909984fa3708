mod m2026_13_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

mod up {
    use migrate_core::prelude::*;

    #[migration(id = "m2026_11_25_140312_create_users")]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

mod down {
    use migrate_core::prelude::*;

    #[migration(id = "m2026_11_25_140312_create_users")]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> std::result::Result<(), String> {
        let _ = s;
        Ok(())
    }
}

fn main() {}

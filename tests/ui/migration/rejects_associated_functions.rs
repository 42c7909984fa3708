mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    struct Migration;

    impl Migration {
        #[migration]
        fn up(s: &mut Schema) -> Result<()> {
            let _ = s;
            Ok(())
        }
    }
}

fn main() {}

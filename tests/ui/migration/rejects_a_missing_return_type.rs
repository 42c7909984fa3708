mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) {
        let _ = s;
    }
}

fn main() {}

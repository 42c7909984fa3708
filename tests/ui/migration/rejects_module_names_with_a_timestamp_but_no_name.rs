mod m2026_11_25_140312 {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

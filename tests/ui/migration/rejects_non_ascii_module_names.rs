mod m2026_11_25_140312_créer_utilisateurs {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("utilisateurs")
    }
}

fn main() {}

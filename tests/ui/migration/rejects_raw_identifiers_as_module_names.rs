mod r#match {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("matches")
    }
}

fn main() {}

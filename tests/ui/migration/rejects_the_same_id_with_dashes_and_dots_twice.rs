mod v1 {
    use migrate_core::prelude::*;

    #[migration(id = "v1.2-hotfix")]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

mod v1_copy {
    use migrate_core::prelude::*;

    #[migration(id = "v1.2-hotfix")]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

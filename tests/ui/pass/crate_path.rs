// A crate that re-exports migrate_core under another name.
mod reexport {
    pub use migrate_core as mc;
}

mod m2026_11_25_140312_create_users {
    use super::reexport::mc;
    use mc::{Result, Schema};

    #[mc::migration(crate = mc)]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }

    #[mc::migration(crate = crate::reexport::mc)]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m2026_11_25_140312_create_users"]);
}

//! A migration file, declared by `rejects_a_module_inside_a_migration_file.rs`.

pub mod inner {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

//! A migration file, declared by `rejects_a_migration_file_declared_under_another_name.rs`.

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

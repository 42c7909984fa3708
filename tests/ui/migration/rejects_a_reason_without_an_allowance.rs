use migrate_core::prelude::*;

#[migration(id = "m2026_09_01_000001_drop_legacy", reason = "nothing reads it")]
fn up(s: &mut Schema) -> Result<()> {
    s.table("users", |t| t.drop_column("legacy"))
}

fn main() {}

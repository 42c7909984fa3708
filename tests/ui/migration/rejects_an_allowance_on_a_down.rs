use migrate_core::prelude::*;

#[migration(id = "m2026_09_01_000001_add_legacy")]
fn up(s: &mut Schema) -> Result<()> {
    s.table("users", |t| {
        t.string("legacy", 20).nullable();
    })
}

#[migration(id = "m2026_09_01_000001_add_legacy", allow(drop_column), reason = "undoing up")]
fn down(s: &mut Schema) -> Result<()> {
    s.table("users", |t| t.drop_column("legacy"))
}

fn main() {}

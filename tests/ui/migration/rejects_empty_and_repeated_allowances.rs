use migrate_core::prelude::*;

#[migration(id = "m2026_09_01_000001_a", allow(), reason = "small table")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("a")
}

mod m2026_09_01_000002_b {
    use migrate_core::prelude::*;

    #[migration(allow(drop_table, drop_table), reason = "  ")]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("b")
    }
}

fn main() {}

use migrate_core::prelude::*;

// A squash lists the ids of the migrations it replaces.
#[migration(id = "m2026_11_30_120000_squash", up, replaces = ["m2026_11_30_110000_create users"])]
fn squash(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_30_130000_squash", up, replaces = ["m2026_11_30_130000_squash"])]
fn squash_itself(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_30_140000_squash", up, replaces = ["m2026_11_30_110000_a", "m2026_11_30_110000_a"])]
fn squash_twice(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_30_150000_squash", up, replaces = [])]
fn squash_nothing(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_30_160000_squash", up, replaces = "m2026_11_30_110000_a")]
fn squash_without_brackets(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m2026_11_30_170000_squash", up)]
fn squash_up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

// `replaces` describes the whole migration: it belongs on the `up`.
#[migration(id = "m2026_11_30_170000_squash", down, replaces = ["m2026_11_30_110000_a"])]
fn squash_down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

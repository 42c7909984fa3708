// The signature may spell out its lifetimes and paths.
#[migrate_core::migration]
fn up<'a>(s: &'a mut migrate_core::prelude::Schema<'_>) -> migrate_core::prelude::Result<()> {
    s.drop("users")
}

fn main() {}

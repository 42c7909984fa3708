use migrate_core::prelude::*;

/// Creates the users table.
#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create("users", |t| {
        t.increments("id");
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "", up)]
fn empty(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "create users", up)]
fn invalid_character(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(
    id = "m2026_11_25_140312_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_",
    up
)]
fn too_long(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.table("users", |t| {
        t.text("bio").nullable();
        t.index("name");
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.table("users", |t| {
        t.drop_index("users_name_index");
        t.drop_column("bio");
    })
}

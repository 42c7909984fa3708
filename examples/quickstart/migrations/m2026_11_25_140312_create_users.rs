use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create("users", |t| {
        t.increments("id");
        t.string("email", 255).unique();
        t.string("name", 100).nullable();
        t.boolean("admin").default(false);
        t.timestamps();
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

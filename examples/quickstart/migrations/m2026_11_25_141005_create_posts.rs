use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create("posts", |t| {
        t.increments("id");
        t.unsigned_integer("user_id");
        t.string("title", 200);
        t.text("body").nullable();
        t.string("status", 20).default("draft");
        t.timestamp("published_at").nullable();
        t.timestamps();
        t.foreign("user_id").on("users").cascade_on_delete();
        t.index(["user_id", "published_at"]);
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("posts")
}

use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts { user_id: integer references users(id) on_delete(cascde) }
    })
}

fn main() {}

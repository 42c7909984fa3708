use migrate_core::{schema, Result, Schema};

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table posts {
            user_id: foreign_id references users deferrable not_deferrable,
            team_id: foreign_id initially_deferred,
            foreign(user_id) references users initially_deferred deferrable,
        }
    })
}

fn main() {}

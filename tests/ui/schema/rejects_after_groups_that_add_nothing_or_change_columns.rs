use migrate_core::{schema, Result, Schema};

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table users {
            after(email) {
                change name: string(50),
            }
        }
    })?;
    schema!(s => {
        alter table users {
            after(email) {}
        }
    })
}

fn main() {}

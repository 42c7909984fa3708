use migrate_core::prelude::*;

struct CreateUsers;

impl CreateUsers {
    #[migration]
    fn up(&self, s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    #[migration]
    fn change(s: &mut Schema) -> Result<()> {
        s.create("users", |t| {
            t.increments("id");
        })
    }

    #[migration]
    fn down(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

mod m2026_11_25_140312_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_create_the_table_that_holds_every_user_ {
    use migrate_core::prelude::*;

    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        s.drop("users")
    }
}

fn main() {}

mod m2026_11_25_140312_tidy_users {
    use migrate_core::prelude::*;

    #[migration]
    fn change(s: &mut Schema) -> Result<()> {
        schema!(s => {
            alter table users {
                add nickname: string(50) nullable,
                drop legacy,
                drop index users_name_index,
            }
            raw "update users set nickname = name";
            drop table sessions;
        })
    }
}

fn main() {}

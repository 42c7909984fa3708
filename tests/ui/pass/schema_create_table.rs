mod m2026_11_25_140312_create_users {
    use migrate_core::prelude::*;

    /// Creates the users table with `schema!`.
    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        schema!(s => {
            create table users {
                id: increments,
                email: string(255) unique,
                name: string(100) nullable,
                votes: integer default(0),
                team_id: big_integer unsigned nullable references teams(id) on_delete(cascade),
                status: enumeration("draft", "live") default("draft"),
                price: decimal(8, 2) default(9.99),
                admin: boolean default(false),
                "e-mail": string(255) nullable comment("legacy"),
                timestamps,
                soft_deletes,
                index(name, email),
                unique(email, team_id) name("users_email_team"),
                foreign(team_id) references teams(id) on_update(cascade) name("fk_team"),
                engine("InnoDB"),
            }
        })
    }

    #[migration]
    fn down(s: &mut Schema) -> Result<()> {
        schema!(s => { drop table users; })
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m2026_11_25_140312_create_users"]);
}

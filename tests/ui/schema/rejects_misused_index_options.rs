use migrate_core::{schema, Result, Schema};

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        alter table users {
            index(email) nulls_not_distinct,
            index(name) language("english"),
            unique(code) algorithm(hsh),
            unique(code2) algorithm("hash"),
            fulltext(bio) algorithm(gin),
            raw_index("lower(email)"),
            raw_index("", "users_nothing"),
            raw_index("lower(name)", "users_name_lower") name("other"),
            unique(nick) nulls_not_distinct(true),
        }
    })
}

fn main() {}

use migrate_core::{schema, Result, Schema};

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table devices {
            flags: set("a,b", "c") default("c,d"),
            secret: string(20) invisible(true),
            remember_token(100),
            morphs,
            owner_id: integer,
            morphs(owner),
        }
        alter table devices {
            temporary,
        }
    })
}

fn main() {}

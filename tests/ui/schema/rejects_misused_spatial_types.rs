use migrate_core::{schema, Result, Schema};

fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table places {
            a: geometry(pointz),
            b: geography(point, -1),
            c: geometry("point"),
            d: geometry(point, 4326, 3),
        }
    })
}

fn main() {}

use migrate_core::prelude::*;

#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    schema!(s => {
        create table events {
            id: increments,
            // Accepted: ISO 8601, with a space or a `T`, fractions the column keeps.
            starts: datetime default("2026-01-31 14:30:00"),
            ends: datetime(3) default("2026-01-31T18:00:00.250"),
            opens: time default("09:00:00"),
            day: date default("2024-02-29"),
            // Rejected:
            a: date default("2023-02-29"),
            b: date default("31/01/2026"),
            c: date default("0000-00-00"),
            d: time default("24:00:00"),
            e: datetime default("2026-01-31 14:30"),
            f: datetime_tz default("2026-01-31 14:30:00+01:00"),
            g: timestamp default("2026-01-31 14:30:00.5"),
            h: timestamp default("2050-01-01 00:00:00"),
        }
    })
}

fn main() {}

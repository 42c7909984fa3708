//! The date, time and decimal defaults `schema!` accepts at compile time (see
//! `tests/ui/schema/rejects_dates_and_times_every_database_does_not_read.rs`) are read as the
//! same value by every database.

use migrate_core::{schema, Dialect, Schema};

use crate::support::backend_test;

backend_test!(
    accepted_date_and_time_defaults_mean_the_same_everywhere,
    |db| {
        let mut s = Schema::new(&mut db.conn);
        let create = |s: &mut Schema| -> migrate_core::Result<()> {
            schema!(s => {
            create table h14_moments {
                id: integer primary,
                starts: datetime default("2026-01-31 14:30:00"),
                ends: datetime(3) default("2026-01-31T18:00:00.250"),
                opens: time default("09:00:00"),
                closes: time(6) default("23:59:59.123456"),
                day: date default("2024-02-29"),
                seen: timestamp nullable default("2037-12-31 23:59:59"),
                price: decimal(5, 2) default(999.99),
                refund: decimal(5, 2) default(-0.5),
            }
            })
        };
        create(&mut s).unwrap_or_else(|e| panic!("{e}"));
        drop(s);
        db.execute("insert into h14_moments (id) values (1)");
        let columns = [
            "starts", "ends", "opens", "closes", "day", "seen", "price", "refund",
        ];
        let select: Vec<String> = columns.iter().map(|c| db.text(c)).collect();
        let sql = format!("select {} from h14_moments", select.join(", "));
        let row = db.rows(&sql, &[]).remove(0);
        let row: Vec<String> = row
            .into_iter()
            .map(|value| value.unwrap_or_default().replace('T', " "))
            .collect();
        // PostgreSQL drops the trailing zeros of a fraction; MySQL pads it to the column's digits.
        let ends = match db.dialect() {
            Dialect::Postgres => "2026-01-31 18:00:00.25",
            _ => "2026-01-31 18:00:00.250",
        };
        let refund = match db.dialect() {
            Dialect::Sqlite => "-0.5",
            _ => "-0.50",
        };
        assert_eq!(
            row,
            [
                "2026-01-31 14:30:00",
                ends,
                "09:00:00",
                "23:59:59.123456",
                "2024-02-29",
                "2037-12-31 23:59:59",
                "999.99",
                refund,
            ]
        );
    }
);

//! Date-time precision: whole seconds by default (Laravel's 0), `_with(p)` keeps `p` digits
//! of fractional seconds on every server.

use super::{by_dialect, reported_type, schema, value};
use crate::support::backend_test;

backend_test!(
    fractional_seconds_round_trip_at_the_declared_precision,
    |db| {
        schema(&mut db, |s| {
            s.create("events", |t| {
                t.integer("id").primary();
                t.timestamp("whole").nullable();
                t.timestamp_with("micro", 6).nullable();
                t.datetime_with("milli", 3).nullable();
                t.time_with("clock", 6).nullable();
                t.timestamps_with(6);
                t.soft_deletes_with(6);
            })
        });
        let expected_type =
            |db: &crate::support::TestDb, sqlite: &str, postgres: &str, mysql: &str| {
                by_dialect(db, sqlite, postgres, mysql).to_owned()
            };
        for (column, sqlite, postgres, mysql) in [
            (
                "whole",
                "datetime",
                "timestamp(0) without time zone",
                "timestamp",
            ),
            (
                "micro",
                "datetime",
                "timestamp(6) without time zone",
                "timestamp(6)",
            ),
            (
                "milli",
                "datetime",
                "timestamp(3) without time zone",
                "datetime(3)",
            ),
            ("clock", "time", "time(6) without time zone", "time(6)"),
            (
                "created_at",
                "datetime",
                "timestamp(6) without time zone",
                "timestamp(6)",
            ),
            (
                "deleted_at",
                "datetime",
                "timestamp(6) without time zone",
                "timestamp(6)",
            ),
        ] {
            let expected = expected_type(&db, sqlite, postgres, mysql);
            assert_eq!(
                reported_type(&mut db, "events", column),
                expected,
                "{column}"
            );
        }
        db.execute(
        "insert into events (id, whole, micro, milli, clock, created_at, updated_at, deleted_at) \
         values (1, '2026-12-02 10:11:12', '2026-12-02 10:11:12.123456', \
         '2026-12-02 10:11:12.123', '23:59:59.999999', '1970-01-02 00:00:00.000001', \
         '2038-01-19 03:14:07.999999', '2026-12-02 10:11:12.5')",
    );
        // Text as each server writes it (PostgreSQL and SQLite drop trailing zeros' place only
        // where they were never stored).
        for (column, expected) in [
            ("whole", "2026-12-02 10:11:12"),
            ("micro", "2026-12-02 10:11:12.123456"),
            ("milli", "2026-12-02 10:11:12.123"),
            ("clock", "23:59:59.999999"),
            ("created_at", "1970-01-02 00:00:00.000001"),
            ("updated_at", "2038-01-19 03:14:07.999999"),
        ] {
            let text = db.text(column);
            let got = value(&mut db, &format!("select {text} from events where id = 1"));
            assert_eq!(got.as_deref(), Some(expected), "{column}");
        }
        let text = db.text("deleted_at");
        let deleted = value(&mut db, &format!("select {text} from events where id = 1"));
        let expected = by_dialect(
            &db,
            "2026-12-02 10:11:12.5",
            "2026-12-02 10:11:12.5",
            "2026-12-02 10:11:12.500000",
        );
        assert_eq!(deleted.as_deref(), Some(expected));
    }
);

backend_test!(whole_seconds_are_the_default_as_in_laravel, |db| {
    schema(&mut db, |s| {
        s.create("visits", |t| {
            t.integer("id").primary();
            t.timestamps();
        })
    });
    db.execute("insert into visits (id, created_at) values (1, '2026-12-02 10:11:12')");
    let text = db.text("created_at");
    let got = value(&mut db, &format!("select {text} from visits"));
    assert_eq!(got.as_deref(), Some("2026-12-02 10:11:12"));
    // Laravel's timestamps(): nullable, no default (Orator's are NOT NULL DEFAULT
    // CURRENT_TIMESTAMP).
    let table = crate::introspect::describe(&mut db, "visits");
    let created = table.column("created_at");
    assert!(created.nullable);
    assert_eq!(created.default, None);
});

backend_test!(zoned_dates_and_years_round_trip, |db| {
    // This session's zone (never the server's), so that what is read back is predictable and
    // MySQL's `timestamp` range (up to 2038-01-19 03:14:07 UTC) is the one tested.
    match db.dialect() {
        migrate_core::Dialect::Postgres => db.execute("set time zone 'UTC'"),
        migrate_core::Dialect::Mysql => db.execute("set time_zone = '+00:00'"),
        migrate_core::Dialect::Sqlite => {}
    }
    schema(&mut db, |s| {
        s.create("calendar", |t| {
            t.integer("id").primary();
            t.date("day");
            t.year("year");
            t.datetime_tz_with("at_tz", 6);
            t.timestamp_tz_with("seen_tz", 3);
        })
    });
    let zone = by_dialect(&db, "", "+00", "");
    for (id, day, year, at, seen) in [
        (
            1,
            "1000-01-01",
            "1901",
            "1970-01-01 00:00:01.000001",
            "2001-02-03 04:05:06.789",
        ),
        (
            2,
            "9999-12-31",
            "2155",
            "2037-12-31 23:59:59.999999",
            "2038-01-19 03:14:07.999",
        ),
    ] {
        db.execute(&format!(
            "insert into calendar (id, day, {year_col}, at_tz, seen_tz) values \
             ({id}, '{day}', {year}, '{at}{zone}', '{seen}{zone}')",
            year_col = db.quote("year"),
        ));
        let columns = [("day", day), ("year", year)];
        for (column, expected) in columns {
            let text = db.text(&db.quote(column));
            let got = value(
                &mut db,
                &format!("select {text} from calendar where id = {id}"),
            );
            assert_eq!(got.as_deref(), Some(expected), "{column} #{id}");
        }
        for (column, expected) in [("at_tz", at), ("seen_tz", seen)] {
            let text = db.text(column);
            let got = value(
                &mut db,
                &format!("select {text} from calendar where id = {id}"),
            );
            assert_eq!(got, Some(format!("{expected}{zone}")), "{column} #{id}");
        }
    }
});

backend_test!(
    the_current_time_as_a_default_keeps_fractional_seconds,
    |db| {
        schema(&mut db, |s| {
            s.create("pings", |t| {
                t.integer("id").primary();
                t.timestamp_with("at", 6).use_current();
                t.timestamp("whole").use_current();
            })
        });
        db.execute("insert into pings (id) values (1)");
        let (at, whole) = (db.text("at"), db.text("whole"));
        let at = value(&mut db, &format!("select {at} from pings")).unwrap();
        let whole = value(&mut db, &format!("select {whole} from pings")).unwrap();
        // `2026-12-02 10:11:12.123456` (MySQL), up to 6 digits (PostgreSQL drops trailing
        // zeros), 3 on SQLite (its clock's milliseconds); whole seconds without a precision.
        let fraction = at.split_once('.').map_or("", |(_, f)| f);
        let digits = by_dialect(&db, 3..=3, 1..=6, 6..=6);
        assert!(
            digits.contains(&fraction.len()) && fraction.bytes().all(|b| b.is_ascii_digit()),
            "{at}"
        );
        assert!(!whole.contains('.'), "{whole}");
    }
);

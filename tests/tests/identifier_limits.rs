//! Identifier length limits, counted as each server counts them: characters on MySQL and
//! MariaDB (64), bytes on PostgreSQL (63, `NAMEDATALEN`), none on SQLite.

use migrate_core::{Dialect, Schema};

use crate::introspect::{describe, tables};
use crate::support::backend_test;

backend_test!(
    multibyte_identifiers_at_the_servers_limit_are_taken_and_one_more_is_refused,
    |db| {
        // The longest name the server keeps whole, and one unit more (if it has a limit).
        let (longest, too_long, unit) = match db.dialect() {
            Dialect::Mysql => ("é".repeat(64), Some("é".repeat(65)), "characters"),
            Dialect::Postgres => (
                format!("{}x", "é".repeat(31)),
                Some("é".repeat(32)),
                "bytes",
            ),
            Dialect::Sqlite => ("é".repeat(1000), None, ""),
        };
        let mut schema = Schema::new(&mut db.conn);
        schema
            .create(&longest, |t| {
                t.integer(&longest);
            })
            .unwrap_or_else(|e| panic!("{e}"));
        drop(schema);
        assert_eq!(tables(&mut db), std::slice::from_ref(&longest));
        assert_eq!(describe(&mut db, &longest).columns[0].name, longest);

        let Some(too_long) = too_long else {
            return;
        };
        let error = Schema::new(&mut db.conn)
            .create(&too_long, |t| {
                t.integer("a");
            })
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(&format!("is {} {unit} long", unit_length(&too_long, unit))),
            "{error}"
        );
        let error = Schema::new(&mut db.conn)
            .table(&longest, |t| {
                t.integer(&too_long);
            })
            .unwrap_err()
            .to_string();
        assert!(error.contains("allows at most"), "{error}");
        assert_eq!(tables(&mut db), std::slice::from_ref(&longest));
        assert_eq!(describe(&mut db, &longest).columns.len(), 1);
    }
);

fn unit_length(name: &str, unit: &str) -> usize {
    match unit {
        "characters" => name.chars().count(),
        _ => name.len(),
    }
}

//! A repository table name that an application table already has: refused, saying so, and
//! the table left exactly as it was.

use migrate_core::{Error, Migrator};

use crate::fixtures;
use crate::introspect::describe;
use crate::support::{backend_test, TestDb};

fn canary_rows(db: &mut TestDb) -> Vec<Vec<Option<String>>> {
    let sql = format!(
        "select {}, {} from {} order by 1",
        db.text(&db.quote("id")),
        db.quote("name"),
        db.quote("canary")
    );
    db.rows(&sql, &[])
}

backend_test!(
    a_table_that_is_not_a_repository_is_refused_and_left_alone,
    |db| {
        db.execute(&format!(
            "create table {} ({} integer primary key, {} varchar(20))",
            db.quote("canary"),
            db.quote("id"),
            db.quote("name")
        ));
        db.execute(&format!(
            "insert into {} values (1, 'tweety'), (2, 'polly')",
            db.quote("canary")
        ));
        let shape = describe(&mut db, "canary");
        let rows = canary_rows(&mut db);

        let migrator = Migrator::new()
            .module(fixtures::module("blog"))
            .table("canary");
        let refused = |error: Error| {
            let text = error.to_string();
            assert!(matches!(error, Error::NotARepository { .. }), "{text}");
            assert!(
                text.contains("table `canary` exists but is not a migrations table"),
                "{text}"
            );
            assert!(text.contains("(id, name)"), "{text}");
            assert!(
                text.contains("(id, batch, checksum, applied_at, execution_ms, state)"),
                "{text}"
            );
        };
        refused(migrator.run(&mut db.conn).unwrap_err());
        refused(
            migrator
                .clone()
                .pretend(true)
                .run(&mut db.conn)
                .unwrap_err(),
        );
        refused(migrator.install(&mut db.conn).unwrap_err());
        refused(migrator.status(&mut db.conn).unwrap_err());
        refused(migrator.is_current(&mut db.conn).unwrap_err());
        refused(migrator.rollback(&mut db.conn, None).unwrap_err());

        assert_eq!(describe(&mut db, "canary"), shape);
        assert_eq!(canary_rows(&mut db), rows);
        assert_eq!(crate::introspect::tables(&mut db), ["canary"]);
    }
);

//! A migration of data only that fails: where its transaction undid every statement (MySQL
//! and MariaDB too, whose DML is transactional), the error says so, and nothing is left
//! recorded, dirty or written.

use migrate_core::{Error, Migrator};

use crate::fixtures;
use crate::support::{backend_test, TestDb};

const ITEMS: &str = "m2026_07_20_000001_create_items";

/// (id, state) of every repository row, in order.
fn repository(db: &mut TestDb) -> Vec<(String, String)> {
    let sql = format!(
        "select {id}, {state} from {} order by {id}",
        db.quote("migrations"),
        id = db.quote("id"),
        state = db.quote("state")
    );
    db.rows(&sql, &[])
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect()
}

backend_test!(
    a_failing_migration_of_data_only_is_undone_whole_and_says_so,
    |db| {
        let failing = Migrator::new().module(fixtures::module("failing_dml"));
        let error = failing.run(&mut db.conn).unwrap_err();
        let Error::Statement { origin, sql, .. } = &error else {
            panic!("expected the failed statement alone, got {error:?}: {error}");
        };
        assert_eq!(origin.id, "m2026_07_20_000002_insert_items_then_fail");
        assert_eq!(sql, "insert into items (id) values (1)");
        let message = error.to_string();
        assert!(!message.contains("not rolled back"), "{message}");
        assert!(!message.contains("dirty"), "{message}");

        // Both inserts were undone, and the migration is not recorded, dirty or otherwise.
        let rows = db.rows(&format!("select {} from items", db.text("id")), &[]);
        assert!(rows.is_empty(), "{rows:?}");
        assert_eq!(
            repository(&mut db),
            [(ITEMS.to_owned(), "applied".to_owned())]
        );
        // So the next run tries it again, and fails the same way (nothing to resolve).
        let again = failing.run(&mut db.conn).unwrap_err();
        assert!(matches!(again, Error::Statement { .. }), "{again}");
    }
);

//! A pretend run shows exactly the statements a real run executes, on any database state:
//! each step sees the schema the steps before it left, and nothing changes, data steps
//! included.

use migrate_core::{Migrator, Report};

use crate::fixtures;
use crate::introspect::tables;
use crate::support::{backend_test, TestDb};

fn migrator() -> Migrator {
    Migrator::new().module(fixtures::module("pretend"))
}

/// Every statement of a report, migration by migration, but the repository's bookkeeping
/// (last): PostgreSQL's real run writes the row as literals into the migration's last round
/// trip, with the time it ran.
fn statements(report: &Report) -> Vec<(String, Vec<String>)> {
    report
        .migrations
        .iter()
        .map(|m| {
            let (bookkeeping, own) = m.statements.split_last().unwrap();
            assert!(bookkeeping.contains("migrations"), "{bookkeeping}");
            (m.id.clone(), own.to_vec())
        })
        .collect()
}

/// Everything a pretend run could have changed: the tables and the repository rows.
fn state(db: &mut TestDb) -> (Vec<String>, Vec<String>) {
    let ids = migrator()
        .status(&mut db.conn)
        .unwrap()
        .into_iter()
        .filter(|s| s.applied.is_some())
        .map(|s| s.id)
        .collect();
    (tables(db), ids)
}

backend_test!(pretending_a_run_shows_what_the_run_executes, |db| {
    // A new database: each pending migration builds on the ones before it (a `change()`
    // of the table the first creates, which SQLite does by reading that table).
    let before = state(&mut db);

    let pretended = migrator().pretend(true).run(&mut db.conn).unwrap();
    assert!(pretended.pretend);
    assert_eq!(state(&mut db), before, "a pretend run changes nothing");

    let real = migrator().run(&mut db.conn).unwrap();
    assert_eq!(statements(&pretended), statements(&real));
    assert_eq!(pretended.ids().len(), 4);
});

backend_test!(
    pretending_a_rollback_of_several_steps_shows_each_steps_sql,
    |db| {
        migrator().run(&mut db.conn).unwrap();
        let before = state(&mut db);
        let rows = db.rows("select name from customers", &[]);

        let pretended = migrator()
            .pretend(true)
            .rollback(&mut db.conn, Some(3))
            .unwrap();
        assert_eq!(state(&mut db), before, "a pretend rollback changes nothing");
        assert_eq!(db.rows("select name from customers", &[]), rows);

        let real = migrator().rollback(&mut db.conn, Some(3)).unwrap();
        assert_eq!(statements(&pretended), statements(&real));
        assert_eq!(tables(&mut db), ["accounts"]);
    }
);

#[test]
fn pretending_on_sqlite_copies_virtual_tables_and_not_their_shadow_tables() {
    let mut db = crate::support::sqlite();
    db.execute("create virtual table docs using fts5(body)");
    let before = state(&mut db);
    let pretended = migrator().pretend(true).run(&mut db.conn).unwrap();
    assert_eq!(pretended.ids().len(), 4);
    assert_eq!(state(&mut db), before);
}

#[test]
fn a_sqlite_rehearsal_tells_migrations_they_are_pretending() {
    use fixtures::pretend_effects::effects;
    let mut db = crate::support::sqlite();
    let migrator = Migrator::new().module(fixtures::module("pretend_effects"));
    let before = effects();
    let pretended = migrator.clone().pretend(true).run(&mut db.conn).unwrap();
    assert_eq!(pretended.ids().len(), 1);
    assert_eq!(
        effects(),
        before,
        "the data step skipped its outside effect"
    );
    migrator.run(&mut db.conn).unwrap();
    assert_eq!(effects(), before + 1);
}

//! On SQLite, migrations that finish within the commit window share one commit, each in a
//! savepoint of its own: the run ends as if each had committed on its own, with a fraction
//! of the disk syncs.

use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use migrate_core::{MigrationConnection, Migrator};

use crate::fixtures;
use crate::support::{self, TestDb};

/// What the second migration saw of the first from another connection: how many repository
/// rows were committed.
fn seen(db: &mut TestDb) -> String {
    db.rows("select cast(seen as text) from sightings", &[])[0][0]
        .clone()
        .unwrap()
}

/// The recorded migrations, as another connection sees them: what was committed. The
/// migrating connection must have no transaction left open.
fn committed(db: &mut TestDb) -> Vec<String> {
    assert!(!db.conn.in_transaction(), "a transaction was left open");
    let mut other = TestDb::on(db.connect(), &db.url);
    other
        .rows("select id from migrations order by id", &[])
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect()
}

#[test]
fn on_sqlite_migrations_within_the_commit_window_share_one_commit() {
    let migrator = Migrator::new().module(fixtures::module("shared_commits"));
    let applied = [
        "m2026_07_07_000001_first".to_owned(),
        "m2026_07_07_000002_second".to_owned(),
    ];

    let mut db = support::sqlite();
    let report = migrator.clone().run(&mut db.conn).unwrap();
    assert_eq!(report.migrations.len(), 2);
    assert_eq!(seen(&mut db), "0", "the first is not committed yet");
    assert_eq!(committed(&mut db), applied);
    assert!(migrator.is_current(&mut db.conn).unwrap());
    // Rolling back shares commits too.
    assert_eq!(migrator.reset(&mut db.conn).unwrap().migrations.len(), 2);
    assert_eq!(committed(&mut db), Vec::<String>::new());

    // A zero window, or one that has passed, commits each migration on its own.
    for window in [Duration::ZERO, Duration::from_nanos(1)] {
        let mut db = support::sqlite();
        let each = migrator.clone().commit_window(window);
        each.run(&mut db.conn).unwrap();
        assert_eq!(seen(&mut db), "1", "the first is committed ({window:?})");
        assert_eq!(committed(&mut db), applied);
    }
}

#[test]
fn a_migration_that_panics_in_a_shared_commit_is_undone_alone() {
    let mut db = support::sqlite();
    let migrator = Migrator::new().module(fixtures::module("panicking"));
    let panicked = panic::catch_unwind(AssertUnwindSafe(|| migrator.run(&mut db.conn)));
    let payload = panicked.unwrap_err();
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"a bug in the migration")
    );
    // The one before it is committed; nothing of the panicking one is left, and no
    // transaction is left open.
    assert_eq!(committed(&mut db), ["m2026_07_08_000001_before"]);
    let tables = db.rows(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite%' \
         order by name",
        &[],
    );
    assert_eq!(
        tables,
        [
            [Some("before_the_panic".to_owned())],
            [Some("migrations".to_owned())]
        ]
    );
    let status = migrator.status(&mut db.conn).unwrap();
    assert!(!status[1].is_applied());
}

#[test]
fn a_shared_commit_that_fails_runs_each_migration_again_on_its_own() {
    let mut db = support::sqlite();
    db.execute("pragma foreign_keys = on");
    let migrator = Migrator::new().module(fixtures::module("deferred_violation"));
    let error = migrator.run(&mut db.conn).unwrap_err();
    // The orphan's foreign key is checked at the commit, which undid both; run again each
    // on its own, the first is committed and the error names the second.
    let message = error.to_string();
    assert!(
        message.starts_with(
            "while applying m2026_07_09_000002_orphan (tests/tests/fixtures/deferred_violation.rs:"
        ),
        "{message}"
    );
    assert!(message.contains("COMMIT"), "{message}");
    assert!(
        message.contains("FOREIGN KEY constraint failed"),
        "{message}"
    );
    assert_eq!(committed(&mut db), ["m2026_07_09_000001_create_families"]);
    assert_eq!(db.rows("select id from children", &[]).len(), 0);
}

#[test]
fn a_migration_that_opted_out_of_transactions_ends_the_shared_commit() {
    let mut db = support::sqlite();
    let migrator = Migrator::new().module(fixtures::module("opted_out"));
    assert_eq!(migrator.run(&mut db.conn).unwrap().migrations.len(), 2);
    assert_eq!(
        committed(&mut db),
        [
            "m2026_07_03_000001_in_a_transaction",
            "m2026_07_03_000002_opted_out"
        ]
    );
}

#[test]
fn after_a_migration_undone_to_its_savepoint_the_connection_shares_commits_again() {
    // A later run on the same connection, in another repository table, still gives each
    // migration a savepoint of its own in one shared commit, and its re-read of what is
    // recorded (under the lock, before each shared commit) sees only its own table.
    let mut db = support::sqlite();
    let panicking = Migrator::new()
        .module(fixtures::module("panicking"))
        .table("panicking_migrations");
    let panicked = panic::catch_unwind(AssertUnwindSafe(|| panicking.run(&mut db.conn)));
    assert!(panicked.is_err());
    assert!(!db.conn.in_transaction(), "a transaction was left open");
    let recorded = db.rows("select id, state from panicking_migrations", &[]);
    assert_eq!(
        recorded,
        [[
            Some("m2026_07_08_000001_before".to_owned()),
            Some("applied".to_owned())
        ]]
    );

    let shared = Migrator::new().module(fixtures::module("shared_commits"));
    assert_eq!(shared.run(&mut db.conn).unwrap().migrations.len(), 2);
    assert_eq!(seen(&mut db), "0", "the two shared one commit");
    assert_eq!(
        committed(&mut db),
        ["m2026_07_07_000001_first", "m2026_07_07_000002_second"]
    );
    let states = db.rows("select state from migrations", &[]);
    assert_eq!(
        states,
        [[Some("applied".to_owned())], [Some("applied".to_owned())]]
    );
    // Nothing of the panicking migration came back with them.
    let tables = db.rows(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite%' \
         order by name",
        &[],
    );
    let tables: Vec<&str> = tables
        .iter()
        .map(|row| row[0].as_deref().unwrap())
        .collect();
    assert_eq!(
        tables,
        [
            "before_the_panic",
            "migrations",
            "panicking_migrations",
            "sightings"
        ]
    );
    // Rolling both back shares a commit too, through the same statements.
    assert_eq!(shared.reset(&mut db.conn).unwrap().migrations.len(), 2);
    assert_eq!(committed(&mut db), Vec::<String>::new());
}

#[test]
fn a_migration_failing_in_a_shared_commit_leaves_the_rows_of_those_before_it_whole() {
    // The applied migrations' rows are inserted together just before the shared commit:
    // they must be there, complete, whatever stopped the commit window early.
    let mut db = support::sqlite();
    let failing = Migrator::new().module(fixtures::module("failing"));
    let error = failing.run(&mut db.conn).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("while applying m2026_02_01_000002_create_widgets_then_fail"),
        "{error}"
    );
    assert!(!db.conn.in_transaction(), "a transaction was left open");
    let first = &failing.migrations().unwrap()[0];
    let rows = db.rows(
        "select id, cast(batch as text), checksum, state, \
         cast(execution_ms >= 0 as text), cast(applied_at is not null as text) from migrations",
        &[],
    );
    let expected: Vec<Option<String>> = [first.id(), "1", first.checksum(), "applied", "1", "1"]
        .into_iter()
        .map(|value| Some(value.to_owned()))
        .collect();
    assert_eq!(rows, [expected]);
    assert_eq!(committed(&mut db), [first.id()]);
    let tables = db.rows(
        "select name from sqlite_master where type = 'table' and name in ('things', 'widgets')",
        &[],
    );
    assert_eq!(tables, [[Some("things".to_owned())]]);
    let status = failing.status(&mut db.conn).unwrap();
    assert!(status[0].is_applied() && !status[1].is_applied());
}

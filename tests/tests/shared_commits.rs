//! On SQLite, migrations that finish within the commit window share one commit, each in a
//! savepoint of its own: the run ends as if each had committed on its own, with a fraction
//! of the disk syncs.

use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use migrate_core::Migrator;

use crate::fixtures;
use crate::support::{self, TestDb};

/// What the second migration saw of the first from another connection: how many repository
/// rows were committed.
fn seen(db: &mut TestDb) -> String {
    db.rows("select cast(seen as text) from sightings", &[])[0][0]
        .clone()
        .unwrap()
}

fn ids(db: &mut TestDb) -> Vec<String> {
    db.rows("select id from migrations order by id", &[])
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
    assert_eq!(ids(&mut db), applied);
    assert!(migrator.is_current(&mut db.conn).unwrap());

    // A zero window, or one that has passed, commits each migration on its own.
    for window in [Duration::ZERO, Duration::from_nanos(1)] {
        let mut db = support::sqlite();
        let each = migrator.clone().commit_window(window);
        each.run(&mut db.conn).unwrap();
        assert_eq!(seen(&mut db), "1", "the first is committed ({window:?})");
        assert_eq!(ids(&mut db), applied);
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
    assert_eq!(ids(&mut db), ["m2026_07_08_000001_before"]);
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

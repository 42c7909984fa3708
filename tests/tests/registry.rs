//! An inconsistent set of migrations is refused before anything runs.

use migrate_core::{Error, Migrator};

use crate::fixtures;
use crate::introspect::tables;

#[test]
fn duplicates_across_crates_and_a_down_without_up_are_reported_together_each_location_once() {
    let mut db = crate::support::sqlite();
    let migrator = Migrator::new().module(fixtures::module("broken"));
    let error = migrator.run(&mut db.conn).unwrap_err();
    assert!(matches!(error, Error::Registry(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "invalid migration set: migration `m2026_03_01_000001_dup` has more than one `up` \
         function: crate_a/src/migrations.rs:7, crate_b/src/migrations.rs:7\n  \
         migration `m2026_03_01_000002_orphan` has a `down` function \
         (crate_b/src/migrations.rs:12) but no `up`"
    );
    assert!(tables(&mut db).is_empty());
    let sql = db.dialect().grammar().has_table_sql();
    assert!(
        db.rows(&sql, &["migrations"]).is_empty(),
        "nothing was touched"
    );
}

#[test]
fn a_migrator_sees_only_the_migrations_of_its_module() {
    let ids: Vec<&str> = Migrator::new()
        .module(fixtures::module("blog::base"))
        .migrations()
        .unwrap()
        .iter()
        .map(|m| m.id())
        .collect();
    assert_eq!(
        ids,
        [
            "m2026_01_01_000001_create_users",
            "m2026_01_01_000002_create_posts"
        ]
    );
    // A module whose name merely starts the same is not included.
    assert!(Migrator::new()
        .module(fixtures::module("blo"))
        .migrations()
        .unwrap()
        .is_empty());
}

//! The online forms on a real PostgreSQL: what the server records after them, and the
//! refusal of `concurrently()` inside a transaction.

use migrate_core::Migrator;

use crate::fixtures;
use crate::support::{postgres, TestDb};

/// `name`'s row of pg_constraint: (type, validated, index name) in the test's schema.
fn constraint(db: &mut TestDb, name: &str) -> Vec<Option<String>> {
    let rows = db.rows(
        "select c.contype::text, c.convalidated::text, coalesce(i.relname::text, '') \
         from pg_constraint c left join pg_class i on i.oid = c.conindid \
         where c.conname = $1 and c.connamespace = current_schema()::regnamespace",
        &[name],
    );
    rows.into_iter().next().unwrap_or_default()
}

fn text(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some((*v).to_owned())).collect()
}

#[test]
fn keys_added_not_valid_are_validated_later_and_indexes_built_concurrently() {
    let mut db = postgres();
    let migrator = Migrator::new().module(fixtures::module("online"));
    migrator
        .clone()
        .up_to("m2026_09_03_000002_online_keys")
        .run(&mut db.conn)
        .unwrap();
    assert_eq!(
        constraint(&mut db, "members_team"),
        text(&["f", "false", "teams_pkey"])
    );
    assert_eq!(
        constraint(&mut db, "members_adult"),
        text(&["c", "false", ""])
    );
    assert_eq!(
        constraint(&mut db, "members_email"),
        text(&["u", "true", "members_email"]),
        "the unique constraint uses the index built concurrently"
    );
    let valid = db.rows(
        "select indisvalid::text from pg_index where indexrelid = 'members_age_index'::regclass",
        &[],
    );
    assert_eq!(valid, [text(&["true"])]);

    migrator.run(&mut db.conn).unwrap();
    assert_eq!(
        constraint(&mut db, "members_team"),
        text(&["f", "true", "teams_pkey"])
    );
    assert_eq!(
        constraint(&mut db, "members_adult"),
        text(&["c", "true", ""])
    );
    // The safe forms pass the linter; only the seed's raw SQL is reported.
    let lint = migrator.lint_all(migrate_core::Dialect::Postgres).unwrap();
    let rules: Vec<(&str, &str)> = lint
        .findings
        .iter()
        .map(|f| (f.migration.as_str(), f.rule.name()))
        .collect();
    assert_eq!(
        rules,
        [("m2026_09_03_000001_create_tables", "raw_sql")],
        "{lint}"
    );
}

#[test]
fn concurrently_inside_a_transaction_is_refused_and_changes_nothing() {
    let mut db = postgres();
    let migrator = Migrator::new().module(fixtures::module("online_in_transaction"));
    let error = migrator.run(&mut db.conn).unwrap_err().to_string();
    assert!(
        error.contains("m2026_09_04_000002_index_notes")
            && error.contains(
                "an index on `notes` is built or dropped concurrently inside a transaction, \
                 which the database refuses: mark the migration #[migration(transaction = false)]"
            ),
        "{error}"
    );
    let indexes = db.rows(
        "select indexname::text from pg_indexes where schemaname = current_schema() \
         and tablename = 'notes' and indexname <> 'notes_pkey'",
        &[],
    );
    assert!(indexes.is_empty(), "{indexes:?}");
    let applied: Vec<String> = migrator
        .status(&mut db.conn)
        .unwrap()
        .into_iter()
        .filter(|s| s.is_applied())
        .map(|s| s.id)
        .collect();
    assert_eq!(applied, ["m2026_09_04_000001_create_notes"]);
}

//! Reversible `change` migrations: the derived down of every invertible command restores
//! the schema (up, down, up again, compared by introspection), a real rollback undoes them,
//! and every command that cannot be inverted is refused, naming it, before anything runs.

use migrate_core::{introspect, Error, Migrator};

use crate::fixtures;
use crate::support::{backend_test, TestDb};

fn migrator(set: &str) -> Migrator {
    Migrator::new().module(fixtures::module(set))
}

/// The database's tables and their shape, without the repository table.
fn schema(db: &mut TestDb) -> migrate_core::SchemaModel {
    let mut model = introspect(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    model.tables.remove(migrate_core::DEFAULT_TABLE);
    model
}

backend_test!(derived_downs_undo_every_invertible_command, |db| {
    let migrator = migrator("reversible::invertible");
    let report = migrator
        .check(&mut db.conn)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.is_ok(), "{report}");
    assert!(report.skipped.is_empty(), "{report}");
    assert_eq!(report.passed.len(), 11, "{report}");
});

backend_test!(rolling_back_change_migrations_restores_each_step, |db| {
    let migrator = migrator("reversible::invertible");
    let ids: Vec<String> = migrator
        .migrations()
        .unwrap()
        .iter()
        .map(|m| m.id().to_owned())
        .collect();
    // The schema after each migration, applied one at a time.
    let mut after = vec![schema(&mut db)];
    for id in &ids {
        migrator
            .clone()
            .up_to(id.clone())
            .run(&mut db.conn)
            .unwrap_or_else(|e| panic!("{e}"));
        after.push(schema(&mut db));
    }
    assert!(after[11].tables.contains_key("labels ✓"));
    // Rolled back one at a time, each derived down gives the schema before its migration.
    for step in (0..ids.len()).rev() {
        let report = migrator
            .rollback(&mut db.conn, Some(1))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.ids(), [ids[step].as_str()]);
        assert_eq!(
            after[step].diff(&schema(&mut db)),
            Vec::<String>::new(),
            "after rolling back {}",
            ids[step]
        );
    }
    assert!(schema(&mut db).tables.is_empty());
});

backend_test!(a_derived_down_is_shown_by_a_pretend_rollback, |db| {
    let migrator = migrator("reversible::invertible");
    migrator.run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    let report = migrator
        .clone()
        .pretend(true)
        .rollback(&mut db.conn, Some(1))
        .unwrap_or_else(|e| panic!("{e}"));
    let statements = &report.migrations[0].statements;
    let drops = statements
        .iter()
        .any(|s| s.contains(r#"drop column "tag_code""#) || s.contains("drop column `tag_code`"));
    assert!(drops, "{statements:?}");
    // Nothing changed.
    assert!(schema(&mut db).tables["books"].column("tag_code").is_some());
});

/// The error `set` is refused with by `check`, and by `run` before anything is applied, on a
/// new database like `db`.
fn refusal(db: &TestDb, set: &str) -> String {
    let db = &mut crate::support::new_db(db.dialect());
    let migrator = migrator(&format!("reversible::irreversible::{set}"));
    let checked = migrator.check(&mut db.conn).unwrap_err();
    assert!(matches!(checked, Error::Irreversible { .. }), "{checked}");
    assert!(schema(db).tables.is_empty(), "check leaves nothing behind");
    let ran = migrator.run(&mut db.conn).unwrap_err();
    assert_eq!(ran.to_string(), checked.to_string());
    assert!(schema(db).tables.is_empty(), "run applied nothing");
    checked.to_string()
}

backend_test!(
    every_irreversible_command_is_refused_before_anything_runs,
    |db| {
        let location = |set: &str| {
            format!(
                "m2026_06_02_000002_irreversible (tests/tests/fixtures/reversible.rs:{})",
                line(set)
            )
        };
        let gone = "cannot be undone (what it drops is gone, definition and data)";
        let unknown = "cannot be undone (what it does is unknown)";
        for (set, command) in [
            ("drops_a_table", format!("`drop(\"users\")` {gone}")),
            (
                "drops_a_table_if_it_exists",
                format!("`drop_if_exists(\"users\")` {gone}"),
            ),
            (
                "drops_a_column",
                format!("dropping column `name` of `users` {gone}"),
            ),
            (
                "drops_an_index",
                format!("dropping index `users_name_index` of `users` {gone}"),
            ),
            (
                "drops_a_unique_index",
                format!("dropping unique index `users_name_unique` of `users` {gone}"),
            ),
            (
                "drops_a_foreign_key",
                format!("dropping foreign key `users_team_id_foreign` of `users` {gone}"),
            ),
            (
                "drops_the_primary_key",
                format!("dropping the primary key of `users` {gone}"),
            ),
            (
                "runs_raw_sql",
                format!("raw SQL `update users set name = 'x'` {unknown}"),
            ),
            (
                "runs_a_data_step",
                format!("a data step (`migration_connection()`) {unknown}"),
            ),
        ] {
            assert_eq!(
                refusal(&db, set),
                format!(
                "migration {} is a `change` whose down cannot be derived: {command}; write `up` \
                 and `down` functions instead of `change`",
                location(set)
            ),
                "{set}"
            );
        }
    }
);

backend_test!(
    a_change_of_a_column_the_model_does_not_know_is_refused,
    |db| {
        let error = refusal(&db, "changes_a_column_the_model_does_not_know");
        assert!(
        error.contains(
            "`change()` of column `legacy.code` cannot be undone: the schema model has no such \
             table, so its previous definition is unknown"
        ),
        "{error}"
    );
    }
);

/// The line of irreversible set `set` in the fixtures, where its `change` is registered.
fn line(set: &str) -> usize {
    let source = include_str!("fixtures/reversible.rs");
    let at = source
        .find(&format!("irreversible!({set},"))
        .unwrap_or_else(|| panic!("no set {set}"));
    source[..at].lines().count()
}

backend_test!(
    a_replay_that_panics_is_an_error_naming_the_migration,
    |db| {
        let migrator = migrator("reversible::after_a_data_step_that_needs_the_database");
        let error = migrator.run(&mut db.conn).unwrap_err().to_string();
        assert!(
            error.starts_with(
                "migration m2026_06_04_000002_add_names (tests/tests/fixtures/reversible.rs:"
            ),
            "{error}"
        );
        assert!(
            error.contains(
                "replaying the migrations before it failed (invalid migration set: replaying \
             migration m2026_06_04_000001_seed_users (tests/tests/fixtures/reversible.rs:"
            ) && error.contains(") into the schema model panicked)"),
            "{error}"
        );
        assert!(schema(&mut db).tables.is_empty(), "nothing was applied");
    }
);

backend_test!(
    a_derived_down_keeps_its_change_s_transaction_setting,
    |db| {
        let migrator = migrator("reversible::opted_out");
        migrator.run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
        let error = migrator
            .clone()
            .single_transaction(true)
            .rollback(&mut db.conn, None)
            .unwrap_err();
        match db.dialect() {
            migrate_core::Dialect::Mysql => {
                assert!(matches!(error, Error::Unsupported { .. }), "{error}")
            }
            _ => assert!(
                error.to_string().starts_with(
                    "migration m2026_06_05_000001_create_logs (tests/tests/fixtures/reversible.rs:"
                ) && error.to_string().contains("opted out of transactions"),
                "{error}"
            ),
        }
        assert!(
            schema(&mut db).tables.contains_key("logs"),
            "nothing rolled back"
        );
        migrator
            .rollback(&mut db.conn, None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(schema(&mut db).tables.is_empty());
    }
);

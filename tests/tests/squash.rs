//! Squashes: the file `squash` writes for a long history, and what a database does with it
//! whether it applied none, some or all of the migrations it replaces, before and after the
//! replaced files are deleted.

use migrate_core::{introspect, Error, Migrator, SchemaModel};

use crate::fixtures;
use crate::support::{backend_test, new_db, TestDb};

const LAST: &str = "m2026_06_01_000032_unique_team_email";
const SQUASH: &str = "m2026_06_01_000032_unique_team_email_squashed";
const SQUASH_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/squash/squashed/m2026_06_01_000032_unique_team_email_squashed.rs"
);

/// The history alone: a database's past.
fn history() -> Migrator {
    Migrator::new().module(fixtures::module("squash::history"))
}

/// The history and its squash: the code once the squash is added.
fn both() -> Migrator {
    Migrator::new().module(fixtures::module("squash"))
}

/// The squash alone: the code once the replaced files are deleted.
fn squash_only() -> Migrator {
    Migrator::new().module(fixtures::module("squash::squashed"))
}

fn history_ids() -> Vec<String> {
    history()
        .migrations()
        .unwrap()
        .iter()
        .map(|m| m.id().to_owned())
        .collect()
}

/// The database's tables and their shape, without the repository table.
fn schema(db: &mut TestDb) -> SchemaModel {
    let mut model = introspect(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    model.tables.remove(migrate_core::DEFAULT_TABLE);
    model
}

/// The repository's ids, sorted.
fn recorded(db: &mut TestDb) -> Vec<String> {
    let mut ids: Vec<String> = db
        .rows("select id from migrations", &[])
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .collect();
    ids.sort();
    ids
}

/// The schema the whole history builds on a new database of `db`'s backend.
fn built_by_history(db: &TestDb) -> SchemaModel {
    let mut reference = new_db(db.dialect());
    history()
        .run(&mut reference.conn)
        .unwrap_or_else(|e| panic!("{e}"));
    schema(&mut reference)
}

/// Applies the first `count` migrations of the history, the way a database that has not
/// caught up did; returns every id of the history.
fn apply_history_through(db: &mut TestDb, count: usize) -> Vec<String> {
    let ids = history_ids();
    history()
        .up_to(ids[count - 1].clone())
        .run(&mut db.conn)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(recorded(db), ids[..count]);
    ids
}

fn assert_same_schema(expected: &SchemaModel, db: &mut TestDb) {
    assert_eq!(expected.diff(&schema(db)), Vec::<String>::new());
}

#[test]
fn the_squash_of_the_history_is_the_file_squash_writes() {
    let squash = history().squash(LAST).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(squash.id, SQUASH);
    assert_eq!(squash.replaces, history_ids());
    assert_eq!(squash.replaces.len(), 32);
    assert_eq!(squash.not_carried, Vec::<String>::new());
    let written = std::fs::read_to_string(SQUASH_FILE).unwrap();
    assert_eq!(squash.source, written, "{}", squash.source);
}

#[test]
fn a_squash_is_not_squashed_again() {
    let error = both().squash(SQUASH).unwrap_err().to_string();
    assert!(
        error.starts_with(&format!("invalid migration set: `{SQUASH}` (")),
        "{error}"
    );
    assert!(error.contains("is itself a squash"), "{error}");
    let error = history().squash("m2026_06_01_000099_nothing").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid migration set: there is no migration `m2026_06_01_000099_nothing` to squash up to"
    );
}

#[test]
fn replays_go_through_the_replaced_migrations_while_they_are_compiled_in() {
    let replayed = history().schema_model(None).unwrap();
    assert_eq!(both().schema_model(None).unwrap(), replayed);
    assert_eq!(squash_only().schema_model(None).unwrap(), replayed);
    let at_squash = both().schema_model(Some(SQUASH)).unwrap();
    assert_eq!(at_squash, replayed);
    // `check` and the linter do not create the tables twice either.
    let mut scratch = migrate_core::AnyConnection::establish("sqlite://:memory:").unwrap();
    let report = both().check(&mut scratch).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.passed.len(), 32, "{report}");
    both()
        .lint_all(migrate_core::Dialect::Postgres)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn what_the_model_cannot_follow_is_named_in_the_squash() {
    let opaque = Migrator::new().module(fixtures::module("model::opaque"));
    let squash = opaque
        .squash("m2026_05_03_000003_raw_unknown")
        .unwrap_or_else(|e| panic!("{e}"));
    let at = |id: &str, line: u32| format!("{id} (tests/tests/fixtures/model.rs:{line})");
    assert_eq!(
        squash.not_carried,
        [
            format!(
                "{}: table `notes`: raw SQL `update notes set body = trim(body)`",
                at("m2026_05_03_000002_raw_steps", 193)
            ),
            format!(
                "{}: raw SQL `create view recent as select 1` names no known table",
                at("m2026_05_03_000003_raw_unknown", 204)
            ),
        ]
    );
    for note in &squash.not_carried {
        assert!(
            squash
                .source
                .contains(&format!("// Not carried over: {note}\n")),
            "{}",
            squash.source
        );
    }
}

backend_test!(a_fresh_database_runs_only_the_squash, |db| {
    let report = both().run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.ids(), [SQUASH]);
    assert_eq!(recorded(&mut db), [SQUASH]);
    assert_same_schema(&built_by_history(&db), &mut db);
    assert!(both().is_current(&mut db.conn).unwrap());
    // Nothing is pending, and the replaced migrations are skipped, not pending (nor older
    // than the squash and out of order).
    let again = both()
        .strict_order(true)
        .run(&mut db.conn)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.is_empty() && again.notices.is_empty(), "{again:?}");
    let status = both().status(&mut db.conn).unwrap();
    let skipped = status.iter().filter(|s| s.is_skipped()).count();
    assert_eq!(skipped, 32);
    let squash = status.iter().find(|s| s.id == SQUASH).unwrap();
    assert_eq!(squash.replaced_files_deletable(), Some(true));
    // Rolled back, the squash's own down drops everything.
    let report = both()
        .rollback(&mut db.conn, None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.ids(), [SQUASH]);
    assert!(schema(&mut db).tables.is_empty());
    assert!(recorded(&mut db).is_empty());
});

backend_test!(
    a_database_that_applied_every_replaced_migration_records_the_squash,
    |db| {
        history()
            .run(&mut db.conn)
            .unwrap_or_else(|e| panic!("{e}"));
        let before = schema(&mut db);
        assert!(!both().is_current(&mut db.conn).unwrap());
        let status = both().status(&mut db.conn).unwrap();
        let squash = status.iter().find(|s| s.id == SQUASH).unwrap();
        assert_eq!(squash.replaced_files_deletable(), Some(false));
        let report = both().run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.ids(), [SQUASH]);
        // Recorded, not run: nothing was executed but its repository row.
        let statements = &report.migrations[0].statements;
        assert!(
            statements.iter().all(|s| s.contains("migrations")),
            "{statements:?}"
        );
        let mut expected = history_ids();
        expected.push(SQUASH.to_owned());
        assert_eq!(recorded(&mut db), expected);
        assert_same_schema(&before, &mut db);
        assert!(both().is_current(&mut db.conn).unwrap());
        let status = both().status(&mut db.conn).unwrap();
        let squash = status.iter().find(|s| s.id == SQUASH).unwrap();
        assert_eq!(squash.replaced_files_deletable(), Some(true));

        // The replaced files deleted: their rows are the squash's, not missing.
        assert!(squash_only().run(&mut db.conn).unwrap().is_empty());
        assert!(squash_only().is_current(&mut db.conn).unwrap());
        let status = squash_only().status(&mut db.conn).unwrap();
        assert!(status.iter().all(|s| !s.is_missing()), "{status:?}");
        assert_eq!(status.len(), 33);

        // Rolling the squash back runs its own down and takes the replaced rows with it.
        let report = squash_only()
            .rollback(&mut db.conn, None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.ids(), [SQUASH]);
        assert!(schema(&mut db).tables.is_empty());
        assert!(recorded(&mut db).is_empty());
    }
);

backend_test!(
    a_database_that_applied_some_runs_the_rest_then_records_the_squash,
    |db| {
        let ids = apply_history_through(&mut db, 15);
        let status = both().status(&mut db.conn).unwrap();
        let pending: Vec<&str> = status
            .iter()
            .filter(|s| !s.is_applied() && !s.is_skipped())
            .map(|s| s.id.as_str())
            .collect();
        let mut expected: Vec<&str> = ids[15..].iter().map(String::as_str).collect();
        expected.push(SQUASH);
        assert_eq!(pending, expected);

        let report = both().run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.ids(), expected);
        let mut all = ids.clone();
        all.push(SQUASH.to_owned());
        assert_eq!(recorded(&mut db), all);
        assert_same_schema(&built_by_history(&db), &mut db);

        // Rolled back as one: the squash's down, and every replaced row.
        both()
            .rollback(&mut db.conn, Some(1))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(schema(&mut db).tables.is_empty());
        assert!(recorded(&mut db).is_empty());
    }
);

backend_test!(
    a_database_part_way_refuses_the_squash_once_the_files_it_needs_are_deleted,
    |db| {
        let ids = apply_history_through(&mut db, 10);
        let error = squash_only().run(&mut db.conn).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!(
                "invalid migration set: squash `{SQUASH}` (tests/tests/fixtures/squash/squashed/\
                 m2026_06_01_000032_unique_team_email_squashed.rs:"
            )),
            "{error}"
        );
        assert!(
            error.contains(
                "cannot be recorded: this database applied some of the migrations it replaces \
                 but not `m2026_06_01_000011_rename_user_name_index`, "
            ),
            "{error}"
        );
        assert_eq!(recorded(&mut db), ids[..10]);
    }
);

backend_test!(an_edited_squash_is_drift_like_any_migration, |db| {
    both().run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    db.execute("update migrations set checksum = 'edited'");
    let error = both().run(&mut db.conn).unwrap_err();
    assert!(matches!(error, Error::Drift { .. }), "{error}");
    assert!(error.to_string().contains(SQUASH), "{error}");
});

/// A squash in the middle of a history, and a migration after it.
fn middle() -> Migrator {
    Migrator::new().module(fixtures::module("squash_middle"))
}

const MIDDLE_SQUASH: &str = "m2026_06_10_000004_add_user_email_squashed";

/// A database that applied `accounts`, `teams` and `users` (batch 1), then got the squash:
/// `email` ran, the squash was recorded and `posts` ran (batch 2).
fn middle_db(db: &mut TestDb) {
    middle()
        .up_to("m2026_06_10_000003_create_users")
        .run(&mut db.conn)
        .unwrap_or_else(|e| panic!("{e}"));
    let report = middle().run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        report.ids(),
        [
            "m2026_06_10_000004_add_user_email",
            MIDDLE_SQUASH,
            "m2026_06_10_000005_create_posts"
        ]
    );
    assert_eq!(
        tables(db),
        ["accounts", "posts", "teams", "users"].map(str::to_owned)
    );
}

/// The names of the database's tables, sorted.
fn tables(db: &mut TestDb) -> Vec<String> {
    schema(db).tables.into_keys().collect()
}

/// The recorded ids, by the name after their timestamp.
fn recorded_names(db: &mut TestDb) -> Vec<String> {
    recorded(db)
        .into_iter()
        .map(|id| id["m2026_06_10_000001_".len()..].to_owned())
        .collect()
}

/// The count `rollback --to ID` rolls back, as the command line computes it.
fn steps_to(db: &mut TestDb, id: &str) -> Result<usize, migrate_core::cli::CliError> {
    let status = middle().status(&mut db.conn).unwrap();
    migrate_core::cli::target::steps_to(&status, id)
}

backend_test!(rollback_step_counts_a_squash_as_one_migration, |db| {
    middle_db(&mut db);
    // posts, the squash (with users and email), teams.
    let report = middle()
        .rollback(&mut db.conn, Some(3))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        report.ids(),
        [
            "m2026_06_10_000005_create_posts",
            MIDDLE_SQUASH,
            "m2026_06_10_000002_create_teams"
        ]
    );
    assert_eq!(recorded_names(&mut db), ["create_accounts"]);
    assert_eq!(tables(&mut db), ["accounts"]);
});

backend_test!(rollback_to_a_replaced_migration_is_refused, |db| {
    middle_db(&mut db);
    let all = recorded(&mut db);
    for target in ["m2026_06_10_000003_create_users", "add_user_email"] {
        let error = steps_to(&mut db, target).unwrap_err();
        assert_eq!(error.exit_code(), migrate_core::cli::exit_code::USER_ERROR);
        let target = middle_id(target);
        assert_eq!(
            error.to_string(),
            format!(
                "cannot roll back to {target}: squash {MIDDLE_SQUASH}, which is applied, replaces \
                 it, and rolls back only as one migration with every migration it replaces; roll \
                 back --to {MIDDLE_SQUASH} to keep it, or --to a migration before those it \
                 replaces to undo it"
            )
        );
    }
    assert_eq!(recorded(&mut db), all);

    // To the squash: what came after it.
    let steps = steps_to(&mut db, MIDDLE_SQUASH).unwrap();
    assert_eq!(steps, 1);
    middle().rollback(&mut db.conn, Some(steps)).unwrap();
    assert_eq!(tables(&mut db), ["accounts", "teams", "users"]);
    let mut expected = all.clone();
    expected.pop();
    assert_eq!(recorded(&mut db), expected);

    // Before it: the squash, with the migrations it replaces.
    let steps = steps_to(&mut db, "create_teams").unwrap();
    assert_eq!(steps, 1);
    middle().rollback(&mut db.conn, Some(steps)).unwrap();
    assert_eq!(tables(&mut db), ["accounts", "teams"]);
    assert_eq!(recorded_names(&mut db), ["create_accounts", "create_teams"]);
});

/// The full id of a migration of the middle history, given its id or name.
fn middle_id(given: &str) -> String {
    middle()
        .migrations()
        .unwrap()
        .iter()
        .map(|m| m.id().to_owned())
        .find(|id| id == given || id.ends_with(&format!("_{given}")))
        .unwrap()
}

backend_test!(rollback_batch_takes_the_squash_in_its_batch, |db| {
    middle_db(&mut db);
    // Batch 2 holds email's row, the squash and posts: two migrations, the squash taking the
    // row of users (batch 1) with it.
    let status = middle().status(&mut db.conn).unwrap();
    let steps = migrate_core::cli::target::steps_from_batch(&status, 2);
    assert_eq!(steps, 2);
    let batch = middle()
        .pretend(true)
        .rollback(&mut db.conn, Some(steps))
        .unwrap();
    let last = middle().pretend(true).rollback(&mut db.conn, None).unwrap();
    assert_eq!(batch.ids(), last.ids());
    assert_eq!(
        last.ids(),
        ["m2026_06_10_000005_create_posts", MIDDLE_SQUASH]
    );
    middle().rollback(&mut db.conn, None).unwrap();
    assert_eq!(tables(&mut db), ["accounts", "teams"]);
    assert_eq!(recorded_names(&mut db), ["create_accounts", "create_teams"]);
    // Batch 1: what is left.
    let status = middle().status(&mut db.conn).unwrap();
    assert_eq!(migrate_core::cli::target::steps_from_batch(&status, 1), 2);
});

backend_test!(
    a_squash_recorded_after_later_migrations_rolls_back_where_they_ran,
    |db| {
        // Batch 1: accounts, teams, users; batch 2: email and posts, which is newer than the
        // squash added afterwards.
        let history = Migrator::new().module(fixtures::module("squash_middle::history"));
        history
            .clone()
            .up_to("m2026_06_10_000003_create_users")
            .run(&mut db.conn)
            .unwrap_or_else(|e| panic!("{e}"));
        history.run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
        // Recorded, not run: not out of order, and in the batch of email, the last it replaces.
        let report = middle()
            .strict_order(true)
            .run(&mut db.conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.ids(), [MIDDLE_SQUASH]);
        assert!(report.notices.is_empty(), "{:?}", report.notices);
        let batch = db.text("batch");
        let rows = db.rows(
            &format!("select {batch} from migrations where id = '{MIDDLE_SQUASH}'"),
            &[],
        );
        assert_eq!(rows, [[Some("2".to_owned())]]);
        // The last batch: posts, then the squash (with users and email), not the squash
        // alone from under posts.
        let report = middle()
            .rollback(&mut db.conn, None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            report.ids(),
            ["m2026_06_10_000005_create_posts", MIDDLE_SQUASH]
        );
        assert_eq!(tables(&mut db), ["accounts", "teams"]);
        assert_eq!(recorded_names(&mut db), ["create_accounts", "create_teams"]);
    }
);

//! Drift, missing, out-of-order, baseline, partial failures and the lock, on every backend.

use std::time::Duration;

use migrate_core::{Dialect, Error, MigrationConnection, Migrator, Resolution};

use crate::fixtures;
use crate::introspect::tables;
use crate::support::{backend_test, TestDb};

const FIRST: &str = "m2026_06_01_000001_first";
const SECOND: &str = "m2026_06_01_000002_second";
const THIRD: &str = "m2026_06_01_000003_third";

fn ordered() -> Migrator {
    Migrator::new().module(fixtures::module("safety::order::ordered"))
}

fn all_ordered() -> Migrator {
    Migrator::new().module(fixtures::module("safety::order"))
}

/// `file:line` of a migration's `up`, as the registry reports it.
fn location(migrator: &Migrator, id: &str) -> String {
    migrator
        .migrations()
        .unwrap()
        .into_iter()
        .find(|m| m.id() == id)
        .unwrap()
        .location()
}

fn set_checksum(db: &mut TestDb, id: &str, checksum: &str) {
    let sql = format!(
        "update {} set {} = '{checksum}' where {} = '{id}'",
        db.quote("migrations"),
        db.quote("checksum"),
        db.quote("id")
    );
    db.execute(&sql);
}

fn recorded(db: &mut TestDb) -> Vec<String> {
    let sql = format!(
        "select {id} from {} order by {id}",
        db.quote("migrations"),
        id = db.quote("id")
    );
    db.rows(&sql, &[])
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect()
}

backend_test!(
    an_out_of_order_migration_runs_with_a_notice_unless_order_is_strict,
    |db| {
        ordered().run(&mut db.conn).unwrap();

        let error = all_ordered()
            .strict_order(true)
            .run(&mut db.conn)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
            "migration {SECOND} ({}) is pending but older than the applied migration `{THIRD}`; \
             strict ordering refuses to run it out of order",
            location(&all_ordered(), SECOND)
        )
        );
        assert_eq!(tables(&mut db), ["first", "third"]);

        let report = all_ordered().run(&mut db.conn).unwrap();
        assert_eq!(report.ids(), [SECOND]);
        assert_eq!(
            report.notices,
            [format!(
                "{SECOND} ({}) is older than the applied migration `{THIRD}` and runs out of order",
                location(&all_ordered(), SECOND)
            )]
        );
    }
);

backend_test!(
    an_edited_migration_stops_the_run_before_anything_changes,
    |db| {
        ordered().run(&mut db.conn).unwrap();
        set_checksum(&mut db, FIRST, "0123abcd");
        let current = ordered().migrations().unwrap()[0].checksum().to_owned();

        let error = all_ordered().run(&mut db.conn).unwrap_err();
        assert!(matches!(error, Error::Drift { .. }));
        assert_eq!(
            error.to_string(),
            format!(
                "migration {FIRST} ({}) was edited after it was applied (checksum 0123abcd in the \
             database, {current} in the code); revert the edit, or if it is only cosmetic run \
             `repair` to accept it",
                location(&ordered(), FIRST)
            )
        );
        assert_eq!(tables(&mut db), ["first", "third"], "nothing ran");

        // Allowed, it runs with the same words as a notice.
        let report = all_ordered().allow_drift(true).run(&mut db.conn).unwrap();
        assert_eq!(report.ids(), [SECOND]);
        assert_eq!(report.notices[0], error.to_string());

        // `repair` re-stamps the checksum; then the default migrator is content.
        assert_eq!(all_ordered().repair(&mut db.conn).unwrap(), [FIRST]);
        assert!(all_ordered().run(&mut db.conn).unwrap().is_empty());
    }
);

backend_test!(
    the_boot_check_sees_every_hand_edit_of_the_repository_table,
    |db| {
        assert!(
            !ordered().is_current(&mut db.conn).unwrap(),
            "no repository yet"
        );
        ordered().run(&mut db.conn).unwrap();
        assert!(ordered().is_current(&mut db.conn).unwrap());
        assert!(
            !all_ordered().is_current(&mut db.conn).unwrap(),
            "one is pending"
        );
        assert!(ordered().run(&mut db.conn).unwrap().is_empty());
        let applied = ordered().migrations().unwrap()[0].checksum().to_owned();

        // The same rows, one checksum changed: drift, although nothing is pending.
        set_checksum(&mut db, FIRST, "0123abcd");
        assert!(!ordered().is_current(&mut db.conn).unwrap());
        assert!(matches!(
            ordered().run(&mut db.conn).unwrap_err(),
            Error::Drift { .. }
        ));
        set_checksum(&mut db, FIRST, &applied);
        assert!(ordered().is_current(&mut db.conn).unwrap());

        // The two checksums swapped between the rows: the same values, in the wrong rows.
        let third = ordered().migrations().unwrap()[1].checksum().to_owned();
        set_checksum(&mut db, FIRST, &third);
        set_checksum(&mut db, THIRD, &applied);
        assert!(!ordered().is_current(&mut db.conn).unwrap());
        assert!(matches!(
            ordered().run(&mut db.conn).unwrap_err(),
            Error::Drift { .. }
        ));
        set_checksum(&mut db, FIRST, &applied);
        set_checksum(&mut db, THIRD, &third);
        assert!(ordered().is_current(&mut db.conn).unwrap());

        // A row marked dirty by hand.
        let migrations = db.quote("migrations");
        let (id, state) = (db.quote("id"), db.quote("state"));
        db.execute(&format!(
            "update {migrations} set {state} = 'dirty' where {id} = '{THIRD}'"
        ));
        assert!(!ordered().is_current(&mut db.conn).unwrap());
        assert!(matches!(
            ordered().run(&mut db.conn).unwrap_err(),
            Error::Dirty { .. }
        ));
        db.execute(&format!(
            "update {migrations} set {state} = 'applied' where {id} = '{THIRD}'"
        ));
        assert!(ordered().is_current(&mut db.conn).unwrap());

        // A row deleted by hand (and its table dropped, to run it again).
        db.execute(&format!("delete from {migrations} where {id} = '{THIRD}'"));
        db.execute(&format!("drop table {}", db.quote("third")));
        assert_eq!(ordered().run(&mut db.conn).unwrap().ids(), [THIRD]);
        assert_eq!(recorded(&mut db), [FIRST, THIRD]);
        assert!(ordered().is_current(&mut db.conn).unwrap());

        // A forged row that spells two rows in one: still a missing migration.
        let forged = format!("{FIRST} {applied} applied,{THIRD}");
        db.execute(&format!("delete from {migrations}"));
        let batch = db.quote("batch");
        let checksum = db.quote("checksum");
        let applied_at = db.quote("applied_at");
        let execution_ms = db.quote("execution_ms");
        db.execute(&format!(
            "insert into {migrations} ({id}, {batch}, {checksum}, {applied_at}, {execution_ms}, {state}) \
             values ('{forged}', 1, '{third}', '2026-01-01 00:00:00', 0, 'applied')"
        ));
        assert!(!ordered().is_current(&mut db.conn).unwrap());
        assert!(matches!(
            ordered().run(&mut db.conn).unwrap_err(),
            Error::Missing { .. }
        ));
    }
);

backend_test!(
    a_recorded_migration_missing_from_the_code_is_an_error_unless_ignored,
    |db| {
        ordered().run(&mut db.conn).unwrap();
        all_ordered().run(&mut db.conn).unwrap();
        // An older deploy: it knows only `ordered`, not `second`.
        let error = ordered().run(&mut db.conn).unwrap_err();
        assert_eq!(
        error.to_string(),
        format!(
            "a migration is recorded in table `migrations` but missing from this program: {SECOND}; \
             deploy the code that has it, or allow it with `ignore_missing`"
        )
    );
        let report = ordered().ignore_missing(true).run(&mut db.conn).unwrap();
        assert!(report.is_empty());
        assert_eq!(report.notices, [error.to_string()]);
        // Rolling back the missing one is refused, naming it.
        let error = ordered()
            .rollback(&mut db.conn, Some(2))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(&format!("migration `{SECOND}` (batch 2)")),
            "{error}"
        );
        assert_eq!(recorded(&mut db), [FIRST, SECOND, THIRD]);
    }
);

backend_test!(fake_records_migrations_without_running_them, |db| {
    let report = ordered().fake(true).run(&mut db.conn).unwrap();
    assert_eq!(report.ids(), [FIRST, THIRD]);
    assert!(tables(&mut db).is_empty());
    assert_eq!(recorded(&mut db), [FIRST, THIRD]);
    assert!(ordered().run(&mut db.conn).unwrap().is_empty());
});

backend_test!(
    a_migration_failing_part_way_outside_a_transaction_is_marked_dirty,
    |db| {
        const HALF: &str = "m2026_06_02_000001_half_done";
        let partial = Migrator::new().module(fixtures::module("safety::partial"));
        let error = partial.run(&mut db.conn).unwrap_err();
        let Error::Partial(failure) = &error else {
            panic!("expected a partial failure, got {error:?}");
        };
        let (completed, sql) = (&failure.completed, &failure.sql);
        let create = format!("create table {} (", db.quote("half"));
        assert!(sql.starts_with(&create), "{sql}");
        assert_eq!(completed.len(), 1);
        assert!(completed[0].starts_with(&create));
        let message = error.to_string();
        assert!(
        message.contains("these statements had already run and were not rolled back (the migration is now marked dirty):\n    create table"),
        "{message}"
    );

        let status = partial.status(&mut db.conn).unwrap();
        assert!(status[0].is_dirty());
        for refused in [
            partial.run(&mut db.conn),
            partial.rollback(&mut db.conn, None),
        ] {
            let message = refused.unwrap_err().to_string();
            assert!(
                message.starts_with(&format!("migration `{HALF}` failed part way on ")),
                "{message}"
            );
            assert!(message.ends_with(&format!(
            "repair the schema by hand, then mark it with `resolve {HALF} --applied` or `resolve {HALF} --rolled-back`"
        )));
        }

        // The operator finishes it by hand and says so.
        partial
            .resolve(&mut db.conn, HALF, Resolution::Applied)
            .unwrap();
        let status = partial.status(&mut db.conn).unwrap();
        assert!(status[0].is_applied() && !status[0].is_dirty());
        assert_eq!(
        partial.resolve(&mut db.conn, HALF, Resolution::RolledBack).unwrap_err().to_string(),
        format!("invalid migration set: migration `{HALF}` is not dirty; only a migration that failed part way can be resolved")
    );
        partial.rollback(&mut db.conn, None).unwrap();
        assert!(tables(&mut db).is_empty());
    }
);

/// Takes the migration lock of the test database on another connection and keeps it.
fn hold_lock(db: &TestDb) -> migrate_core::AnyConnection {
    let mut other = db.connect();
    let sql = match db.dialect() {
        Dialect::Sqlite => "begin immediate",
        Dialect::Postgres => "select pg_advisory_lock(hashtext(current_schema() || '.migrations'))",
        Dialect::Mysql => {
            "select get_lock(concat('migrate:', md5(concat(database(), '.migrations'))), 0)"
        }
    };
    other.batch_execute(sql).unwrap();
    other
}

backend_test!(
    a_held_lock_times_out_naming_its_holder_and_never_leaks,
    |db| {
        ordered().install(&mut db.conn).unwrap();
        let holder = hold_lock(&db);
        let quick = ordered().lock_timeout(Duration::from_millis(300));
        let error = quick.run(&mut db.conn).unwrap_err();
        let Error::LockTimeout {
            table,
            waited_ms,
            holder: who,
        } = &error
        else {
            panic!("expected a lock timeout, got {error:?}");
        };
        assert_eq!(table, "migrations");
        assert!(*waited_ms >= 300);
        let message = error.to_string();
        assert!(message.starts_with("timed out after "), "{message}");
        match db.dialect() {
            Dialect::Postgres => assert!(
                who.as_deref().unwrap_or("").starts_with("pid "),
                "{message}"
            ),
            Dialect::Mysql => assert!(
                who.as_deref().unwrap_or("").starts_with("connection "),
                "{message}"
            ),
            Dialect::Sqlite => assert_eq!(who, &None),
        }
        assert!(tables(&mut db).is_empty());

        // Once the holder goes away, a run proceeds at once: nothing of the failed wait lingers.
        drop(holder);
        assert_eq!(quick.run(&mut db.conn).unwrap().ids(), [FIRST, THIRD]);
    }
);

backend_test!(a_failing_migration_leaves_no_lock_behind, |db| {
    let failing = Migrator::new().module(fixtures::module("failing"));
    failing.run(&mut db.conn).unwrap_err();
    // Another connection takes the lock without waiting.
    let mut other = db.connect();
    let taken = match db.dialect() {
        Dialect::Sqlite => other.batch_execute("begin immediate").is_ok(),
        Dialect::Postgres => {
            let sql =
                "select pg_try_advisory_lock(hashtext(current_schema() || '.migrations'))::text";
            other.load_text(sql, &[]).unwrap()[0].0[0].as_deref() == Some("true")
        }
        Dialect::Mysql => {
            let sql = "select cast(get_lock(concat('migrate:', md5(concat(database(), '.migrations'))), 0) as char)";
            other.load_text(sql, &[]).unwrap()[0].0[0].as_deref() == Some("1")
        }
    };
    assert!(taken, "the migration lock is still held after the failure");
});

#[cfg(feature = "postgres")]
#[test]
fn a_migration_without_a_transaction_can_create_an_index_concurrently() {
    let mut db = crate::support::postgres();
    let migrator = Migrator::new().module(fixtures::module("safety::concurrently"));
    migrator.run(&mut db.conn).unwrap();
    let indexes = crate::introspect::describe(&mut db, "events").index_summary();
    assert_eq!(
        indexes,
        [(
            "events_kind_index".to_owned(),
            vec!["kind".to_owned()],
            false
        )]
    );
    migrator.rollback(&mut db.conn, None).unwrap();
    assert!(tables(&mut db).is_empty());
}

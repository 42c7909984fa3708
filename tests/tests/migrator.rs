//! Running, rolling back, resetting, refreshing, pretending and reporting, on every backend.

use migrate_core::{Error, MigrationConnection, Migrator};

use crate::fixtures;
use crate::introspect::{describe, tables, Column, ForeignKey};
use crate::support::{backend_test, TestDb};

fn blog() -> Migrator {
    Migrator::new().module(fixtures::module("blog"))
}

fn blog_base() -> Migrator {
    Migrator::new().module(fixtures::module("blog::base"))
}

/// (id, batch, checksum) of every repository row, in order.
fn records(db: &mut TestDb) -> Vec<(String, i32, String)> {
    let sql = format!(
        "select {id}, {batch_text}, {checksum} from {table} order by {batch}, {id}",
        id = db.quote("id"),
        batch_text = db.text(&db.quote("batch")),
        batch = db.quote("batch"),
        checksum = db.quote("checksum"),
        table = db.quote("migrations"),
    );
    db.rows(&sql, &[])
        .into_iter()
        .map(|r| {
            let text = |i: usize| r[i].clone().unwrap_or_default();
            (text(0), text(1).parse().unwrap(), text(2))
        })
        .collect()
}

const USERS: &str = "m2026_01_01_000001_create_users";
const POSTS: &str = "m2026_01_01_000002_create_posts";
const BIO: &str = "m2026_01_02_000001_add_bio_to_users";

backend_test!(run_creates_the_schema_and_records_each_migration, |db| {
    let report = blog().run(&mut db.conn).unwrap();
    assert_eq!(report.ids(), [USERS, POSTS, BIO]);
    assert_eq!(tables(&mut db), ["posts", "users"]);

    let users = describe(&mut db, "users");
    assert_eq!(
        users.column_names(),
        [
            "id",
            "email",
            "name",
            "votes",
            "admin",
            "balance",
            "created_at",
            "updated_at",
            "bio"
        ]
    );
    assert_eq!(users.primary_key(), ["id"]);
    let nullable: Vec<&str> = users
        .columns
        .iter()
        .filter(|c| c.nullable)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(nullable, ["name", "created_at", "updated_at", "bio"]);
    let default = |c: &Column| c.default.clone().map(|d| d.trim_matches('\'').to_owned());
    assert_eq!(default(users.column("votes")).as_deref(), Some("0"));
    assert_eq!(default(users.column("email")), None);
    assert_eq!(
        users.index_summary(),
        [
            (
                "users_email_unique".to_owned(),
                vec!["email".to_owned()],
                true
            ),
            (
                "users_name_index".to_owned(),
                vec!["name".to_owned()],
                false
            ),
        ]
    );

    let posts = describe(&mut db, "posts");
    assert_eq!(
        posts.foreign_keys,
        [ForeignKey {
            columns: vec!["user_id".into()],
            table: "users".into(),
            references: vec!["id".into()],
            on_delete: "cascade".into(),
        }]
    );
    let status_default = posts.column("status").default.clone().unwrap();
    assert!(status_default.contains("draft"), "{status_default}");
    assert!(posts.index_summary().contains(&(
        "posts_user_id_title_index".to_owned(),
        vec!["user_id".to_owned(), "title".to_owned()],
        false
    )));

    let expected: Vec<(String, i32, String)> = blog()
        .migrations()
        .unwrap()
        .iter()
        .map(|m| (m.id().to_owned(), 1, m.checksum().to_owned()))
        .collect();
    assert_eq!(records(&mut db), expected);
    assert!(expected
        .iter()
        .all(|(_, _, sum)| sum.len() == 64 && sum.chars().all(|c| c.is_ascii_hexdigit())));
});

backend_test!(a_second_run_applies_nothing, |db| {
    blog().run(&mut db.conn).unwrap();
    let before = records(&mut db);
    let report = blog().run(&mut db.conn).unwrap();
    assert!(report.is_empty());
    assert_eq!(records(&mut db), before);
});

backend_test!(rollback_undoes_the_last_batch_exactly, |db| {
    blog_base().run(&mut db.conn).unwrap();
    let users_before = describe(&mut db, "users");
    let posts_before = describe(&mut db, "posts");

    let report = blog().run(&mut db.conn).unwrap();
    assert_eq!(report.ids(), [BIO]);
    assert_eq!(report.migrations[0].batch, 2);
    assert_ne!(describe(&mut db, "users"), users_before);

    let report = blog().rollback(&mut db.conn, None).unwrap();
    assert_eq!(report.ids(), [BIO]);
    assert_eq!(describe(&mut db, "users"), users_before);
    assert_eq!(describe(&mut db, "posts"), posts_before);
    let ids: Vec<String> = records(&mut db).into_iter().map(|r| r.0).collect();
    assert_eq!(ids, [USERS, POSTS]);

    // And it can be applied again.
    assert_eq!(blog().run(&mut db.conn).unwrap().ids(), [BIO]);
});

backend_test!(
    rollback_with_steps_undoes_that_many_migrations_newest_first,
    |db| {
        blog().run(&mut db.conn).unwrap();
        let report = blog().rollback(&mut db.conn, Some(2)).unwrap();
        assert_eq!(report.ids(), [BIO, POSTS]);
        assert_eq!(tables(&mut db), ["users"]);
        assert_eq!(records(&mut db).len(), 1);
    }
);

backend_test!(step_gives_each_migration_its_own_batch, |db| {
    blog().step(true).run(&mut db.conn).unwrap();
    let batches: Vec<i32> = records(&mut db).into_iter().map(|r| r.1).collect();
    assert_eq!(batches, [1, 2, 3]);
    assert_eq!(blog().rollback(&mut db.conn, None).unwrap().ids(), [BIO]);
});

backend_test!(reset_rolls_back_everything, |db| {
    blog_base().run(&mut db.conn).unwrap();
    blog().run(&mut db.conn).unwrap();
    let report = blog().reset(&mut db.conn).unwrap();
    assert_eq!(report.ids(), [BIO, POSTS, USERS]);
    assert!(tables(&mut db).is_empty());
    assert!(records(&mut db).is_empty());
    assert!(blog().reset(&mut db.conn).unwrap().is_empty());
});

backend_test!(refresh_rebuilds_the_schema_in_one_batch, |db| {
    blog_base().run(&mut db.conn).unwrap();
    blog().run(&mut db.conn).unwrap();
    let schema_before = describe(&mut db, "users");
    db.execute(&format!(
        "insert into {} ({}) values ('a@example.com')",
        db.quote("users"),
        db.quote("email")
    ));

    let report = blog().refresh(&mut db.conn).unwrap();
    assert_eq!(report.ids(), [BIO, POSTS, USERS, USERS, POSTS, BIO]);
    assert_eq!(describe(&mut db, "users"), schema_before);
    assert!(db
        .rows(&format!("select * from {}", db.quote("users")), &[])
        .is_empty());
    let batches: Vec<i32> = records(&mut db).into_iter().map(|r| r.1).collect();
    assert_eq!(batches, [1, 1, 1]);
});

backend_test!(pretend_returns_the_sql_and_changes_nothing, |db| {
    let report = blog().pretend(true).run(&mut db.conn).unwrap();
    assert!(report.pretend);
    assert_eq!(report.ids(), [USERS, POSTS, BIO]);
    let grammar = db.dialect().grammar();
    let q = |s: &str| grammar.wrap(s).unwrap();
    assert_eq!(
        report.migrations[2].statements[0],
        format!(
            "alter table {} add column {} text null",
            q("users"),
            q("bio")
        )
    );
    assert!(report.migrations[2]
        .statements
        .last()
        .unwrap()
        .starts_with(&format!("insert into {}", q("migrations"))));
    assert!(tables(&mut db).is_empty());
    let sql = db.dialect().grammar().has_table_sql();
    assert!(
        db.rows(&sql, &["migrations"]).is_empty(),
        "pretend created the repository table"
    );

    // Pretending a rollback leaves everything applied.
    blog().run(&mut db.conn).unwrap();
    let report = blog().pretend(true).rollback(&mut db.conn, None).unwrap();
    assert_eq!(report.ids(), [BIO, POSTS, USERS]);
    assert_eq!(
        report.migrations[2].statements[0],
        format!("drop table {}", q("users"))
    );
    assert_eq!(records(&mut db).len(), 3);
    assert_eq!(tables(&mut db), ["posts", "users"]);
});

#[test]
fn pretend_leaves_a_sqlite_file_byte_for_byte_unchanged() {
    let mut db = crate::support::sqlite();
    blog_base().run(&mut db.conn).unwrap();
    let path = db.url.trim_start_matches("sqlite://").to_owned();
    let before = std::fs::read(&path).unwrap();
    blog().pretend(true).run(&mut db.conn).unwrap();
    blog().pretend(true).reset(&mut db.conn).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

backend_test!(
    a_migration_sees_its_own_statements_around_reads_and_data_steps,
    |db| {
        let batched = Migrator::new().module(fixtures::module("batched"));
        let report = batched.run(&mut db.conn).unwrap();
        let statements = &report.migrations[0].statements;
        let position = |start: &str| {
            statements
                .iter()
                .position(|s| s.starts_with(start))
                .unwrap_or_else(|| panic!("no `{start}` in {statements:?}"))
        };
        let order = [
            position(&format!("create table {}", db.quote("parents"))),
            position("insert into parents (name) values ('first')"),
            position(&format!("create table {}", db.quote("children"))),
            position("insert into parents (name) values ('second')"),
        ];
        assert!(order.is_sorted(), "{statements:?}");
        let names = db.rows("select name from parents order by id", &[]);
        assert_eq!(
            names,
            [[Some("first".to_owned())], [Some("second".to_owned())]]
        );
        let children = db.rows("select cast(parent_id as char(10)) from children", &[]);
        let parents: Vec<Option<&str>> = children
            .iter()
            .map(|r| r[0].as_deref().map(str::trim))
            .collect();
        assert_eq!(parents, [Some("1")]);

        batched.rollback(&mut db.conn, None).unwrap();
        assert!(tables(&mut db).is_empty());
    }
);

backend_test!(
    a_statement_that_fails_before_a_data_step_is_the_error_reported,
    |db| {
        let failing = Migrator::new().module(fixtures::module("failing_data_step"));
        let error = failing.run(&mut db.conn).unwrap_err();
        let sql = match &error {
            Error::Statement { sql, .. } => sql,
            Error::Partial(partial) => &partial.sql,
            _ => panic!("unexpected error {error:?}"),
        };
        assert!(
            sql.starts_with(&format!("create table {}", db.quote("things"))),
            "{sql}"
        );
        let message = error.to_string();
        assert!(message.contains("already exists"), "{message}");
        assert!(!message.contains("insert into things"), "{message}");
        if db.dialect().supports_transactional_ddl() {
            assert!(records(&mut db).is_empty());
            assert!(tables(&mut db).is_empty());
        }
    }
);

backend_test!(a_failing_migration_leaves_no_trace_and_says_where, |db| {
    const FAILING: &str = "m2026_02_01_000002_create_widgets_then_fail";
    let failing = Migrator::new().module(fixtures::module("failing"));
    let error = failing.run(&mut db.conn).unwrap_err();
    let transactional = db.dialect().supports_transactional_ddl();
    let (origin, sql) = match &error {
        Error::Statement { origin, sql, .. } if transactional => (origin, sql),
        // MySQL commits DDL implicitly: the statements that ran are listed and the
        // migration is marked dirty.
        Error::Partial(partial) if !transactional => {
            assert_eq!(partial.completed.len(), 1);
            assert!(
                partial.completed[0].starts_with(&format!("create table {}", db.quote("widgets")))
            );
            (&partial.origin, &partial.sql)
        }
        _ => panic!("unexpected error {error:?}"),
    };
    assert_eq!(origin.id, FAILING);
    assert!(
        origin
            .location()
            .starts_with("tests/tests/fixtures/failing.rs:"),
        "{}",
        origin.location()
    );
    assert!(
        sql.starts_with(&format!("create table {}", db.quote("things"))),
        "{sql}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "while applying {FAILING} (tests/tests/fixtures/failing.rs:"
        )),
        "{message}"
    );
    assert!(
        message.contains("already exists"),
        "the database's own message is kept: {message}"
    );

    let ids: Vec<String> = records(&mut db).into_iter().map(|r| r.0).collect();
    if transactional {
        assert_eq!(ids, ["m2026_02_01_000001_create_things"]);
        assert_eq!(
            tables(&mut db),
            ["things"],
            "the failed migration's DDL is rolled back"
        );
    } else {
        assert_eq!(ids, ["m2026_02_01_000001_create_things", FAILING]);
        let status = failing.status(&mut db.conn).unwrap();
        assert!(status[1].is_dirty());
        // Later runs refuse until the operator resolves it.
        let again = failing.run(&mut db.conn).unwrap_err().to_string();
        assert!(
            again.starts_with(&format!("migration `{FAILING}` failed part way on ")),
            "{again}"
        );
    }
});

backend_test!(
    status_lists_applied_pending_changed_and_missing_migrations,
    |db| {
        blog_base().run(&mut db.conn).unwrap();
        let (table, id, checksum) = (db.quote("migrations"), db.quote("id"), db.quote("checksum"));
        db.execute(&format!(
            "update {table} set {checksum} = 'edited' where {id} = '{POSTS}'"
        ));
        db.execute(&format!(
            "insert into {table} ({id}, {}, {checksum}, {}, {}, {}) \
             values ('m2025_12_31_000000_gone', 1, 'x', '2025-12-31 00:00:00', 3, 'applied')",
            db.quote("batch"),
            db.quote("applied_at"),
            db.quote("execution_ms"),
            db.quote("state"),
        ));

        let status = blog().status(&mut db.conn).unwrap();
        let summary: Vec<(&str, bool, bool, bool)> = status
            .iter()
            .map(|s| (s.id.as_str(), s.is_applied(), s.changed, s.is_missing()))
            .collect();
        assert_eq!(
            summary,
            [
                ("m2025_12_31_000000_gone", true, false, true),
                (USERS, true, false, false),
                (POSTS, true, true, false),
                (BIO, false, false, false),
            ]
        );
        assert_eq!(status[1].applied.as_ref().unwrap().batch, 1);

        // The edited migration stops a reset before anything changes...
        let error = blog().reset(&mut db.conn).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("migration {POSTS} (tests/tests/fixtures/blog.rs:")),
            "{error}"
        );
        assert!(
            error.contains("was edited after it was applied (checksum edited in the database"),
            "{error}"
        );
        // ...until `repair` accepts the code as it is now.
        assert_eq!(blog().repair(&mut db.conn).unwrap(), [POSTS]);
        assert!(!blog().status(&mut db.conn).unwrap()[2].changed);

        // A missing migration cannot be rolled back, and nothing is touched.
        let error = blog().reset(&mut db.conn).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid migration set: migration `m2025_12_31_000000_gone` (batch 1) is recorded in table \
             `migrations` but missing from this program; it cannot be rolled back (deploy the code \
             that has it, or remove its row by hand)"
        );
        assert_eq!(tables(&mut db), ["posts", "users"]);
        assert_eq!(records(&mut db).len(), 3);
    }
);

backend_test!(a_custom_repository_table_name_is_used, |db| {
    let migrator = blog_base().table("schema history");
    migrator.run(&mut db.conn).unwrap();
    let sql = db.dialect().grammar().has_table_sql();
    assert_eq!(db.rows(&sql, &["schema history"]).len(), 1);
    assert!(db.rows(&sql, &["migrations"]).is_empty());
    assert!(migrator.run(&mut db.conn).unwrap().is_empty());
});

/// On PostgreSQL a migration that only describes tables is one round trip: `BEGIN`, the
/// lock, its statements, its repository row and `COMMIT` in one batch, the row written with
/// literals and timed by the server; its rollback too. The repository's statements on the
/// long way (a migration that reads the database) are unnamed, parsed and run in one round
/// trip, never left prepared: a named statement breaks behind a transaction pooler
/// (`tests/tests/pgbouncer.rs`). PostgreSQL lists a connection's prepared statements.
#[cfg(feature = "postgres")]
#[test]
fn on_postgres_a_migration_is_one_round_trip_and_no_repository_statement_stays_prepared() {
    let mut db = crate::support::postgres();
    let prepared = |db: &mut TestDb, verb: &str| -> Vec<String> {
        db.rows(
            "select statement from pg_prepared_statements where statement like $1",
            &[&format!("{verb} %")],
        )
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect()
    };
    let report = blog().run(&mut db.conn).unwrap();
    assert_eq!(report.migrations.len(), 3);
    for (ran, (id, batch, checksum)) in report.migrations.iter().zip(records(&mut db)) {
        assert_eq!((ran.id.as_str(), batch), (id.as_str(), 1));
        let row = ran.statements.last().unwrap();
        let start = format!(
            r#"insert into "migrations" ("id", "batch", "checksum", "applied_at", "execution_ms", "state") values ('{id}', 1, '{checksum}', '"#
        );
        assert!(row.starts_with(&start), "{row}");
        assert!(
            row.ends_with("', cast(extract(epoch from clock_timestamp() - now()) * 1000 as bigint), 'applied')"),
            "{row}"
        );
    }
    let timed = db.rows(
        "select id from migrations where execution_ms >= 0 \
         and applied_at > (now() at time zone 'utc') - interval '1 hour'",
        &[],
    );
    assert_eq!(timed.len(), 3);
    assert!(blog().is_current(&mut db.conn).unwrap());
    assert!(prepared(&mut db, "insert").is_empty());

    // A migration that reads the database sends its statements before the read: its row
    // then goes on its own, through an unnamed insert.
    let batched = Migrator::new()
        .module(fixtures::module("batched"))
        .table("batched_migrations");
    batched.run(&mut db.conn).unwrap();
    assert_eq!(
        db.rows("select id from batched_migrations", &[]).len(),
        batched.migrations().unwrap().len()
    );
    assert!(prepared(&mut db, "insert").is_empty());

    // A rollback is one round trip too: its delete fails unless it removes the row.
    let undone = blog().reset(&mut db.conn).unwrap();
    assert_eq!(undone.migrations.len(), 3);
    for ran in &undone.migrations {
        assert_eq!(
            ran.statements.last().unwrap(),
            &format!(
                r#"with changed as (delete from "migrations" where "id" = '{}' returning 1) select 1 / count(*) from changed"#,
                ran.id
            )
        );
    }
    assert!(prepared(&mut db, "delete").is_empty());
    assert!(records(&mut db).is_empty());
    assert_eq!(
        tables(&mut db),
        ["batched_migrations", "children", "parents"]
    );

    // The rollback of a migration that reads the database deletes its row on its own,
    // through an unnamed delete.
    batched.rollback(&mut db.conn, None).unwrap();
    assert!(db.rows("select id from batched_migrations", &[]).is_empty());
    assert!(prepared(&mut db, "delete").is_empty());
}

/// On PostgreSQL every commit of a run but its last is asynchronous: it returns before the
/// WAL reaches the disk, and the run's last commit, synchronous, flushes the WAL past all of
/// them. The application's own setting is left as it was.
#[cfg(feature = "postgres")]
#[test]
fn on_postgres_only_the_last_commit_of_a_run_waits_for_the_disk() {
    let mut db = crate::support::postgres();
    let migrator = Migrator::new().module(fixtures::module("commit_settings"));
    migrator.run(&mut db.conn).unwrap();
    migrator.rollback(&mut db.conn, Some(2)).unwrap();
    let settings = db.rows(
        "select migration, step, setting from commit_settings order by 2 desc, 1",
        &[],
    );
    let row = |migration: &str, step: &str, setting: &str| {
        vec![
            Some(migration.into()),
            Some(step.into()),
            Some(setting.into()),
        ]
    };
    assert_eq!(
        settings,
        [
            row("first", "up", "off"),
            row("second", "up", "off"),
            row("third", "up", "on"),
            // Rolled back newest first: the second is the last.
            row("second", "down", "on"),
            row("third", "down", "off"),
        ]
    );
    assert_eq!(
        db.rows("select current_setting('synchronous_commit')", &[]),
        [[Some("on".to_owned())]]
    );
}

backend_test!(
    a_single_transaction_applies_and_rolls_back_all_or_nothing,
    |db| {
        const FAILING: &str = "m2026_02_01_000002_create_widgets_then_fail";
        let failing = Migrator::new()
            .module(fixtures::module("failing"))
            .single_transaction(true);
        let error = failing.run(&mut db.conn).unwrap_err();
        if !db.dialect().supports_transactional_ddl() {
            // MySQL commits DDL implicitly: refused before any migration runs.
            assert_eq!(
                error.to_string(),
                "MySQL does not support running migrations in a single transaction \
                 (its DDL commits implicitly, statement by statement)"
            );
            assert!(records(&mut db).is_empty());
            assert!(tables(&mut db).is_empty());
            return;
        }
        match &error {
            Error::Statement { origin, sql, .. } => {
                assert_eq!(origin.id, FAILING);
                assert!(
                    sql.starts_with(&format!("create table {}", db.quote("things"))),
                    "{sql}"
                );
            }
            _ => panic!("unexpected error {error:?}"),
        }
        // The migration before the failing one is undone with it.
        assert!(records(&mut db).is_empty());
        assert!(tables(&mut db).is_empty());

        let together = blog().single_transaction(true);
        let report = together.run(&mut db.conn).unwrap();
        let applied = records(&mut db);
        assert_eq!(applied.len(), report.migrations.len());
        assert!(
            applied.iter().all(|(_, batch, _)| *batch == 1),
            "{applied:?}"
        );
        assert_eq!(tables(&mut db), ["posts", "users"]);
        assert!(together.run(&mut db.conn).unwrap().migrations.is_empty());

        let undone = together.reset(&mut db.conn).unwrap();
        assert_eq!(undone.migrations.len(), applied.len());
        assert!(records(&mut db).is_empty());
        assert!(tables(&mut db).is_empty());
    }
);

backend_test!(
    a_single_transaction_refuses_a_migration_that_opted_out_before_running_any,
    |db| {
        let migrator = Migrator::new()
            .module(fixtures::module("opted_out"))
            .single_transaction(true);
        let error = migrator.run(&mut db.conn).unwrap_err().to_string();
        if db.dialect().supports_transactional_ddl() {
            assert!(
                error.starts_with(
                    "migration m2026_07_03_000002_opted_out (tests/tests/fixtures/opted_out.rs:"
                ),
                "{error}"
            );
            assert!(
                error.ends_with(
                    "opted out of transactions (`transaction = false`), so it cannot run in a \
                     single transaction with the others; run it without `single_transaction`"
                ),
                "{error}"
            );
        }
        assert!(records(&mut db).is_empty());
        assert!(tables(&mut db).is_empty());
    }
);

backend_test!(
    a_run_inside_the_applications_own_transaction_is_refused_and_commits_nothing,
    |db| {
        if !db.dialect().supports_transactional_ddl() {
            return;
        }
        blog_base().install(&mut db.conn).unwrap();
        db.conn.begin().unwrap();
        db.execute("create table mine (id integer)");
        let error = blog().run(&mut db.conn).unwrap_err().to_string();
        assert!(error.contains("transaction"), "{error}");
        assert_eq!(
            error,
            "the connection is already in a transaction; migrations run in transactions of \
             their own: commit or roll back the open transaction first (nothing was run)"
        );
        assert!(db.conn.in_transaction());
        db.conn.rollback().unwrap();
        assert!(
            tables(&mut db).is_empty(),
            "the application's work was committed"
        );
        assert!(records(&mut db).is_empty());
        blog().run(&mut db.conn).unwrap();
        assert_eq!(tables(&mut db), ["posts", "users"]);
    }
);

/// A rollback planned before another runner recorded a newer migration refuses once it holds
/// the lock, rather than undo what the newer one builds on. SQLite: the other runner holds
/// the write lock while this one plans, and records its migration before letting go.
#[test]
fn a_single_transaction_rollback_overtaken_by_another_runner_changes_nothing() {
    let mut db = crate::support::sqlite();
    blog().run(&mut db.conn).unwrap();
    let mut other = db.connect();
    other.begin().unwrap();
    let mut conn = db.connect();
    let rollback = std::thread::spawn(move || {
        blog()
            .single_transaction(true)
            .rollback(&mut conn, None)
            .map(|report| report.migrations.len())
            .map_err(|error| error.to_string())
    });
    // The rollback has read the repository and now waits for the lock.
    std::thread::sleep(std::time::Duration::from_millis(500));
    other
        .batch_execute(
            "insert into migrations (id, batch, checksum, applied_at, execution_ms, state) \
             values ('m2027_01_01_000000_later', 2, 'x', '2027-01-01 00:00:00', 0, 'applied')",
        )
        .unwrap();
    other.commit().unwrap();
    let error = rollback.join().unwrap().unwrap_err();
    assert_eq!(
        error,
        "migration `m2027_01_01_000000_later` (batch 2) was recorded in table `migrations` by \
         another runner after this rollback was planned; nothing was rolled back (roll back \
         again)"
    );
    assert_eq!(tables(&mut db), ["posts", "users"]);
    assert_eq!(records(&mut db).len(), 4);
}

/// Another runner rolls the migrations back while this one, having planned the same
/// rollback, waits for the lock: on PostgreSQL this one's one-round-trip batches fail, it
/// goes the long way, and finds there is nothing left to do.
#[cfg(feature = "postgres")]
#[test]
fn a_rollback_overtaken_by_another_runner_on_postgres_finds_nothing_left_to_do() {
    let mut db = crate::support::postgres();
    blog().run(&mut db.conn).unwrap();
    let mut other = db.connect();
    other.begin().unwrap();
    other
        .batch_execute(
            "select pg_advisory_xact_lock(hashtext(current_schema() || '.' || 'migrations'))",
        )
        .unwrap();
    let mut conn = db.connect();
    let rollback = std::thread::spawn(move || {
        blog()
            .rollback(&mut conn, None)
            .map(|report| report.migrations.len())
            .map_err(|error| error.to_string())
    });
    // The rollback has read the repository and now waits for the lock.
    std::thread::sleep(std::time::Duration::from_millis(500));
    other
        .batch_execute("drop table posts; drop table users; delete from migrations")
        .unwrap();
    other.commit().unwrap();
    assert_eq!(rollback.join().unwrap(), Ok(0));
    assert!(tables(&mut db).is_empty());
    assert!(records(&mut db).is_empty());
}

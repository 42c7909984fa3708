//! Waiting for the migration lock: every command waits for another runner up to the lock
//! timeout, then fails with the lock timeout error, whatever statement was kept waiting.

use std::time::Duration;

use migrate_core::{AnyConnection, Dialect, Error, MigrationConnection, Migrator};

use crate::fixtures;
use crate::introspect::tables;
use crate::support::{backend_test, TestDb};

const USERS: &str = "m2026_01_01_000001_create_users";
const POSTS: &str = "m2026_01_01_000002_create_posts";

fn blog() -> Migrator {
    Migrator::new().module(fixtures::module("blog"))
}

/// The ids in the repository, in order.
pub(crate) fn recorded(db: &mut TestDb) -> Vec<String> {
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

/// Holds the migration lock on another connection as a runner does at its strongest: on
/// SQLite a runner committing, which keeps even readers out.
fn hold_lock(db: &TestDb) -> AnyConnection {
    let mut other = db.connect();
    let sql = match db.dialect() {
        Dialect::Sqlite => "begin exclusive",
        Dialect::Postgres => "select pg_advisory_lock(hashtext(current_schema() || '.migrations'))",
        Dialect::Mysql => {
            "select get_lock(concat('migrate:', md5(concat(database(), '.migrations'))), 0)"
        }
    };
    other.batch_execute(sql).unwrap();
    other
}

fn assert_lock_timeout<T: std::fmt::Debug>(command: &str, outcome: migrate_core::Result<T>) {
    let error = outcome.expect_err(command);
    let Error::LockTimeout {
        table, waited_ms, ..
    } = &error
    else {
        panic!("{command}: expected the lock timeout error, got {error:?}: {error}");
    };
    assert_eq!(table, "migrations", "{command}");
    assert!(*waited_ms >= 300, "{command}: {error}");
    assert!(
        error.to_string().starts_with(&format!(
            "timed out after {waited_ms} ms waiting for the migration lock on table `migrations`"
        )),
        "{command}: {error}"
    );
}

backend_test!(
    every_command_waits_for_a_held_lock_then_fails_with_the_lock_timeout,
    |db| {
        // Two migrations applied, one pending.
        Migrator::new()
            .module(fixtures::module("blog::base"))
            .run(&mut db.conn)
            .unwrap();
        let holder = hold_lock(&db);
        // A fresh connection, as a new process has: nothing set on it yet.
        db.conn = db.connect();
        let quick = blog().lock_timeout(Duration::from_millis(300));
        assert_lock_timeout("run", quick.run(&mut db.conn));
        assert_lock_timeout("rollback", quick.rollback(&mut db.conn, None));
        assert_lock_timeout("rollback --step 1", quick.rollback(&mut db.conn, Some(1)));
        assert_lock_timeout("reset", quick.reset(&mut db.conn));
        assert_lock_timeout("refresh", quick.refresh(&mut db.conn));
        if db.dialect() == Dialect::Sqlite {
            // Where the lock keeps readers out, reading commands wait too.
            assert_lock_timeout("status", quick.status(&mut db.conn));
            assert_lock_timeout("is_current", quick.is_current(&mut db.conn));
            assert_lock_timeout("repair", quick.repair(&mut db.conn));
        }

        // Nothing changed, and once the holder is gone every command proceeds.
        drop(holder);
        assert_eq!(recorded(&mut db), [USERS, POSTS]);
        assert_eq!(tables(&mut db), ["posts", "users"]);
        assert_eq!(
            quick.rollback(&mut db.conn, None).unwrap().ids(),
            [POSTS, USERS]
        );
        assert!(recorded(&mut db).is_empty());
        assert!(tables(&mut db).is_empty());
    }
);

/// On SQLite a runner committing keeps every other connection out, readers too: the
/// commands that start by reading the repository wait for it like the others.
#[test]
fn on_sqlite_every_command_waits_for_a_runner_that_holds_the_database() {
    type Command = fn(&Migrator, &mut AnyConnection) -> migrate_core::Result<usize>;
    let commands: [(&str, Command); 5] = [
        ("rollback", |m, c| {
            m.rollback(c, None).map(|r| r.migrations.len())
        }),
        ("reset", |m, c| m.reset(c).map(|r| r.migrations.len())),
        ("status", |m, c| m.status(c).map(|s| s.len())),
        ("run", |m, c| m.run(c).map(|r| r.migrations.len())),
        ("refresh", |m, c| m.refresh(c).map(|r| r.migrations.len())),
    ];
    for (name, command) in commands {
        let mut db = crate::support::sqlite();
        blog().run(&mut db.conn).unwrap();
        let mut holder = hold_lock(&db);
        // The holder commits a moment later, in another thread, while the command waits.
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            holder.batch_execute("commit").unwrap();
        });
        // A fresh connection, as a new process has: nothing set on it yet.
        let outcome = command(&blog(), &mut db.connect());
        release.join().unwrap();
        outcome.unwrap_or_else(|e| panic!("{name} did not wait for the lock: {e}"));
    }
}

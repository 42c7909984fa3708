//! The statement timeout on the real servers: a statement that runs longer is cancelled by
//! the server, the migration fails with an error that says so and names it, nothing of it
//! stays, and the session's own setting is as it was; with a longer timeout it runs.

use std::time::Duration;

use migrate_core::{Dialect, Error, Migrator};

use crate::fixtures;
use crate::introspect::tables;
use crate::support::TestDb;

const SLOW: &str = "m2026_12_03_000021_slow_statement";

fn migrator(timeout: Duration) -> Migrator {
    Migrator::new()
        .module(fixtures::module("statement_timeouts"))
        .statement_timeout(timeout)
}

/// The session's own statement timeout.
fn session_statement_timeout(db: &mut TestDb) -> String {
    let sql = match db.dialect() {
        Dialect::Postgres => "select current_setting('statement_timeout')",
        _ => "select cast(@@session.max_statement_time as char)",
    };
    db.rows(sql, &[])[0][0].clone().unwrap()
}

fn a_statement_over_the_timeout_fails_the_migration(mut db: TestDb, sleep: &str) {
    let before = session_statement_timeout(&mut db);
    let error = migrator(Duration::from_millis(300))
        .run(&mut db.conn)
        .unwrap_err();
    let message = error.to_string();
    let Error::StatementTimeout(timed_out) = &error else {
        panic!("expected the statement timeout error, got {message}");
    };
    assert_eq!(
        (timed_out.origin.id, timed_out.timeout_ms),
        (SLOW, 300),
        "{message}"
    );
    assert!(timed_out.sql.contains(sleep), "{message}");
    assert!(
        message.starts_with(&format!(
            "while applying {SLOW} (tests/tests/fixtures/statement_timeouts.rs:"
        )) && message.contains(
            "a statement ran longer than the statement timeout (300 ms), and the server \
             cancelled it (raise the statement timeout if it needs longer)"
        ),
        "{message}"
    );
    assert!(
        !tables(&mut db).contains(&"statement_timeout_marks".to_owned()),
        "nothing of the migration stays"
    );
    assert_eq!(session_statement_timeout(&mut db), before);
    let status = migrator(Duration::ZERO).status(&mut db.conn).unwrap();
    assert!(status.iter().all(|s| !s.is_applied()), "{status:?}");

    migrator(Duration::from_secs(10)).run(&mut db.conn).unwrap();
    assert!(tables(&mut db).contains(&"statement_timeout_marks".to_owned()));
    assert_eq!(session_statement_timeout(&mut db), before);
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_cancels_a_statement_over_the_timeout() {
    a_statement_over_the_timeout_fails_the_migration(
        crate::support::postgres(),
        "select pg_sleep(1)",
    );
}

#[cfg(feature = "mysql")]
#[test]
fn mariadb_cancels_a_statement_over_the_timeout() {
    a_statement_over_the_timeout_fails_the_migration(crate::support::mysql(), "select sleep(1)");
}

#[test]
fn sqlite_refuses_a_statement_timeout_before_anything_runs() {
    let mut db = crate::support::sqlite();
    let error = Migrator::new()
        .module(fixtures::module("blog"))
        .statement_timeout(Duration::from_secs(1))
        .run(&mut db.conn)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "SQLite does not support a statement timeout (`Migrator::statement_timeout`, \
         `--statement-timeout`)"
    );
    let left: Vec<String> = tables(&mut db)
        .into_iter()
        .filter(|t| t != "migrations")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

//! Lock timeouts with retries on the real servers: another session holds the table a
//! migration alters (PostgreSQL: `ACCESS EXCLUSIVE`; MySQL/MariaDB: the metadata lock of an
//! open transaction that read it). Every attempt times out, the migration is retried with a
//! longer timeout, and the last error names the blocker; or the blocker lets go part way and
//! a retry succeeds.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use migrate_core::{AnyConnection, Dialect, Error, Event, MigrationConnection, Migrator};

use crate::fixtures;
use crate::introspect::describe;
use crate::locks::recorded;
use crate::support::TestDb;

const CREATE: &str = "m2026_12_02_000001_create_lock_timeout_accounts";
const ADD: &str = "m2026_12_02_000002_add_nickname";
const TABLE: &str = "lock_timeout_accounts";
const BLOCKER: &str = "lock-timeout-blocker";

/// The (attempt, of attempts) of each retry a migrator announced.
type Retries = Arc<Mutex<Vec<(u32, u32)>>>;

/// A migrator of the fixture set with short timeouts, and the attempts its retries announce.
fn quick(db: &TestDb, set: &str, retries: u32) -> (Migrator, Retries) {
    let retried = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&retried);
    // MySQL's `lock_wait_timeout` counts whole seconds.
    let timeout = match db.dialect() {
        Dialect::Mysql => Duration::from_secs(1),
        _ => Duration::from_millis(200),
    };
    let migrator = Migrator::new()
        .module(fixtures::module(set))
        .ddl_lock_timeout(timeout)
        .ddl_lock_retries(retries)
        .ddl_retry_delay(Duration::from_millis(100))
        .on_event(move |event| {
            if let Event::Retrying {
                attempt, attempts, ..
            } = event
            {
                seen.lock().unwrap().push((*attempt, *attempts));
            }
        });
    (migrator, retried)
}

/// The table, created by fixture set `set`; then another connection that holds it, in a
/// transaction left open.
fn held_table(db: &mut TestDb, set: &str) -> AnyConnection {
    Migrator::new()
        .module(fixtures::module(set))
        .up_to(CREATE)
        .run(&mut db.conn)
        .unwrap();
    let mut other = db.connect();
    let table = db.quote(TABLE);
    let sql = match db.dialect() {
        Dialect::Postgres => format!(
            "set application_name = '{BLOCKER}'; begin; lock table {table} in access exclusive mode"
        ),
        _ => format!("start transaction; select * from {table}"),
    };
    other.batch_execute(&sql).unwrap();
    other
}

fn columns(db: &mut TestDb) -> Vec<String> {
    describe(db, TABLE)
        .columns
        .into_iter()
        .map(|c| c.name)
        .collect()
}

/// The session's own lock timeout, to see that nothing of the migration's outlived it.
fn session_lock_timeout(db: &mut TestDb) -> String {
    let sql = match db.dialect() {
        Dialect::Postgres => "select current_setting('lock_timeout')",
        _ => "select cast(@@session.lock_wait_timeout as char)",
    };
    db.rows(sql, &[])[0][0].clone().unwrap()
}

fn every_attempt_times_out_and_the_error_names_the_blocker(mut db: TestDb) {
    let mut blocker = held_table(&mut db, "lock_timeouts");
    let before = session_lock_timeout(&mut db);
    let (migrator, retried) = quick(&db, "lock_timeouts", 2);

    let error = migrator.run(&mut db.conn).unwrap_err();
    let message = error.to_string();
    let Error::LockedOut(locked_out) = &error else {
        panic!("expected the lock timeout error, got {message}");
    };
    assert_eq!(locked_out.origin.id, ADD, "{message}");
    assert_eq!(locked_out.attempts, 3, "{message}");
    assert_eq!(*retried.lock().unwrap(), [(2, 3), (3, 3)]);
    match db.dialect() {
        Dialect::Postgres => {
            // Half the first timeout longer at each retry: 200, 300, 400 ms.
            assert_eq!(locked_out.last_timeout_ms, 400, "{message}");
            let pid = blocker
                .load_text("select pg_backend_pid()::text", &[])
                .unwrap()[0]
                .0[0]
                .clone()
                .unwrap();
            assert_eq!(locked_out.holders.len(), 1, "{message}");
            assert!(
                message.contains(&format!(
                    "blocked by pid {pid}, application `{BLOCKER}`, idle in transaction, query started "
                )),
                "{message}"
            );
            assert!(
                message.contains(&format!("holding AccessExclusiveLock on {TABLE}")),
                "{message}"
            );
        }
        _ => {
            // 1, 1.5 and 2 s, in whole seconds.
            assert_eq!(locked_out.last_timeout_ms, 2000, "{message}");
            if locked_out.holders.is_empty() {
                // MariaDB without performance_schema nor the metadata_lock_info plugin.
                assert!(
                    message.contains(
                        "the blocking session is unknown (the server does not show metadata \
                         locks: turn on performance_schema, or install MariaDB's \
                         metadata_lock_info plugin)"
                    ),
                    "{message}"
                );
            } else {
                let id = blocker
                    .load_text("select cast(connection_id() as char)", &[])
                    .unwrap()[0]
                    .0[0]
                    .clone()
                    .unwrap();
                assert!(
                    message.contains(&format!("blocked by connection {id}, ")),
                    "{message}"
                );
            }
        }
    }
    assert!(message.contains("Lock"), "the server's message: {message}");

    blocker.batch_execute("rollback").unwrap();
    assert_eq!(
        recorded(&mut db),
        [CREATE],
        "nothing recorded, nothing dirty"
    );
    assert_eq!(columns(&mut db), ["id"], "the table is unchanged");
    assert_eq!(
        session_lock_timeout(&mut db),
        before,
        "the session's own timeout is back"
    );
}

fn a_retry_succeeds_once_the_blocker_lets_go(mut db: TestDb) {
    let mut blocker = held_table(&mut db, "lock_timeouts");
    let (migrator, retried) = quick(&db, "lock_timeouts", 5);
    let letting_go = thread::spawn(move || {
        thread::sleep(Duration::from_millis(1500));
        blocker.batch_execute("commit").unwrap();
    });

    let report = migrator.run(&mut db.conn).unwrap();
    letting_go.join().unwrap();
    let retries = retried.lock().unwrap().clone();
    assert!(!retries.is_empty(), "the first attempt timed out");
    assert!(retries.len() < 5, "a retry succeeded: {retries:?}");
    assert_eq!(report.migrations.len(), 1);
    assert_eq!(report.migrations[0].id, ADD);
    assert_eq!(recorded(&mut db), [CREATE, ADD]);
    assert_eq!(columns(&mut db), ["id", "nickname"]);
}

#[cfg(feature = "postgres")]
mod postgres {
    use crate::support::postgres;

    #[test]
    fn every_attempt_times_out_and_the_error_names_the_blocker() {
        super::every_attempt_times_out_and_the_error_names_the_blocker(postgres());
    }

    #[test]
    fn a_retry_succeeds_once_the_blocker_lets_go() {
        super::a_retry_succeeds_once_the_blocker_lets_go(postgres());
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    use migrate_core::{Error, MigrationConnection};

    use super::{held_table, quick, recorded, CREATE};
    use crate::introspect::tables;
    use crate::support::mysql;

    /// MySQL commits DDL statement by statement: a migration whose second statement timed out
    /// has changed the schema, so it is not retried but fails part way, marked dirty.
    #[test]
    fn a_timeout_after_the_first_statement_is_not_retried_but_marked_dirty() {
        let mut db = mysql();
        let mut blocker = held_table(&mut db, "lock_timeouts_part_way");
        let (migrator, retried) = quick(&db, "lock_timeouts_part_way", 3);

        let error = migrator.run(&mut db.conn).unwrap_err();
        let message = error.to_string();
        let Error::Partial(partial) = &error else {
            panic!("expected a partial failure, got {message}");
        };
        assert!(partial.sql.contains("add column `nickname`"), "{message}");
        assert!(message.contains("Lock wait timeout exceeded"), "{message}");
        assert!(retried.lock().unwrap().is_empty(), "never retried");
        blocker.batch_execute("rollback").unwrap();
        assert!(tables(&mut db).contains(&"lock_timeout_audits".to_owned()));
        let dirty = "m2026_12_02_000002_create_audits_then_add_nickname";
        assert_eq!(recorded(&mut db), [CREATE, dirty]);
        let state = db.rows("select state from migrations where id = ?", &[dirty]);
        assert_eq!(state, [[Some("dirty".to_owned())]]);
    }

    #[test]
    fn every_attempt_times_out_and_the_error_names_the_blocker() {
        super::every_attempt_times_out_and_the_error_names_the_blocker(mysql());
    }

    #[test]
    fn a_retry_succeeds_once_the_blocker_lets_go() {
        super::a_retry_succeeds_once_the_blocker_lets_go(mysql());
    }
}

//! A migration outside a transaction on PostgreSQL claims itself under the transaction-scoped
//! lock (see `migrate_core`'s `migrator/claim.rs`): a runner killed while it runs leaves its
//! marker, which later runners wait for up to their lock timeout, then report as dirty.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use migrate_core::{Migrator, Resolution};

use crate::support::TestDb;

const RUNNER: &str = env!("CARGO_BIN_EXE_migrate-test-runner");
const O02: &str = "m2026_05_02_000002_o02";

fn runner(db: &TestDb) -> Command {
    let mut command = Command::new(RUNNER);
    command
        .arg(&db.url)
        .args(db.setup.as_deref())
        .env("RUNNER_OPTED_OUT", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// (id, state) of every repository row, in order.
fn repository(db: &mut TestDb) -> Vec<(String, String)> {
    let sql = "select id, state from migrations order by id";
    let exists = db.rows(&db.dialect().grammar().has_table_sql(), &["migrations"]);
    if exists.is_empty() {
        return Vec::new();
    }
    db.rows(sql, &[])
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect()
}

/// Kills `child` once it has claimed the migration outside a transaction and run its first
/// statements (their server work done: `o02` exists), while it sleeps before the last.
fn kill_in_its_sleep(db: &mut TestDb, child: &mut std::process::Child) {
    let started = Instant::now();
    let sql = db.dialect().grammar().has_table_sql();
    while !repository(db).contains(&(O02.to_owned(), "dirty".to_owned()))
        || db.rows(&sql, &["o02"]).is_empty()
    {
        assert!(started.elapsed() < Duration::from_secs(60), "no claim");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_runner_killed_in_a_migration_outside_a_transaction_leaves_it_dirty_not_locked() {
    let mut db = crate::support::postgres();
    let mut child = runner(&db)
        .env("RUNNER_SLEEP_MS", "600000")
        .spawn()
        .unwrap();
    kill_in_its_sleep(&mut db, &mut child);

    // Another runner waits for the claim up to its lock timeout, then reports it dirty,
    // naming it: nothing stays locked.
    let output = runner(&db)
        .env("RUNNER_LOCK_TIMEOUT_MS", "300")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!("migration `{O02}` failed part way on ")),
        "{stderr}"
    );
    // The status says so too (the runner's migrations are not in this program: the
    // repository's rows are).
    let status = Migrator::new().module("none").status(&mut db.conn).unwrap();
    assert!(
        status.iter().any(|s| s.id == O02 && s.is_dirty()),
        "{status:?}"
    );

    // The operator undoes what ran and says so; the next run completes the set.
    db.execute("drop table if exists o02; drop index if exists o01_note_index");
    Migrator::new()
        .resolve(&mut db.conn, O02, Resolution::RolledBack)
        .unwrap();
    assert!(marker(&mut db, O02).is_none());
    let output = runner(&db).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let states: Vec<String> = repository(&mut db).into_iter().map(|(_, s)| s).collect();
    assert_eq!(states, ["applied", "applied", "applied"]);
    assert_eq!(db.rows("select note from o02", &[]).len(), 1);
}

#[test]
fn a_claim_a_runner_died_in_resolved_as_applied_is_applied_with_a_time() {
    let mut db = crate::support::postgres();
    let mut child = runner(&db)
        .env("RUNNER_SLEEP_MS", "600000")
        .spawn()
        .unwrap();
    kill_in_its_sleep(&mut db, &mut child);
    // The operator finishes it by hand and says so.
    db.execute(
        "create index if not exists o01_note_index on o01 (note); \
         create table if not exists o02 (id serial primary key, note varchar(20)); \
         insert into o02 (note) values ('done')",
    );
    Migrator::new()
        .resolve(&mut db.conn, O02, Resolution::Applied)
        .unwrap();
    assert_eq!(marker(&mut db, O02), Some(("applied".to_owned(), 0)));
    let output = runner(&db).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(repository(&mut db).len(), 3);
}

/// (state, execution_ms) of `id`'s row, if any.
fn marker(db: &mut TestDb, id: &str) -> Option<(String, i64)> {
    db.rows(
        "select state, cast(execution_ms as text) from migrations where id = $1",
        &[id],
    )
    .into_iter()
    .next()
    .map(|r| {
        (
            r[0].clone().unwrap(),
            r[1].clone().unwrap().parse().unwrap(),
        )
    })
}

#[test]
fn a_migration_outside_a_transaction_that_fails_ends_its_claim() {
    let mut db = crate::support::postgres();
    // Part way: dirty, and no longer running (a negative time would make runners wait).
    let partial = Migrator::new().module(crate::fixtures::module("safety::partial"));
    let error = partial.run(&mut db.conn).unwrap_err();
    assert!(matches!(error, migrate_core::Error::Partial(_)), "{error}");
    let (state, ms) = marker(&mut db, "m2026_06_02_000001_half_done").unwrap();
    assert_eq!(state, "dirty");
    assert!(ms >= 0, "the claim still looks running: {ms}");
    let again = partial.run(&mut db.conn).unwrap_err().to_string();
    assert!(again.contains("failed part way"), "{again}");

    // Before any statement: the claim is taken back, nothing recorded.
    let refused = Migrator::new()
        .module(crate::fixtures::module("claimed::before_any_statement"))
        .table("refused_migrations");
    let error = refused.run(&mut db.conn).unwrap_err().to_string();
    assert!(error.contains("not today"), "{error}");
    let rows = db.rows("select id from refused_migrations", &[]);
    assert!(rows.is_empty(), "{rows:?}");
}

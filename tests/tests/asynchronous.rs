//! `Migrator::run_async` and `rollback_async` in current-thread and multi-thread tokio
//! runtimes, on every backend, while another task of the runtime keeps running.
//!
//! The migration (`fixtures::awaited`) blocks its thread until the ticker task below has ticked
//! a few times: were the migration run on the runtime's own thread, as a blocking call inside
//! an async fn would, the current-thread runtime could not run the ticker and the migration
//! would fail after ten seconds.

use std::sync::atomic::Ordering;
use std::time::Duration;

use migrate_core::{Database, Migrator};
use tokio::sync::{Mutex, MutexGuard};

use crate::fixtures::{self, awaited};
use crate::introspect::tables;
use crate::support::TestDb;

const GAUGES: &str = "m2026_06_01_000001_create_gauges";

/// One async test at a time: they share the ticker's counter. (A tokio mutex: the guard is
/// held across awaits, and a failed test does not poison it.)
async fn one_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::const_new(());
    TURN.lock().await
}

fn migrator() -> Migrator {
    Migrator::new().module(fixtures::module("awaited"))
}

/// Counts up [`awaited::TICKS`] every millisecond until aborted; returns how often it ticked.
fn ticker() -> tokio::task::JoinHandle<()> {
    tokio::spawn(async {
        loop {
            tokio::time::sleep(Duration::from_millis(1)).await;
            awaited::TICKS.fetch_add(1, Ordering::SeqCst);
        }
    })
}

/// The database to give the async call: its URL where that names the test's database alone,
/// else (PostgreSQL, whose test schema is set per connection) a connection handed over.
fn database(db: &TestDb, by_url: bool) -> Database {
    if by_url && db.setup.is_none() {
        Database::from(db.url.as_str())
    } else {
        Database::from(db.connect())
    }
}

fn recorded(db: &mut TestDb) -> Vec<String> {
    let sql = format!("select {} from {}", db.quote("id"), db.quote("migrations"));
    db.rows(&sql, &[])
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect()
}

/// Applies and rolls back the fixture with the async calls, while the ticker runs.
async fn apply_and_roll_back(mut db: TestDb, by_url: bool) {
    let ticker = ticker();
    let before = awaited::TICKS.load(Ordering::SeqCst);

    let report = migrator().run_async(database(&db, by_url)).await.unwrap();
    assert_eq!(report.ids(), [GAUGES]);
    assert_eq!(tables(&mut db), ["gauges"]);
    assert_eq!(recorded(&mut db), [GAUGES]);
    let during_run = awaited::TICKS.load(Ordering::SeqCst) - before;
    assert!(during_run >= awaited::WAIT_FOR, "ticked {during_run} times");

    let report = migrator()
        .rollback_async(database(&db, by_url), None)
        .await
        .unwrap();
    assert_eq!(report.ids(), [GAUGES]);
    assert!(tables(&mut db).is_empty());
    assert!(recorded(&mut db).is_empty());

    ticker.abort();
}

/// One current-thread and one multi-thread test of `apply_and_roll_back` for a backend.
macro_rules! async_test {
    ($backend:ident $(, $feature:literal)?) => {
        mod $backend {
            use super::*;

            $(#[cfg(feature = $feature)])?
            #[tokio::test(flavor = "current_thread")]
            async fn current_thread_by_url() {
                let _turn = one_at_a_time().await;
                apply_and_roll_back(crate::support::$backend(), true).await;
            }

            $(#[cfg(feature = $feature)])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn multi_thread_handed_over() {
                let _turn = one_at_a_time().await;
                apply_and_roll_back(crate::support::$backend(), false).await;
            }
        }
    };
}

async_test!(sqlite);
async_test!(postgres, "postgres");
async_test!(mysql, "mysql");

#[tokio::test(flavor = "current_thread")]
async fn a_failure_is_returned_and_the_runtime_goes_on() {
    let error = migrate_core::run_pending_async("sqlite:///no/such/directory/app.sqlite")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("cannot connect to `sqlite:///no/such/directory/app.sqlite`"),
        "{error}"
    );
    // The runtime still runs tasks.
    assert_eq!(tokio::spawn(async { 7 }).await.unwrap(), 7);
}

#[tokio::test(flavor = "current_thread")]
async fn a_panicking_migration_panics_on_the_awaiting_task() {
    let db = crate::support::sqlite();
    let url = db.url.clone();
    let outcome = tokio::spawn(async move {
        Migrator::new()
            .module(fixtures::module("panicking"))
            .run_async(url)
            .await
    })
    .await;
    let payload = outcome.unwrap_err().into_panic();
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"a bug in the migration")
    );
    drop(db);
}

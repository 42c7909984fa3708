//! Many processes at once, and processes killed mid-run: each migration is applied exactly
//! once, nothing incomplete is recorded, and no lock outlives its holder.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::introspect::tables;
use crate::support::{backend_test, TestDb};

const RUNNER: &str = env!("CARGO_BIN_EXE_migrate-test-runner");
const MIGRATIONS: usize = 12;

fn runner(db: &TestDb) -> Command {
    let mut command = Command::new(RUNNER);
    command.arg(&db.url);
    if let Some(setup) = &db.setup {
        command.arg(setup);
    }
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

fn wait(child: Child) -> (bool, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The ids recorded as applied (a MySQL migration cut short is recorded as dirty instead).
fn recorded(db: &mut TestDb) -> Vec<String> {
    let sql = format!(
        "select {id} from {} where {} = 'applied' order by {id}",
        db.quote("migrations"),
        db.quote("state"),
        id = db.quote("id")
    );
    db.rows(&sql, &[])
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect()
}

/// The number of rows in `table`.
fn rows(db: &mut TestDb, table: &str) -> usize {
    db.rows(
        &format!("select {} from {}", db.quote("note"), db.quote(table)),
        &[],
    )
    .len()
}

fn expected_tables() -> Vec<String> {
    (1..=MIGRATIONS).map(|n| format!("t{n:02}")).collect()
}

backend_test!(
    processes_at_once_in_single_transactions_apply_each_migration_exactly_once,
    |db| {
        let dialect = db.dialect();
        if !dialect.supports_transactional_ddl() {
            return;
        }
        drop(db);
        for round in 0..10 {
            let mut db = crate::support::new_db(dialect);
            let children: Vec<Child> = (0..4)
                .map(|_| {
                    let mut command = runner(&db);
                    command.env("RUNNER_SINGLE_TRANSACTION", "1");
                    command.spawn().unwrap()
                })
                .collect();
            for (i, child) in children.into_iter().enumerate() {
                let (ok, stderr) = wait(child);
                assert!(ok, "round {round}, process {i} failed: {stderr}");
            }
            assert_eq!(recorded(&mut db).len(), MIGRATIONS, "round {round}");
            for table in expected_tables() {
                assert_eq!(rows(&mut db, &table), 1, "round {round}: {table}");
            }
        }
    }
);

backend_test!(
    eight_processes_at_once_apply_each_migration_exactly_once,
    |db| {
        let dialect = db.dialect();
        drop(db);
        for round in 0..20 {
            let mut db = crate::support::new_db(dialect);
            let children: Vec<Child> = (0..8).map(|_| runner(&db).spawn().unwrap()).collect();
            for (i, child) in children.into_iter().enumerate() {
                let (ok, stderr) = wait(child);
                assert!(ok, "round {round}, process {i} failed: {stderr}");
            }
            let ids = recorded(&mut db);
            assert_eq!(ids.len(), MIGRATIONS, "round {round}: {ids:?}");
            assert_eq!(tables(&mut db), expected_tables());
            for table in expected_tables() {
                assert_eq!(
                    rows(&mut db, &table),
                    1,
                    "round {round}: {table} ran more than once"
                );
            }
        }
    }
);

backend_test!(
    a_process_killed_mid_run_leaves_nothing_half_recorded_and_no_lock,
    |db| {
        let dialect = db.dialect();
        drop(db);
        for round in 0..20u64 {
            let mut db = crate::support::new_db(dialect);
            let mut child = runner(&db).env("RUNNER_SLEEP_MS", "15").spawn().unwrap();
            // A spread of moments across the run (12 migrations of at least 15 ms each).
            std::thread::sleep(Duration::from_millis((round * 37 + 11) % 230));
            let _ = child.kill();
            let _ = child.wait();

            let ids = recorded_if_any(&mut db);
            for id in &ids {
                let table = &id[id.len() - 3..];
                assert_eq!(
                    rows(&mut db, table),
                    1,
                    "round {round}: {id} is recorded but did not complete"
                );
            }
            if db.dialect().supports_transactional_ddl() {
                let present = tables(&mut db)
                    .into_iter()
                    .filter(|t| t.starts_with('t'))
                    .count();
                assert_eq!(
                    present,
                    ids.len(),
                    "round {round}: a table exists whose migration is not recorded"
                );
            }

            // No lock survives the killed process: a new run starts at once and completes the set.
            let rerun = |db: &TestDb| {
                wait(
                    runner(db)
                        .env("RUNNER_LOCK_TIMEOUT_MS", "5000")
                        .spawn()
                        .unwrap(),
                )
            };
            let (mut ok, mut stderr) = rerun(&db);
            if !ok && !db.dialect().supports_transactional_ddl() {
                // MySQL cannot roll back DDL: the migration in flight was recorded as dirty, and
                // the re-run refuses until the operator resolves it.
                let in_flight = stderr
                    .split('`')
                    .nth(1)
                    .unwrap_or_else(|| panic!("round {round}: unexpected failure: {stderr}"))
                    .to_owned();
                assert!(
                    stderr.contains("failed part way"),
                    "round {round}: {stderr}"
                );
                db.execute(&format!(
                    "drop table if exists {}",
                    db.quote(&in_flight[in_flight.len() - 3..])
                ));
                migrate_core::Migrator::new()
                    .resolve(
                        &mut db.conn,
                        &in_flight,
                        migrate_core::Resolution::RolledBack,
                    )
                    .unwrap();
                (ok, stderr) = rerun(&db);
            }
            assert!(ok, "round {round}: the re-run failed: {stderr}");
            assert_eq!(recorded(&mut db).len(), MIGRATIONS);
            for table in expected_tables() {
                assert_eq!(rows(&mut db, &table), 1, "round {round}: {table}");
            }
        }
    }
);

backend_test!(
    a_migration_announced_as_done_is_on_disk_when_the_process_is_killed,
    |db| {
        let dialect = db.dialect();
        drop(db);
        for round in 0..12u64 {
            let mut db = crate::support::new_db(dialect);
            let mut child = runner(&db)
                .env("RUNNER_SLEEP_MS", "15")
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis((round * 53 + 40) % 230));
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            let announced: Vec<String> = String::from_utf8_lossy(&output.stdout)
                .lines()
                .filter_map(|line| line.strip_prefix("finished "))
                .map(str::to_owned)
                .collect();
            let recorded = recorded_if_any(&mut db);
            for id in &announced {
                assert!(
                    recorded.contains(id),
                    "round {round}: {id} was announced as done but is not recorded \
                     (announced {announced:?}, recorded {recorded:?})"
                );
            }
        }
    }
);

/// The repository's ids, or none if the process died before creating it.
fn recorded_if_any(db: &mut TestDb) -> Vec<String> {
    let sql = db.dialect().grammar().has_table_sql();
    if db.rows(&sql, &["migrations"]).is_empty() {
        return Vec::new();
    }
    recorded(db)
}

/// Whether every table `t01` … `t12` agrees with the repository: recorded as applied, it
/// exists with its one row; not recorded, it does not exist (where DDL is transactional).
fn assert_consistent(db: &mut TestDb, round: usize) {
    let ids = recorded_if_any(db);
    let present: Vec<String> = tables(db)
        .into_iter()
        .filter(|t| t.starts_with('t') && t.len() == 3)
        .collect();
    let recorded_tables: Vec<String> = ids.iter().map(|id| id[id.len() - 3..].to_owned()).collect();
    assert_eq!(
        present, recorded_tables,
        "round {round}: tables and repository disagree"
    );
    for table in &recorded_tables {
        assert_eq!(rows(db, table), 1, "round {round}: {table}");
    }
}

backend_test!(
    runs_rollbacks_and_resets_at_once_never_fail_on_each_others_work,
    |db| {
        let dialect = db.dialect();
        drop(db);
        let commands = [
            "run", "rollback", "run", "reset", "run", "rollback", "run", "reset",
        ];
        for round in 0..10 {
            let mut db = crate::support::new_db(dialect);
            // Half the rounds start from an applied set, so rollbacks have work from the start.
            if round % 2 == 0 {
                let (ok, stderr) = wait(runner(&db).spawn().unwrap());
                assert!(ok, "round {round}: {stderr}");
            }
            let children: Vec<(&str, Child)> = commands
                .iter()
                .map(|&command| {
                    let mut runner = runner(&db);
                    runner.env("RUNNER_COMMAND", command);
                    // Migrations that do not look before creating fail on another runner's
                    // work unless the re-check under the lock covers them.
                    if round % 3 != 2 {
                        runner.env("RUNNER_UNCHECKED", "1");
                    }
                    (command, runner.spawn().unwrap())
                })
                .collect();
            for (i, (command, child)) in children.into_iter().enumerate() {
                let (ok, stderr) = wait(child);
                assert!(
                    ok,
                    "round {round}, process {i} ({command}) failed: {stderr}"
                );
            }
            if dialect.supports_transactional_ddl() {
                assert_consistent(&mut db, round);
            }
            let (ok, stderr) = wait(runner(&db).spawn().unwrap());
            assert!(ok, "round {round}: the final run failed: {stderr}");
            assert_eq!(recorded(&mut db).len(), MIGRATIONS, "round {round}");
            assert_consistent(&mut db, round);
        }
    }
);

/// The re-check under the lock must see what the lock's previous holder committed, whatever
/// isolation level the application's sessions default to (a snapshot taken before the lock
/// is granted would not).
#[cfg(feature = "postgres")]
#[test]
fn on_postgres_runners_whose_sessions_default_to_repeatable_read_apply_each_migration_once() {
    for round in 0..10 {
        let mut db = crate::support::postgres();
        let setup = format!(
            "{}; set default_transaction_isolation = 'repeatable read'",
            db.setup.as_deref().unwrap()
        );
        let children: Vec<Child> = (0..8)
            .map(|i| {
                let mut command = Command::new(RUNNER);
                command
                    .arg(&db.url)
                    .arg(&setup)
                    .env(
                        "RUNNER_COMMAND",
                        if i % 4 == 3 { "rollback" } else { "run" },
                    )
                    .env("RUNNER_UNCHECKED", "1")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped());
                command.spawn().unwrap()
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let (ok, stderr) = wait(child);
            assert!(ok, "round {round}, process {i} failed: {stderr}");
        }
        assert_consistent(&mut db, round as usize);
    }
}

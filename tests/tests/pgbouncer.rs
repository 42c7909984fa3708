//! PostgreSQL behind a real transaction-pooling proxy: PgBouncer in `pool_mode = transaction`,
//! started here on a free loopback port. Every server connection serves many clients, one
//! transaction at a time, so a session (its settings, its locks) does not outlive a
//! transaction: runners must still apply each migration exactly once.
//!
//! The `pgbouncer` binary is `MIGRATE_TEST_PGBOUNCER_BIN`, else `pgbouncer` on the `PATH` or
//! in `/usr/sbin` (Debian's package). With the `postgres` feature on, its absence fails the
//! tests: the proof is never skipped silently.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use migrate_core::AnyConnection;

use crate::introspect::tables;
use crate::support::TestDb;

const RUNNER: &str = env!("CARGO_BIN_EXE_migrate-test-runner");
const MIGRATIONS: usize = 12;

/// A PgBouncer of the test's own, stopped when dropped.
pub struct PgBouncer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

/// The `pgbouncer` binary.
fn binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("MIGRATE_TEST_PGBOUNCER_BIN") {
        return bin.into();
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join("pgbouncer"))
        .find(|bin| bin.is_file())
        .unwrap_or_else(|| {
            panic!(
                "pgbouncer is not installed: the postgres suite proves the lock behind a \
                 transaction pooler with it (apt-get install pgbouncer, or set \
                 MIGRATE_TEST_PGBOUNCER_BIN)"
            )
        })
}

/// `(major, minor)` of the binary's `--version`.
fn version(bin: &Path) -> (u32, u32) {
    let output = Command::new(bin).arg("--version").output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let number = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("unexpected `pgbouncer --version`: {text}"));
    let mut parts = number.split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// The server of `MIGRATE_TEST_POSTGRES_URL`, as a PgBouncer database entry:
/// `host=... port=... dbname=... user=...` (and `password=...`).
fn server_entry() -> String {
    let url = std::env::var("MIGRATE_TEST_POSTGRES_URL")
        .expect("MIGRATE_TEST_POSTGRES_URL is not set (see README)");
    let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let (credentials, rest) = rest.rsplit_once('@').unwrap_or(("postgres", rest));
    let (user, password) = credentials
        .split_once(':')
        .map_or((credentials, None), |(u, p)| (u, Some(p)));
    let (address, dbname) = rest.split_once('/').unwrap_or((rest, "postgres"));
    let dbname = dbname.split('?').next().unwrap_or(dbname);
    let (host, port) = address.rsplit_once(':').unwrap_or((address, "5432"));
    let mut entry = format!("host={host} port={port} dbname={dbname} user={user}");
    if let Some(password) = password {
        entry.push_str(&format!(" password={password}"));
    }
    entry
}

impl PgBouncer {
    /// Starts PgBouncer in transaction pooling mode with one database per schema of
    /// `schemas`, named after it, whose server connections start with that schema on their
    /// search path (a session setting would not survive the pooling).
    pub fn start(schemas: &[String]) -> PgBouncer {
        let bin = binary();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let server = server_entry();
        let mut ini = String::from("[databases]\n");
        for schema in schemas {
            ini.push_str(&format!(
                "{schema} = {server} connect_query='set search_path to {schema}'\n"
            ));
        }
        ini.push_str(&format!(
            "\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
             auth_type = any\npool_mode = transaction\nmax_client_conn = 200\n\
             default_pool_size = 3\nserver_idle_timeout = 5\nignore_startup_parameters = extra_float_digits,options\n\
             logfile = {}\n",
            dir.path().join("pgbouncer.log").display()
        ));
        // From 1.21, PgBouncer keeps named prepared statements (diesel caches some) working
        // across server connections itself.
        if version(&bin) >= (1, 21) {
            ini.push_str("max_prepared_statements = 100\n");
        }
        let config = dir.path().join("pgbouncer.ini");
        std::fs::write(&config, ini).unwrap();
        let child = Self::command(&bin, dir.path(), &config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut bouncer = PgBouncer { child, port, dir };
        bouncer.wait_until_ready(schemas.first().map_or("pgbouncer", String::as_str));
        bouncer
    }

    /// PgBouncer refuses to run as root: then it runs as `postgres`, which owns its files.
    fn command(bin: &Path, dir: &Path, config: &Path) -> Command {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        if !root {
            let mut command = Command::new(bin);
            command.arg(config);
            return command;
        }
        let chown = Command::new("chown")
            .args(["-R", "postgres"])
            .arg(dir)
            .status()
            .unwrap();
        assert!(chown.success(), "chown of {} failed", dir.display());
        // `setpriv` execs PgBouncer in place: the child is PgBouncer itself, so killing it
        // stops it.
        let mut command = Command::new("setpriv");
        command
            .args([
                "--reuid=postgres",
                "--regid=postgres",
                "--init-groups",
                "--",
            ])
            .arg(bin)
            .arg(config);
        command
    }

    fn wait_until_ready(&mut self, database: &str) {
        let started = Instant::now();
        loop {
            if AnyConnection::establish(&self.url(database)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("pgbouncer exited ({status}): {}", self.log());
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "pgbouncer did not accept connections: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The URL of `database` through PgBouncer.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pgbouncer.log")).unwrap_or_default()
    }
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The schema a test database lives in (its search path).
fn schema_of(db: &TestDb) -> String {
    db.setup
        .as_deref()
        .and_then(|setup| setup.rsplit(' ').next())
        .map(|schema| schema.trim_matches('"').to_owned())
        .expect("a PostgreSQL test database has a search path")
}

fn runner(url: &str) -> Command {
    let mut command = Command::new(RUNNER);
    command
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn wait(child: Child) -> (bool, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// (id, state) of every repository row, in order.
fn repository(db: &mut TestDb) -> Vec<(String, String)> {
    db.rows("select id, state from migrations order by id", &[])
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect()
}

#[test]
fn through_pgbouncer_in_transaction_mode_eight_runners_apply_each_migration_once() {
    let mut dbs: Vec<TestDb> = (0..10).map(|_| crate::support::postgres()).collect();
    let schemas: Vec<String> = dbs.iter().map(schema_of).collect();
    let bouncer = PgBouncer::start(&schemas);
    for (round, (db, schema)) in dbs.iter_mut().zip(&schemas).enumerate() {
        let url = bouncer.url(schema);
        let children: Vec<Child> = (0..8)
            .map(|i| {
                let mut command = runner(&url);
                // Half of them create without looking first: a runner repeating another's
                // work fails unless the lock and the re-check hold through the pooler.
                if i % 2 == 0 {
                    command.env("RUNNER_UNCHECKED", "1");
                }
                command.spawn().unwrap()
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let (ok, stderr) = wait(child);
            assert!(ok, "round {round}, process {i} failed: {stderr}");
        }
        // Read directly from the server, not through the pooler.
        let recorded = repository(db);
        assert_eq!(recorded.len(), MIGRATIONS, "round {round}: {recorded:?}");
        assert!(recorded.iter().all(|(_, state)| state == "applied"));
        let expected: Vec<String> = (1..=MIGRATIONS).map(|n| format!("t{n:02}")).collect();
        assert_eq!(tables(db), expected, "round {round}");
        for table in &expected {
            let rows = db.rows(&format!("select note from {table}"), &[]);
            assert_eq!(rows.len(), 1, "round {round}: {table} ran more than once");
        }
    }
}

/// A migration that opted out of transactions needs the lock while its statements run, one
/// transaction each: it claims itself under the transaction-scoped lock instead of holding
/// a session lock, which a transaction pooler would leave behind on one of its server
/// connections. Eight runners at once still apply each migration once, and the ones that
/// arrive while it runs wait for it.
#[test]
fn through_pgbouncer_in_transaction_mode_a_migration_outside_a_transaction_runs_once() {
    let mut dbs: Vec<TestDb> = (0..10).map(|_| crate::support::postgres()).collect();
    let schemas: Vec<String> = dbs.iter().map(schema_of).collect();
    let bouncer = PgBouncer::start(&schemas);
    for (round, (db, schema)) in dbs.iter_mut().zip(&schemas).enumerate() {
        let url = bouncer.url(schema);
        let children: Vec<Child> = (0..8)
            .map(|_| {
                runner(&url)
                    .env("RUNNER_OPTED_OUT", "1")
                    .env("RUNNER_SLEEP_MS", "50")
                    .env("RUNNER_LOCK_TIMEOUT_MS", "60000")
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let (ok, stderr) = wait(child);
            assert!(ok, "round {round}, process {i} failed: {stderr}");
        }
        let recorded = repository(db);
        let ids: Vec<&str> = recorded.iter().map(|(id, _)| &id[id.len() - 3..]).collect();
        assert_eq!(ids, ["o01", "o02", "o03"], "round {round}: {recorded:?}");
        assert!(
            recorded.iter().all(|(_, state)| state == "applied"),
            "round {round}: {recorded:?}"
        );
        for table in ["o01", "o02", "o03"] {
            let rows = db.rows(&format!("select note from {table}"), &[]);
            assert_eq!(rows.len(), 1, "round {round}: {table} ran more than once");
        }
        let index = db.rows(
            "select indexname::text from pg_indexes where schemaname = current_schema() \
             and indexname = 'o01_note_index'",
            &[],
        );
        assert_eq!(index.len(), 1, "round {round}: the concurrent index");
        // No lock is left behind on any server connection: a rollback of the whole set
        // through the pooler proceeds, and so does a run after it.
        for command in ["reset", "run"] {
            let (ok, stderr) = wait(
                runner(&url)
                    .env("RUNNER_OPTED_OUT", "1")
                    .env("RUNNER_COMMAND", command)
                    .env("RUNNER_LOCK_TIMEOUT_MS", "5000")
                    .spawn()
                    .unwrap(),
            );
            assert!(ok, "round {round}: {command} failed: {stderr}");
        }
        assert_eq!(repository(db).len(), 3, "round {round}");
    }
}

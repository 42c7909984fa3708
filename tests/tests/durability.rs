//! What a run's commits promise when it returns: on PostgreSQL, every commit of a run but
//! its last is asynchronous, and the run still returns only once the WAL is flushed past
//! all of them, even when it stops early. Shown on a server of the test's own, whose WAL
//! writer waits 10 s between flushes: the shared server's other tests flush its WAL all the
//! time.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use migrate_core::{AnyConnection, Migrator};

use crate::fixtures;
use crate::support::TestDb;

/// A PostgreSQL server of the test's own, on a free loopback port, from the binaries of
/// `MIGRATE_TEST_POSTGRES_BIN` or else `pg_config --bindir`. Stopped and removed on drop.
struct PrivateServer {
    bin: PathBuf,
    data: PathBuf,
    url: String,
    _dir: tempfile::TempDir,
}

impl PrivateServer {
    fn start() -> Self {
        let bin = std::env::var_os("MIGRATE_TEST_POSTGRES_BIN").map_or_else(
            || {
                let out = Command::new("pg_config").arg("--bindir").output();
                let out = out.expect("pg_config (or MIGRATE_TEST_POSTGRES_BIN) is needed");
                PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
            },
            PathBuf::from,
        );
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let server = PrivateServer {
            bin,
            data,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            _dir: dir,
        };
        let dir = server._dir.path();
        if running_as_root() {
            // PostgreSQL refuses to run as root.
            run(Command::new("chown").arg("postgres").arg(dir));
        }
        run(server
            .pg("initdb")
            .args(["-U", "postgres", "-A", "trust", "--no-sync", "-D"])
            .arg(&server.data));
        let options = format!(
            "-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} \
             -c wal_writer_delay=10000 -c wal_writer_flush_after=1GB \
             -c autovacuum=off -c bgwriter_lru_maxpages=0 -c checkpoint_timeout=1h",
            dir.display()
        );
        run(server
            .pg("pg_ctl")
            .args(["-w", "-o", &options, "-l"])
            .arg(dir.join("log"))
            .arg("-D")
            .arg(&server.data)
            .arg("start"));
        server
    }

    /// A command of the server's binaries, as the `postgres` user when the tests run as root.
    fn pg(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn connect(&self) -> AnyConnection {
        AnyConnection::establish(&self.url).unwrap()
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        let _ = self
            .pg("pg_ctl")
            .args(["-m", "immediate", "-D"])
            .arg(&self.data)
            .arg("stop")
            .output();
    }
}

fn running_as_root() -> bool {
    let id = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&id.stdout).trim() == "0"
}

fn run(command: &mut Command) {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether the WAL is flushed to disk past `lsn`.
fn flushed_past(db: &mut TestDb, lsn: &str) -> bool {
    let rows = db.rows(
        "select cast(pg_current_wal_flush_lsn() > cast($1 as pg_lsn) as text)",
        &[lsn],
    );
    rows[0][0].as_deref() == Some("true")
}

#[test]
fn a_run_returns_only_once_its_commits_are_flushed_even_when_it_stops_early() {
    let server = PrivateServer::start();
    let mut db = TestDb::on(server.connect(), &server.url);
    // A fresh WAL segment: completing one would flush it.
    db.execute("select pg_switch_wal()");
    let migrator = Migrator::new().module(fixtures::module("durable_commits"));
    let error = migrator.run(&mut db.conn).unwrap_err();
    assert!(
        error.to_string().contains("m2026_07_05_000003_fail"),
        "{error}"
    );
    let recorded = db.rows("select migration, lsn from wal_positions order by 1", &[]);
    assert_eq!(recorded.len(), 2);
    // The second migration's commit was asynchronous and the third failed: the run flushed
    // the WAL itself before returning.
    let second = recorded[1][1].clone().unwrap();
    assert!(flushed_past(&mut db, &second));
    assert_eq!(
        db.rows("select id from migrations order by id", &[]),
        [
            [Some("m2026_07_05_000001_first".to_owned())],
            [Some("m2026_07_05_000002_second".to_owned())]
        ]
    );
}

#[test]
fn a_migration_is_announced_as_done_only_once_its_commit_is_flushed() {
    let server = PrivateServer::start();
    let mut db = TestDb::on(server.connect(), &server.url);
    db.execute("select pg_switch_wal()");
    // Each announcement is checked from a second connection: is the WAL flushed past the
    // position the migration recorded in its own transaction?
    let observer = std::sync::Mutex::new(TestDb::on(server.connect(), &server.url));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let heard = std::sync::Arc::clone(&seen);
    let migrator = Migrator::new()
        .module(fixtures::module("durable_commits"))
        .on_event(move |event| {
            if let migrate_core::Event::Finished(ran) = event {
                let mut db = observer.lock().unwrap();
                let name = ran.id.rsplit('_').next().unwrap();
                let lsn = db.rows(
                    "select lsn from wal_positions where migration = $1",
                    &[name],
                );
                let lsn = lsn[0][0].clone().unwrap();
                let flushed = flushed_past(&mut db, &lsn);
                heard.lock().unwrap().push((ran.id.clone(), flushed));
            }
        });
    migrator.run(&mut db.conn).unwrap_err();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ("m2026_07_05_000001_first".to_owned(), true),
            ("m2026_07_05_000002_second".to_owned(), true)
        ]
    );
}

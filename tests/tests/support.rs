//! Test databases on every backend, and reading their schema back by introspection.
//!
//! SQLite always runs. PostgreSQL and MySQL run when the `postgres` / `mysql` features are
//! on, and then their URL must be set (`MIGRATE_TEST_POSTGRES_URL`, `MIGRATE_TEST_MYSQL_URL`):
//! a suite that was asked for never skips silently.

use std::sync::atomic::{AtomicUsize, Ordering};

use migrate_core::{AnyConnection, Dialect, MigrationConnection};

/// A fresh, empty database of one backend, removed when dropped.
pub struct TestDb {
    pub conn: AnyConnection,
    pub url: String,
    /// SQL every new connection runs first (PostgreSQL: the test's search path).
    pub setup: Option<String>,
    cleanup: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A database of the test's own making, reached through `conn`, left as it is on drop.
    pub fn on(conn: AnyConnection, url: &str) -> TestDb {
        TestDb {
            conn,
            url: url.to_owned(),
            setup: None,
            cleanup: None,
            _dir: None,
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.conn.dialect()
    }

    /// Runs a query and returns its rows as text.
    pub fn rows(&mut self, sql: &str, binds: &[&str]) -> Vec<Vec<Option<String>>> {
        self.conn
            .load_text(sql, binds)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .into_iter()
            .map(|r| r.0)
            .collect()
    }

    /// Executes SQL written for this test.
    pub fn execute(&mut self, sql: &str) {
        self.conn
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// `expr` cast to text, for [`TestDb::rows`] (which reads every column as text).
    pub fn text(&self, expr: &str) -> String {
        match self.dialect() {
            Dialect::Mysql => format!("cast({expr} as char)"),
            _ => format!("cast({expr} as text)"),
        }
    }

    /// Another connection to the same test database.
    pub fn connect(&self) -> AnyConnection {
        let mut conn = AnyConnection::establish(&self.url).unwrap();
        if let Some(setup) = &self.setup {
            conn.batch_execute(setup).unwrap();
        }
        conn
    }

    /// Wraps an identifier in this dialect's quotes.
    pub fn quote(&self, name: &str) -> String {
        self.dialect().grammar().wrap(name).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, sql)) = self.cleanup.take() {
            if let Ok(mut admin) = AnyConnection::establish(&admin_url) {
                let _ = admin.batch_execute(&sql);
            }
        }
    }
}

#[cfg_attr(not(any(feature = "postgres", feature = "mysql")), allow(dead_code))]
fn unique_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "migrate_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// A new SQLite database file in a temporary directory.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.sqlite");
    let url = format!("sqlite://{}", path.display());
    TestDb {
        conn: AnyConnection::establish(&url).unwrap(),
        url,
        setup: None,
        cleanup: None,
        _dir: Some(dir),
    }
}

/// A new, empty database of `dialect`'s backend.
pub fn new_db(dialect: Dialect) -> TestDb {
    match dialect {
        Dialect::Sqlite => sqlite(),
        #[cfg(feature = "postgres")]
        Dialect::Postgres => postgres(),
        #[cfg(feature = "mysql")]
        Dialect::Mysql => mysql(),
        #[allow(unreachable_patterns)]
        other => panic!("the {other} suite is not enabled"),
    }
}

#[cfg_attr(not(any(feature = "postgres", feature = "mysql")), allow(dead_code))]
fn env_url(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: the suite for this backend was enabled by a cargo feature, so it needs a database (see README)")
    })
}

/// A new PostgreSQL schema, first on the search path of a new connection.
#[cfg(feature = "postgres")]
pub fn postgres() -> TestDb {
    let admin_url = env_url("MIGRATE_TEST_POSTGRES_URL");
    let schema = unique_name();
    let mut conn = AnyConnection::establish(&admin_url).unwrap();
    let setup = format!("set search_path to \"{schema}\"");
    conn.batch_execute(&format!("create schema \"{schema}\"; {setup}"))
        .unwrap();
    TestDb {
        conn,
        url: admin_url.clone(),
        setup: Some(setup),
        cleanup: Some((admin_url, format!("drop schema \"{schema}\" cascade"))),
        _dir: None,
    }
}

/// A new MySQL database, and a connection to it.
#[cfg(feature = "mysql")]
pub fn mysql() -> TestDb {
    let admin_url = env_url("MIGRATE_TEST_MYSQL_URL");
    let database = unique_name();
    let mut admin = AnyConnection::establish(&admin_url).unwrap();
    admin
        .batch_execute(&format!("create database `{database}`"))
        .unwrap();
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(&admin_url);
    let url = format!("{base}/{database}");
    TestDb {
        conn: AnyConnection::establish(&url).unwrap(),
        url,
        setup: None,
        cleanup: Some((admin_url, format!("drop database `{database}`"))),
        _dir: None,
    }
}

/// Defines one test per enabled backend from a single body: `backend_test!(name, |db| ...)`.
macro_rules! backend_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[allow(unused_mut)]
            fn body(mut $db: $crate::support::TestDb) $body

            #[test]
            fn sqlite() {
                body($crate::support::sqlite());
            }

            #[cfg(feature = "postgres")]
            #[test]
            fn postgres() {
                body($crate::support::postgres());
            }

            #[cfg(feature = "mysql")]
            #[test]
            fn mysql() {
                body($crate::support::mysql());
            }
        }
    };
}
pub(crate) use backend_test;

/// The ids `migrator` finds applied on `db`, in order.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn applied(migrator: &migrate_core::Migrator, db: &mut TestDb) -> Vec<String> {
    migrator
        .status(&mut db.conn)
        .unwrap()
        .into_iter()
        .filter(|s| s.is_applied())
        .map(|s| s.id)
        .collect()
}

//! A fresh database per run: a SQLite file in its own temporary directory, or a PostgreSQL
//! schema of its own (every connection sets `search_path` to it).

use std::path::PathBuf;

use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};

use crate::workload::Backend;

/// The PostgreSQL server, unless `MIGRATE_BENCH_POSTGRES_URL` names another.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn postgres_url() -> String {
    std::env::var("MIGRATE_BENCH_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into())
}

/// One fresh, empty database.
pub enum Target {
    Sqlite {
        /// `None` for a database another process owns (see [`Target::existing`]).
        _dir: Option<tempfile::TempDir>,
        path: PathBuf,
    },
    Postgres {
        url: String,
        schema: String,
        /// Whether dropping the target drops its schema.
        owned: bool,
    },
}

/// A diesel connection to a [`Target`].
pub enum DieselConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

impl Target {
    pub fn fresh(backend: Backend, serial: usize) -> Target {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let path = dir.path().join("bench.sqlite");
                Target::Sqlite {
                    _dir: Some(dir),
                    path,
                }
            }
            Backend::Postgres => {
                let url = postgres_url();
                let schema = format!("migrate_bench_{}_{serial}", std::process::id());
                let mut admin = PgConnection::establish(&url).expect("PostgreSQL is reachable");
                diesel::sql_query(format!("drop schema if exists {schema} cascade"))
                    .execute(&mut admin)
                    .expect("drop schema");
                diesel::sql_query(format!("create schema {schema}"))
                    .execute(&mut admin)
                    .expect("create schema");
                Target::Postgres {
                    url,
                    schema,
                    owned: true,
                }
            }
        }
    }

    /// A database another process created and keeps: the SQLite file at `location`, or the
    /// PostgreSQL `schema` on the server at `location`. Dropping it leaves it in place.
    pub fn existing(backend: Backend, location: &str, schema: &str) -> Target {
        match backend {
            Backend::Sqlite => Target::Sqlite {
                _dir: None,
                path: PathBuf::from(location),
            },
            Backend::Postgres => Target::Postgres {
                url: location.to_owned(),
                schema: schema.to_owned(),
                owned: false,
            },
        }
    }

    /// Where the database is: the SQLite file's path, or the PostgreSQL URL and schema.
    pub fn location(&self) -> (String, String) {
        match self {
            Target::Sqlite { path, .. } => (path.to_string_lossy().into_owned(), String::new()),
            Target::Postgres { url, schema, .. } => (url.clone(), schema.clone()),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Target::Sqlite { .. } => Backend::Sqlite,
            Target::Postgres { .. } => Backend::Postgres,
        }
    }

    /// `set search_path` for a PostgreSQL connection; `None` for SQLite.
    pub fn search_path_sql(&self) -> Option<String> {
        match self {
            Target::Sqlite { .. } => None,
            Target::Postgres { schema, .. } => Some(format!("set search_path to {schema}")),
        }
    }

    pub fn sqlite_path(&self) -> &std::path::Path {
        match self {
            Target::Sqlite { path, .. } => path,
            Target::Postgres { .. } => unreachable!("not a SQLite target"),
        }
    }

    pub fn postgres_url(&self) -> &str {
        match self {
            Target::Postgres { url, .. } => url,
            Target::Sqlite { .. } => unreachable!("not a PostgreSQL target"),
        }
    }

    pub fn diesel(&self) -> DieselConn {
        match self {
            Target::Sqlite { path, .. } => DieselConn::Sqlite(
                SqliteConnection::establish(&path.to_string_lossy()).expect("open SQLite"),
            ),
            Target::Postgres { url, .. } => {
                let mut conn = PgConnection::establish(url).expect("connect to PostgreSQL");
                diesel::sql_query(self.search_path_sql().unwrap_or_default())
                    .execute(&mut conn)
                    .expect("set search_path");
                DieselConn::Pg(conn)
            }
        }
    }

    /// How many of the workload's tables exist: checks that each contender did its work.
    pub fn workload_tables(&self) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            count: i64,
        }
        let sql = match self.backend() {
            Backend::Sqlite => {
                r"select count(*) as count from sqlite_master where type = 'table' and name like 't\_%' escape '\'"
            }
            Backend::Postgres => {
                r"select count(*) as count from information_schema.tables where table_schema = current_schema() and table_name like 't\_%' escape '\'"
            }
        };
        let count: Count = match self.diesel() {
            DieselConn::Sqlite(mut c) => diesel::sql_query(sql).get_result(&mut c),
            DieselConn::Pg(mut c) => diesel::sql_query(sql).get_result(&mut c),
        }
        .expect("count the workload's tables");
        count.count
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Target::Postgres {
            url,
            schema,
            owned: true,
        } = self
        {
            if let Ok(mut admin) = PgConnection::establish(url) {
                let _ = diesel::sql_query(format!("drop schema if exists {schema} cascade"))
                    .execute(&mut admin);
            }
        }
    }
}

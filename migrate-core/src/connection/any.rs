//! A connection chosen at run time from a database URL.

use std::any::Any;

use diesel::result::QueryResult;
use diesel::Connection;

use super::url::{mask_password, parse_url, redact_error};
use super::{sealed, Bind, Entry, MigrationConnection, Record, TextRow};
use crate::schema::Dialect;
use crate::{Error, Result};

#[cfg(not(any(feature = "sqlite", feature = "postgres", feature = "mysql")))]
compile_error!("migrate-core needs at least one backend feature: `sqlite`, `postgres` or `mysql`");

/// A connection to whichever database a URL names: `sqlite://path` (or a path ending in
/// `.db`, `.sqlite` or `.sqlite3` or holding a path separator, `file:...`, `:memory:`),
/// `postgres://...` (or a libpq `key=value` string) or `mysql://...`. Anything else is an
/// error, and no message shows a password.
///
/// ```
/// # fn main() -> migrate_core::Result<()> {
/// use migrate_core::AnyConnection;
///
/// let mut conn = AnyConnection::establish("sqlite://:memory:")?;
/// migrate_core::run_pending(&mut conn)?;
/// # Ok(())
/// # }
/// ```
#[non_exhaustive]
pub enum AnyConnection {
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(diesel::SqliteConnection),
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(diesel::PgConnection),
    /// MySQL or MariaDB.
    #[cfg(feature = "mysql")]
    Mysql(diesel::MysqlConnection),
}

impl std::fmt::Debug for AnyConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AnyConnection({})", self.dialect())
    }
}

impl AnyConnection {
    /// Connects to the database named by `url`; its scheme picks the backend.
    ///
    /// A backend whose cargo feature is off is an error that names the feature to enable.
    pub fn establish(url: &str) -> Result<Self> {
        let (dialect, target) = parse_url(url)?;
        let connection_error = |source| Error::Connection {
            url: mask_password(url),
            source: redact_error(url, source),
        };
        match dialect {
            #[cfg(feature = "sqlite")]
            Dialect::Sqlite => diesel::SqliteConnection::establish(target)
                .map(AnyConnection::Sqlite)
                .map_err(connection_error),
            #[cfg(feature = "postgres")]
            Dialect::Postgres => diesel::PgConnection::establish(target)
                .map(AnyConnection::Postgres)
                .map_err(connection_error),
            #[cfg(feature = "mysql")]
            Dialect::Mysql => {
                let url = format!("mysql://{target}");
                diesel::MysqlConnection::establish(&url)
                    .map(AnyConnection::Mysql)
                    .map_err(connection_error)
            }
            #[allow(unreachable_patterns)]
            other => Err(Error::Url {
                url: mask_password(url),
                reason: format!(
                    "this program was built without {other} support; enable the `{}` feature of migrate-core",
                    match other {
                        Dialect::Sqlite => "sqlite",
                        Dialect::Postgres => "postgres",
                        Dialect::Mysql => "mysql",
                    }
                ),
            }),
        }
    }
}

/// Forwards a call to the connection inside.
macro_rules! dispatch {
    ($self:ident, $conn:ident => $call:expr) => {
        match $self {
            #[cfg(feature = "sqlite")]
            AnyConnection::Sqlite($conn) => $call,
            #[cfg(feature = "postgres")]
            AnyConnection::Postgres($conn) => $call,
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql($conn) => $call,
        }
    };
}

impl sealed::Sealed for AnyConnection {}

impl MigrationConnection for AnyConnection {
    fn dialect(&self) -> Dialect {
        dispatch!(self, c => c.dialect())
    }
    fn batch_execute(&mut self, sql: &str) -> QueryResult<()> {
        dispatch!(self, c => c.batch_execute(sql))
    }
    fn execute_with(&mut self, sql: &str, binds: &[Bind<'_>]) -> QueryResult<usize> {
        dispatch!(self, c => c.execute_with(sql, binds))
    }
    fn load_text(&mut self, sql: &str, binds: &[&str]) -> QueryResult<Vec<TextRow>> {
        dispatch!(self, c => c.load_text(sql, binds))
    }
    fn load_records(&mut self, sql: &str) -> QueryResult<Vec<Record>> {
        dispatch!(self, c => c.load_records(sql))
    }
    fn load_entries(&mut self, sql: &str) -> QueryResult<Vec<Entry>> {
        dispatch!(self, c => c.load_entries(sql))
    }
    fn visit_pairs(
        &mut self,
        sql: &str,
        visit: &mut dyn FnMut(&str, Option<&str>),
    ) -> QueryResult<()> {
        dispatch!(self, c => c.visit_pairs(sql, visit))
    }
    fn execute_prepared(&mut self, pieces: &[String], binds: &[Bind<'_>]) -> QueryResult<usize> {
        dispatch!(self, c => c.execute_prepared(pieces, binds))
    }
    fn begin_with(&mut self, sql: &str) -> QueryResult<()> {
        dispatch!(self, c => c.begin_with(sql))
    }
    fn in_transaction(&mut self) -> bool {
        dispatch!(self, c => c.in_transaction())
    }
    fn commit(&mut self) -> QueryResult<()> {
        dispatch!(self, c => c.commit())
    }
    fn rollback(&mut self) -> QueryResult<()> {
        dispatch!(self, c => c.rollback())
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        dispatch!(self, c => c.as_any_mut())
    }
}

//! A connection chosen at run time from a database URL.

use std::any::Any;

use diesel::result::QueryResult;
use diesel::Connection;

use super::{sealed, Bind, Entry, MigrationConnection, Record, TextRow};
use crate::schema::Dialect;
use crate::{Error, Result};

#[cfg(not(any(feature = "sqlite", feature = "postgres", feature = "mysql")))]
compile_error!("migrate-core needs at least one backend feature: `sqlite`, `postgres` or `mysql`");

/// A connection to whichever database a URL names: `sqlite://path` (or a plain path),
/// `postgres://...` or `mysql://...`.
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

/// The backend a URL names, and the string to hand to diesel.
fn parse_url(url: &str) -> Result<(Dialect, &str)> {
    let bad = |reason: &str| Error::Url {
        url: mask_password(url),
        reason: reason.to_owned(),
    };
    if url.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    match url.split_once("://") {
        Some(("sqlite", "")) => Err(bad("it names no SQLite file")),
        Some(("sqlite", path)) => Ok((Dialect::Sqlite, path)),
        Some(("postgres" | "postgresql", _)) => Ok((Dialect::Postgres, url)),
        Some(("mysql" | "mariadb", rest)) => Ok((Dialect::Mysql, rest)),
        Some((scheme, _)) => Err(bad(&format!(
            "unknown scheme `{scheme}` (expected sqlite://, postgres:// or mysql://)"
        ))),
        None if url.starts_with("sqlite:") => Ok((Dialect::Sqlite, &url["sqlite:".len()..])),
        None => Ok((Dialect::Sqlite, url)),
    }
}

/// `scheme://user:secret@host` → `scheme://user:***@host`, for messages.
pub(crate) fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
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
            source,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_pick_the_backend() {
        assert_eq!(
            parse_url("sqlite://app.db").unwrap(),
            (Dialect::Sqlite, "app.db")
        );
        assert_eq!(
            parse_url("sqlite:app.db").unwrap(),
            (Dialect::Sqlite, "app.db")
        );
        assert_eq!(
            parse_url("data/app.db").unwrap(),
            (Dialect::Sqlite, "data/app.db")
        );
        assert_eq!(parse_url("postgres://u@h/db").unwrap().0, Dialect::Postgres);
        assert_eq!(
            parse_url("postgresql://u@h/db").unwrap().0,
            Dialect::Postgres
        );
        assert_eq!(parse_url("mysql://u@h/db").unwrap().0, Dialect::Mysql);
    }

    #[test]
    fn bad_urls_say_why_and_hide_passwords() {
        let err = parse_url("oracle://scott:tiger@h/db")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid database URL `oracle://scott:***@h/db`: unknown scheme `oracle` \
             (expected sqlite://, postgres:// or mysql://)"
        );
        assert_eq!(
            parse_url("").unwrap_err().to_string(),
            "invalid database URL ``: it is empty"
        );
    }
}

//! `database create | drop | reset`: the database itself, as `sqlx database` and
//! `diesel setup` do. On SQLite it is the file; on PostgreSQL and MySQL the database the URL
//! names, created and dropped through a connection to the same server without it (the
//! `postgres` maintenance database; no database on MySQL).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use super::database;
use super::output::{capitalized, Color, Painter};
use super::{fresh, CliError};
use crate::{AnyConnection, Dialect, MigrationConnection};

/// Where a database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A SQLite file.
    File(PathBuf),
    /// A database on a server: its name, and the URL of a connection that does not use it.
    Server {
        dialect: Dialect,
        name: String,
        admin_url: String,
    },
}

impl Location {
    /// The database `url` names (already resolved: a SQLite path is absolute).
    pub(crate) fn of(url: &str) -> Result<Location, CliError> {
        if let Some(path) = database::sqlite_file(url) {
            return Ok(Location::File(path));
        }
        let bad = |reason: &str| {
            CliError::from(crate::Error::Url {
                url: database::masked(url),
                reason: reason.to_owned(),
            })
        };
        let dialect = database::named_dialect(Some(url))?.unwrap_or(Dialect::Sqlite);
        let catalog = dialect.grammar().database_catalog();
        let (maintenance, (scheme, rest)) = match (catalog, url.split_once("://")) {
            (Some((maintenance, _)), Some(parts)) => (maintenance, parts),
            _ => {
                return Err(bad(
                    "an in-memory SQLite database has no file to create or drop",
                ))
            }
        };
        let (address, query) = match rest.split_once('?') {
            Some((address, query)) => (address, format!("?{query}")),
            None => (rest, String::new()),
        };
        let Some((authority, name)) = address.split_once('/').filter(|(_, n)| !n.is_empty()) else {
            return Err(bad("it names no database"));
        };
        Ok(Location::Server {
            dialect,
            name: name.to_owned(),
            admin_url: format!("{scheme}://{authority}/{maintenance}{query}"),
        })
    }

    /// How messages name it.
    fn describe(&self) -> String {
        match self {
            Location::File(path) => format!("the SQLite database {}", path.display()),
            Location::Server { name, .. } => format!("the database `{name}`"),
        }
    }
}

/// A connection to the server, and whether the database exists there.
fn server(
    dialect: Dialect,
    name: &str,
    admin_url: &str,
    wait: Option<Duration>,
) -> Result<(AnyConnection, bool), CliError> {
    let mut conn = database::connect(admin_url, wait)?;
    let Some((_, sql)) = dialect.grammar().database_catalog() else {
        return Err(
            crate::Error::Schema(format!("{dialect} keeps no databases on a server")).into(),
        );
    };
    let rows = conn
        .load_text(&sql, &[name])
        .map_err(|source| crate::Error::Database { sql, source })?;
    Ok((conn, !rows.is_empty()))
}

/// Runs one statement about the database `name` (`create database`, `drop database`).
fn execute(
    conn: &mut AnyConnection,
    dialect: Dialect,
    verb: &str,
    name: &str,
) -> Result<(), CliError> {
    let sql = format!("{verb} database {}", dialect.grammar().wrap(name)?);
    conn.batch_execute(&sql)
        .map_err(|source| crate::Error::Database { sql, source })?;
    Ok(())
}

/// Creates the database unless it exists.
pub(crate) fn create<W: Write>(
    out: &mut Painter<W>,
    location: &Location,
    wait: Option<Duration>,
) -> Result<(), CliError> {
    let created = match location {
        Location::File(path) => {
            let existed = path.exists();
            if !existed {
                // Opening a SQLite file creates it.
                AnyConnection::establish(&format!("sqlite://{}", path.display()))?;
            }
            !existed
        }
        Location::Server {
            dialect,
            name,
            admin_url,
        } => {
            let (mut conn, exists) = server(*dialect, name, admin_url, wait)?;
            if !exists {
                execute(&mut conn, *dialect, "create", name)?;
            }
            !exists
        }
    };
    let what = location.describe();
    if created {
        out.line(&format!("{} {what}.", out.paint(Color::Green, "Created")))?;
    } else {
        out.line(&format!("{} already exists.", capitalized(&what)))?;
    }
    Ok(())
}

/// Asks whether to drop the database, unless `force`.
pub(crate) fn confirm_drop(force: bool, location: &Location) -> Result<(), CliError> {
    let what = location.describe();
    fresh::confirm(
        force,
        &format!("drop {what}"),
        &format!("Drop {what}, with all its data?"),
    )
}

/// Drops the database if it exists (a SQLite file with its journal files).
pub(crate) fn drop<W: Write>(
    out: &mut Painter<W>,
    location: &Location,
    wait: Option<Duration>,
) -> Result<(), CliError> {
    let dropped = match location {
        Location::File(path) => {
            let existed = path.exists();
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut file = path.clone().into_os_string();
                file.push(suffix);
                match std::fs::remove_file(&file) {
                    Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                        return Err(error.into())
                    }
                    _ => {}
                }
            }
            existed
        }
        Location::Server {
            dialect,
            name,
            admin_url,
        } => {
            let (mut conn, exists) = server(*dialect, name, admin_url, wait)?;
            if exists {
                execute(&mut conn, *dialect, "drop", name)?;
            }
            exists
        }
    };
    let what = location.describe();
    if dropped {
        out.line(&format!("{} {what}.", out.paint(Color::Green, "Dropped")))?;
    } else {
        out.line(&format!("{} does not exist.", capitalized(&what)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_are_reached_without_the_database() {
        assert_eq!(
            Location::of("postgres://u:pw@h:5432/shop?sslmode=disable").unwrap(),
            Location::Server {
                dialect: Dialect::Postgres,
                name: "shop".into(),
                admin_url: "postgres://u:pw@h:5432/postgres?sslmode=disable".into(),
            }
        );
        assert_eq!(
            Location::of("mysql://root@h:3306/shop").unwrap(),
            Location::Server {
                dialect: Dialect::Mysql,
                name: "shop".into(),
                admin_url: "mysql://root@h:3306/".into(),
            }
        );
        assert_eq!(
            Location::of("sqlite:///srv/app.sqlite").unwrap(),
            Location::File("/srv/app.sqlite".into())
        );
        assert!(Location::of("postgres://u@h/").is_err());
        assert!(Location::of("sqlite://:memory:").is_err());
    }
}

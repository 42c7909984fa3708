//! Which database the runner works on: `--database`, else `DATABASE_URL`, else a `.env` file;
//! and where a relative SQLite path points.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::CliError;
use crate::{AnyConnection, Dialect};

/// The variable that names the database, in the environment or in `.env`.
const DATABASE_URL: &str = "DATABASE_URL";

/// Whether a command may create the SQLite file its URL names when it does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// Create it (`run`, `fresh`, `install`: commands whose job is to build the schema).
    Create,
    /// Refuse, naming the path: a wrong path must not look like an empty database.
    Refuse,
    /// Work on an empty in-memory database instead, creating nothing (`run --pretend`: it
    /// shows what a run would do to the file it would create).
    Empty,
}

/// The database URL: `explicit` (from `--database`), else the environment, else `.env`.
///
/// The package root is `CARGO_MANIFEST_DIR` (which `cargo migrate` and `cargo run` set),
/// else the current directory. The `.env` file is looked up there and in its parents, and
/// only read, never loaded into the environment. A relative SQLite path is made absolute:
/// relative to the `.env` file's folder when it came from there, else to the package root,
/// so that every command finds the same file from any subdirectory.
pub(crate) fn resolve_url(explicit: Option<&str>, missing: Missing) -> Result<String, CliError> {
    let root = package_root()?;
    let (url, base) = match explicit {
        Some(url) => (url.to_owned(), root),
        None => match std::env::var(DATABASE_URL)
            .ok()
            .filter(|url| !url.is_empty())
        {
            Some(url) => (url, root),
            None => from_dotenv(&root)?,
        },
    };
    let url = absolute_sqlite(&url, &base);
    match (missing, sqlite_file(&url).filter(|path| !path.exists())) {
        (Missing::Refuse, Some(path)) => Err(CliError::NoSqliteFile(path)),
        (Missing::Empty, Some(_)) => Ok("sqlite://:memory:".to_owned()),
        _ => Ok(url),
    }
}

/// The dialect of the database that `explicit`, `DATABASE_URL` or `.env` names, read from the
/// URL's scheme without connecting; `None` when none names one.
pub(crate) fn named_dialect(explicit: Option<&str>) -> Result<Option<Dialect>, CliError> {
    let url = match resolve_url(explicit, Missing::Create) {
        Ok(url) => url,
        Err(CliError::NoDatabase) => return Ok(None),
        Err(error) => return Err(error),
    };
    let (dialect, _) = crate::connection::parse_url(&url)?;
    Ok(Some(dialect))
}

/// A `.env` error without the text of the line it quotes, which may hold a password (a
/// `DATABASE_URL` with an unmatched quote): only the line's key is kept.
fn without_values(error: dotenvy::Error) -> dotenvy::Error {
    match error {
        dotenvy::Error::LineParse(line, index) => {
            let shown = match line.split_once('=') {
                Some((key, _)) => format!("{}=<value not shown>", key.trim()),
                None => "<line not shown>".to_owned(),
            };
            dotenvy::Error::LineParse(shown, index)
        }
        other => other,
    }
}

/// `scheme://user:secret@host/db` → `scheme://user:***@host/db`, for prompts.
pub(crate) fn masked(url: &str) -> String {
    crate::connection::mask_password(url)
}

/// `name` from the environment, else from the nearest `.env` at or above the package root
/// (read, never loaded); `None` when neither sets it.
pub(crate) fn setting(name: &str) -> Result<Option<String>, CliError> {
    if let Some(value) = std::env::var(name).ok().filter(|v| !v.is_empty()) {
        return Ok(Some(value));
    }
    let root = package_root()?;
    let Some(file) = root
        .ancestors()
        .map(|dir| dir.join(".env"))
        .find(|file| file.is_file())
    else {
        return Ok(None);
    };
    for entry in dotenvy::from_path_iter(&file)? {
        let (key, value) = entry?;
        if key == name && !value.is_empty() {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// Connects to `url`; a refused connection is tried again every quarter second until `wait`
/// has passed (`--wait`: a database that is still starting).
pub(crate) fn connect(url: &str, wait: Option<Duration>) -> Result<AnyConnection, CliError> {
    let deadline = Instant::now() + wait.unwrap_or_default();
    loop {
        match AnyConnection::establish(url) {
            Err(crate::Error::Connection { .. }) if Instant::now() < deadline => {
                let left = deadline.saturating_duration_since(Instant::now());
                std::thread::sleep(left.min(Duration::from_millis(250)));
            }
            outcome => return Ok(outcome?),
        }
    }
}

/// `CARGO_MANIFEST_DIR`, else the current directory.
pub(crate) fn package_root() -> Result<PathBuf, CliError> {
    match std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) {
        Some(root) if root.is_dir() => Ok(root),
        _ => Ok(std::env::current_dir()?),
    }
}

/// `DATABASE_URL` from the nearest `.env` at or above `root`, and that file's folder.
fn from_dotenv(root: &Path) -> Result<(String, PathBuf), CliError> {
    let Some(file) = root
        .ancestors()
        .map(|dir| dir.join(".env"))
        .find(|file| file.is_file())
    else {
        return Err(CliError::NoDatabase);
    };
    for entry in dotenvy::from_path_iter(&file).map_err(without_values)? {
        let (key, value) = entry.map_err(without_values)?;
        if key == DATABASE_URL && !value.is_empty() {
            let dir = file.parent().unwrap_or(root).to_owned();
            return Ok((value, dir));
        }
    }
    Err(CliError::NoDatabase)
}

/// The path of a SQLite URL (`sqlite://path`, `sqlite:path` or a plain path, as
/// `AnyConnection::establish` reads them); `None` for other backends, `:memory:` and
/// SQLite's own `file:` URIs.
fn sqlite_path(url: &str) -> Option<&str> {
    let path = match crate::connection::parse_url(url) {
        Ok((Dialect::Sqlite, path)) => path,
        _ => return None,
    };
    (!path.is_empty() && path != ":memory:" && !path.starts_with("file:")).then_some(path)
}

/// The URL with a relative SQLite path joined to `base`.
fn absolute_sqlite(url: &str, base: &Path) -> String {
    match sqlite_path(url) {
        Some(path) if Path::new(path).is_relative() => {
            format!("sqlite://{}", base.join(path).display())
        }
        _ => url.to_owned(),
    }
}

/// The file a SQLite URL names, if it names one.
pub(crate) fn sqlite_file(url: &str) -> Option<PathBuf> {
    sqlite_path(url).map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_url_wins() {
        assert_eq!(
            resolve_url(Some("postgres://h/db"), Missing::Refuse).unwrap(),
            "postgres://h/db"
        );
    }

    #[test]
    fn relative_sqlite_paths_are_joined_to_the_base() {
        let base = Path::new("/app");
        assert_eq!(absolute_sqlite("sqlite://a.db", base), "sqlite:///app/a.db");
        assert_eq!(
            absolute_sqlite("sqlite:db/a.db", base),
            "sqlite:///app/db/a.db"
        );
        assert_eq!(absolute_sqlite("a.db", base), "sqlite:///app/a.db");
        for unchanged in [
            "sqlite:///srv/a.db",
            "sqlite://:memory:",
            "sqlite://file:a.db?mode=ro",
            "mysql://u@h/db",
        ] {
            assert_eq!(absolute_sqlite(unchanged, base), unchanged);
        }
    }

    #[test]
    fn a_missing_sqlite_file_is_refused_unless_the_command_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite");
        let url = format!("sqlite://{}", path.display());
        let error = resolve_url(Some(&url), Missing::Refuse).unwrap_err();
        assert!(
            matches!(&error, CliError::NoSqliteFile(p) if *p == path),
            "{error}"
        );
        assert_eq!(resolve_url(Some(&url), Missing::Create).unwrap(), url);
        assert_eq!(
            resolve_url(Some(&url), Missing::Empty).unwrap(),
            "sqlite://:memory:"
        );
        assert!(!path.exists());
    }

    #[test]
    fn the_dialect_is_read_from_the_scheme() {
        for (url, dialect) in [
            ("postgresql://u@h/db", Dialect::Postgres),
            ("mariadb://u@h/db", Dialect::Mysql),
            ("sqlite://:memory:", Dialect::Sqlite),
            ("app.sqlite", Dialect::Sqlite),
            ("host=127.0.0.1 dbname=app", Dialect::Postgres),
        ] {
            assert_eq!(named_dialect(Some(url)).unwrap(), Some(dialect), "{url}");
        }
        let error = named_dialect(Some("oracle://u:pw@h/db")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid database URL `oracle://u:***@h/db`: unknown scheme `oracle` (expected \
             sqlite://FILE, a SQLite file path (ending in .db, .db3, .sqlite or .sqlite3, or \
             containing a path separator), file:FILE, :memory:, postgres://..., a PostgreSQL \
             key=value string (host=... dbname=...), or mysql://...)"
        );
    }

    #[test]
    fn a_bad_dotenv_line_is_not_shown() {
        let error = without_values(dotenvy::Error::LineParse(
            "DATABASE_URL=\"postgres://u:secret@h/db".into(),
            13,
        ));
        assert_eq!(
            error.to_string(),
            "Error parsing line: 'DATABASE_URL=<value not shown>', error at line index: 13"
        );
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(masked("postgres://u:pw@h/db"), "postgres://u:***@h/db");
        assert_eq!(masked("sqlite://a.db"), "sqlite://a.db");
    }
}

/// `--wait` against a real server that starts listening only after the first attempt: a
/// loopback port where nothing listens, then a proxy to the test server on it.
#[cfg(all(test, feature = "postgres"))]
mod wait_tests {
    use std::io::copy;
    use std::net::{TcpListener, TcpStream};
    use std::thread;

    use super::*;

    /// `host:port` of `MIGRATE_TEST_POSTGRES_URL`, and the URL with that replaced by `port`.
    fn server_and_url(port: u16) -> (String, String) {
        let url = std::env::var("MIGRATE_TEST_POSTGRES_URL")
            .expect("MIGRATE_TEST_POSTGRES_URL is not set: the postgres feature needs a server");
        let (scheme_user, rest) = url.split_once('@').expect("user@host in the URL");
        let (server, path) = rest.split_once('/').expect("a database in the URL");
        let proxied = format!("{scheme_user}@127.0.0.1:{port}/{path}");
        (server.to_owned(), proxied)
    }

    /// Forwards every connection made to `listener` to `server`, both ways.
    fn proxy(listener: TcpListener, server: String) {
        for client in listener.incoming().flatten() {
            let Ok(upstream) = TcpStream::connect(&server) else {
                continue;
            };
            let (mut c_read, mut c_write) = (client.try_clone().unwrap(), client);
            let (mut u_read, mut u_write) = (upstream.try_clone().unwrap(), upstream);
            thread::spawn(move || copy(&mut c_read, &mut u_write));
            thread::spawn(move || copy(&mut u_read, &mut c_write));
        }
    }

    #[test]
    fn wait_retries_until_the_server_listens() {
        // A free loopback port, with nothing on it yet.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (server, url) = server_and_url(port);
        assert!(
            connect(&url, None).is_err(),
            "nothing listens on {port} yet, and without --wait there is no second try"
        );
        let started = thread::spawn(move || {
            thread::sleep(Duration::from_millis(1500));
            let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
            proxy(listener, server);
        });
        let mut conn = connect(&url, Some(Duration::from_secs(30)))
            .unwrap_or_else(|e| panic!("--wait 30s did not reach the server: {e}"));
        let rows =
            crate::MigrationConnection::load_text(&mut conn, "select 'up'::text", &[]).unwrap();
        assert_eq!(rows[0].0, [Some("up".to_owned())]);
        assert!(!started.is_finished(), "the proxy is still serving");
    }
}

//! Database URLs: what names SQLite and what does not, and no message ever shows a password,
//! whatever the URL's shape, against the real servers.

use migrate_core::{AnyConnection, Error};

/// The part every test password shares: no error text or `Debug` may hold it.
const SECRET: &str = "Sekr1t";

/// Connecting to `url` fails, and neither the error's text nor its `Debug` holds the secret.
#[track_caller]
fn fails_without_the_password(url: &str) -> Error {
    let error = AnyConnection::establish(url).expect_err(url);
    let (text, debug) = (error.to_string(), format!("{error:?}"));
    assert!(
        !text.contains(SECRET),
        "{url}: the error shows the password: {text}"
    );
    assert!(
        !debug.contains(SECRET),
        "{url}: the Debug shows the password: {debug}"
    );
    error
}

#[test]
fn only_what_says_sqlite_is_a_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    for bare in ["app", "localhost:5432", "app.db.bak", "postgres"] {
        let path = dir.path().join(bare);
        // A relative name is looked up in the test's directory: no such file may appear.
        let error = AnyConnection::establish(bare).expect_err(bare).to_string();
        assert!(error.contains("is not a database URL"), "{bare}: {error}");
        assert!(
            error.contains("sqlite://FILE") && error.contains("key=value"),
            "{error}"
        );
        assert!(
            !path.exists() && !std::path::Path::new(bare).exists(),
            "{bare}"
        );
    }
    for file in ["a.db", "b.sqlite", "c.sqlite3", "sub/d"] {
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        let path = dir.path().join(file);
        AnyConnection::establish(&path.display().to_string()).unwrap();
        assert!(path.exists(), "{file}");
    }
}

#[test]
fn a_libpq_key_value_string_is_postgres_never_a_file() {
    let url = format!("host=127.0.0.1 port=1 user=u password={SECRET} dbname=d");
    let error = fails_without_the_password(&url);
    assert!(!std::path::Path::new(&url).exists());
    assert!(
        matches!(error, Error::Connection { .. } | Error::Url { .. }),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(text.contains("password=***"), "{text}");
}

#[test]
fn a_password_needing_percent_encoding_is_refused_without_showing_it() {
    for url in [
        format!("postgres://u:{SECRET}@x@127.0.0.1/db"),
        format!("mysql://u:{SECRET}/x@127.0.0.1/db"),
        format!("postgres://u:{SECRET}?x@127.0.0.1:1"),
    ] {
        let error = fails_without_the_password(&url).to_string();
        assert!(error.contains("%40"), "{error}");
    }
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_errors_never_show_the_password() {
    let admin = std::env::var("MIGRATE_TEST_POSTGRES_URL").expect("MIGRATE_TEST_POSTGRES_URL");
    let rest = admin.split_once("://").unwrap().1;
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host = host.split('/').next().unwrap();
    let (name, port) = host.split_once(':').unwrap_or((host, "5432"));
    let missing = "migrate_no_such_database";
    for url in [
        // libpq quotes a bad percent-encoding, or a %00, with the password around it.
        format!("postgres://postgres:{SECRET}%zzPw@{host}/{missing}"),
        format!("postgres://postgres:{SECRET}%00Pw@{host}/{missing}"),
        format!("postgres://postgres:{SECRET}%2@{host}/{missing}"),
        format!("postgresql://postgres@{host}/{missing}?password={SECRET}%zz"),
        format!("postgres://postgres@{host}/{missing}?%70assword={SECRET}%zz"),
        // Taken, then the database is missing: the error shows the URL.
        format!("postgres://postgres:{SECRET}@{host}/{missing}"),
        format!("postgres://postgres@{host}/{missing}?password={SECRET}"),
        format!("postgres://postgres@{host}/{missing}?sslmode=disable&password={SECRET}"),
        format!("postgres://postgres@{host}/{missing}?sslpassword={SECRET}&sslmode=bogus"),
        format!("host={name} port={port} user=postgres password={SECRET} dbname={missing}"),
        format!("host={name} port={port} password='{SECRET} \\' x' dbname={missing}"),
        format!("host={name} port={port} password={SECRET} bogus_option=1"),
        format!("host={name} password = '{SECRET}"),
        format!("host={name} port={port} password={SECRET}%zz dbname={missing}"),
    ] {
        fails_without_the_password(&url);
    }
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_errors_never_show_the_password() {
    let admin = std::env::var("MIGRATE_TEST_MYSQL_URL").expect("MIGRATE_TEST_MYSQL_URL");
    let rest = admin.split_once("://").unwrap().1;
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host = host.split('/').next().unwrap();
    let missing = "migrate_no_such_database";
    for url in [
        format!("mysql://root:{SECRET}@{host}/{missing}"),
        format!("mariadb://root:{SECRET}@{host}/{missing}"),
        format!("mysql://root:{SECRET}%zzPw@{host}/{missing}"),
        format!("mysql://root:{SECRET}%00Pw@{host}/{missing}"),
        format!("mysql://root:{SECRET}%ff@{host}/{missing}"),
        format!("mysql://root@{host}/{missing}?password={SECRET}"),
        format!("mysql://root@{host}/{missing}?ssl_mode=bogus&password={SECRET}"),
    ] {
        fails_without_the_password(&url);
    }
}

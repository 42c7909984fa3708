//! Database URLs at the command line: no password on stdout or stderr whatever the URL's
//! shape, only a SQLite-looking URL makes a SQLite file, and `fresh` drops every user table.

use migrate_cli::exit_code;
use migrate_core::{AnyConnection, MigrationConnection};

use super::support::{Run, Scratch};

/// What every test password holds.
const SECRET: &str = "Sekr1t";

#[track_caller]
fn no_password(url: &str, run: &Run) {
    assert!(
        !run.stderr.contains(SECRET) && !run.stdout.contains(SECRET),
        "{url}: the password is shown\n--- stdout\n{}\n--- stderr\n{}",
        run.stdout,
        run.stderr
    );
}

/// The names in the app's directory: what a URL taken for a SQLite file would add to.
fn entries(app: &Scratch) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(app.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn urls_that_name_no_database_are_refused_without_a_password_or_a_file() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    // The runner is built once, before the directory is looked at.
    app.cargo_migrate(&["status", "--database", ":memory:"])
        .ok();
    let before = entries(&app);
    for url in [
        format!("host=127.0.0.1 port=1 user=u password={SECRET} dbname=d"),
        "app".to_owned(),
        format!("postgres://u:{SECRET}@x@127.0.0.1/db"),
        format!("postgres://u@127.0.0.1/db?password={SECRET}"),
        format!("mysql://u:{SECRET}%zz@127.0.0.1/db"),
    ] {
        let run = app
            .cargo_migrate(&["run", "--database", &url])
            .code(exit_code::USER_ERROR);
        no_password(&url, &run);
        assert!(
            run.stderr.contains("invalid database URL"),
            "{}",
            run.stderr
        );
    }
    // A `.env` line that does not parse is not shown either.
    app.write(
        ".env",
        &format!("DATABASE_URL=\"postgres://u:{SECRET}@h/db\n"),
    );
    let run = app.cargo_migrate(&["run"]).code(exit_code::USER_ERROR);
    no_password(".env", &run);
    std::fs::remove_file(app.path().join(".env")).unwrap();
    assert_eq!(entries(&app), before);
}

#[test]
fn fresh_drops_tables_whose_names_start_with_sqlite() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.sqlite").display());
    let mut conn = AnyConnection::establish(&url).unwrap();
    conn.batch_execute(
        "create table \"SQLiteCache\" (k text); create table sqlite1 (id integer primary key \
         autoincrement); insert into sqlite1 default values; analyze",
    )
    .unwrap();
    let run = app
        .cargo_migrate(&["fresh", "--force", "--database", &url])
        .ok();
    assert!(run.stdout.contains("Dropped 2 tables."), "{}", run.stdout);
    let left: Vec<String> = conn
        .load_text(
            "select name from sqlite_master where type = 'table' and name not in \
             ('migrations', 'sqlite_sequence') and name not like 'sqlite\\_stat%' escape '\\'",
            &[],
        )
        .unwrap()
        .into_iter()
        .filter_map(|r| r.0.into_iter().next().flatten())
        .collect();
    assert_eq!(left, Vec::<String>::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_errors_show_no_password() {
    let admin = std::env::var("MIGRATE_TEST_POSTGRES_URL").expect("MIGRATE_TEST_POSTGRES_URL");
    let rest = admin.split_once("://").unwrap().1;
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host = host.split('/').next().unwrap();
    let (name, port) = host.split_once(':').unwrap_or((host, "5432"));
    let missing = "migrate_no_such_database";
    let app = Scratch::new(&["postgres"]);
    app.cargo_migrate(&["init"]).ok();
    for url in [
        format!("postgres://postgres:{SECRET}%zz@{host}/{missing}"),
        format!("postgres://postgres:{SECRET}%00@{host}/{missing}"),
        format!("postgres://postgres@{host}/{missing}?password={SECRET}"),
        format!("host={name} port={port} user=postgres password='{SECRET} x' dbname={missing}"),
    ] {
        let run = app
            .cargo_migrate(&["status", "--database", &url])
            .code(exit_code::DATABASE_ERROR);
        no_password(&url, &run);
        assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);
    }
}

//! `adopt sqlx` through the real binary on a scratch application (SQLite; every tool and
//! backend is tested on the library in tests/tests/adopt.rs): what it prints, what `status`
//! shows after, a refusal's exit code.

use migrate_cli::exit_code;
use migrate_core::{AnyConnection, MigrationConnection};

use super::support::Scratch;

/// sqlx's own `_sqlx_migrations` layout on SQLite (sqlx-sqlite 0.9, `migrate.rs`).
const SQLX_TABLE: &str = "CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
)";

#[test]
fn adopt_records_the_sqlx_history_and_status_shows_it() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    let users = app.migration("create_users");
    let id = users
        .trim_start_matches("src/migrations/")
        .trim_end_matches(".rs")
        .to_owned();
    let version: String = id.chars().filter(char::is_ascii_digit).collect();
    let url = format!("sqlite://{}", app.path().join("app.sqlite").display());
    let mut conn = AnyConnection::establish(&url).unwrap();
    conn.batch_execute(&format!(
        "create table users (id integer primary key); {SQLX_TABLE}; \
         insert into _sqlx_migrations values \
         ({version}, 'create users', '2026-01-02 12:00:05', true, X'00', 1000000)"
    ))
    .unwrap();

    let adopted = app
        .cargo_migrate(&["adopt", "sqlx", "--database", &url])
        .ok();
    assert_eq!(
        adopted.stdout,
        format!(
            "Adopted: {version} (create users) as {id} (applied 2026-01-02 12:00:05, batch 1)\n\
             The `_sqlx_migrations` table is left as it was; once nothing reads it, drop it \
             with `drop table _sqlx_migrations`.\n"
        )
    );
    let status = app
        .cargo_migrate(&["status", "--database", &url])
        .ok()
        .stdout;
    assert!(status.contains("2026-01-02 12:00:05"), "{status}");
    let run = app.cargo_migrate(&["run", "--database", &url]).ok();
    assert!(run.stdout.contains("Nothing to migrate."), "{}", run.stdout);

    conn.batch_execute(
        "insert into _sqlx_migrations values \
         (20990101000000, 'from the future', '2026-01-03 12:00:00', false, X'00', 0)",
    )
    .unwrap();
    let refused = app
        .cargo_migrate(&["adopt", "sqlx", "--database", &url])
        .code(exit_code::USER_ERROR);
    assert!(
        refused.stderr.contains(
            "cannot adopt the sqlx history; nothing was written:\n  - version 20990101000000 \
             (from the future) failed when sqlx ran it"
        ),
        "{}",
        refused.stderr
    );
}

//! `Migrator::adopt` on every backend: histories of diesel_migrations, sqlx and refinery, in
//! their tools' exact table layouts, recorded as applied with their times; the refusals.
//!
//! The layouts: diesel's is created with the real crate's own statement
//! (`diesel::migration::CREATE_MIGRATIONS_TABLE`); sqlx's and refinery's are copied from
//! sqlx-{postgres,mysql,sqlite} 0.9 (`migrate.rs`) and refinery-core 0.10 (`traits/mod.rs`),
//! since building sqlx (tokio, its macros) and refinery as dev-dependencies takes too long on
//! this machine.

use migrate_core::{Dialect, Error, Migrator, Tool};

use crate::fixtures;
use crate::support::{backend_test, TestDb};

const USERS: &str = "m2026_01_02_120000_create_users";
const POSTS: &str = "m2026_01_03_090000_create_posts";
const TAGS: &str = "m2026_01_04_080000_add_tags";

fn migrator() -> Migrator {
    Migrator::new().module(fixtures::module("adopted"))
}

/// The tables the old tool created, then its history table with `rows` (SQL value lists).
fn old_history(db: &mut TestDb, tool: Tool, rows: &[String]) {
    db.execute("create table users (id integer primary key)");
    db.execute("create table posts (id integer primary key)");
    let (create, columns) = match (tool, db.dialect()) {
        (Tool::Diesel, _) => (
            diesel::migration::CREATE_MIGRATIONS_TABLE.to_owned(),
            "version, run_on",
        ),
        (Tool::Sqlx, dialect) => (
            format!(
                "CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on {} NOT NULL DEFAULT {},
    success BOOLEAN NOT NULL,
    checksum {} NOT NULL,
    execution_time BIGINT NOT NULL
)",
                if dialect == Dialect::Postgres {
                    "TIMESTAMPTZ"
                } else {
                    "TIMESTAMP"
                },
                if dialect == Dialect::Postgres {
                    "now()"
                } else {
                    "CURRENT_TIMESTAMP"
                },
                if dialect == Dialect::Postgres {
                    "BYTEA"
                } else {
                    "BLOB"
                },
            ),
            "version, description, installed_on, success, checksum, execution_time",
        ),
        (Tool::Refinery, _) => (
            "CREATE TABLE IF NOT EXISTS refinery_schema_history(
             version int4 PRIMARY KEY,
             name VARCHAR(255),
             applied_on VARCHAR(255),
             checksum VARCHAR(255))"
                .replace(
                    "int4",
                    if db.dialect() == Dialect::Mysql {
                        "int"
                    } else {
                        "int4"
                    },
                ),
            "version, name, applied_on, checksum",
        ),
    };
    db.execute(&create);
    for row in rows {
        db.execute(&format!(
            "insert into {} ({columns}) values ({row})",
            tool.table()
        ));
    }
}

/// A sqlx row: version, description, installed_on, success.
fn sqlx_row(db: &TestDb, version: &str, description: &str, at: &str, success: bool) -> String {
    let checksum = match db.dialect() {
        Dialect::Postgres => "decode('00ff', 'hex')",
        _ => "X'00FF'",
    };
    let at = match db.dialect() {
        Dialect::Postgres => format!("'{at}+00'"),
        _ => format!("'{at}'"),
    };
    format!("{version}, '{description}', {at}, {success}, {checksum}, 2500000")
}

/// (id, batch, applied_at) of every repository row.
fn recorded(db: &mut TestDb) -> Vec<(String, String, String)> {
    let sql = format!(
        "select id, {}, {} from migrations order by id",
        db.text("batch"),
        db.text("applied_at")
    );
    db.rows(&sql, &[])
        .into_iter()
        .map(|r| {
            let text = |i: usize| r[i].clone().unwrap_or_default();
            (text(0), text(1), text(2))
        })
        .collect()
}

fn row(id: &str, batch: &str, at: &str) -> (String, String, String) {
    (id.to_owned(), batch.to_owned(), at.to_owned())
}

/// Adopts, then checks the records, the status and that only the new migration runs.
fn adopt_then_run(db: &mut TestDb, tool: Tool) {
    let adoption = migrator().adopt(&mut db.conn, tool).unwrap();
    let ids: Vec<&str> = adoption.adopted.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [USERS, POSTS]);
    assert_eq!(
        recorded(db),
        [
            row(USERS, "1", "2026-01-02 12:00:05"),
            row(POSTS, "2", "2026-01-03 09:00:07"),
        ]
    );
    let status = migrator().status(&mut db.conn).unwrap();
    let applied: Vec<bool> = status.iter().map(|s| s.is_applied()).collect();
    assert_eq!(applied, [true, true, false]);

    // Adopting again changes nothing.
    let again = migrator().adopt(&mut db.conn, tool).unwrap();
    assert!(again.adopted.is_empty());
    assert_eq!(again.already_recorded, [USERS, POSTS]);

    assert_eq!(migrator().run(&mut db.conn).unwrap().ids(), [TAGS]);
    assert_eq!(recorded(db).len(), 3);
    // The old table is left as it was.
    let old = db.rows(
        &format!("select {} from {}", db.text("version"), tool.table()),
        &[],
    );
    assert_eq!(old.len(), 2);
}

backend_test!(adopts_a_diesel_history, |db| {
    let rows = [
        "'20260102120000', '2026-01-02 12:00:05'".to_owned(),
        "'20260103090000', '2026-01-03 09:00:07'".to_owned(),
    ];
    old_history(&mut db, Tool::Diesel, &rows);
    adopt_then_run(&mut db, Tool::Diesel);
});

backend_test!(adopts_a_sqlx_history, |db| {
    let rows = [
        sqlx_row(
            &db,
            "20260102120000",
            "create users",
            "2026-01-02 12:00:05",
            true,
        ),
        sqlx_row(
            &db,
            "20260103090000",
            "create posts",
            "2026-01-03 09:00:07",
            true,
        ),
    ];
    old_history(&mut db, Tool::Sqlx, &rows);
    adopt_then_run(&mut db, Tool::Sqlx);
});

backend_test!(adopts_a_refinery_history, |db| {
    let rows = [
        "1, 'create_users', '2026-01-02T12:00:05.123456789Z', '123'".to_owned(),
        "2, 'create_posts', '2026-01-03T11:00:07+02:00', '456'".to_owned(),
    ];
    old_history(&mut db, Tool::Refinery, &rows);
    let adoption = migrator().adopt(&mut db.conn, Tool::Refinery).unwrap();
    assert_eq!(adoption.adopted[0].version, "1 (create_users)");
    assert_eq!(
        adoption.adopted[1].applied_at.to_string(),
        "2026-01-03 09:00:07"
    );
});

backend_test!(
    a_failed_or_unknown_version_is_refused_before_anything_is_written,
    |db| {
        let rows = [
            sqlx_row(
                &db,
                "20260102120000",
                "create users",
                "2026-01-02 12:00:05",
                true,
            ),
            sqlx_row(
                &db,
                "20260103090000",
                "create posts",
                "2026-01-03 09:00:07",
                false,
            ),
            sqlx_row(
                &db,
                "20251231235959",
                "create audit",
                "2026-01-04 10:00:00",
                true,
            ),
            sqlx_row(
                &db,
                "20260104080000",
                "add labels",
                "2026-01-04 10:00:00",
                true,
            ),
        ];
        old_history(&mut db, Tool::Sqlx, &rows);
        let error = migrator().adopt(&mut db.conn, Tool::Sqlx).unwrap_err();
        assert!(matches!(error, Error::CannotAdopt { .. }));
        assert_eq!(
            error.to_string(),
            "cannot adopt the sqlx history; nothing was written:\n  \
         - version 20251231235959 (create audit) has no ported migration in this program (port \
         it as `m<timestamp>_<name>` with its timestamp)\n  \
         - version 20260103090000 (create posts) failed when sqlx ran it (success = false): \
         repair the database and its `_sqlx_migrations` row with sqlx first\n  \
         - version 20260104080000 (add labels) has the timestamp of \
         m2026_01_04_080000_add_tags but not its name (`add_labels`)"
        );
        assert!(
            !migrate_core::Schema::new(&mut db.conn)
                .has_table("migrations")
                .unwrap(),
            "no repository table was created"
        );
    }
);

backend_test!(a_database_without_the_history_table_is_refused, |db| {
    let error = migrator().adopt(&mut db.conn, Tool::Diesel).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot adopt the diesel_migrations history; nothing was written:\n  - this database \
         has no `__diesel_schema_migrations` table"
    );
});

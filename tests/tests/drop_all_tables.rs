//! `drop_all_tables` (what `fresh` starts with) drops every user table, whatever its name,
//! and leaves only the database's own.

use migrate_core::{MigrationConnection, Schema};

use crate::support::backend_test;

/// Names that look like SQLite's own (`sqlite_`, a reserved prefix, in any case) but are not.
const NAMES: [&str; 5] = ["SQLiteCache", "sqlite1", "sqlitex", "Sqlite", "plain"];

backend_test!(every_user_table_is_dropped, |db| {
    let mut schema = Schema::new(&mut db.conn);
    for name in NAMES {
        schema
            .create(name, |t| {
                t.increments("id");
            })
            .unwrap();
    }
    drop(schema);
    // SQLite's own tables, which stay: the AUTOINCREMENT counters and the planner's.
    if db.dialect() == migrate_core::Dialect::Sqlite {
        db.execute("insert into plain default values; analyze");
        // A virtual table, whose shadow tables (`docs_data`...) go with it.
        db.execute("create virtual table docs using fts5(body)");
    }
    // MariaDB lists a system-versioned table apart from the others.
    if db.dialect() == migrate_core::Dialect::Mysql {
        let version = db.rows("select version()", &[]);
        if version[0][0].as_deref().unwrap_or("").contains("MariaDB") {
            db.execute("create table versioned (x int) with system versioning");
        }
    }
    Schema::new(&mut db.conn).drop_all_tables().unwrap();
    let left = match db.dialect() {
        migrate_core::Dialect::Sqlite => "select name from sqlite_master where type = 'table'",
        migrate_core::Dialect::Postgres => {
            "select tablename::text from pg_tables where schemaname = current_schema()"
        }
        migrate_core::Dialect::Mysql => {
            "select table_name from information_schema.tables where table_schema = database()"
        }
    };
    let left: Vec<String> = db
        .conn
        .load_text(left, &[])
        .unwrap()
        .into_iter()
        .filter_map(|r| r.0.into_iter().next().flatten())
        .collect();
    // Only SQLite's own (`sqlite_sequence`, `sqlite_stat1`, `sqlite_stat4`...) remain.
    assert!(
        left.iter().all(|name| name.starts_with("sqlite_")),
        "{left:?}"
    );
});

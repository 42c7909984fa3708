//! Issue 16: every Blueprint operation means on each server what it means in Laravel, with no
//! silent loss: values written and read back exactly, schemas read back as described.

mod added_keys;
mod check;
mod names;
mod numeric;
mod temporal;
mod unique;

use migrate_core::{Dialect, Schema};

use crate::support::TestDb;

/// Runs `f` on a Schema over the test database.
fn schema(db: &mut TestDb, f: impl FnOnce(&mut Schema) -> migrate_core::Result<()>) {
    let mut schema = Schema::new(&mut db.conn);
    f(&mut schema).unwrap_or_else(|e| panic!("{e}"));
}

/// What `f` fails with on the test database.
fn schema_error(
    db: &mut TestDb,
    f: impl FnOnce(&mut Schema) -> migrate_core::Result<()>,
) -> String {
    let mut schema = Schema::new(&mut db.conn);
    match f(&mut schema) {
        Ok(()) => panic!("expected an error on {}", db.dialect()),
        Err(e) => e.to_string(),
    }
}

/// The one value of a one-row, one-column query.
fn value(db: &mut TestDb, sql: &str) -> Option<String> {
    let rows = db.rows(sql, &[]);
    assert_eq!(rows.len(), 1, "{sql}");
    rows[0][0].clone()
}

/// The type the database reports for `table.column`.
fn reported_type(db: &mut TestDb, table: &str, column: &str) -> String {
    crate::introspect::describe(db, table)
        .column(column)
        .ty
        .clone()
}

/// One of three by dialect.
fn by_dialect<T>(db: &TestDb, sqlite: T, postgres: T, mysql: T) -> T {
    match db.dialect() {
        Dialect::Sqlite => sqlite,
        Dialect::Postgres => postgres,
        Dialect::Mysql => mysql,
    }
}

//! Pretending on SQLite: an in-memory database with the same schema (tables, indexes,
//! triggers, views, as `sqlite_master` has them) and the same `foreign_keys` and
//! `legacy_alter_table` settings, on which the real run rehearses. A rebuild reads the shape
//! of the table as an earlier step of the same run left it, so what a pretend run shows is
//! exactly what a real run would execute.

use diesel::Connection;

use super::introspect::{flag, load, text};
use crate::connection::MigrationConnection;
use crate::{Error, Result};

/// The pragmas whose setting changes the SQL a rebuild writes.
const PRAGMAS: [&str; 2] = ["foreign_keys", "legacy_alter_table"];

/// A new in-memory database with `conn`'s schema and settings, and no rows.
pub(super) fn copy_schema(
    conn: &mut dyn MigrationConnection,
) -> Result<Box<dyn MigrationConnection>> {
    let mut copy = diesel::SqliteConnection::establish(":memory:").map_err(|error| {
        Error::Schema(format!(
            "cannot open an in-memory SQLite database to pretend on: {error}"
        ))
    })?;
    let mut setup = Vec::new();
    for pragma in PRAGMAS {
        let on = flag(
            conn,
            &format!("select cast({pragma} as text) from pragma_{pragma}"),
        )?;
        setup.push(format!("pragma {pragma} = {}", u8::from(on)));
    }
    let objects = load(
        conn,
        // A virtual table creates its shadow tables itself (FTS5's `docs_data`, ...).
        "select m.sql from sqlite_master m where m.sql is not null \
         and m.name not like 'sqlite\\_%' escape '\\' and not exists \
         (select 1 from pragma_table_list t where t.name = m.name and t.type = 'shadow') \
         order by m.rowid",
        &[],
    )?;
    setup.push("begin".into());
    setup.extend(objects.iter().map(|row| text(&row[0])));
    setup.push("commit".into());
    for sql in setup {
        copy.batch_execute(&sql)
            .map_err(|source| Error::Database { sql, source })?;
    }
    Ok(Box::new(copy))
}

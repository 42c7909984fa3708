//! Reads the current shape of a SQLite table through `pragma_*` functions and
//! `sqlite_master`, as text (see [`MigrationConnection::load_text`]).

use super::parse;
use crate::connection::{MigrationConnection, TextRow};
use crate::{Error, Result};

/// An index of the table as `sqlite_master` has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StoredIndex {
    pub name: String,
    /// `None` for the indexes SQLite creates for `UNIQUE` and `PRIMARY KEY` constraints.
    pub sql: Option<String>,
    pub columns: Vec<String>,
}

/// What a rebuild needs to know about an existing table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    /// The table's name as stored (SQLite names are case-insensitive).
    pub name: String,
    /// Its `CREATE TABLE` text.
    pub sql: String,
    /// Every column, in order: (name, is a generated column).
    pub columns: Vec<(String, bool)>,
    /// The primary key's columns, in key order.
    pub primary_key: Vec<String>,
    pub indexes: Vec<StoredIndex>,
    /// The columns of the table's own foreign keys.
    pub foreign_key_columns: Vec<String>,
    /// (name, sql) of each trigger on the table.
    pub triggers: Vec<(String, String)>,
    /// Other tables with a foreign key to this one: (table, referenced column or `None` for
    /// the primary key).
    pub children: Vec<(String, Option<String>)>,
    /// Every view and trigger of the database that names this table: (`view` or `trigger`,
    /// name, sql).
    pub dependents: Vec<(String, String, String)>,
    /// `PRAGMA foreign_keys`.
    pub foreign_keys_enforced: bool,
    /// `PRAGMA legacy_alter_table`, to restore after the rename.
    pub legacy_alter_table: bool,
}

impl Shape {
    /// Whether `column` is a key, indexed, or part of a foreign key of this table or another.
    pub fn is_keyed(&self, column: &str) -> bool {
        let same = |c: &String| c.eq_ignore_ascii_case(column);
        self.primary_key.iter().any(same)
            || self.indexes.iter().any(|i| i.columns.iter().any(same))
            || self.foreign_key_columns.iter().any(same)
            || self.is_referenced(column)
    }

    /// The view or trigger that names `column` (and this table), as "view `v`", if any.
    pub fn dependent_on(&self, column: &str) -> Option<String> {
        self.dependents
            .iter()
            .find(|(_, _, sql)| parse::mentions(sql, &parse::tokenize(sql), column))
            .map(|(kind, name, _)| format!("{kind} `{name}`"))
    }

    /// Whether another table's foreign key references `column`.
    pub fn is_referenced(&self, column: &str) -> bool {
        self.children.iter().any(|(_, to)| match to {
            Some(to) => to.eq_ignore_ascii_case(column),
            None => self
                .primary_key
                .iter()
                .any(|c| c.eq_ignore_ascii_case(column)),
        })
    }

    /// The distinct tables that reference this one.
    pub fn child_tables(&self) -> Vec<&str> {
        let mut tables: Vec<&str> = Vec::new();
        for (table, _) in &self.children {
            if !tables.iter().any(|t| t.eq_ignore_ascii_case(table)) {
                tables.push(table);
            }
        }
        tables
    }
}

pub(super) fn load(
    connection: &mut dyn MigrationConnection,
    sql: &str,
    binds: &[&str],
) -> Result<Vec<Vec<Option<String>>>> {
    connection
        .load_text(sql, binds)
        .map(|rows| rows.into_iter().map(|TextRow(r)| r).collect())
        .map_err(|source| Error::Database {
            sql: sql.to_owned(),
            source,
        })
}

pub(super) fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Reads a boolean pragma with a query such as `select cast(x as text) from pragma_x`.
pub(super) fn flag(connection: &mut dyn MigrationConnection, sql: &str) -> Result<bool> {
    let rows = load(connection, sql, &[])?;
    Ok(rows.first().is_some_and(|r| text(&r[0]) == "1"))
}

/// Reads the shape of `table`; `None` if it does not exist.
pub(super) fn read(connection: &mut dyn MigrationConnection, table: &str) -> Result<Option<Shape>> {
    let found = load(
        connection,
        "select name, sql from sqlite_master where type = 'table' and name = ? collate nocase",
        &[table],
    )?;
    let Some(row) = found.first() else {
        return Ok(None);
    };
    let (name, sql) = (text(&row[0]), text(&row[1]));
    let name = name.as_str();

    let columns = load(
        connection,
        "select name, cast(hidden as text) from pragma_table_xinfo(?) order by cid",
        &[name],
    )?
    .iter()
    .map(|r| (text(&r[0]), matches!(text(&r[1]).as_str(), "2" | "3")))
    .collect();
    let primary_key = load(
        connection,
        "select name from pragma_table_info(?) where pk > 0 order by pk",
        &[name],
    )?
    .iter()
    .map(|r| text(&r[0]))
    .collect();

    let mut indexes = Vec::new();
    let listed = load(
        connection,
        "select l.name, m.sql from pragma_index_list(?) l \
         left join sqlite_master m on m.type = 'index' and m.name = l.name order by m.rowid",
        &[name],
    )?;
    for row in listed {
        let index = text(&row[0]);
        let columns = load(
            connection,
            "select name from pragma_index_info(?) where name is not null order by seqno",
            &[&index],
        )?
        .iter()
        .map(|r| text(&r[0]))
        .collect();
        indexes.push(StoredIndex {
            name: index,
            sql: row[1].clone(),
            columns,
        });
    }

    let foreign_key_columns = load(
        connection,
        r#"select "from" from pragma_foreign_key_list(?)"#,
        &[name],
    )?
    .iter()
    .map(|r| text(&r[0]))
    .collect();
    let triggers = load(
        connection,
        "select name, sql from sqlite_master where type = 'trigger' and tbl_name = ? order by rowid",
        &[name],
    )?
    .iter()
    .map(|r| (text(&r[0]), text(&r[1])))
    .collect();
    let children = load(
        connection,
        r#"select m.name, f."to" from sqlite_master m, pragma_foreign_key_list(m.name) f
           where m.type = 'table' and f."table" = ? collate nocase and m.name <> ?
           order by m.name"#,
        &[name, name],
    )?
    .iter()
    .map(|r| (text(&r[0]), r[1].clone()))
    .collect();

    let dependents = load(
        connection,
        "select type, name, sql from sqlite_master \
         where type in ('view', 'trigger') and sql is not null order by rowid",
        &[],
    )?
    .iter()
    .map(|r| (text(&r[0]), text(&r[1]), text(&r[2])))
    .filter(|(_, _, sql)| parse::mentions(sql, &parse::tokenize(sql), name))
    .collect();

    Ok(Some(Shape {
        name: name.to_owned(),
        sql,
        columns,
        primary_key,
        indexes,
        foreign_key_columns,
        triggers,
        children,
        dependents,
        foreign_keys_enforced: flag(
            connection,
            "select cast(foreign_keys as text) from pragma_foreign_keys",
        )?,
        legacy_alter_table: flag(
            connection,
            "select cast(legacy_alter_table as text) from pragma_legacy_alter_table",
        )?,
    }))
}

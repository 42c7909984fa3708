//! SQLite: dynamic types, `integer primary key autoincrement`, and no ALTER beyond
//! add/rename/drop column.

mod deferrable;
mod introspect;
mod parse;
mod rebuild;
#[cfg(feature = "sqlite")]
mod rehearsal;

pub(crate) use deferrable::foreign_key_deferrability;

use super::{Dialect, Grammar, Modifier};
use crate::schema::column::{ColumnDefinition, ColumnType};
use crate::schema::command::IndexKind;
use crate::Result;

/// The user tables among the rows `t` of `pragma_table_list`: see `list_tables_sql` below.
const USER_TABLE: &str = "t.schema = 'main' and t.type in ('table', 'virtual') \
                          and t.name not like 'sqlite\\_%' escape '\\'";

/// The expression of the generated column `column` in a table's `create table` text (as
/// `sqlite_master` keeps it), without its parentheses.
pub(crate) fn generated_expression(create_sql: &str, column: &str) -> Option<String> {
    let table = parse::create_table(create_sql).ok()?;
    let item = table.items.iter().find(|i| {
        i.column
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(column))
    })?;
    let (_, start, end) = parse::column_constraints(&item.sql)
        .into_iter()
        .find(|(keyword, _, _)| keyword == "as" || keyword == "generated")?;
    let clause = &item.sql[start..end];
    let open = clause.find('(')?;
    let close = clause.rfind(')')?;
    (open < close).then(|| clause[open + 1..close].trim().to_owned())
}

/// The SQLite grammar.
#[derive(Debug, Clone, Copy, Default)]
pub struct SqliteGrammar;

impl Grammar for SqliteGrammar {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    #[cfg(feature = "sqlite")]
    fn rehearsal(
        &self,
        connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Option<Box<dyn crate::MigrationConnection>>> {
        rehearsal::copy_schema(connection).map(Some)
    }

    fn type_sql(&self, column: &ColumnDefinition) -> Result<String> {
        Ok(match &column.ty {
            ColumnType::Char(_) | ColumnType::String(_) => "varchar".into(),
            ColumnType::Text | ColumnType::MediumText | ColumnType::LongText => "text".into(),
            ColumnType::TinyInteger
            | ColumnType::SmallInteger
            | ColumnType::MediumInteger
            | ColumnType::Integer
            | ColumnType::BigInteger
            | ColumnType::Year => "integer".into(),
            // SQLite's REAL is always 8 bytes, whatever the name; the name tells diesel (and
            // readers) which precision was asked for.
            ColumnType::Float { precision: ..=24 } => "float".into(),
            ColumnType::Float { .. } => "double".into(),
            ColumnType::Double {
                precision_scale: None,
            } => "double".into(),
            ColumnType::Double {
                precision_scale: Some((p, s)),
            } => {
                return Err(self.unsupported(format!(
                    "double({p}, {s}) (column `{}`): SQLite's floating point type has no \
                     precision or scale; use double() or decimal({p}, {s})",
                    column.name
                )))
            }
            ColumnType::Decimal { .. } => "numeric".into(),
            ColumnType::Boolean => "tinyint(1)".into(),
            ColumnType::Enum(values) => {
                let quoted: Result<Vec<String>> =
                    values.iter().map(|v| self.quote_string(v)).collect();
                format!(
                    "varchar check ({} in ({}))",
                    self.wrap(&column.name)?,
                    quoted?.join(", ")
                )
            }
            ColumnType::Json | ColumnType::Jsonb => "text".into(),
            ColumnType::Date => "date".into(),
            // SQLite keeps a date-time as the text given, every digit of it, whatever the
            // precision: nothing is rounded, so no precision is written (diesel and other
            // readers know only the bare names).
            ColumnType::DateTime { .. }
            | ColumnType::DateTimeTz { .. }
            | ColumnType::Timestamp { .. }
            | ColumnType::TimestampTz { .. } => "datetime".into(),
            ColumnType::Time { .. } | ColumnType::TimeTz { .. } => "time".into(),
            ColumnType::Binary => "blob".into(),
            ColumnType::Uuid => "varchar".into(),
            ColumnType::IpAddress | ColumnType::MacAddress | ColumnType::NativeUuid => {
                "varchar".into()
            }
            ColumnType::Set(_)
            | ColumnType::TsVector
            | ColumnType::Geometry { .. }
            | ColumnType::Geography { .. }
            | ColumnType::Vector { .. } => return Err(super::types_extra::refused(self, column)),
            ColumnType::Custom(sql) => sql.clone(),
        })
    }

    /// `CURRENT_TIMESTAMP` is whole seconds; a column with fractional seconds defaults to the
    /// time in milliseconds, the finest SQLite's clock gives.
    fn current_timestamp_sql(&self, column: &ColumnDefinition) -> String {
        match column.ty.time_precision() {
            Some(precision) if precision > 0 => "(strftime('%Y-%m-%d %H:%M:%f', 'now'))".into(),
            _ => "CURRENT_TIMESTAMP".into(),
        }
    }

    fn modifiers(&self) -> &'static [Modifier] {
        &[
            Modifier::Increment,
            Modifier::Collate,
            Modifier::Nullable,
            Modifier::Default,
            Modifier::Generated,
        ]
    }

    fn current_year_sql(&self) -> &'static str {
        "(CAST(strftime('%Y', 'now') AS INTEGER))"
    }

    /// The value as its JSON type (text, number, or JSON text for an object or array).
    fn json_value_sql(
        &self,
        _column: &ColumnDefinition,
        json_column: &str,
        path: &str,
    ) -> Result<String> {
        Ok(format!(
            "json_extract({}, {})",
            self.wrap(json_column)?,
            self.quote_string(path)?
        ))
    }

    /// SQLite keeps the counter of an `autoincrement` table in `sqlite_sequence` and hands
    /// out one more than the larger of it and the largest rowid.
    fn starting_value_sql(
        &self,
        table: &str,
        _column: &ColumnDefinition,
        value: u64,
    ) -> Result<String> {
        Ok(format!(
            "insert into sqlite_sequence (name, seq) values ({}, {})",
            self.quote_string(table)?,
            value - 1
        ))
    }

    fn increment_sql(&self) -> &'static str {
        "primary key autoincrement"
    }

    /// Rebuilds the table (see the `rebuild` module) for what SQLite cannot `ALTER` in place:
    /// `change()`, dropping a key, indexed or referenced column, adding or dropping a primary
    /// or foreign key; and renames an index by dropping and recreating it.
    fn compile_rebuild(
        &self,
        blueprint: &crate::schema::blueprint::Blueprint,
        connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Option<Vec<String>>> {
        rebuild::compile(self, blueprint, connection)
    }

    fn rebuild_reads_schema(&self, blueprint: &crate::schema::blueprint::Blueprint) -> bool {
        rebuild::reads_shape(blueprint)
    }

    fn compile_drop_columns(&self, table: &str, columns: &[String]) -> Result<Vec<String>> {
        let table = self.wrap(table)?;
        columns
            .iter()
            .map(|c| Ok(format!("alter table {table} drop column {}", self.wrap(c)?)))
            .collect()
    }

    /// Backticks, not double quotes: SQLite reads a double-quoted name that matches no column
    /// as a string, so a misspelled `"emial"` would index the constant `'emial'` (and a unique
    /// one would then refuse a second row). A backticked name is always an identifier, and an
    /// unknown one is an error, as on PostgreSQL and MySQL.
    fn index_columns(&self, columns: &[String]) -> Result<String> {
        let quoted: Result<Vec<String>> = columns
            .iter()
            .map(|c| {
                self.wrap(c)?;
                Ok(super::quote_with(c, '`'))
            })
            .collect();
        Ok(quoted?.join(", "))
    }

    fn compile_index(
        &self,
        table: &str,
        index: &crate::schema::command::IndexDefinition,
    ) -> Result<Vec<String>> {
        if index.kind == IndexKind::Primary {
            return Err(self.unsupported(format!(
                "adding a primary key to the existing table `{table}`"
            )));
        }
        Ok(vec![self.create_index_sql(table, index)?])
    }

    fn compile_drop_index(&self, table: &str, kind: IndexKind, name: &str) -> Result<Vec<String>> {
        if kind == IndexKind::Primary {
            return Err(self.unsupported(format!(
                "dropping the primary key of the existing table `{table}`"
            )));
        }
        Ok(vec![format!("drop index {}", self.wrap(name)?)])
    }

    fn compile_rename_index(&self, table: &str, _from: &str, _to: &str) -> Result<Vec<String>> {
        Err(self.unsupported(format!("renaming an index (table `{table}`)")))
    }

    fn compile_add_foreign(
        &self,
        table: &str,
        _foreign: &crate::schema::command::ForeignKeyDefinition,
    ) -> Result<Vec<String>> {
        Err(self.unsupported(format!(
            "adding a foreign key to the existing table `{table}`"
        )))
    }

    fn compile_check(
        &self,
        table: &str,
        check: &crate::schema::command::CheckDefinition,
    ) -> Result<Vec<String>> {
        Err(self.unsupported(format!(
            "adding the check constraint `{}` to the existing table `{table}` (SQLite has \
             check constraints only in `create table`)",
            check.name
        )))
    }

    fn compile_drop_check(&self, table: &str, name: &str) -> Result<Vec<String>> {
        Err(self.unsupported(format!(
            "dropping the check constraint `{name}` of the existing table `{table}`"
        )))
    }

    fn compile_drop_foreign(&self, table: &str, _name: &str) -> Result<Vec<String>> {
        Err(self.unsupported(format!(
            "dropping a foreign key of the existing table `{table}`"
        )))
    }

    fn has_table_sql(&self) -> String {
        "select name as c0 from sqlite_master where type = 'table' and name = ?".into()
    }

    fn has_column_sql(&self) -> String {
        "select name as c0 from pragma_table_info(?) where name = ?".into()
    }

    /// Every table but SQLite's own: the names it reserves start with `sqlite_` in any
    /// case, with a literal underscore (LIKE, unlike GLOB, ignores case as the reservation
    /// does; the escape makes `_` literal). Virtual tables are listed, not their shadow
    /// tables (`<fts5 table>_data`...), which go with them.
    fn list_tables_sql(&self) -> String {
        format!("select t.name as c0 from pragma_table_list t where {USER_TABLE}")
    }

    fn has_index_sql(&self) -> String {
        "select name as c0 from sqlite_master where type = 'index' and tbl_name = ? and name = ?"
            .into()
    }

    /// One statement per table, in the given order (see `compile_drop_all_tables`).
    fn drop_tables_sql(&self, tables: &[String]) -> Result<Vec<String>> {
        tables
            .iter()
            .map(|t| Ok(format!("drop table {}", self.wrap(t)?)))
            .collect()
    }

    /// Children before their parents, so that no drop trips a foreign key when
    /// `PRAGMA foreign_keys` is on (SQLite has no `cascade` for `drop table`).
    fn compile_drop_all_tables(
        &self,
        connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Vec<String>> {
        let sql = &format!(
            "select t.name, p.\"table\" from pragma_table_list t \
             left join pragma_foreign_key_list(t.name) p where {USER_TABLE}"
        );
        let rows = connection
            .load_text(sql, &[])
            .map_err(|source| crate::Error::Database {
                sql: sql.clone(),
                source,
            })?;
        let mut parents: Vec<(String, Vec<String>)> = Vec::new();
        for row in rows {
            let mut values = row.0.into_iter();
            let (Some(Some(table)), parent) = (values.next(), values.next().flatten()) else {
                continue;
            };
            let index = match parents.iter().position(|(t, _)| *t == table) {
                Some(index) => index,
                None => {
                    parents.push((table, Vec::new()));
                    parents.len() - 1
                }
            };
            if let Some(parent) = parent {
                parents[index].1.push(parent);
            }
        }
        // Repeatedly drop the tables no remaining table references; a cycle drops in any order.
        let mut order = Vec::new();
        while !parents.is_empty() {
            let referenced = |name: &str, all: &[(String, Vec<String>)]| {
                all.iter()
                    .any(|(t, ps)| t != name && ps.iter().any(|p| p == name))
            };
            let next = (0..parents.len())
                .find(|&i| !referenced(&parents[i].0, &parents))
                .unwrap_or(0);
            let (table, _) = parents.remove(next);
            order.push(table);
        }
        self.drop_tables_sql(&order)
    }

    /// Concurrent runners queue on `BEGIN IMMEDIATE`; the busy timeout makes them wait.
    /// In process, a statement costs no round trip, and one at a time names the failing one
    /// without a savepoint.
    fn batches_statements(&self) -> bool {
        false
    }

    /// `BEGIN IMMEDIATE` takes the write lock up front, so two runners never both read the
    /// repository and then race to write it: it is SQLite's migration lock.
    fn begin_sql(&self) -> &'static str {
        "begin immediate"
    }

    /// A commit is disk syncs (four in the default rollback-journal mode: the journal twice,
    /// its directory, the database), and `BEGIN IMMEDIATE` already locks the whole database
    /// for writing.
    fn groups_commits(&self) -> bool {
        true
    }

    fn lock_wait_sql(&self, timeout_ms: u128) -> Option<String> {
        Some(format!("pragma busy_timeout = {timeout_ms}"))
    }
}

//! SQLite: dynamic types, `integer primary key autoincrement`, and no ALTER beyond
//! add/rename/drop column.

use super::{Dialect, Grammar, Modifier};
use crate::schema::column::{ColumnDefinition, ColumnType};
use crate::schema::command::IndexKind;
use crate::Result;

/// The SQLite grammar.
#[derive(Debug, Clone, Copy, Default)]
pub struct SqliteGrammar;

impl Grammar for SqliteGrammar {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
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
            ColumnType::Float { .. } => "float".into(),
            ColumnType::Double => "double".into(),
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
            ColumnType::DateTime
            | ColumnType::DateTimeTz
            | ColumnType::Timestamp
            | ColumnType::TimestampTz => "datetime".into(),
            ColumnType::Time => "time".into(),
            ColumnType::Binary => "blob".into(),
            ColumnType::Uuid => "varchar".into(),
            ColumnType::IpAddress => "varchar".into(),
            ColumnType::Custom(sql) => sql.clone(),
        })
    }

    fn modifiers(&self) -> &'static [Modifier] {
        &[
            Modifier::Increment,
            Modifier::Collate,
            Modifier::Nullable,
            Modifier::Default,
        ]
    }

    fn increment_sql(&self) -> &'static str {
        "primary key autoincrement"
    }

    fn compile_drop_columns(&self, table: &str, columns: &[String]) -> Result<Vec<String>> {
        let table = self.wrap(table)?;
        columns
            .iter()
            .map(|c| Ok(format!("alter table {table} drop column {}", self.wrap(c)?)))
            .collect()
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
        let kind = if index.kind == IndexKind::Unique {
            "unique index"
        } else {
            "index"
        };
        Ok(vec![format!(
            "create {kind} {} on {} ({})",
            self.wrap(&index.name)?,
            self.wrap(table)?,
            self.columnize(&index.columns)?
        )])
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

    fn list_tables_sql(&self) -> String {
        "select name as c0 from sqlite_master where type = 'table' and name not like 'sqlite_%'"
            .into()
    }
}

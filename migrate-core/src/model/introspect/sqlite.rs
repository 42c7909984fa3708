//! SQLite: `sqlite_master` and the `pragma_*` table functions.

use super::{nullable_rows, referential_action, rows, split_type, Introspector};
use crate::connection::MigrationConnection;
use crate::model::{ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel};
use crate::schema::{ColumnType, Deferrable, GeneratedExpression, Generation, IndexKind};
use crate::Result;

pub(crate) struct SqliteIntrospector;

impl Introspector for SqliteIntrospector {
    fn read(&self, conn: &mut dyn MigrationConnection) -> Result<SchemaModel> {
        let mut model = SchemaModel::default();
        let tables = rows(
            conn,
            "select name, coalesce(sql, '') from sqlite_master \
             where type = 'table' and name not like 'sqlite_%' order by name",
            &[],
        )?;
        for table in tables {
            let (name, sql) = (&table[0], table[1].to_lowercase());
            model
                .tables
                .insert(name.clone(), self.read_table(conn, name, &sql, &table[1])?);
        }
        let keys: Vec<(String, Vec<String>)> = model
            .tables
            .iter()
            .map(|(name, table)| (name.clone(), table.primary_key.clone()))
            .collect();
        for table in model.tables.values_mut() {
            for foreign in &mut table.foreign_keys {
                if foreign.references.iter().all(String::is_empty) {
                    if let Some((_, key)) = keys.iter().find(|(name, _)| *name == foreign.on) {
                        foreign.references = key.clone();
                    }
                }
            }
        }
        Ok(model)
    }

    /// SQLite keeps the declared type; only the names the grammar writes map to an exact
    /// type (every integer type is `integer`).
    fn column_type(&self, reported: &str) -> (ColumnType, bool) {
        let (base, _, _) = split_type(reported);
        let ty = match base.as_str() {
            "integer" => ColumnType::Integer,
            "text" => ColumnType::Text,
            "float" => ColumnType::Float { precision: 24 },
            "double" => ColumnType::Double {
                precision_scale: None,
            },
            "tinyint" if reported.trim().eq_ignore_ascii_case("tinyint(1)") => ColumnType::Boolean,
            "date" => ColumnType::Date,
            "datetime" => ColumnType::DateTime { precision: 0 },
            "time" => ColumnType::Time { precision: 0 },
            "blob" => ColumnType::Binary,
            _ => ColumnType::Custom(match reported.to_lowercase().find(" check") {
                Some(at) => reported[..at].trim().to_lowercase(),
                None => reported.trim().to_lowercase(),
            }),
        };
        (ty, false)
    }

    /// A primary key column is nullable in SQLite unless declared `NOT NULL` (a legacy quirk).
    fn primary_key_is_not_null(&self) -> bool {
        false
    }

    fn keeps_foreign_key_names(&self) -> bool {
        false
    }
}

impl SqliteIntrospector {
    fn read_table(
        &self,
        conn: &mut dyn MigrationConnection,
        table: &str,
        create_sql: &str,
        original_sql: &str,
    ) -> Result<TableModel> {
        let mut model = TableModel::default();
        let columns = nullable_rows(
            conn,
            "select name, type, cast(\"notnull\" as text), dflt_value, cast(pk as text), \
             cast(hidden as text) from pragma_table_xinfo(?) order by cid",
            &[table],
        )?;
        let mut keyed: Vec<(i64, String)> = Vec::new();
        for row in &columns {
            let text = |i: usize| row[i].clone().unwrap_or_default();
            let (ty, unsigned) = self.column_type(&text(1));
            let pk: i64 = text(4).parse().unwrap_or(0);
            if pk > 0 {
                keyed.push((pk, text(0)));
            }
            // `hidden` 2 is a virtual generated column, 3 a stored one; the expression is
            // read from the table's `create table`.
            let expression = || {
                let sql =
                    crate::schema::grammar::sqlite_generated_expression(original_sql, &text(0));
                GeneratedExpression::Sql(sql.unwrap_or_default())
            };
            let generation = match text(5).as_str() {
                "2" => Some(Generation::Virtual(expression())),
                "3" => Some(Generation::Stored(expression())),
                _ => None,
            };
            model.columns.push(ColumnModel {
                name: text(0),
                ty,
                nullable: text(2) == "0",
                default: row[3].as_deref().and_then(|d| self.default_value(d)),
                auto_increment: false,
                unsigned,
                invisible: false,
                generation,
                starting_value: None,
            });
        }
        keyed.sort();
        model.primary_key = keyed.into_iter().map(|(_, name)| name).collect();
        // Only an `integer primary key` declared `autoincrement` counts: SQLite allows the
        // keyword nowhere else.
        if let [key] = model.primary_key.as_slice() {
            if create_sql.contains("autoincrement") {
                if let Some(column) = model.columns.iter_mut().find(|c| &c.name == key) {
                    column.auto_increment = column.ty == ColumnType::Integer;
                }
            }
        }
        let indexes = rows(
            conn,
            "select name, cast(\"unique\" as text) from pragma_index_list(?) where origin <> 'pk'",
            &[table],
        )?;
        for index in indexes {
            let columns = rows(
                conn,
                "select coalesce(name, '') from pragma_index_info(?) order by seqno",
                &[&index[0]],
            )?;
            let columns: Vec<String> = columns.into_iter().map(|c| c[0].clone()).collect();
            // An index over an expression has no column name: the expression is read from
            // the statement SQLite keeps, as it was written.
            if columns.iter().any(String::is_empty) {
                let sql = rows(
                    conn,
                    "select coalesce(sql, '') from sqlite_master where type = 'index' and name = ?",
                    &[&index[0]],
                )?;
                let mut model_index = IndexModel::new(IndexKind::Index, vec![]);
                model_index.options.expression =
                    sql.first().and_then(|row| indexed_expression(&row[0]));
                model.indexes.insert(index[0].clone(), model_index);
                continue;
            }
            model.indexes.insert(
                index[0].clone(),
                IndexModel::new(
                    if index[1] == "1" {
                        IndexKind::Unique
                    } else {
                        IndexKind::Index
                    },
                    columns,
                ),
            );
        }
        let foreign = nullable_rows(
            conn,
            "select cast(id as text), \"table\", \"from\", \"to\", on_update, on_delete \
             from pragma_foreign_key_list(?) order by id, seq",
            &[table],
        )?;
        let mut last = None;
        for row in foreign {
            let text = |i: usize| row[i].clone().unwrap_or_default();
            if last.as_ref() != Some(&text(0)) {
                model.foreign_keys.push(ForeignKeyModel {
                    name: String::new(),
                    columns: vec![],
                    on: text(1),
                    references: vec![],
                    on_delete: referential_action(&text(5)),
                    on_update: referential_action(&text(4)),
                    deferrable: Deferrable::NotDeferrable,
                });
                last = Some(text(0));
            }
            if let Some(foreign) = model.foreign_keys.last_mut() {
                foreign.columns.push(text(2));
                // Empty when the key references the parent's primary key implicitly;
                // `read` fills it in once every table is known.
                foreign.references.push(text(3));
            }
        }
        let deferrability = crate::schema::grammar::foreign_key_deferrability(create_sql);
        for foreign in &mut model.foreign_keys {
            let same = |columns: &Vec<String>| {
                columns.len() == foreign.columns.len()
                    && columns
                        .iter()
                        .zip(&foreign.columns)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            };
            if let Some((_, deferrable)) = deferrability.iter().find(|(c, _)| same(c)) {
                foreign.deferrable = *deferrable;
            }
        }
        Ok(model)
    }
}

/// What `create index "n" on "t" (<expression>)` indexes: from the first parenthesis after
/// ` on ` to the last one.
fn indexed_expression(sql: &str) -> Option<String> {
    let on = sql.to_lowercase().find(" on ")?;
    let open = on + sql[on..].find('(')?;
    let close = sql.rfind(')')?;
    (close > open).then(|| sql[open + 1..close].trim().to_owned())
}

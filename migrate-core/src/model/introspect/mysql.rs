//! MySQL and MariaDB: `information_schema` of the current database, types as `column_type`
//! spells them.

use super::{
    enum_values, nullable_rows, referential_action, rows, set_values, split_type, Introspector,
};
use crate::connection::MigrationConnection;
use crate::model::{ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel};
use crate::schema::{
    ColumnType, DefaultValue, Deferrable, GeneratedExpression, Generation, ReferentialAction, Value,
};
use crate::schema::{IndexAlgorithm, IndexKind};
use crate::Result;

pub(crate) struct MysqlIntrospector;

impl Introspector for MysqlIntrospector {
    fn read(&self, conn: &mut dyn MigrationConnection) -> Result<SchemaModel> {
        let version = rows(conn, "select cast(version() as char)", &[])?;
        let mariadb = version
            .first()
            .is_some_and(|v| v[0].to_lowercase().contains("mariadb"));
        let mut model = SchemaModel::default();
        let tables = rows(
            conn,
            "select cast(table_name as char) from information_schema.tables \
             where table_schema = database() and table_type = 'BASE TABLE' order by 1",
            &[],
        )?;
        for table in tables {
            let table = &table[0];
            model
                .tables
                .insert(table.clone(), self.read_table(conn, table, mariadb)?);
        }
        Ok(model)
    }

    fn column_type(&self, reported: &str) -> (ColumnType, bool) {
        if let Some(spatial) = crate::schema::spatial::parse(reported) {
            return (spatial, false);
        }
        if let Some(values) = enum_values(reported) {
            return (ColumnType::Enum(values), false);
        }
        if let Some(values) = set_values(reported) {
            return (ColumnType::Set(values), false);
        }
        let (base, params, _) = split_type(reported);
        let unsigned = reported.to_lowercase().contains("unsigned");
        let base = base.replace("unsigned", "");
        let base = base.trim();
        let ty = match (base, params.as_slice()) {
            ("varchar", [n]) => ColumnType::String(*n),
            ("char", [n]) => ColumnType::Char(*n),
            // MariaDB 10.7's native type.
            ("uuid", []) => ColumnType::NativeUuid,
            ("text", _) => ColumnType::Text,
            ("mediumtext", _) => ColumnType::MediumText,
            ("longtext", _) => ColumnType::LongText,
            ("tinyint", [1]) => ColumnType::Boolean,
            ("tinyint", _) => ColumnType::TinyInteger,
            ("smallint", _) => ColumnType::SmallInteger,
            ("mediumint", _) => ColumnType::MediumInteger,
            ("int" | "integer", _) => ColumnType::Integer,
            ("bigint", _) => ColumnType::BigInteger,
            // `float(p)` is `float` up to 24 binary digits, `double` beyond (the server
            // reports it so); `float(m, d)` is a deprecated type of its own.
            ("float", []) => ColumnType::Float { precision: 24 },
            ("float", [p]) if *p <= 24 => ColumnType::Float { precision: 24 },
            ("float", [_]) | ("double", []) => ColumnType::Double {
                precision_scale: None,
            },
            ("double", [p, s]) => ColumnType::Double {
                precision_scale: Some((*p, *s)),
            },
            ("decimal", [p, s]) => ColumnType::Decimal {
                precision: *p,
                scale: *s,
            },
            ("json", _) => ColumnType::Json,
            ("date", _) => ColumnType::Date,
            ("datetime", _) => ColumnType::DateTime {
                precision: fraction(&params),
            },
            ("time", _) => ColumnType::Time {
                precision: fraction(&params),
            },
            ("timestamp", _) => ColumnType::Timestamp {
                precision: fraction(&params),
            },
            ("blob", _) => ColumnType::Binary,
            ("year", _) => ColumnType::Year,
            _ => ColumnType::Custom(reported.trim().to_lowercase()),
        };
        let unsigned = unsigned && (ty.is_integer() || matches!(ty, ColumnType::Decimal { .. }));
        (ty, unsigned)
    }

    /// InnoDB treats `NO ACTION` as `RESTRICT`, its default.
    /// InnoDB builds a B-tree for a hash index too.
    fn is_default_index_algorithm(&self, algorithm: crate::schema::IndexAlgorithm) -> bool {
        use crate::schema::IndexAlgorithm;
        matches!(algorithm, IndexAlgorithm::Btree | IndexAlgorithm::Hash)
    }

    fn referential_action(&self, action: Option<ReferentialAction>) -> Option<ReferentialAction> {
        action.filter(|a| !matches!(a, ReferentialAction::NoAction | ReferentialAction::Restrict))
    }
}

/// Digits of fractional seconds: MySQL's default is none.
fn fraction(params: &[u32]) -> u32 {
    params.first().copied().unwrap_or(0)
}

impl MysqlIntrospector {
    fn read_table(
        &self,
        conn: &mut dyn MigrationConnection,
        table: &str,
        mariadb: bool,
    ) -> Result<TableModel> {
        let mut model = TableModel::default();
        let columns = nullable_rows(
            conn,
            "select cast(column_name as char), cast(column_type as char), \
             cast(is_nullable as char), cast(column_default as char), cast(extra as char), \
             cast(generation_expression as char) from information_schema.columns \
             where table_schema = database() and table_name = ? order by ordinal_position",
            &[table],
        )?;
        for row in columns {
            let text = |i: usize| row[i].clone().unwrap_or_default();
            let (ty, unsigned) = self.column_type(&text(1));
            let extra = text(4).to_lowercase();
            // `VIRTUAL GENERATED` / `STORED GENERATED` (MySQL 8, MariaDB 10.2).
            let expression = GeneratedExpression::Sql(text(5));
            let generation = if extra.contains("virtual generated") {
                Some(Generation::Virtual(expression))
            } else if extra.contains("stored generated") {
                Some(Generation::Stored(expression))
            } else {
                None
            };
            model.columns.push(ColumnModel {
                name: text(0),
                ty,
                nullable: text(2) == "YES",
                default: row[3]
                    .as_deref()
                    .filter(|_| generation.is_none())
                    .and_then(|d| self.reported_default(d, &extra, mariadb)),
                auto_increment: extra.contains("auto_increment"),
                unsigned,
                invisible: extra.contains("invisible"),
                generation,
                starting_value: None,
            });
        }
        read_srids(conn, table, &mut model, mariadb)?;
        let foreign = rows(
            conn,
            "select cast(k.constraint_name as char), cast(k.column_name as char), \
             cast(k.referenced_table_name as char), cast(k.referenced_column_name as char), \
             cast(c.delete_rule as char), cast(c.update_rule as char) \
             from information_schema.key_column_usage k \
             join information_schema.referential_constraints c \
             on c.constraint_schema = k.constraint_schema and c.constraint_name = k.constraint_name \
             and c.table_name = k.table_name \
             where k.table_schema = database() and k.table_name = ? \
             order by k.constraint_name, k.ordinal_position",
            &[table],
        )?;
        for row in foreign {
            if model.foreign_keys.last().map(|f| &f.name) != Some(&row[0]) {
                model.foreign_keys.push(ForeignKeyModel {
                    name: row[0].clone(),
                    columns: vec![],
                    on: row[2].clone(),
                    references: vec![],
                    on_delete: referential_action(&row[4]),
                    on_update: referential_action(&row[5]),
                    deferrable: Deferrable::NotDeferrable,
                });
            }
            if let Some(foreign) = model.foreign_keys.last_mut() {
                foreign.columns.push(row[1].clone());
                foreign.references.push(row[3].clone());
            }
        }
        let indexes = rows(
            conn,
            "select cast(index_name as char), cast(non_unique as char), cast(column_name as char), \
             cast(index_type as char) \
             from information_schema.statistics \
             where table_schema = database() and table_name = ? order by index_name, seq_in_index",
            &[table],
        )?;
        for row in indexes {
            if row[0] == "PRIMARY" {
                model.primary_key.push(row[2].clone());
                continue;
            }
            model
                .indexes
                .entry(row[0].clone())
                .or_insert_with(|| index_model(&row[1], &row[3]))
                .columns
                .push(row[2].clone());
        }
        // InnoDB adds an index named after a foreign key that no index covers: not the user's.
        let implicit: Vec<String> = model
            .indexes
            .iter()
            .filter(|(name, index)| {
                model
                    .foreign_keys
                    .iter()
                    .any(|f| &f.name == *name && f.columns == index.columns)
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in implicit {
            model.indexes.remove(&name);
        }
        Ok(model)
    }

    /// MariaDB quotes string defaults and says `NULL` for none; MySQL gives strings bare and
    /// marks expressions `DEFAULT_GENERATED`.
    fn reported_default(&self, reported: &str, extra: &str, mariadb: bool) -> Option<DefaultValue> {
        if mariadb || extra.contains("default_generated") {
            return self.default_value(reported);
        }
        match self.default_value(reported) {
            Some(DefaultValue::Value(value)) if !matches!(value, Value::Text(_)) => {
                Some(DefaultValue::Value(value))
            }
            _ => Some(DefaultValue::Value(Value::Text(reported.to_owned()))),
        }
    }
}

/// An index from `non_unique` and `index_type` as `information_schema.statistics` reports
/// them: `FULLTEXT`, `SPATIAL`, or a B-tree or hash index (InnoDB reports its B-tree for a
/// hash index asked for, and normalization says so too).
fn index_model(non_unique: &str, index_type: &str) -> IndexModel {
    let kind = match index_type {
        "FULLTEXT" => IndexKind::Fulltext,
        "SPATIAL" => IndexKind::Spatial,
        _ if non_unique == "0" => IndexKind::Unique,
        _ => IndexKind::Index,
    };
    let mut index = IndexModel::new(kind, vec![]);
    if index_type == "HASH" {
        index.options.algorithm = Some(IndexAlgorithm::Hash);
    }
    index
}

/// The SRID of each spatial column, which the column's type does not show: MariaDB's
/// `geometry_columns`, MySQL's `st_geometry_columns` (none said: 0).
fn read_srids(
    conn: &mut dyn MigrationConnection,
    table: &str,
    model: &mut TableModel,
    mariadb: bool,
) -> Result<()> {
    let spatial = |ty: &ColumnType| matches!(ty, ColumnType::Geometry { .. });
    if !model.columns.iter().any(|c| spatial(&c.ty)) {
        return Ok(());
    }
    let sql = if mariadb {
        "select cast(g_geometry_column as char), cast(srid as char) \
         from information_schema.geometry_columns \
         where g_table_schema = database() and g_table_name = ?"
    } else {
        "select cast(column_name as char), cast(coalesce(srs_id, 0) as char) \
         from information_schema.st_geometry_columns \
         where table_schema = database() and table_name = ?"
    };
    for row in rows(conn, sql, &[table])? {
        let column = model.columns.iter_mut().find(|c| c.name == row[0]);
        if let Some(ColumnType::Geometry { srid, .. }) = column.map(|c| &mut c.ty) {
            *srid = row[1].parse().unwrap_or(0);
        }
    }
    Ok(())
}

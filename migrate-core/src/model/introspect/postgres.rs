//! PostgreSQL: the catalog of the current schema (`pg_class`, `pg_attribute`, `pg_index`,
//! `pg_constraint`), types as `format_type` spells them.

use super::{nullable_rows, rows, split_type, Introspector};
use crate::connection::MigrationConnection;
use crate::model::{ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel};
use crate::schema::{
    ColumnType, Deferrable, GeneratedExpression, Generation, Identity, IndexAlgorithm, IndexKind,
    ReferentialAction,
};
use crate::Result;

pub(crate) struct PostgresIntrospector;

const TABLE: &str = "(select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace \
                     where n.nspname = current_schema() and c.relname = $1)";

/// The names of an array of attribute numbers, in order, comma-separated.
fn attribute_names(keys: &str, relation: &str) -> String {
    format!(
        "array_to_string(array(select a.attname from unnest({keys}) with ordinality k(num, ord) \
         join pg_attribute a on a.attrelid = {relation} and a.attnum = k.num order by k.ord), ',')"
    )
}

fn split_names(names: &str) -> Vec<String> {
    names
        .split(',')
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

fn action(code: &str) -> Option<ReferentialAction> {
    match code {
        "c" => Some(ReferentialAction::Cascade),
        "n" => Some(ReferentialAction::SetNull),
        "d" => Some(ReferentialAction::SetDefault),
        "r" => Some(ReferentialAction::Restrict),
        _ => None,
    }
}

impl Introspector for PostgresIntrospector {
    fn read(&self, conn: &mut dyn MigrationConnection) -> Result<SchemaModel> {
        let mut model = SchemaModel::default();
        let tables = rows(
            conn,
            "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace \
             where n.nspname = current_schema() and c.relkind in ('r', 'p') order by 1",
            &[],
        )?;
        for table in tables {
            let table = &table[0];
            model
                .tables
                .insert(table.clone(), self.read_table(conn, table)?);
        }
        Ok(model)
    }

    fn column_type(&self, reported: &str) -> (ColumnType, bool) {
        if let Some(spatial) = crate::schema::spatial::parse(reported) {
            return (spatial, false);
        }
        let (base, params, rest) = split_type(reported);
        let with_time_zone = rest.starts_with("with time zone") || base.ends_with("tz");
        let ty = match (base.as_str(), params.as_slice()) {
            ("character varying" | "varchar", [n]) => ColumnType::String(*n),
            ("character" | "char" | "bpchar", [n]) => ColumnType::Char(*n),
            ("text", _) => ColumnType::Text,
            ("smallint" | "int2" | "smallserial", _) => ColumnType::SmallInteger,
            ("integer" | "int" | "int4" | "serial", _) => ColumnType::Integer,
            ("bigint" | "int8" | "bigserial", _) => ColumnType::BigInteger,
            // `float(p)` is `real` up to 24 binary digits, `double precision` beyond.
            ("real" | "float4", _) => ColumnType::Float { precision: 24 },
            ("float", [p]) if *p <= 24 => ColumnType::Float { precision: 24 },
            ("double precision" | "float8" | "float", _) => ColumnType::Double {
                precision_scale: None,
            },
            ("numeric" | "decimal", [p, s]) => ColumnType::Decimal {
                precision: *p,
                scale: *s,
            },
            ("boolean" | "bool", _) => ColumnType::Boolean,
            ("json", _) => ColumnType::Json,
            ("jsonb", _) => ColumnType::Jsonb,
            ("date", _) => ColumnType::Date,
            // Without a precision, PostgreSQL keeps microseconds.
            ("timestamp" | "timestamptz", _) if with_time_zone => ColumnType::TimestampTz {
                precision: params.first().copied().unwrap_or(6),
            },
            ("timestamp", _) => ColumnType::Timestamp {
                precision: params.first().copied().unwrap_or(6),
            },
            ("time", _) if rest.is_empty() || rest.starts_with("without") => ColumnType::Time {
                precision: params.first().copied().unwrap_or(6),
            },
            ("time" | "timetz", _) if with_time_zone => ColumnType::TimeTz {
                precision: params.first().copied().unwrap_or(6),
            },
            ("bytea", _) => ColumnType::Binary,
            ("uuid", _) => ColumnType::Uuid,
            ("inet", _) => ColumnType::IpAddress,
            ("macaddr", _) => ColumnType::MacAddress,
            ("tsvector", _) => ColumnType::TsVector,
            ("vector", [n]) => ColumnType::Vector { dimensions: *n },
            _ => ColumnType::Custom(reported.trim().to_lowercase()),
        };
        (ty, false)
    }
}

/// A stored generated column (`attgenerated` `s`, its expression where defaults are) or an
/// identity (`attidentity` `a` always, `d` by default; its sequence's start and step as
/// `start,step`, the defaults 1 and 1 read as none).
fn generation(
    generated: &str,
    identity: &str,
    sequence: &str,
    expression: Option<&str>,
) -> Option<Generation> {
    if generated == "s" {
        let expression = expression.unwrap_or_default().to_owned();
        return Some(Generation::Stored(GeneratedExpression::Sql(expression)));
    }
    if identity.is_empty() {
        return None;
    }
    let (start, step) = sequence.split_once(',').unwrap_or(("1", "1"));
    let (start, step): (i64, i64) = (start.parse().unwrap_or(1), step.parse().unwrap_or(1));
    Some(Generation::Identity(Identity {
        always: identity == "a",
        start_with: (start != 1).then_some(start),
        increment_by: (step != 1).then_some(step),
    }))
}

impl PostgresIntrospector {
    fn read_table(&self, conn: &mut dyn MigrationConnection, table: &str) -> Result<TableModel> {
        let mut model = TableModel::default();
        let columns = nullable_rows(
            conn,
            &format!(
                "select a.attname::text, format_type(a.atttypid, a.atttypmod), \
                 (not a.attnotnull)::text, pg_get_expr(d.adbin, d.adrelid), \
                 (a.attidentity <> '')::text, a.attgenerated::text, a.attidentity::text, \
                 (select q.seqstart::text || ',' || q.seqincrement::text from pg_sequence q \
                 where a.attidentity <> '' and q.seqrelid = \
                 pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)::regclass) \
                 from pg_attribute a \
                 left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum \
                 where a.attrelid = {TABLE} and a.attnum > 0 and not a.attisdropped \
                 order by a.attnum"
            ),
            &[table],
        )?;
        for row in columns {
            let text = |i: usize| row[i].clone().unwrap_or_default();
            let (ty, unsigned) = self.column_type(&text(1));
            // A serial column's default draws from its sequence: that is auto-increment.
            let serial = row[3].as_deref().is_some_and(|d| d.starts_with("nextval("));
            let generation = generation(&text(5), &text(6), &text(7), row[3].as_deref());
            model.columns.push(ColumnModel {
                name: text(0),
                ty,
                nullable: text(2) == "true",
                default: match &row[3] {
                    Some(default) if !serial && generation.is_none() => self.default_value(default),
                    _ => None,
                },
                auto_increment: serial || text(4) == "true",
                unsigned,
                invisible: false,
                generation,
                starting_value: None,
            });
        }
        let indexes = rows(
            conn,
            &format!(
                "select i.relname::text, ix.indisunique::text, ix.indisprimary::text, {}, \
                 am.amname::text, coalesce(pg_get_expr(ix.indexprs, ix.indrelid), ''), \
                 coalesce(to_jsonb(ix) ->> 'indnullsnotdistinct', 'false') \
                 from pg_index ix join pg_class i on i.oid = ix.indexrelid \
                 join pg_am am on am.oid = i.relam \
                 where ix.indrelid = {TABLE} order by 1",
                attribute_names("ix.indkey", "ix.indrelid")
            ),
            &[table],
        )?;
        for row in indexes {
            if row[2] == "true" {
                model.primary_key = split_names(&row[3]);
            } else {
                let index = index_model(&model, &row[1..]);
                model.indexes.insert(row[0].clone(), index);
            }
        }
        // Auto-increment means the table's key, as the grammar writes it.
        let key = model.primary_key.clone();
        for column in &mut model.columns {
            column.auto_increment &= key == [column.name.clone()];
        }
        let foreign = rows(
            conn,
            &format!(
                "select con.conname::text, f.relname::text, {}, {}, \
                 con.confdeltype::text, con.confupdtype::text, \
                 con.condeferrable::text, con.condeferred::text \
                 from pg_constraint con join pg_class f on f.oid = con.confrelid \
                 where con.contype = 'f' and con.conrelid = {TABLE} order by 1",
                attribute_names("con.conkey", "con.conrelid"),
                attribute_names("con.confkey", "con.confrelid")
            ),
            &[table],
        )?;
        for row in foreign {
            model.foreign_keys.push(ForeignKeyModel {
                name: row[0].clone(),
                on: row[1].clone(),
                columns: split_names(&row[2]),
                references: split_names(&row[3]),
                on_delete: action(&row[4]),
                on_update: action(&row[5]),
                deferrable: match (row[6].as_str(), row[7].as_str()) {
                    ("true", "true") => Deferrable::InitiallyDeferred,
                    ("true", _) => Deferrable::InitiallyImmediate,
                    _ => Deferrable::NotDeferrable,
                },
            });
        }
        Ok(model)
    }
}

/// An index from its row (unique, primary, columns, access method, expression, nulls not
/// distinct): a GIN index over `to_tsvector` is full-text, a GiST index over geometry or
/// geography spatial; a B-tree (the default) has no access method to say.
fn index_model(table: &TableModel, row: &[String]) -> IndexModel {
    let (method, expression) = (row[3].as_str(), row[4].as_str());
    let columns = split_names(&row[2]);
    let spatial = method == "gist"
        && !columns.is_empty()
        && columns.iter().all(|c| {
            table
                .column(c)
                .is_some_and(|c| crate::schema::grammar::is_spatial_type(&c.ty))
        });
    let mut index = IndexModel::new(IndexKind::Index, columns);
    if method == "gin" && expression.contains("to_tsvector(") {
        index.kind = IndexKind::Fulltext;
        let (language, columns) = fulltext_parts(expression);
        index.columns = columns;
        index.options.language = (language != "english").then_some(language);
        return index;
    }
    if spatial {
        index.kind = IndexKind::Spatial;
        return index;
    }
    if method == "hnsw" {
        index.kind = IndexKind::Vector;
        return index;
    }
    if row[0] == "true" {
        index.kind = IndexKind::Unique;
    }
    index.options.algorithm =
        IndexAlgorithm::from_name(method).filter(|a| *a != IndexAlgorithm::Btree);
    index.options.expression = (!expression.is_empty()).then(|| expression.to_owned());
    index.options.nulls_not_distinct = row[5] == "true";
    index
}

/// The language and columns of a full-text index's expression, as PostgreSQL prints it:
/// `(to_tsvector('english'::regconfig, (title)::text) || to_tsvector('english'::regconfig, body))`.
fn fulltext_parts(expression: &str) -> (String, Vec<String>) {
    let mut language = String::from("english");
    let mut columns = Vec::new();
    for call in expression.split("to_tsvector(").skip(1) {
        if let Some(quoted) = call.strip_prefix('\'') {
            if let Some(end) = quoted.find('\'') {
                language = quoted[..end].to_owned();
            }
        }
        let Some(comma) = call.find(", ") else {
            continue;
        };
        let mut depth = 0usize;
        let argument: String = call[comma + 2..]
            .chars()
            .take_while(|c| match c {
                '(' => {
                    depth += 1;
                    true
                }
                ')' if depth == 0 => false,
                ')' => {
                    depth -= 1;
                    true
                }
                _ => true,
            })
            .collect();
        let name = argument.split("::").next().unwrap_or_default();
        columns.push(
            name.trim_matches(|c| c == '(' || c == ')' || c == '"')
                .to_owned(),
        );
    }
    (language, columns)
}

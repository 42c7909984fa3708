//! diesel's `schema.rs` for a model: `table!`, `joinable!` and
//! `allow_tables_to_appear_in_same_query!`, as `diesel print-schema` prints them for a
//! database that has the schema — its SQL type mapping per dialect (applied to the types that
//! database reports, see [`SchemaModel::normalized`]), its ordering and its layout.

use std::fmt::Write;

use super::{ColumnModel, SchemaModel, TableModel};
use crate::schema::{ColumnType, Dialect, Generation};
use crate::{Error, Result};

/// The first line: `@generated` (which tools and reviewers recognize), by what.
const HEADER: &str = "// @generated automatically by migrate (`cargo migrate schema --diesel`).\n";

/// rustfmt's default line width, which diesel formats its output with.
const MAX_WIDTH: usize = 100;

impl SchemaModel {
    /// diesel's `schema.rs` for this schema, as `diesel print-schema` prints it for a
    /// `dialect` database that has it: tables in name order with their columns in table
    /// order, `joinable!` for each single-column foreign key to a single-column primary key
    /// (none where two tables are linked twice), and every table in one
    /// `allow_tables_to_appear_in_same_query!`.
    ///
    /// Only the first line differs: it says that migrate generated the file, not Diesel CLI.
    /// Tables without a primary key are left out, as diesel does. Opaque tables and types
    /// diesel would need custom SQL types for (MySQL enumerations, for instance) are
    /// reported: the first as comments after the header, the second as an error.
    ///
    /// ```
    /// use migrate_core::model::SchemaModel;
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::create("users");
    /// t.increments("id");
    /// t.string("email", 255);
    /// let model = SchemaModel::from_blueprints([t]).unwrap();
    /// assert_eq!(
    ///     model.to_diesel(Dialect::Postgres).unwrap(),
    ///     "// @generated automatically by migrate (`cargo migrate schema --diesel`).\n\n\
    ///      diesel::table! {\n    users (id) {\n        id -> Int4,\n        \
    ///      #[max_length = 255]\n        email -> Varchar,\n    }\n}\n"
    /// );
    /// ```
    pub fn to_diesel(&self, dialect: Dialect) -> Result<String> {
        let model = self.normalized(dialect)?;
        let mut out = String::from(HEADER);
        for note in model.opacity_notes() {
            let _ = writeln!(out, "// note: {note}");
        }
        out.push('\n');
        let tables: Vec<(&String, &TableModel)> = model
            .tables
            .iter()
            .filter(|(_, t)| !t.primary_key.is_empty())
            .collect();
        for (i, (name, table)) in tables.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            write_table(&mut out, dialect, name, table)?;
        }
        let joinables = joinables(&tables);
        if !joinables.is_empty() {
            out.push('\n');
        }
        for (child, parent, column) in &joinables {
            let _ = writeln!(
                out,
                "diesel::joinable!({} -> {} ({}));",
                rust_name(child),
                rust_name(parent),
                rust_name(column)
            );
        }
        if tables.len() >= 2 {
            let names: Vec<String> = tables.iter().map(|(n, _)| rust_name(n)).collect();
            let one_line = format!(
                "diesel::allow_tables_to_appear_in_same_query!({},);",
                names.join(", ")
            );
            out.push('\n');
            if one_line.len() <= MAX_WIDTH {
                out.push_str(&one_line);
                out.push('\n');
            } else {
                out.push_str("diesel::allow_tables_to_appear_in_same_query!(\n");
                for name in names {
                    let _ = writeln!(out, "    {name},");
                }
                out.push_str(");\n");
            }
        }
        Ok(out)
    }
}

fn write_table(out: &mut String, dialect: Dialect, name: &str, table: &TableModel) -> Result<()> {
    out.push_str("diesel::table! {\n");
    if rust_name(name) != name {
        let _ = writeln!(out, "    #[sql_name = {}]", rust_string(name));
    }
    let keys: Vec<String> = table.primary_key.iter().map(|k| rust_name(k)).collect();
    let _ = writeln!(out, "    {} ({}) {{", rust_name(name), keys.join(", "));
    for column in &table.columns {
        let sql_type = sql_type(dialect, column).map_err(|why| Error::Unsupported {
            dialect: dialect.name(),
            operation: format!(
                "generating diesel's schema for column `{name}.{}`: {why}",
                column.name
            ),
        })?;
        if let Some(note) = read_only_note(column) {
            let _ = writeln!(out, "        /// {note}");
        }
        if rust_name(&column.name) != column.name {
            let _ = writeln!(out, "        #[sql_name = {}]", rust_string(&column.name));
        }
        if let Some(length) = sql_type.max_length {
            let _ = writeln!(out, "        #[max_length = {length}]");
        }
        let mut ty = sql_type.name;
        if sql_type.unsigned {
            ty = format!("Unsigned<{ty}>");
        }
        if column.nullable {
            ty = format!("Nullable<{ty}>");
        }
        let _ = writeln!(out, "        {} -> {ty},", rust_name(&column.name));
    }
    out.push_str("    }\n}\n");
    Ok(())
}

/// Why a column cannot be written, for a doc comment in `table!`: diesel has no read-only
/// columns, so an `Insertable` or `AsChangeset` struct must leave it out.
fn read_only_note(column: &ColumnModel) -> Option<&'static str> {
    Some(match column.generation.as_ref()? {
        Generation::Virtual(_) => {
            "Computed by the database (virtual): leave it out of inserts and updates."
        }
        Generation::Stored(_) => {
            "Computed by the database (stored): leave it out of inserts and updates."
        }
        Generation::Identity(identity) if identity.always => {
            "An identity generated always: leave it out of inserts and updates."
        }
        _ => return None,
    })
}

/// The diesel SQL type of a column.
struct SqlType {
    name: String,
    max_length: Option<u32>,
    unsigned: bool,
}

impl SqlType {
    fn plain(name: &str) -> Self {
        SqlType {
            name: name.to_owned(),
            max_length: None,
            unsigned: false,
        }
    }
}

/// diesel_cli's type inference for `dialect`, applied to the type the database reports.
fn sql_type(dialect: Dialect, column: &ColumnModel) -> std::result::Result<SqlType, String> {
    let reported = dialect
        .grammar()
        .type_sql(&column.definition())
        .map_err(|e| e.to_string())?
        .to_lowercase();
    let reported = match reported.find(" check") {
        Some(at) => reported[..at].to_owned(),
        None => reported,
    };
    match dialect {
        Dialect::Sqlite => sqlite_type(&reported).map(SqlType::plain),
        Dialect::Postgres => postgres_type(column),
        Dialect::Mysql => mysql_type(&reported, column),
    }
}

/// diesel's SQLite rules: by substrings of the declared type name, in this order.
fn sqlite_type(name: &str) -> std::result::Result<&'static str, String> {
    let has = |s: &str| name.contains(s);
    Ok(if name == "boolean" || has("tiny") && has("int") {
        "Bool"
    } else if name == "int2" || has("small") && has("int") {
        "SmallInt"
    } else if name == "int8" || has("big") && has("int") {
        "BigInt"
    } else if has("int") {
        "Integer"
    } else if has("char") || has("clob") || has("text") {
        "Text"
    } else if has("blob") || has("binary") || name.is_empty() {
        "Binary"
    } else if has("float") || has("real") {
        "Float"
    } else if has("double") || has("num") || has("dec") {
        "Double"
    } else if name == "datetime" || name == "timestamp" {
        "Timestamp"
    } else if name == "date" {
        "Date"
    } else if name == "time" {
        "Time"
    } else {
        return Err(format!("diesel does not support the SQLite type `{name}`"));
    })
}

/// diesel's PostgreSQL rule: the type's internal name (`udt_name`), capitalized, with the
/// length of `varchar` and `char` columns.
fn postgres_type(column: &ColumnModel) -> std::result::Result<SqlType, String> {
    let (udt, max_length) = match &column.ty {
        ColumnType::String(n) => ("varchar", Some(*n)),
        ColumnType::Char(n) => ("bpchar", Some(*n)),
        ColumnType::Text => ("text", None),
        ColumnType::SmallInteger => ("int2", None),
        ColumnType::Integer => ("int4", None),
        ColumnType::BigInteger => ("int8", None),
        ColumnType::Float { precision: ..=24 } => ("float4", None),
        ColumnType::Float { .. } | ColumnType::Double { .. } => ("float8", None),
        ColumnType::Decimal { .. } => ("numeric", None),
        ColumnType::Boolean => ("bool", None),
        ColumnType::Json => ("json", None),
        ColumnType::Jsonb => ("jsonb", None),
        ColumnType::Date => ("date", None),
        ColumnType::Timestamp { .. } => ("timestamp", None),
        ColumnType::TimestampTz { .. } => ("timestamptz", None),
        ColumnType::Time { .. } => ("time", None),
        ColumnType::Binary => ("bytea", None),
        ColumnType::Uuid => ("uuid", None),
        ColumnType::IpAddress => ("inet", None),
        ColumnType::MacAddress => ("macaddr", None),
        ColumnType::TsVector => ("tsvector", None),
        ColumnType::NativeUuid => ("uuid", None),
        other => return Err(format!("no diesel type is known for {other:?}")),
    };
    Ok(SqlType {
        name: capitalized(udt),
        max_length,
        unsigned: false,
    })
}

/// diesel's MySQL rules: `tinyint(1)` is `Bool`, `int...` is `Integer`, else the name before
/// `(`, `unsigned` apart, capitalized; the length of `varchar` and `char` columns. Other types
/// make diesel generate custom SQL types, which this does not.
fn mysql_type(reported: &str, column: &ColumnModel) -> std::result::Result<SqlType, String> {
    let unsigned = reported.contains("unsigned");
    let name = if reported == "tinyint(1)" {
        "bool".to_owned()
    } else if reported.starts_with("int") {
        "integer".to_owned()
    } else {
        let base = reported.split('(').next().unwrap_or(reported);
        base.replace("unsigned", "").trim().to_owned()
    };
    const DIESEL_TYPES: &[&str] = &[
        "bool",
        "integer",
        "smallint",
        "bigint",
        "tinyint",
        "text",
        "double",
        "float",
        "decimal",
        "timestamp",
        "date",
        "time",
        "datetime",
        "json",
        "varchar",
        "char",
        "tinytext",
        "mediumtext",
        "longtext",
        "tinyblob",
        "blob",
        "mediumblob",
        "longblob",
        "varbinary",
        "binary",
        "bit",
    ];
    if !DIESEL_TYPES.contains(&name.as_str()) {
        return Err(format!(
            "`{reported}` needs a custom diesel SQL type, which is not generated"
        ));
    }
    let max_length = match column.ty {
        ColumnType::String(n) | ColumnType::Char(n) => Some(n),
        _ => None,
    };
    Ok(SqlType {
        name: capitalized(&name),
        max_length,
        unsigned,
    })
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// diesel's Rust name for an SQL name: a keyword gets a trailing `_`, other characters that
/// cannot be in an identifier become `_`.
fn rust_name(sql_name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
        "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];
    if KEYWORDS.contains(&sql_name) {
        return format!("{sql_name}_");
    }
    sql_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A Rust string literal of `text`: raw when it holds quotes.
fn rust_string(text: &str) -> String {
    if text.contains('"') {
        let hashes = "#".repeat(text.matches('#').count() + 1);
        format!("r{hashes}\"{text}\"{hashes}")
    } else {
        format!("\"{text}\"")
    }
}

/// `(child, parent, column)` of every foreign key diesel turns into `joinable!`, sorted.
fn joinables(tables: &[(&String, &TableModel)]) -> Vec<(String, String, String)> {
    let mut all: Vec<(String, String, Vec<String>, Vec<String>)> = Vec::new();
    for (name, table) in tables {
        for foreign in &table.foreign_keys {
            all.push((
                (*name).clone(),
                foreign.on.clone(),
                foreign.columns.clone(),
                foreign.references.clone(),
            ));
        }
    }
    all.sort();
    let pair = |a: &str, b: &str| {
        if a <= b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    };
    let linked_twice = |child: &str, parent: &str| {
        all.iter()
            .filter(|(c, p, _, _)| pair(c, p) == pair(child, parent))
            .count()
            > 1
    };
    all.iter()
        .filter(|(child, parent, columns, references)| {
            let parent_key = tables
                .iter()
                .find(|(n, _)| *n == parent)
                .map(|(_, t)| &t.primary_key);
            child != parent
                && columns.len() == 1
                && parent_key.is_some_and(|k| k.len() == 1 && references.first() == k.first())
                && !linked_twice(child, parent)
        })
        .map(|(child, parent, columns, _)| (child.clone(), parent.clone(), columns[0].clone()))
        .collect()
}

//! Reading a live database into a [`SchemaModel`], one module per dialect, and the
//! normalization that says what a dialect can tell apart.
//!
//! Every query goes through [`MigrationConnection::load_text`], so every selected column is
//! text (cast where the database has another type).
//!
//! # Normalization
//!
//! A database keeps less than a Blueprint says. [`SchemaModel::normalized`] projects a model
//! onto what introspecting `dialect` reads back, by rendering each column with the dialect's
//! grammar and parsing the result as introspection parses what the database reports:
//!
//! - **Types** become the dialect's own: SQLite keeps only its declared type names (every
//!   integer is `integer`, strings are `varchar` without length, decimals `numeric`, JSON
//!   `text`), PostgreSQL has no `tinyint`/`mediumint`, no unsigned and no date-time distinct
//!   from timestamp, and an enumeration is a `varchar(255)` with a CHECK; MySQL keeps
//!   `tinyint(1)` as boolean. Types without an exact [`ColumnType`] stay as the dialect
//!   spells them ([`ColumnType::Custom`]).
//! - **Defaults** become literals as the database stores them: booleans are `0`/`1` outside
//!   PostgreSQL, integral decimals are integers, `CURRENT_TIMESTAMP` is one spelling.
//! - **Generated columns** keep their kind (virtual, stored) and expression, a JSON path as
//!   the expression the grammar writes for it; expressions compare without case, spaces,
//!   identifier quotes or enclosing parentheses (`Generation::same_as`), as each database
//!   reformats them. Identity columns exist only on PostgreSQL (elsewhere an identity is the
//!   auto-increment it compiles to), an identity's starting value is its `start with`, and
//!   other starting values are not read back (the counter moves with every insert).
//! - **`use_current()`** on a date or year is today or this year, as the grammar writes it.
//! - **Unsigned** exists only on MySQL.
//! - **Primary key columns** are `NOT NULL` on PostgreSQL and MySQL.
//! - **Foreign keys**: SQLite keeps no constraint names; the default action (`NO ACTION`, and
//!   on MySQL `RESTRICT`, which InnoDB treats the same) reads as `None`; they are ordered by
//!   columns. MySQL's implicit index for a foreign key is not reported as an index.
//! - **Indexes**: a B-tree is no access method to report (the default everywhere), nor on
//!   MySQL a hash index (InnoDB builds a B-tree for it); a PostgreSQL full-text index in
//!   `english` has no language to report. A full-text index reads back as one (GIN over
//!   `to_tsvector` on PostgreSQL), a spatial one too (GiST over geometry or geography on
//!   PostgreSQL). An index over a raw expression keeps it as the database prints it (SQLite:
//!   as written; PostgreSQL reformats it); MySQL's functional or prefix parts read as columns.

mod mysql;
mod postgres;
mod sqlite;

use super::{ColumnModel, SchemaModel};
use crate::connection::MigrationConnection;
use crate::schema::{
    ColumnDefinition, ColumnType, DefaultValue, Dialect, ReferentialAction, Value,
};
use crate::{Error, Result};

/// Reads every table of the database `conn` is connected to (its current schema on
/// PostgreSQL) into a model: columns, types, nullability, defaults, auto-increment, primary
/// keys, indexes and foreign keys.
///
/// ```
/// # fn main() -> migrate_core::Result<()> {
/// use migrate_core::{introspect, AnyConnection, MigrationConnection};
///
/// let mut conn = AnyConnection::establish("sqlite://:memory:")?;
/// conn.batch_execute("create table t (id integer primary key autoincrement not null)").unwrap();
/// let model = introspect(&mut conn)?;
/// assert_eq!(model.tables["t"].primary_key, ["id"]);
/// # Ok(())
/// # }
/// ```
pub fn introspect(conn: &mut dyn MigrationConnection) -> Result<SchemaModel> {
    let introspector = introspector(conn.dialect());
    let mut model = introspector.read(conn)?;
    for table in model.tables.values_mut() {
        normalize_foreign_keys(introspector, table, true);
    }
    Ok(model)
}

/// Foreign keys as `introspector` reads them back: its spelling of the actions, its names
/// (unless `keep_names` and it keeps them), in a stable order.
fn normalize_foreign_keys(
    introspector: &dyn Introspector,
    table: &mut crate::model::TableModel,
    keep_names: bool,
) {
    for foreign in &mut table.foreign_keys {
        if !(keep_names || introspector.keeps_foreign_key_names()) {
            foreign.name.clear();
        }
        foreign.on_delete = introspector.referential_action(foreign.on_delete);
        foreign.on_update = introspector.referential_action(foreign.on_update);
    }
    table
        .foreign_keys
        .sort_by(|a, b| (&a.columns, &a.on, &a.name).cmp(&(&b.columns, &b.on, &b.name)));
}

impl SchemaModel {
    /// This model as introspecting a `dialect` database that has it would read it back (see
    /// `model/introspect/mod.rs`, whose notes list each normalization): compare a replayed model
    /// with an introspected one through it.
    ///
    /// ```
    /// use migrate_core::model::SchemaModel;
    /// use migrate_core::schema::{Blueprint, ColumnType, Dialect};
    ///
    /// let mut t = Blueprint::create("users");
    /// t.big_increments("id");
    /// t.string("email", 255);
    /// let model = SchemaModel::from_blueprints([t]).unwrap().normalized(Dialect::Sqlite).unwrap();
    /// let users = &model.tables["users"];
    /// assert_eq!(users.columns[0].ty, ColumnType::Integer);
    /// assert_eq!(users.columns[1].ty, ColumnType::Custom("varchar".into()));
    /// ```
    pub fn normalized(&self, dialect: Dialect) -> Result<SchemaModel> {
        let introspector = introspector(dialect);
        let grammar = dialect.grammar();
        let mut model = self.clone();
        for table in model.tables.values_mut() {
            let primary_key = table.primary_key.clone();
            for column in &mut table.columns {
                let definition = column.definition();
                let (ty, unsigned) = introspector.column_type(&grammar.type_sql(&definition)?);
                column.ty = ty;
                column.unsigned = unsigned;
                column.default = match grammar.default_sql(&definition)? {
                    Some(sql) => introspector.default_value(&sql),
                    None => None,
                };
                column.generation =
                    crate::schema::grammar::generation_as_kept(grammar, &definition)?;
                column.starting_value = None;
                if introspector.primary_key_is_not_null() && primary_key.contains(&column.name) {
                    column.nullable = false;
                }
            }
            normalize_foreign_keys(introspector, table, false);
            for index in table.indexes.values_mut() {
                normalize_index(introspector, index);
            }
        }
        Ok(model)
    }
}

/// What a database reports of an index: its default method (see
/// [`Introspector::is_default_index_algorithm`]) is no method, and `english`, PostgreSQL's
/// default full-text language, no language.
fn normalize_index(introspector: &dyn Introspector, index: &mut super::IndexModel) {
    let options = &mut index.options;
    if options
        .algorithm
        .is_some_and(|algorithm| introspector.is_default_index_algorithm(algorithm))
    {
        options.algorithm = None;
    }
    if options.language.as_deref() == Some("english") {
        options.language = None;
    }
}

impl ColumnModel {
    /// The Blueprint column this model describes.
    pub(crate) fn definition(&self) -> ColumnDefinition {
        let mut definition = ColumnDefinition::new(self.name.clone(), self.ty.clone());
        definition.nullable = self.nullable;
        definition.default = self.default.clone();
        definition.unsigned = self.unsigned;
        definition.auto_increment = self.auto_increment;
        definition.invisible = self.invisible;
        definition.generation = self.generation.clone();
        definition.starting_value = self.starting_value;
        // `use_current()` on a date or year is today's date or year, not the time.
        let current = Some(DefaultValue::Raw("CURRENT_TIMESTAMP".to_owned()));
        if matches!(self.ty, ColumnType::Date | ColumnType::Year) && self.default == current {
            definition.default = None;
            definition.use_current = true;
        }
        definition
    }
}

/// How one dialect's database is read, and how it spells what it reports.
pub(crate) trait Introspector: Sync {
    /// Every table of the database.
    fn read(&self, conn: &mut dyn MigrationConnection) -> Result<SchemaModel>;

    /// The abstract type (and whether unsigned) of a type as the database reports it, or as
    /// the grammar writes it.
    fn column_type(&self, reported: &str) -> (ColumnType, bool);

    /// A default expression as the database reports it (or the grammar writes it).
    fn default_value(&self, reported: &str) -> Option<DefaultValue> {
        parse_default(reported)
    }

    /// Whether primary key columns are always `NOT NULL`.
    fn primary_key_is_not_null(&self) -> bool {
        true
    }

    /// Whether the database keeps foreign key constraint names.
    fn keeps_foreign_key_names(&self) -> bool {
        true
    }

    /// A referential action as read back: the default one is `None`.
    fn referential_action(&self, action: Option<ReferentialAction>) -> Option<ReferentialAction> {
        action.filter(|a| *a != ReferentialAction::NoAction)
    }

    /// Whether an index built with `algorithm` is what the database builds by default (the
    /// model then records no method): a B-tree everywhere.
    fn is_default_index_algorithm(&self, algorithm: crate::schema::IndexAlgorithm) -> bool {
        algorithm == crate::schema::IndexAlgorithm::Btree
    }
}

fn introspector(dialect: Dialect) -> &'static dyn Introspector {
    match dialect {
        Dialect::Sqlite => &sqlite::SqliteIntrospector,
        Dialect::Postgres => &postgres::PostgresIntrospector,
        Dialect::Mysql => &mysql::MysqlIntrospector,
    }
}

/// Runs an introspection query; every row's values as text.
pub(crate) fn rows(
    conn: &mut dyn MigrationConnection,
    sql: &str,
    binds: &[&str],
) -> Result<Vec<Vec<String>>> {
    let rows = conn
        .load_text(sql, binds)
        .map_err(|source| Error::Database {
            sql: sql.to_owned(),
            source,
        })?;
    Ok(rows
        .into_iter()
        .map(|row| row.0.into_iter().map(Option::unwrap_or_default).collect())
        .collect())
}

/// Like [`rows`], keeping `NULL` apart from the empty string.
pub(crate) fn nullable_rows(
    conn: &mut dyn MigrationConnection,
    sql: &str,
    binds: &[&str],
) -> Result<Vec<Vec<Option<String>>>> {
    let rows = conn
        .load_text(sql, binds)
        .map_err(|source| Error::Database {
            sql: sql.to_owned(),
            source,
        })?;
    Ok(rows.into_iter().map(|row| row.0).collect())
}

/// A type name split into its lowercase base, numeric parameters and what follows:
/// `decimal(8, 2) unsigned` → (`decimal`, [8, 2], `unsigned`). The text from ` check ` on
/// (an enumeration's constraint as the grammar writes it) is dropped.
pub(crate) fn split_type(reported: &str) -> (String, Vec<u32>, String) {
    let lowered = reported.trim().to_lowercase();
    let lowered = match lowered.find(" check") {
        Some(at) => lowered[..at].to_owned(),
        None => lowered,
    };
    match (lowered.find('('), lowered.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let params = lowered[open + 1..close]
                .split(',')
                .filter_map(|p| p.trim().parse().ok())
                .collect();
            let base = lowered[..open].trim().to_owned();
            let rest = lowered[close + 1..].trim().to_owned();
            (base, params, rest)
        }
        _ => (lowered, Vec::new(), String::new()),
    }
}

/// The values of `enum('a','b''c')`, if `reported` is one.
pub(crate) fn enum_values(reported: &str) -> Option<Vec<String>> {
    quoted_values(reported, "enum")
}

/// The values of a MySQL `set('a','b')` type as `column_type` reports it.
pub(crate) fn set_values(reported: &str) -> Option<Vec<String>> {
    quoted_values(reported, "set")
}

/// The quoted values of `keyword('a','b')`, any case.
fn quoted_values(reported: &str, keyword: &str) -> Option<Vec<String>> {
    let reported = reported.trim();
    let head = reported.get(..keyword.len() + 1)?;
    if !head.eq_ignore_ascii_case(&format!("{keyword}(")) {
        return None;
    }
    let inner = reported[keyword.len() + 1..].strip_suffix(')')?;
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == ',') {
            chars.next();
        }
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                '\\' => value.push(chars.next()?),
                c => value.push(c),
            }
        }
        values.push(value);
        if chars.peek().is_none() {
            return Some(values);
        }
    }
}

/// A default as SQL text → its value: quoted strings (a PostgreSQL `::type` cast dropped),
/// numbers (integral ones as integers), booleans, `NULL` (no default) and, for anything
/// else, the expression in one spelling (uppercase, `current_timestamp()` as
/// `CURRENT_TIMESTAMP`).
pub(crate) fn parse_default(reported: &str) -> Option<DefaultValue> {
    let mut text = reported.trim();
    while text.starts_with('(') && text.ends_with(')') && text.len() >= 2 {
        text = text[1..text.len() - 1].trim();
    }
    if text.eq_ignore_ascii_case("null") || text.is_empty() {
        return None;
    }
    if let Some(rest) = text.strip_prefix('\'') {
        // `'text'` or `'text'::type`: the literal ends at the last quote.
        if let Some(end) = rest.rfind('\'') {
            let literal = rest[..end].replace("''", "'");
            let cast = rest[end + 1..].trim().to_lowercase();
            let numeric = ["integer", "bigint", "smallint", "numeric", "real", "double"]
                .iter()
                .any(|t| cast.contains(t));
            if numeric {
                if let Some(number) = parse_number(&literal) {
                    return Some(DefaultValue::Value(number));
                }
            }
            return Some(DefaultValue::Value(Value::Text(literal)));
        }
    }
    if let Some(number) = parse_number(text) {
        return Some(DefaultValue::Value(number));
    }
    match text.to_lowercase().as_str() {
        "true" => return Some(DefaultValue::Value(Value::Bool(true))),
        "false" => return Some(DefaultValue::Value(Value::Bool(false))),
        _ => {}
    }
    let expression = text.to_uppercase();
    let expression = expression
        .strip_suffix("()")
        .unwrap_or(&expression)
        .to_owned();
    Some(DefaultValue::Raw(expression))
}

fn parse_number(text: &str) -> Option<Value> {
    if let Ok(int) = text.parse::<i64>() {
        return Some(Value::Int(int));
    }
    let float: f64 = text.parse().ok()?;
    if !float.is_finite() {
        return None;
    }
    if float.fract() == 0.0 && float.abs() < 9.0e15 {
        Some(Value::Int(float as i64))
    } else {
        Some(Value::Float(float))
    }
}

/// `CASCADE`, `set null`, ... → the action; unknown text and `NO ACTION` → `None`.
pub(crate) fn referential_action(text: &str) -> Option<ReferentialAction> {
    match text.trim().to_lowercase().as_str() {
        "cascade" => Some(ReferentialAction::Cascade),
        "set null" => Some(ReferentialAction::SetNull),
        "set default" => Some(ReferentialAction::SetDefault),
        "restrict" => Some(ReferentialAction::Restrict),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_split_into_base_parameters_and_rest() {
        assert_eq!(
            split_type("decimal(8, 2) unsigned"),
            ("decimal".into(), vec![8, 2], "unsigned".into())
        );
        assert_eq!(
            split_type("timestamp(0) without time zone"),
            ("timestamp".into(), vec![0], "without time zone".into())
        );
        assert_eq!(
            split_type(r#"varchar check ("s" in ('a'))"#),
            ("varchar".into(), vec![], "".into())
        );
    }

    #[test]
    fn defaults_parse_in_one_spelling() {
        let text = |s: &str| Some(DefaultValue::Value(Value::Text(s.into())));
        assert_eq!(parse_default("'draft'::character varying"), text("draft"));
        assert_eq!(parse_default("'it''s'"), text("it's"));
        assert_eq!(
            parse_default("0.00"),
            Some(DefaultValue::Value(Value::Int(0)))
        );
        assert_eq!(
            parse_default("current_timestamp()"),
            Some(DefaultValue::Raw("CURRENT_TIMESTAMP".into()))
        );
        assert_eq!(parse_default("NULL"), None);
        assert_eq!(
            enum_values("enum('a','b''c')"),
            Some(vec!["a".into(), "b'c".into()])
        );
    }
}

//! A model as migration files: builder code that recreates each table, in dependency order
//! (`cargo migrate generate --from-database`). Each file is one `change` function, so its
//! `down` is derived (dropping the table).
//!
//! The source is laid out as rustfmt lays it out: a chain longer than rustfmt's
//! `chain_width` (60) goes one call a line, an argument list longer than its `fn_call_width`
//! (60) one argument a line. Names and values are Rust string literals (`{:?}`), so quotes and
//! unicode survive.

use std::collections::BTreeMap;

use super::{ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel};
use crate::schema::{
    ColumnType, DefaultValue, Deferrable, GeneratedExpression, Generation, IndexKind,
    ReferentialAction, Value,
};

/// One generated migration: a name for its file (`create_users`) and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedMigration {
    /// The migration's name, snake_case ASCII, unique among those generated.
    pub name: String,
    /// The file's Rust source, rustfmt-clean.
    pub source: String,
}

/// rustfmt's default `chain_width` and `fn_call_width`.
const WIDTH: usize = 60;

impl SchemaModel {
    /// Migration files that recreate this schema from nothing: one per table, referenced
    /// tables first, and the foreign keys of a cycle in one last migration.
    ///
    /// ```
    /// use migrate_core::model::SchemaModel;
    /// use migrate_core::schema::Blueprint;
    ///
    /// let mut t = Blueprint::create("users");
    /// t.increments("id");
    /// t.string("email", 255).unique();
    /// let files = SchemaModel::from_blueprints([t]).unwrap().to_migrations();
    /// assert_eq!(files[0].name, "create_users");
    /// assert!(files[0].source.contains(r#"t.unique(["email"]).name("users_email_unique");"#));
    /// ```
    pub fn to_migrations(&self) -> Vec<GeneratedMigration> {
        let order = self.creation_order();
        let position: BTreeMap<&str, usize> =
            order.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut names = Names::default();
        let mut files = Vec::with_capacity(order.len() + 1);
        let mut deferred: Vec<(&str, &ForeignKeyModel)> = Vec::new();
        for (at, table) in order.iter().enumerate() {
            let model = &self.tables[*table];
            // A key to a table created later (a cycle) is added once both exist.
            let (now, later): (Vec<_>, Vec<_>) = model
                .foreign_keys
                .iter()
                .partition(|f| position.get(f.on.as_str()).is_none_or(|&other| other <= at));
            deferred.extend(later.into_iter().map(|f| (*table, f)));
            let body = create(table, model, &now);
            files.push(file(names.take(&format!("create_{table}")), &body));
        }
        if !deferred.is_empty() {
            let mut body = String::new();
            for (index, (table, foreign)) in deferred.iter().enumerate() {
                let last = index + 1 == deferred.len();
                body.push_str(&format!("    s.table({table:?}, |t| {{\n"));
                body.push_str(&statement(&foreign_calls(foreign)));
                body.push_str(if last { "    })\n" } else { "    })?;\n" });
            }
            files.push(file(names.take("add_foreign_keys"), &body));
        }
        files
    }
}

/// The body of a `change` that creates `table` with its columns, keys, indexes and `foreign`.
pub(super) fn create(table: &str, model: &TableModel, foreign: &[&ForeignKeyModel]) -> String {
    let mut body = format!("    s.create({table:?}, |t| {{\n");
    if model.temporary {
        body.push_str(&statement(&[call("temporary", [])]));
    }
    for column in &model.columns {
        body.push_str(&statement(&column_calls(column)));
    }
    let implied = model.primary_key.len() == 1
        && model
            .column(&model.primary_key[0])
            .is_some_and(|c| c.auto_increment);
    if !model.primary_key.is_empty() && !implied {
        body.push_str(&statement(&[call("primary", [list(&model.primary_key)])]));
    }
    for (name, index) in &model.indexes {
        body.push_str(&statement(&index_calls(name, index)));
    }
    for foreign in foreign {
        body.push_str(&statement(&foreign_calls(foreign)));
    }
    body.push_str("    })\n");
    body
}

/// A migration file whose `change` has `body`.
fn file(name: String, body: &str) -> GeneratedMigration {
    let source = format!(
        "use migrate_core::prelude::*;\n\n\
         /// Generated from a database; its `down` is derived.\n\
         #[migration]\n\
         fn change(s: &mut Schema) -> Result<()> {{\n{body}}}\n"
    );
    GeneratedMigration { name, source }
}

/// One method call: `name(args)`.
pub(super) struct Call {
    method: &'static str,
    args: Vec<String>,
}

pub(super) fn call<const N: usize>(method: &'static str, args: [String; N]) -> Call {
    Call {
        method,
        args: args.to_vec(),
    }
}

/// `["a", "b"]`.
pub(super) fn list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A statement `t.<calls>;` inside the create's closure (eight spaces in), laid out as
/// rustfmt does.
pub(super) fn statement(calls: &[Call]) -> String {
    let indent = "        ";
    let flat: Vec<String> = calls.iter().map(|c| render(c, indent)).collect();
    let one_line = format!("t.{}", flat.join("."));
    if calls.len() == 1 || (one_line.chars().count() <= WIDTH && !one_line.contains('\n')) {
        return format!("{indent}{one_line};\n");
    }
    let inner = format!("{indent}    ");
    let mut out = format!("{indent}t.{}", render(&calls[0], indent));
    for c in &calls[1..] {
        out.push_str(&format!("\n{inner}.{}", render(c, &inner)));
    }
    out.push_str(";\n");
    out
}

/// `method(args)`, its arguments one a line (at `indent` + 4) when they are too long.
fn render(call: &Call, indent: &str) -> String {
    let args = call.args.join(", ");
    if args.chars().count() <= WIDTH {
        return format!("{}({args})", call.method);
    }
    let mut out = format!("{}(\n", call.method);
    for arg in &call.args {
        out.push_str(&format!("{indent}    {arg},\n"));
    }
    out.push_str(&format!("{indent})"));
    out
}

/// The calls that declare `column`.
pub(super) fn column_calls(column: &ColumnModel) -> Vec<Call> {
    let name = format!("{:?}", column.name);
    let mut calls = vec![type_call(&column.ty, name)];
    if column.invisible {
        calls.push(call("invisible", []));
    }
    if column.unsigned {
        calls.push(call("unsigned", []));
    }
    if column.auto_increment {
        calls.push(call("auto_increment", []));
    }
    if column.nullable {
        calls.push(call("nullable", []));
    }
    match &column.default {
        Some(DefaultValue::Value(value)) => {
            if let Some(literal) = value_literal(value) {
                calls.push(call("default", [literal]));
            }
        }
        Some(DefaultValue::Raw(sql)) => calls.push(call("default_raw", [format!("{sql:?}")])),
        None => {}
    }
    calls.extend(generation_calls(column));
    calls
}

/// The calls that make `column` generated, an identity, or start its counter.
fn generation_calls(column: &ColumnModel) -> Vec<Call> {
    let mut calls = Vec::new();
    match &column.generation {
        Some(Generation::Virtual(GeneratedExpression::JsonPath(path))) => {
            calls.push(call("virtual_as_json", [format!("{path:?}")]));
        }
        Some(Generation::Stored(GeneratedExpression::JsonPath(path))) => {
            calls.push(call("stored_as_json", [format!("{path:?}")]));
        }
        Some(Generation::Virtual(expression)) => {
            calls.push(call("virtual_as", [format!("{:?}", expression.text())]));
        }
        Some(Generation::Stored(expression)) => {
            calls.push(call("stored_as", [format!("{:?}", expression.text())]));
        }
        Some(Generation::Identity(identity)) => {
            let mut options = String::from("Identity::new()");
            if let Some(start) = identity.start_with {
                options.push_str(&format!(".start_with({start})"));
            }
            if let Some(step) = identity.increment_by {
                options.push_str(&format!(".increment_by({step})"));
            }
            calls.push(call("generated_as_with", [options]));
            if identity.always {
                calls.push(call("always", []));
            }
        }
        None => {}
    }
    if let Some(value) = column.starting_value {
        calls.push(call("starting_value", [value.to_string()]));
    }
    calls
}

/// The Blueprint method that adds a column of type `ty` named `name` (a Rust literal).
fn type_call(ty: &ColumnType, name: String) -> Call {
    let with = |method, arg: u32| call(method, [name.clone(), arg.to_string()]);
    match ty {
        ColumnType::Char(n) => with("char", *n),
        ColumnType::String(n) => with("string", *n),
        ColumnType::Float { precision } => with("float_with", *precision),
        ColumnType::Double {
            precision_scale: Some((p, s)),
        } => call("double_with", [name, p.to_string(), s.to_string()]),
        ColumnType::Decimal { precision, scale } => {
            call("decimal", [name, precision.to_string(), scale.to_string()])
        }
        ColumnType::DateTime { precision } => with("datetime_with", *precision),
        ColumnType::DateTimeTz { precision } => with("datetime_tz_with", *precision),
        ColumnType::Time { precision } => with("time_with", *precision),
        ColumnType::TimeTz { precision } => with("time_tz_with", *precision),
        ColumnType::Timestamp { precision } => with("timestamp_with", *precision),
        ColumnType::TimestampTz { precision } => with("timestamp_tz_with", *precision),
        ColumnType::Enum(values) => call("enumeration", [name, list(values)]),
        ColumnType::Set(values) => call("set", [name, list(values)]),
        ColumnType::Custom(sql) => call("custom", [name, format!("{sql:?}")]),
        ColumnType::Vector { dimensions } => with("vector", *dimensions),
        ColumnType::Geometry { subtype, srid } | ColumnType::Geography { subtype, srid } => {
            let method = match ty {
                ColumnType::Geography { .. } => "geography",
                _ => "geometry",
            };
            let subtype = format!("::migrate_core::schema::GeometryType::{subtype:?}");
            call(method, [name, subtype, srid.to_string()])
        }
        other => call(simple_method(other), [name]),
    }
}

/// The method of a type without parameters.
fn simple_method(ty: &ColumnType) -> &'static str {
    match ty {
        ColumnType::Text => "text",
        ColumnType::MediumText => "medium_text",
        ColumnType::LongText => "long_text",
        ColumnType::TinyInteger => "tiny_integer",
        ColumnType::SmallInteger => "small_integer",
        ColumnType::MediumInteger => "medium_integer",
        ColumnType::Integer => "integer",
        ColumnType::BigInteger => "big_integer",
        ColumnType::Boolean => "boolean",
        ColumnType::Json => "json",
        ColumnType::Jsonb => "jsonb",
        ColumnType::Date => "date",
        ColumnType::Binary => "binary",
        ColumnType::Uuid => "uuid",
        ColumnType::IpAddress => "ip_address",
        ColumnType::MacAddress => "mac_address",
        ColumnType::TsVector => "tsvector",
        ColumnType::NativeUuid => "native_uuid",
        ColumnType::Year => "year",
        _ => "double",
    }
}

/// A literal default as Rust, typed so that `.default(..)` takes it.
fn value_literal(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Int(i) if i32::try_from(*i).is_ok() => i.to_string(),
        Value::Int(i) => format!("{i}i64"),
        Value::Float(f) => format!("{f:?}"),
        Value::Text(text) => format!("{text:?}"),
    })
}

/// The Blueprint calls that add `index` named `name`: `index([...]).name("n")`,
/// `fulltext([...]).name("n").language("french")`, `raw_index("expr", "n")`, ...
pub(super) fn index_calls(name: &str, index: &IndexModel) -> Vec<Call> {
    let options = &index.options;
    let mut calls = match &options.expression {
        Some(expression) => vec![call(
            "raw_index",
            [format!("{expression:?}"), format!("{name:?}")],
        )],
        None => {
            let method = match index.kind {
                IndexKind::Unique => "unique",
                IndexKind::Fulltext => "fulltext",
                IndexKind::Spatial => "spatial_index",
                IndexKind::Vector => "vector_index",
                IndexKind::Index | IndexKind::Primary => "index",
            };
            vec![
                call(method, [list(&index.columns)]),
                call("name", [format!("{name:?}")]),
            ]
        }
    };
    if let Some(algorithm) = options.algorithm {
        calls.push(call(
            "algorithm",
            [format!(
                "::migrate_core::schema::IndexAlgorithm::{algorithm:?}"
            )],
        ));
    }
    if let Some(language) = &options.language {
        calls.push(call("language", [format!("{language:?}")]));
    }
    if options.nulls_not_distinct {
        calls.push(call("nulls_not_distinct", []));
    }
    calls
}

/// The calls that declare `foreign`.
pub(super) fn foreign_calls(foreign: &ForeignKeyModel) -> Vec<Call> {
    let mut calls = vec![
        call("foreign", [list(&foreign.columns)]),
        call("references", [list(&foreign.references)]),
        call("on", [format!("{:?}", foreign.on)]),
    ];
    if !foreign.name.is_empty() {
        calls.push(call("name", [format!("{:?}", foreign.name)]));
    }
    for (method, action) in [
        ("on_delete", foreign.on_delete),
        ("on_update", foreign.on_update),
    ] {
        if let Some(action) = action {
            calls.push(call(
                method,
                [format!("ReferentialAction::{}", variant(action))],
            ));
        }
    }
    match foreign.deferrable {
        Deferrable::NotDeferrable => {}
        Deferrable::InitiallyImmediate => calls.push(call("deferrable", [])),
        Deferrable::InitiallyDeferred => calls.push(call("initially_deferred", [])),
    }
    calls
}

fn variant(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::Cascade => "Cascade",
        ReferentialAction::SetNull => "SetNull",
        ReferentialAction::SetDefault => "SetDefault",
        ReferentialAction::Restrict => "Restrict",
        ReferentialAction::NoAction => "NoAction",
    }
}

/// Migration names, each snake_case ASCII and used once.
#[derive(Default)]
struct Names {
    taken: Vec<String>,
}

impl Names {
    /// `wanted` as a migration name (`create_Ünïcode "x"` → `create_n_code_x`), unique.
    fn take(&mut self, wanted: &str) -> String {
        let mut name = String::new();
        for c in wanted.chars() {
            if c.is_ascii_alphanumeric() {
                name.push(c.to_ascii_lowercase());
            } else if !name.ends_with('_') && !name.is_empty() {
                name.push('_');
            }
        }
        let mut name = name.trim_end_matches('_').to_owned();
        if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            name.insert_str(0, "t_");
        }
        let base = name.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.push(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Blueprint;

    #[test]
    fn names_are_snake_case_and_unique() {
        let mut names = Names::default();
        assert_eq!(names.take("create_Users"), "create_users");
        assert_eq!(names.take("create_users"), "create_users_2");
        assert_eq!(names.take("create_naïve ☃ \"x\""), "create_na_ve_x");
        assert_eq!(names.take("9"), "t_9");
    }

    #[test]
    fn long_chains_go_one_call_a_line() {
        let mut posts = Blueprint::create("posts");
        posts.increments("id");
        posts.unsigned_integer("user_id");
        posts
            .foreign("user_id")
            .on("users")
            .on_delete(ReferentialAction::Cascade);
        let mut users = Blueprint::create("users");
        users.increments("id");
        let files = SchemaModel::from_blueprints([posts, users])
            .unwrap()
            .to_migrations();
        assert_eq!(files[0].name, "create_users");
        assert_eq!(
            files[1].source,
            r#"use migrate_core::prelude::*;

/// Generated from a database; its `down` is derived.
#[migration]
fn change(s: &mut Schema) -> Result<()> {
    s.create("posts", |t| {
        t.integer("id").unsigned().auto_increment();
        t.integer("user_id").unsigned();
        t.foreign(["user_id"])
            .references(["id"])
            .on("users")
            .name("posts_user_id_foreign")
            .on_delete(ReferentialAction::Cascade);
    })
}
"#
        );
    }
}

//! The rules a `schema!` input must follow, checked while resolving it into Blueprint calls.
//!
//! Every broken rule is reported at the offending tokens, all together. An item whose
//! type is unknown is not checked further, so one mistake gives one error.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{Error, Ident, Lit, LitFloat, LitInt, LitStr};

use super::ast::{
    AlterItem, Arg, ArgList, Call, Clause, ColumnDef, CreateItem, DropKind, Modifier, Name,
    Operation, Plan, SchemaInput, Statement,
};
use super::generated;
use super::limits;
use super::moments::{self, Moment};
use super::types::{self, did_you_mean, lookup, ColumnType, DefaultKind, Family, Params, TYPES};
use crate::errors::Errors;

mod helpers;
mod indexes;
mod online_ddl;
mod spatial;
/// The table-level clauses, as the "unknown clause" error lists them.
const CLAUSES: &[&str] = &[
    "timestamps",
    "timestamps_tz",
    "soft_deletes",
    "soft_deletes_tz",
    "index",
    "unique",
    "fulltext",
    "spatial_index",
    "vector_index",
    "raw_index",
    "primary",
    "foreign",
    "engine",
    "charset",
    "collation",
];

/// Resolves `input` into a plan, reporting every broken rule together with `errors`.
pub(crate) fn validate(input: SchemaInput, mut errors: Errors) -> syn::Result<Plan> {
    let mut operations = Vec::new();
    for statement in input.statements {
        let operation = match statement {
            Statement::Create {
                table,
                body,
                items,
                broken,
            } => {
                let table_lit = table_name(&table, &mut errors);
                let calls = create(&table, body, items, broken, &mut errors);
                Operation::Create {
                    table: table_lit,
                    calls,
                }
            }
            Statement::Alter {
                table,
                body,
                items,
                broken,
            } => {
                let table_lit = table_name(&table, &mut errors);
                let calls = alter(&table, body, items, broken, &mut errors);
                Operation::Alter {
                    table: table_lit,
                    calls,
                }
            }
            Statement::Drop { table, if_exists } => Operation::Drop {
                table: table_name(&table, &mut errors),
                if_exists,
            },
            Statement::Rename { from, to } => Operation::Rename {
                from: table_name(&from, &mut errors),
                to: table_name(&to, &mut errors),
            },
            Statement::Raw(sql) => {
                if sql.value().trim().is_empty() {
                    errors.push(Error::new(sql.span(), "`raw` needs some SQL"));
                }
                Operation::Raw(sql)
            }
        };
        operations.push(operation);
    }
    errors.finish()?;
    Ok(Plan {
        target: input.target,
        operations,
    })
}

/// A table name as a literal, or an error if it is empty.
fn table_name(name: &Name, errors: &mut Errors) -> LitStr {
    non_empty(name, "a table name", errors);
    name.lit()
}

fn non_empty(name: &Name, what: &str, errors: &mut Errors) {
    if name.value().is_empty() {
        errors.push(Error::new(name.span(), format!("{what} cannot be empty")));
    } else if matches!(name, Name::Ident(ident) if ident == "_") {
        errors.push(Error::new(
            name.span(),
            format!("`_` is not {what}: name it (or write \"_\" for a name that really is `_`)"),
        ));
    }
}

/// The state of one `create table` body, for the rules spanning several items.
#[derive(Default)]
struct Table {
    /// Whether the table is being created (`create table`) rather than altered.
    creating: bool,
    /// The columns declared so far.
    columns: HashMap<String, Span>,
    /// The auto-increment column, if any.
    auto_increment: Option<String>,
    /// Whether a primary key was declared (an auto-increment column is one).
    primary: bool,
    /// The columns named by keys and indexes, checked once every column is declared.
    references: Vec<(Name, String)>,
    /// The unique keys and indexes declared so far, to catch one declared twice.
    keys: Vec<Key>,
}

/// A `unique` or `index`, on a column or as a table clause.
struct Key {
    /// `unique` or `index`.
    kind: String,
    columns: Vec<String>,
    /// Whether it is a column's modifier rather than a table clause.
    on_column: bool,
}

impl Key {
    /// How the user wrote it, for messages.
    fn written(&self) -> String {
        if self.on_column {
            format!("`{}` on column `{}`", self.kind, self.columns.join(", "))
        } else {
            format!("`{}({})`", self.kind, self.columns.join(", "))
        }
    }
}

impl Table {
    fn declare(&mut self, name: &Name, table: &Name, errors: &mut Errors) {
        if self.creating {
            let statement = format!("create table {}", table.value());
            check_new_column(name, &self.columns, &statement, "declared", errors);
        }
        self.columns.insert(name.value(), name.span());
    }

    fn auto_increment(&mut self, column: &Name, span: Span, errors: &mut Errors) {
        if !self.creating {
            return;
        }
        if let Some(first) = &self.auto_increment {
            errors.push(Error::new(
                span,
                format!("a table has at most one auto-increment column, and `{first}` already is"),
            ));
        } else if self.primary {
            errors.push(Error::new(
                span,
                "an auto-increment column is the primary key, and this table already has one",
            ));
        }
        self.auto_increment = Some(column.value());
        self.primary = true;
    }

    /// Records a `unique` or `index`, reporting it at `span` if the same one is already
    /// declared: both would create the same index.
    fn key(&mut self, key: Key, span: Span, errors: &mut Errors) {
        if let Some(earlier) = self
            .keys
            .iter()
            .find(|k| k.kind == key.kind && k.columns == key.columns)
        {
            let what = match key.kind.as_str() {
                "unique" => "unique index",
                "fulltext" => "full-text index",
                "spatial_index" => "spatial index",
                "vector_index" => "vector index",
                _ => "index",
            };
            let message = if !key.on_column && !earlier.on_column {
                format!("{} is declared twice", key.written())
            } else {
                format!("{} repeats {}", key.written(), earlier.written())
            };
            errors.push(Error::new(
                span,
                format!("{message}: both would create the same {what}; keep one"),
            ));
            return;
        }
        self.keys.push(key);
    }

    fn primary(&mut self, span: Span, errors: &mut Errors) {
        if !self.creating {
            return;
        }
        if self.primary {
            let hint = match &self.auto_increment {
                Some(column) => format!(" (the auto-increment column `{column}`)"),
                None => String::new(),
            };
            errors.push(Error::new(
                span,
                format!("a table has one primary key, and this one already has one{hint}"),
            ));
        }
        self.primary = true;
    }
}

fn create(
    table: &Name,
    body: Span,
    items: Vec<CreateItem>,
    broken: bool,
    errors: &mut Errors,
) -> Vec<Call> {
    if items.is_empty() && !broken {
        errors.push(Error::new(
            body,
            format!("`create table {}` declares no columns", table.value()),
        ));
    }
    let mut state = Table {
        creating: true,
        ..Table::default()
    };
    let mut calls = Vec::new();
    for item in items {
        match item {
            CreateItem::Column(def) => calls.extend(column(&def, false, table, &mut state, errors)),
            CreateItem::Clause(clause) => {
                calls.extend(clause_calls(&clause, table, &mut state, errors))
            }
        }
    }
    for (name, clause) in &state.references {
        let value = name.value();
        if !state.columns.contains_key(&value) {
            errors.push(Error::new(
                name.span(),
                format!(
                    "`{clause}` names column `{value}`, which `create table {}` does not declare",
                    table.value()
                ),
            ));
        }
    }
    calls
}

fn alter(
    table: &Name,
    body: Span,
    items: Vec<AlterItem>,
    broken: bool,
    errors: &mut Errors,
) -> Vec<Call> {
    if items.is_empty() && !broken {
        errors.push(Error::new(
            body,
            format!("`alter table {}` changes nothing", table.value()),
        ));
    }
    let mut state = Table::default();
    let mut calls = Vec::new();
    // What happens to each column, to catch one both dropped and changed.
    let mut dropped: HashMap<String, Span> = HashMap::new();
    let mut changed: HashMap<String, Span> = HashMap::new();
    // The columns added, to catch one added twice or differing from another only in case.
    let mut added: HashMap<String, Span> = HashMap::new();
    let statement = format!("alter table {}", table.value());
    let conflict = |name: &Name, this: &str, other: &str, errors: &mut Errors| {
        errors.push(Error::new(
            name.span(),
            format!(
                "column `{}` is both {other} and {this} in one `alter table`; \
                 use two `alter table` statements",
                name.value()
            ),
        ));
    };
    for item in items {
        match item {
            AlterItem::Add(def) => {
                check_new_column(&def.name, &added, &statement, "added", errors);
                added.insert(def.name.value(), def.name.span());
                calls.extend(column(&def, false, table, &mut state, errors));
            }
            AlterItem::Change(def) => {
                let value = def.name.value();
                if dropped.contains_key(&value) {
                    conflict(&def.name, "changed", "dropped", errors);
                }
                changed.insert(value, def.name.span());
                calls.extend(column(&def, true, table, &mut state, errors));
            }
            AlterItem::RenameColumn { from, to } => {
                non_empty(&from, "a column name", errors);
                non_empty(&to, "a column name", errors);
                calls.push(call(
                    "rename_column",
                    from.span(),
                    vec![lit(&from), lit(&to)],
                ));
            }
            AlterItem::RenameIndex { from, to } => {
                non_empty(&from, "an index name", errors);
                non_empty(&to, "an index name", errors);
                calls.push(call(
                    "rename_index",
                    from.span(),
                    vec![lit(&from), lit(&to)],
                ));
            }
            AlterItem::DropColumns(names) => {
                for name in &names {
                    non_empty(name, "a column name", errors);
                    let value = name.value();
                    if changed.contains_key(&value) {
                        conflict(name, "dropped", "changed", errors);
                    }
                    dropped.insert(value, name.span());
                }
                let span = names.first().map_or_else(Span::call_site, Name::span);
                match names.as_slice() {
                    [one] => calls.push(call("drop_column", span, vec![lit(one)])),
                    _ => calls.push(call("drop_columns", span, vec![array(&names)])),
                }
            }
            AlterItem::DropIndex { kind, name } => {
                non_empty(&name, "an index name", errors);
                let method = match kind {
                    DropKind::Index => "drop_index",
                    DropKind::Unique => "drop_unique",
                    DropKind::Foreign => "drop_foreign",
                    DropKind::Fulltext => "drop_fulltext",
                    DropKind::Spatial => "drop_spatial_index",
                    DropKind::Vector => "drop_vector_index",
                };
                calls.push(call(method, name.span(), vec![lit(&name)]));
            }
            AlterItem::DropPrimary => calls.push(call("drop_primary", body, Vec::new())),
            AlterItem::DropTimestamps => calls.push(call("drop_timestamps", body, Vec::new())),
            AlterItem::DropSoftDeletes => {
                calls.push(call("drop_soft_deletes", body, Vec::new()));
            }
            AlterItem::DropHelper { keyword, relation } => {
                let args = relation.iter().map(lit).collect();
                calls.push(call(&format!("drop_{keyword}"), keyword.span(), args));
            }
            AlterItem::After {
                keyword,
                column: after,
                columns,
            } => {
                non_empty(&after, "a column name", errors);
                let mut previous = after;
                for def in &columns {
                    check_new_column(&def.name, &added, &statement, "added", errors);
                    added.insert(def.name.value(), def.name.span());
                    let mut calls_of_def = column(def, false, table, &mut state, errors);
                    // The first call is the column's own; one placed explicitly keeps it.
                    if let Some(own) = calls_of_def.first_mut() {
                        if !own.chain.iter().any(|(m, _)| m == "after" || m == "first") {
                            let placement = Ident::new("after", keyword.span());
                            own.chain.push((placement, vec![lit(&previous)]));
                        }
                    }
                    previous = def.name.clone();
                    calls.extend(calls_of_def);
                }
            }
            AlterItem::Clause(clause) => {
                calls.extend(clause_calls(&clause, table, &mut state, errors));
            }
        }
    }
    calls
}

/// Reports `name` if it is among the columns `earlier` of the same statement, or differs
/// from one only in case (SQLite and MySQL compare column names ignoring case).
fn check_new_column(
    name: &Name,
    earlier: &HashMap<String, Span>,
    statement: &str,
    verb: &str,
    errors: &mut Errors,
) {
    let value = name.value();
    if earlier.contains_key(&value) {
        errors.push(Error::new(
            name.span(),
            format!("column `{value}` is {verb} twice in `{statement}`"),
        ));
    } else if let Some(first) = earlier
        .keys()
        .find(|first| first.eq_ignore_ascii_case(&value))
    {
        errors.push(Error::new(
            name.span(),
            format!(
                "column `{value}` differs from `{first}` only in case: SQLite and MySQL \
                 take them for the same column; rename one"
            ),
        ));
    }
}

/// A call without chained modifiers.
fn call(method: &str, span: Span, args: Vec<TokenStream>) -> Call {
    Call {
        method: Ident::new(method, span),
        args,
        chain: Vec::new(),
    }
}

fn lit(name: &Name) -> TokenStream {
    let lit = name.lit();
    quote!(#lit)
}

fn array(names: &[Name]) -> TokenStream {
    let names = names.iter().map(Name::lit);
    quote!([#(#names),*])
}

/// The calls of one column: its definition, and the foreign key of `references`, if any.
fn column(
    def: &ColumnDef,
    change: bool,
    table: &Name,
    state: &mut Table,
    errors: &mut Errors,
) -> Vec<Call> {
    non_empty(&def.name, "a column name", errors);
    let type_name = def.ty.to_string();
    let Some(ty) = lookup(&type_name) else {
        let suggestion = did_you_mean(&type_name, TYPES.iter().map(|t| t.name));
        let message = if suggestion.is_empty() {
            let known: Vec<&str> = TYPES.iter().map(|t| t.name).collect();
            format!(
                "unknown column type `{type_name}`; the types are: {}",
                known.join(", ")
            )
        } else {
            format!("unknown column type `{type_name}`{suggestion}")
        };
        errors.push(Error::new(def.ty.span(), message));
        state.declare(&def.name, table, errors);
        return Vec::new();
    };
    state.declare(&def.name, table, errors);
    if ty.family == Family::Increments {
        state.auto_increment(&def.name, def.ty.span(), errors);
    }
    let (method, type_args) = type_args(def, ty, errors);
    let mut args = vec![lit(&def.name)];
    args.extend(type_args);
    let mut chain = Vec::new();
    let mut foreign: Option<Call> = None;
    let mut nullable = false;
    let mut null_default: Option<Span> = None;
    let mut given: Vec<String> = Vec::new();
    for modifier in &def.modifiers {
        // `references` has its own message below.
        if let Modifier::Plain { name, .. } = modifier {
            let written = name.to_string();
            if given.contains(&written) {
                errors.push(Error::new(
                    name.span(),
                    format!(
                        "`{written}` is given twice on this column: keep one (the last would \
                         silently win)"
                    ),
                ));
                continue;
            }
            given.push(written);
        }
        let (name, margs) = match modifier {
            Modifier::References {
                keyword,
                table: target,
                columns,
            } => {
                if foreign.is_some() {
                    errors.push(Error::new(
                        keyword.span(),
                        "a column has at most one `references`",
                    ));
                    continue;
                }
                foreign = Some(foreign_key(
                    vec![lit(&def.name)],
                    1,
                    keyword.span(),
                    target,
                    columns.as_ref(),
                    errors,
                ));
                continue;
            }
            Modifier::Plain { name, args } => (name, args.as_ref()),
        };
        let modifier = name.to_string();
        let applies = |allowed: bool, only: &str, errors: &mut Errors| {
            if !allowed {
                errors.push(Error::new(
                    name.span(),
                    format!("`{modifier}` does not apply to `{}`: {only}", ty.name),
                ));
            }
            allowed
        };
        match modifier.as_str() {
            "nullable" | "use_current" | "use_current_on_update" | "unsigned"
            | "auto_increment" | "primary" | "unique" | "index" | "fulltext" | "spatial_index"
            | "first" | "invisible" => {
                if let Some(args) = margs {
                    errors.push(Error::new(
                        args.span,
                        format!("`{modifier}` takes no arguments"),
                    ));
                    continue;
                }
                let ok = match modifier.as_str() {
                    "nullable" => {
                        nullable = true;
                        true
                    }
                    "unsigned" => match ty.family {
                        Family::Integer => true,
                        Family::UnsignedInteger | Family::Increments => {
                            applies(false, "it is already unsigned", errors)
                        }
                        _ => applies(false, "only integer types are unsigned", errors),
                    },
                    "auto_increment" => match ty.family {
                        Family::Integer | Family::UnsignedInteger => {
                            state.auto_increment(&def.name, name.span(), errors);
                            true
                        }
                        Family::Increments => {
                            applies(false, "it already auto-increments", errors)
                        }
                        _ => applies(false, "only integer types auto-increment", errors),
                    },
                    "use_current" => applies(
                        ty.family == Family::Moment || ["date", "year"].contains(&ty.name),
                        "only `date`, `year`, `timestamp`, `timestamp_tz`, `datetime` and \
                         `datetime_tz` default to the current date or time",
                        errors,
                    ),
                    "use_current_on_update" => applies(
                        ty.family == Family::Moment,
                        "only `timestamp`, `timestamp_tz`, `datetime` and `datetime_tz` \
                         update to the current time",
                        errors,
                    ),
                    "primary" => {
                        if state.auto_increment.as_deref() != Some(def.name.value().as_str()) {
                            state.primary(name.span(), errors);
                        }
                        true
                    }
                    "fulltext" if ty.family != Family::Text => applies(
                        false,
                        "full-text indexes are over text and string columns",
                        errors,
                    ),
                    "spatial_index" if !["geometry", "geography"].contains(&ty.name) => applies(
                        false,
                        "spatial indexes are over `geometry` and `geography` columns",
                        errors,
                    ),
                    "unique" | "index" | "fulltext" | "spatial_index" => {
                        let key = Key {
                            kind: modifier.clone(),
                            columns: vec![def.name.value()],
                            on_column: true,
                        };
                        state.key(key, name.span(), errors);
                        true
                    }
                    _ => true,
                };
                if ok {
                    chain.push((name.clone(), Vec::new()));
                }
            }
            "default" => {
                let Some(value) = single(name, margs, "a literal: `default(0)`", errors) else {
                    continue;
                };
                if let Arg::Ident(ident) = value {
                    if ident == "null" {
                        null_default = Some(ident.span());
                        let null = quote_spanned!(ident.span()=> ::migrate_core::schema::Value::Null);
                        chain.push((name.clone(), vec![null]));
                        continue;
                    }
                }
                if let Some(value) = default_value(ty, def, value, errors) {
                    chain.push((name.clone(), vec![value]));
                }
            }
            "default_raw" | "comment" | "charset" | "collation" => {
                let usage = format!("a string: `{modifier}(\"...\")`");
                let Some(value) = single(name, margs, &usage, errors) else {
                    continue;
                };
                let Some(text) = string_arg(value, &usage, errors) else {
                    continue;
                };
                if (modifier == "charset" || modifier == "collation")
                    && !applies(ty.family == Family::Text, "only text types have one", errors)
                {
                    continue;
                }
                chain.push((name.clone(), vec![quote!(#text)]));
            }
            "after" => {
                let usage = "a column name: `after(email)`";
                let Some(value) = single(name, margs, usage, errors) else {
                    continue;
                };
                match value.name() {
                    Some(column) => chain.push((name.clone(), vec![lit(&column)])),
                    None => errors.push(Error::new(value.span(), format!("expected {usage}"))),
                }
            }
            word if types::DEFERRABILITY.contains(&word) => match &mut foreign {
                Some(foreign) => {
                    if let Some(list) = margs {
                        errors.push(Error::new(
                            list.span,
                            format!("`{modifier}` takes no arguments"),
                        ));
                    } else if let Some(error) = deferrability_conflict(name, &foreign.chain) {
                        errors.push(error);
                    } else {
                        foreign.chain.push((name.clone(), Vec::new()));
                    }
                }
                None => errors.push(Error::new(
                    name.span(),
                    format!(
                        "`{modifier}` says when a foreign key is checked: write `references \
                         table(column)` before it"
                    ),
                )),
            },
            "on_delete" | "on_update" => match &mut foreign {
                Some(foreign) => {
                    if let Some(action) = action(name, margs, errors) {
                        foreign.chain.push((name.clone(), vec![action]));
                    }
                }
                None => errors.push(Error::new(
                    name.span(),
                    format!(
                        "`{modifier}` needs a foreign key: write `references table(column)` before it"
                    ),
                )),
            },
            m if generated::is_modifier(m) => {
                if let Some(args) = generated::arguments(name, margs, ty, errors) {
                    chain.push((name.clone(), args));
                }
            }
            _ => errors.push(unknown_modifier(name)),
        }
    }
    generated::check_combination(def, ty, change, errors);
    if let (Some(span), false) = (null_default, nullable) {
        errors.push(Error::new(
            span,
            "`default(null)` needs the column to be `nullable`",
        ));
    }
    if change {
        chain.push((Ident::new("change", def.name.span()), Vec::new()));
    }
    let mut calls = vec![Call {
        method: Ident::new(method, def.ty.span()),
        args,
        chain,
    }];
    calls.extend(foreign);
    calls
}

/// The error for a second deferrability modifier on one foreign key (`deferrable
/// not_deferrable`): the last would silently win.
fn deferrability_conflict(name: &Ident, chain: &[(Ident, Vec<TokenStream>)]) -> Option<Error> {
    let earlier = chain
        .iter()
        .find(|(method, _)| types::DEFERRABILITY.contains(&method.to_string().as_str()))?;
    Some(Error::new(
        name.span(),
        format!(
            "`{name}` after `{}`: a foreign key is checked one way; keep one",
            earlier.0
        ),
    ))
}

fn unknown_modifier(name: &Ident) -> Error {
    let word = name.to_string();
    let suggestion = did_you_mean(&word, types::MODIFIERS.iter().copied());
    if suggestion.is_empty() {
        Error::new(
            name.span(),
            format!(
                "unknown modifier `{word}`; the modifiers are: {}",
                types::MODIFIERS.join(", ")
            ),
        )
    } else {
        Error::new(
            name.span(),
            format!("unknown modifier `{word}`{suggestion}"),
        )
    }
}

/// The one argument of a modifier, or an error saying what it takes.
fn single<'a>(
    name: &Ident,
    args: Option<&'a ArgList>,
    usage: &str,
    errors: &mut Errors,
) -> Option<&'a Arg> {
    match args.map(|list| list.args.as_slice()) {
        Some([one]) => Some(one),
        Some(_) => {
            let span = args.map_or_else(|| name.span(), |list| list.span);
            errors.push(Error::new(
                span,
                format!("`{name}` takes one argument, {usage}"),
            ));
            None
        }
        None => {
            errors.push(Error::new(name.span(), format!("`{name}` takes {usage}")));
            None
        }
    }
}

fn string_arg(arg: &Arg, usage: &str, errors: &mut Errors) -> Option<LitStr> {
    match arg {
        Arg::Lit {
            neg: None,
            lit: Lit::Str(text),
        } => Some(text.clone()),
        _ => {
            errors.push(Error::new(arg.span(), format!("expected {usage}")));
            None
        }
    }
}

/// The method and the type arguments of a column, checked against the type's parameters.
fn type_args(
    def: &ColumnDef,
    ty: &ColumnType,
    errors: &mut Errors,
) -> (&'static str, Vec<TokenStream>) {
    let usage = || ty.params.usage(ty.name);
    let args = def.args.as_ref().map(|list| list.args.as_slice());
    let count_error = |errors: &mut Errors| {
        let span = def
            .args
            .as_ref()
            .map_or_else(|| def.ty.span(), |list| list.span);
        errors.push(Error::new(span, usage()));
    };
    let ints = |args: &[Arg], errors: &mut Errors| -> Vec<TokenStream> {
        let mut out = Vec::new();
        for arg in args {
            match arg {
                Arg::Lit {
                    neg: None,
                    lit: Lit::Int(int),
                } => match int.base10_parse::<u32>() {
                    Ok(value) if value > 0 || ty.params != Params::Length => {
                        let lit = LitInt::new(&value.to_string(), int.span());
                        out.push(quote!(#lit));
                    }
                    _ => errors.push(Error::new(
                        int.span(),
                        format!("`{}` needs a length from 1 to {}", ty.name, u32::MAX),
                    )),
                },
                other => errors.push(Error::new(other.span(), usage())),
            }
        }
        out
    };
    let with = types::with_method(ty.method).unwrap_or(ty.method);
    match (ty.params, args) {
        (Params::None, None) => (ty.method, Vec::new()),
        (
            Params::OptionalPrecisionScale
            | Params::OptionalBinaryPrecision
            | Params::OptionalFraction,
            None,
        ) => (ty.method, Vec::new()),
        (Params::OptionalBinaryPrecision | Params::OptionalFraction, Some([arg])) => {
            let range = if ty.params == Params::OptionalFraction {
                0..=6
            } else {
                1..=53
            };
            match arg {
                Arg::Lit {
                    neg: None,
                    lit: Lit::Int(int),
                } if int
                    .base10_parse::<u32>()
                    .is_ok_and(|value| range.contains(&value)) =>
                {
                    (with, vec![quote!(#int)])
                }
                other => {
                    errors.push(Error::new(other.span(), usage()));
                    (ty.method, Vec::new())
                }
            }
        }
        (Params::Length, Some(args @ [arg])) => {
            if let Some(problem) = int_arg(arg).and_then(|n| limits::length(ty.name, n)) {
                errors.push(Error::new(arg.span(), problem));
            }
            (ty.method, ints(args, errors))
        }
        (Params::PrecisionScale | Params::OptionalPrecisionScale, Some(args @ [_, _])) => {
            let out = ints(args, errors);
            if let (
                Some(Arg::Lit {
                    lit: Lit::Int(p), ..
                }),
                Some(Arg::Lit {
                    lit: Lit::Int(s), ..
                }),
            ) = (args.first(), args.get(1))
            {
                if let (Ok(p), Ok(s)) = (p.base10_parse::<u32>(), s.base10_parse::<u32>()) {
                    if s > p {
                        errors.push(Error::new(
                            args[1].span(),
                            format!("the scale ({s}) cannot exceed the precision ({p})"),
                        ));
                    } else if let Some(problem) = limits::precision_scale(ty.name, p, s) {
                        let span = def.args.as_ref().map_or_else(|| def.ty.span(), |l| l.span);
                        errors.push(Error::new(span, problem));
                    }
                }
            }
            let method = if ty.params == Params::OptionalPrecisionScale {
                with
            } else {
                ty.method
            };
            (method, out)
        }
        (Params::Values, Some([Arg::Ident(ident)])) => {
            let values = quote_spanned!(ident.span()=> <#ident as ::migrate_core::schema::EnumValues>::VALUES);
            (ty.method, vec![values])
        }
        (Params::Values, Some(args)) if !args.is_empty() => {
            let mut values: Vec<LitStr> = Vec::new();
            for arg in args {
                if let Some(value) = string_arg(arg, &usage(), errors) {
                    let kind = if ty.name == "set" {
                        "set"
                    } else {
                        "enumeration"
                    };
                    if values.iter().any(|v| v.value() == value.value()) {
                        errors.push(Error::new(
                            value.span(),
                            format!("{:?} is already a value of this {kind}", value.value()),
                        ));
                    } else if kind == "set" && value.value().contains(',') {
                        errors.push(Error::new(
                            value.span(),
                            "a set value cannot hold a comma: commas separate the values of a set",
                        ));
                    }
                    values.push(value);
                }
            }
            (ty.method, vec![quote!([#(#values),*])])
        }
        (Params::Dimensions, Some(args @ [_])) => (ty.method, ints(args, errors)),
        (Params::Spatial, args) => spatial::type_args(def, ty, args.unwrap_or_default(), errors),
        (Params::SqlType, Some([arg])) => {
            let Some(sql) = string_arg(arg, &usage(), errors) else {
                return (ty.method, Vec::new());
            };
            if sql.value().trim().is_empty() {
                errors.push(Error::new(sql.span(), "the SQL type cannot be empty"));
            }
            (ty.method, vec![quote!(#sql)])
        }
        (Params::None, Some(_)) if ty.family == Family::Text => {
            let span = def
                .args
                .as_ref()
                .map_or_else(|| def.ty.span(), |list| list.span);
            errors.push(Error::new(
                span,
                format!(
                    "`{}` has no length; for a bounded column use `string(255)`",
                    ty.name
                ),
            ));
            (ty.method, Vec::new())
        }
        _ => {
            count_error(errors);
            (ty.method, Vec::new())
        }
    }
}

/// The value of `default(...)`, normalized so that rustc infers nothing, or an error if the
/// literal cannot fit the column's type.
fn default_value(
    ty: &ColumnType,
    def: &ColumnDef,
    arg: &Arg,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let mismatch = |errors: &mut Errors, what: &str| {
        errors.push(Error::new(
            arg.span(),
            format!(
                "{what} does not fit the `{}` column `{}`: its default must be {}",
                ty.name,
                def.name.value(),
                ty.default.expected()
            ),
        ));
        None
    };
    let (neg, lit) = match arg {
        Arg::Lit { neg, lit } => (neg.is_some(), lit),
        Arg::Ident(ident) => {
            errors.push(Error::new(
                ident.span(),
                "expected a literal (`0`, `\"text\"`, `true`) or `null`; \
                 for a SQL expression use `default_raw(\"...\")`",
            ));
            return None;
        }
    };
    if ty.default == DefaultKind::Never {
        errors.push(Error::new(
            arg.span(),
            format!(
                "`{}` auto-increments: it takes its values from a sequence, not a default",
                def.name.value()
            ),
        ));
        return None;
    }
    let sign = if neg { quote!(-) } else { quote!() };
    match lit {
        Lit::Int(int) => {
            let fits = matches!(
                ty.default,
                DefaultKind::Int | DefaultKind::Unsigned | DefaultKind::Number | DefaultKind::Any
            );
            if !fits {
                return mismatch(errors, "an integer");
            }
            if neg && ty.default == DefaultKind::Unsigned {
                return mismatch(errors, "a negative number");
            }
            let digits = int.base10_digits();
            let text = if neg {
                format!("-{digits}")
            } else {
                digits.to_owned()
            };
            if text.parse::<i64>().is_err() {
                errors.push(Error::new(
                    int.span(),
                    "this default does not fit in an `i64`",
                ));
                return None;
            }
            if let Some(problem) = decimal_fit(def, digits) {
                errors.push(Error::new(arg.span(), problem));
                return None;
            }
            let lit = LitInt::new(&format!("{digits}i64"), int.span());
            Some(quote!(#sign #lit))
        }
        Lit::Float(float) => {
            if !matches!(ty.default, DefaultKind::Number | DefaultKind::Any) {
                return mismatch(errors, "a floating point number");
            }
            if let Some(problem) = decimal_fit(def, float.base10_digits()) {
                errors.push(Error::new(arg.span(), problem));
                return None;
            }
            let lit = LitFloat::new(&format!("{}f64", float.base10_digits()), float.span());
            Some(quote!(#sign #lit))
        }
        Lit::Bool(boolean) if !neg => {
            if !matches!(ty.default, DefaultKind::Bool | DefaultKind::Any) {
                return mismatch(errors, "a boolean");
            }
            Some(quote!(#boolean))
        }
        Lit::Str(text) if !neg => {
            if !matches!(ty.default, DefaultKind::Text | DefaultKind::Any) {
                return mismatch(errors, "a string");
            }
            let value = text.value();
            if let Some(moment) = Moment::of(ty.name) {
                if let Some(problem) = moments::check(moment, ty.name, fraction(def), &value) {
                    errors.push(Error::new(text.span(), problem));
                    return None;
                }
            }
            if let Some(allowed) = enum_values(def) {
                // A set's value is its members, separated by commas (none: the empty string).
                let missing = match def.ty == "set" {
                    true => value
                        .split(',')
                        .filter(|_| !value.is_empty())
                        .find(|member| !allowed.iter().any(|a| a == member)),
                    false => Some(value.as_str()).filter(|v| !allowed.iter().any(|a| a == v)),
                };
                if let Some(missing) = missing {
                    errors.push(Error::new(
                        text.span(),
                        format!(
                            "`{missing}` is not one of the values of `{}`: {}",
                            def.name.value(),
                            allowed.join(", ")
                        ),
                    ));
                    return None;
                }
            }
            if let Some(length) = string_length(ty, def) {
                if value.chars().count() > length {
                    errors.push(Error::new(
                        text.span(),
                        format!(
                            "this default is longer than the column `{}` ({length} characters)",
                            def.name.value()
                        ),
                    ));
                    return None;
                }
            }
            Some(checked_against_enum(def, text))
        }
        _ => mismatch(errors, "this literal"),
    }
}

/// Why a number does not fit the column, if it is a `decimal` and it does not.
fn decimal_fit(def: &ColumnDef, digits: &str) -> Option<String> {
    if def.ty != "decimal" {
        return None;
    }
    match def.args.as_ref()?.args.as_slice() {
        [p, s] => limits::decimal_default(digits, int_arg(p)?, int_arg(s)?),
        _ => None,
    }
}

/// The digits of fractional seconds of a `timestamp(n)`-like column: `n`, or 0.
fn fraction(def: &ColumnDef) -> u32 {
    match def.args.as_ref().map(|list| list.args.as_slice()) {
        Some([arg]) => int_arg(arg).unwrap_or(0),
        _ => 0,
    }
}

/// A non-negative integer argument's value.
fn int_arg(arg: &Arg) -> Option<u32> {
    match arg {
        Arg::Lit {
            neg: None,
            lit: Lit::Int(int),
        } => int.base10_parse().ok(),
        _ => None,
    }
}

/// The values of an `enumeration` column.
fn enum_values(def: &ColumnDef) -> Option<Vec<String>> {
    if def.ty != "enumeration" && def.ty != "set" || enum_type(def).is_some() {
        return None;
    }
    let args = def.args.as_ref()?;
    Some(
        args.args
            .iter()
            .filter_map(|arg| match arg {
                Arg::Lit {
                    lit: Lit::Str(s), ..
                } => Some(s.value()),
                _ => None,
            })
            .collect(),
    )
}

/// The Rust enum an `enumeration(Status)` or `set(Flags)` column takes its values from.
fn enum_type(def: &ColumnDef) -> Option<&Ident> {
    match def.args.as_ref()?.args.as_slice() {
        [Arg::Ident(ident)] if def.ty == "enumeration" || def.ty == "set" => Some(ident),
        _ => None,
    }
}

/// A string default of a column whose values come from a Rust enum, checked against them
/// when the enum's `VALUES` are known: at compile time, by a `const` assertion.
fn checked_against_enum(def: &ColumnDef, text: &LitStr) -> TokenStream {
    let Some(ident) = enum_type(def) else {
        return quote!(#text);
    };
    let message = format!(
        "the default {:?} of column `{}` is not one of the values of `{ident}`",
        text.value(),
        def.name.value()
    );
    let members: Vec<String> = match def.ty == "set" {
        true => text
            .value()
            .split(',')
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect(),
        false => vec![text.value()],
    };
    quote_spanned! {text.span()=> {
        const _: () = {
            #(::core::assert!(
                ::migrate_core::__private::has_value(
                    <#ident as ::migrate_core::schema::EnumValues>::VALUES,
                    #members,
                ),
                #message,
            );)*
        };
        #text
    }}
}

/// The length of a `string(n)` or `char(n)` column.
fn string_length(ty: &ColumnType, def: &ColumnDef) -> Option<usize> {
    if ty.params != Params::Length {
        return None;
    }
    match def.args.as_ref()?.args.as_slice() {
        [Arg::Lit {
            lit: Lit::Int(int), ..
        }] => int.base10_parse().ok(),
        _ => None,
    }
}

/// `t.foreign(columns).references([...]).on(table)`.
fn foreign_key(
    columns: Vec<TokenStream>,
    count: usize,
    span: Span,
    target: &Name,
    references: Option<&ArgList>,
    errors: &mut Errors,
) -> Call {
    non_empty(target, "a table name", errors);
    let mut chain = Vec::new();
    if let Some(list) = references {
        let mut names = Vec::new();
        for arg in &list.args {
            match arg.name() {
                Some(name) => names.push(name),
                None => errors.push(Error::new(arg.span(), "expected a column name")),
            }
        }
        if list.args.is_empty() {
            errors.push(Error::new(
                list.span,
                "expected the referenced columns: `references users(id)`",
            ));
        } else if list.args.len() != count {
            errors.push(Error::new(
                list.span,
                format!(
                    "the foreign key has {} column(s) and references {}: each column pairs \
                     with one referenced column",
                    count,
                    list.args.len()
                ),
            ));
        }
        chain.push((Ident::new("references", list.span), vec![array(&names)]));
    }
    if references.is_none() && count > 1 {
        errors.push(Error::new(
            target.span(),
            format!(
                "`references {}` means its `id`, one column, and the foreign key has {}: name \
                 the referenced columns, `references {}(a, b)`",
                target.value(),
                count,
                target.value()
            ),
        ));
    }
    chain.push((Ident::new("on", target.span()), vec![lit(target)]));
    Call {
        method: Ident::new("foreign", span),
        args: columns,
        chain,
    }
}

/// A referential action: `cascade`, `set_null`, `set_default`, `restrict`, `no_action`.
fn action(name: &Ident, args: Option<&ArgList>, errors: &mut Errors) -> Option<TokenStream> {
    let usage = "an action: `cascade`, `set_null`, `set_default`, `restrict` or `no_action`";
    let arg = single(name, args, usage, errors)?;
    let Arg::Ident(ident) = arg else {
        errors.push(Error::new(arg.span(), format!("expected {usage}")));
        return None;
    };
    let word = ident.to_string();
    match types::ACTIONS.iter().find(|(action, _)| *action == word) {
        Some((_, variant)) => {
            let variant = Ident::new(variant, ident.span());
            Some(quote_spanned!(ident.span()=> ::migrate_core::schema::ReferentialAction::#variant))
        }
        None => {
            let suggestion = did_you_mean(&word, types::ACTIONS.iter().map(|(a, _)| *a));
            errors.push(Error::new(
                ident.span(),
                format!("unknown action `{word}`; expected {usage}{suggestion}"),
            ));
            None
        }
    }
}

/// Reports each modifier of `clause`, which takes none.
fn no_modifiers(clause: &Clause, keyword: &str, errors: &mut Errors) {
    for modifier in &clause.modifiers {
        errors.push(Error::new(
            modifier.keyword().span(),
            format!("`{keyword}` takes no modifiers"),
        ));
    }
}

/// The calls of a table-level clause.
fn clause_calls(
    clause: &Clause,
    table: &Name,
    state: &mut Table,
    errors: &mut Errors,
) -> Vec<Call> {
    if let Some(calls) = helpers::helper_clause(clause, table, state, errors) {
        return calls;
    }
    let keyword = clause.keyword.to_string();
    let span = clause.keyword.span();
    match keyword.as_str() {
        "timestamps" | "timestamps_tz" | "soft_deletes" | "soft_deletes_tz" => {
            let usage = format!(
                "`{keyword}` takes no arguments (whole seconds), or digits of fractional seconds \
                 from 0 to 6: `{keyword}(6)`"
            );
            let args = match clause.args.as_ref().map(|list| list.args.as_slice()) {
                None => Vec::new(),
                Some(
                    [Arg::Lit {
                        neg: None,
                        lit: Lit::Int(int),
                    }],
                ) if int.base10_parse::<u32>().is_ok_and(|value| value <= 6) => {
                    vec![quote!(#int)]
                }
                Some(_) => {
                    let span = clause.args.as_ref().map_or(span, |list| list.span);
                    errors.push(Error::new(span, usage));
                    Vec::new()
                }
            };
            no_modifiers(clause, &keyword, errors);
            let columns: &[&str] = if keyword.starts_with("soft_deletes") {
                &["deleted_at"]
            } else {
                &["created_at", "updated_at"]
            };
            for column in columns {
                let name = Name::Ident(Ident::new(column, span));
                state.declare(&name, table, errors);
            }
            let method = match args.is_empty() {
                true => keyword.as_str(),
                false => types::with_method(&keyword).unwrap_or(&keyword),
            };
            vec![call(method, span, args)]
        }
        "engine" | "charset" | "collation" => {
            no_modifiers(clause, &keyword, errors);
            if !state.creating {
                errors.push(Error::new(
                    span,
                    format!("`{keyword}` is a table option: it applies only in `create table`"),
                ));
                return Vec::new();
            }
            let usage = format!("a string: `{keyword}(\"...\")`");
            let Some(arg) = single(&clause.keyword, clause.args.as_ref(), &usage, errors) else {
                return Vec::new();
            };
            let Some(value) = string_arg(arg, &usage, errors) else {
                return Vec::new();
            };
            vec![call(&keyword, span, vec![quote!(#value)])]
        }
        "raw_index" => indexes::raw_index(clause, errors),
        "index" | "unique" | "fulltext" | "spatial_index" | "vector_index" | "primary"
        | "foreign" => {
            let Some((columns, names)) = clause_columns(clause, state, errors) else {
                return Vec::new();
            };
            if keyword == "primary" {
                state.primary(span, errors);
            }
            if keyword != "primary" && keyword != "foreign" {
                let key = Key {
                    kind: keyword.clone(),
                    columns: names.iter().map(Name::value).collect(),
                    on_column: false,
                };
                let span = clause
                    .args
                    .as_ref()
                    .map_or(span, |list| span.join(list.span).unwrap_or(span));
                state.key(key, span, errors);
            }
            let mut call = if keyword == "foreign" {
                let Some(Modifier::References {
                    keyword: references,
                    table: target,
                    columns: referenced,
                }) = clause.modifiers.first()
                else {
                    errors.push(Error::new(
                        span,
                        "`foreign(...)` needs `references table(column)` after it",
                    ));
                    return Vec::new();
                };
                foreign_key(
                    vec![columns],
                    clause.args.as_ref().map_or(0, |list| list.args.len()),
                    references.span(),
                    target,
                    referenced.as_ref(),
                    errors,
                )
            } else {
                call(&keyword, span, vec![columns])
            };
            let rest = if keyword == "foreign" { 1 } else { 0 };
            for modifier in clause.modifiers.iter().skip(rest) {
                match modifier {
                    Modifier::Plain { name, args } if name == "name" => {
                        let usage = "a string: `name(\"...\")`";
                        if let Some(arg) = single(name, args.as_ref(), usage, errors) {
                            if let Some(value) = string_arg(arg, usage, errors) {
                                call.chain.push((name.clone(), vec![quote!(#value)]));
                            }
                        }
                    }
                    Modifier::Plain { name, args }
                        if keyword == "foreign" && (name == "on_delete" || name == "on_update") =>
                    {
                        if let Some(action) = action(name, args.as_ref(), errors) {
                            call.chain.push((name.clone(), vec![action]));
                        }
                    }
                    Modifier::Plain { name, args } if indexes::applies(&keyword, name) => {
                        if let Some(args) = indexes::modifier(name, args.as_ref(), errors) {
                            call.chain.push((name.clone(), args));
                        }
                    }
                    Modifier::Plain { name, args } if online_modifier(&keyword, name) => match args
                    {
                        Some(list) => errors.push(Error::new(
                            list.span,
                            format!("`{name}` takes no arguments"),
                        )),
                        None => match deferrability_conflict(name, &call.chain) {
                            Some(error) if name != "not_valid" => errors.push(error),
                            _ => call.chain.push((name.clone(), Vec::new())),
                        },
                    },
                    other => {
                        let allowed = match keyword.as_str() {
                            "foreign" => {
                                "`on_delete(...)`, `on_update(...)`, `deferrable`, `initially_deferred`, \
                                 `initially_immediate`, `not_deferrable`, `not_valid` and \
                                 `name(\"...\")`"
                            }
                            "index" => {
                                "`concurrently`, `algorithm(...)` and `name(\"...\")`"
                            }
                            "unique" => {
                                "`concurrently`, `algorithm(...)`, `nulls_not_distinct` and \
                                 `name(\"...\")`"
                            }
                            "fulltext" => "`language(\"...\")` and `name(\"...\")`",
                            _ => "`name(\"...\")`",
                        };
                        errors.push(Error::new(
                            other.keyword().span(),
                            format!(
                                "unknown modifier `{}` of `{keyword}(...)`; it takes {allowed}",
                                other.keyword()
                            ),
                        ));
                    }
                }
            }
            vec![call]
        }
        _ if online_ddl::CLAUSES.contains(&keyword.as_str()) => {
            online_ddl::clause_calls(clause, state, errors)
        }
        _ => {
            let clauses = CLAUSES
                .iter()
                .chain(helpers::HELPER_CLAUSES)
                .chain(online_ddl::CLAUSES);
            let suggestion = did_you_mean(&keyword, clauses.copied());
            errors.push(Error::new(
                span,
                format!(
                    "unknown table clause `{keyword}`; expected a column (`name: type`), \
                     `timestamps`, `timestamps_tz`, `soft_deletes`, `soft_deletes_tz`, \
                     `index(...)`, \
                     `unique(...)`, `fulltext(...)`, `spatial_index(...)`, `vector_index(...)`, \
                     `raw_index(...)`, \
                     `primary(...)`, `foreign(...)`, `engine(...)`, \
                     `charset(...)`, `collation(...)`, `remember_token`, `morphs(...)`, \
                     `nullable_morphs(...)`, `temporary`, `algorithm(...)`, `lock(...)`, \
                     `instant` or `online`{suggestion}"
                ),
            ));
            Vec::new()
        }
    }
}

/// Whether `name` is an online form of the clause `keyword`: `index(...) concurrently`,
/// `unique(...) concurrently`, `foreign(...) references t(id) not_valid`.
fn online_modifier(keyword: &str, name: &Ident) -> bool {
    match keyword {
        "index" | "unique" => name == "concurrently",
        "foreign" => {
            name == "not_valid" || types::DEFERRABILITY.contains(&name.to_string().as_str())
        }
        _ => false,
    }
}

/// The columns of `index(...)`, `unique(...)`, `primary(...)` or `foreign(...)`, as an array.
fn clause_columns(
    clause: &Clause,
    state: &mut Table,
    errors: &mut Errors,
) -> Option<(TokenStream, Vec<Name>)> {
    let keyword = &clause.keyword;
    let Some(list) = clause.args.as_ref().filter(|list| !list.args.is_empty()) else {
        let span = clause
            .args
            .as_ref()
            .map_or_else(|| keyword.span(), |list| list.span);
        errors.push(Error::new(
            span,
            format!("`{keyword}` takes one or more columns: `{keyword}(a, b)`"),
        ));
        return None;
    };
    let mut names: Vec<Name> = Vec::new();
    for arg in &list.args {
        match arg.name() {
            Some(name) => {
                if names.iter().any(|n| n.value() == name.value()) {
                    errors.push(Error::new(
                        name.span(),
                        format!(
                            "column `{}` is already in this `{keyword}(...)`",
                            name.value()
                        ),
                    ));
                    continue;
                }
                if state.creating {
                    state
                        .references
                        .push((name.clone(), format!("{keyword}(...)")));
                }
                names.push(name);
            }
            None => errors.push(Error::new(arg.span(), "expected a column name")),
        }
    }
    Some((array(&names), names))
}

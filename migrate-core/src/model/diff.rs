//! Comparing two models: the human-readable differences between two states of a schema.

use std::collections::BTreeSet;
use std::fmt::Debug;

use super::{ColumnModel, SchemaModel, TableModel};

impl SchemaModel {
    /// What differs from `self` (before) to `other` (after), one line per difference: tables,
    /// columns (order, type, nullability, default, auto-increment, unsigned), primary keys,
    /// indexes and foreign keys. Empty when the two describe the same schema.
    ///
    /// ```
    /// use migrate_core::model::SchemaModel;
    /// use migrate_core::schema::Blueprint;
    ///
    /// let mut t = Blueprint::create("users");
    /// t.increments("id");
    /// let before = SchemaModel::from_blueprints([t.clone()]).unwrap();
    /// t.string("name", 100).nullable();
    /// let after = SchemaModel::from_blueprints([t]).unwrap();
    /// assert_eq!(before.diff(&after), ["table `users`: column `name` was added"]);
    /// assert!(after.diff(&after).is_empty());
    /// ```
    pub fn diff(&self, other: &SchemaModel) -> Vec<String> {
        let mut out = Vec::new();
        let names: BTreeSet<&String> = self.tables.keys().chain(other.tables.keys()).collect();
        for name in names {
            match (self.tables.get(name), other.tables.get(name)) {
                (Some(_), None) => out.push(format!("table `{name}` was dropped")),
                (None, Some(_)) => out.push(format!("table `{name}` was added")),
                (Some(a), Some(b)) => {
                    let mut lines = Vec::new();
                    diff_table(a, b, &mut lines);
                    out.extend(lines.into_iter().map(|l| format!("table `{name}`: {l}")));
                }
                (None, None) => {}
            }
        }
        if self.opaque != other.opaque {
            out.push(format!(
                "the schema was {} and is {}",
                exactness(self.opaque),
                exactness(other.opaque)
            ));
        }
        out
    }
}

fn exactness(opaque: bool) -> &'static str {
    if opaque {
        "opaque"
    } else {
        "exact"
    }
}

fn diff_table(a: &TableModel, b: &TableModel, out: &mut Vec<String>) {
    for column in &a.columns {
        match b.column(&column.name) {
            None => out.push(format!("column `{}` was dropped", column.name)),
            Some(after) => diff_column(column, after, out),
        }
    }
    for column in &b.columns {
        if a.column(&column.name).is_none() {
            out.push(format!("column `{}` was added", column.name));
        }
    }
    let (before, after) = (shared_columns(a, b), shared_columns(b, a));
    if before != after {
        out.push(format!(
            "column order changed from ({}) to ({})",
            before.join(", "),
            after.join(", ")
        ));
    }
    if a.primary_key != b.primary_key {
        out.push(format!(
            "primary key changed from ({}) to ({})",
            a.primary_key.join(", "),
            b.primary_key.join(", ")
        ));
    }
    for (name, index) in &a.indexes {
        match b.indexes.get(name) {
            None => out.push(format!("index `{name}` was dropped")),
            Some(after) if after != index => out.push(format!(
                "index `{name}` changed from {} to {}",
                describe_index(index),
                describe_index(after)
            )),
            Some(_) => {}
        }
    }
    for (name, index) in &b.indexes {
        if !a.indexes.contains_key(name) {
            out.push(format!(
                "index `{name}` was added: {}",
                describe_index(index)
            ));
        }
    }
    for foreign in &a.foreign_keys {
        if !b.foreign_keys.contains(foreign) {
            out.push(format!(
                "foreign key {} was dropped",
                describe_foreign(foreign)
            ));
        }
    }
    for foreign in &b.foreign_keys {
        if !a.foreign_keys.contains(foreign) {
            out.push(format!(
                "foreign key {} was added",
                describe_foreign(foreign)
            ));
        }
    }
    if a.opaque != b.opaque {
        out.push(format!(
            "was {} and is {}",
            exactness(a.opaque),
            exactness(b.opaque)
        ));
    }
}

/// The columns of `table` that `other` has too, in `table`'s order.
pub(super) fn shared_columns(table: &TableModel, other: &TableModel) -> Vec<String> {
    table
        .columns
        .iter()
        .filter(|c| other.column(&c.name).is_some())
        .map(|c| c.name.clone())
        .collect()
}

fn diff_column(a: &ColumnModel, b: &ColumnModel, out: &mut Vec<String>) {
    let name = &a.name;
    let mut changed = |what: &str, before: &dyn Debug, after: &dyn Debug| {
        out.push(format!(
            "column `{name}` {what} changed from {before:?} to {after:?}"
        ));
    };
    if a.ty != b.ty {
        changed("type", &a.ty, &b.ty);
    }
    if a.nullable != b.nullable {
        changed("nullability", &a.nullable, &b.nullable);
    }
    if a.default != b.default {
        changed("default", &a.default, &b.default);
    }
    if a.auto_increment != b.auto_increment {
        changed("auto-increment", &a.auto_increment, &b.auto_increment);
    }
    if a.unsigned != b.unsigned {
        changed("unsigned", &a.unsigned, &b.unsigned);
    }
    if a.invisible != b.invisible {
        changed("invisible", &a.invisible, &b.invisible);
    }
    let same_generation = match (&a.generation, &b.generation) {
        (Some(x), Some(y)) => x.same_as(y),
        (x, y) => x == y,
    };
    if !same_generation {
        changed("generation", &a.generation, &b.generation);
    }
}

fn describe_index(index: &super::IndexModel) -> String {
    use crate::schema::IndexKind;
    let kind = match index.kind {
        IndexKind::Unique => "unique ",
        IndexKind::Fulltext => "full-text ",
        IndexKind::Spatial => "spatial ",
        IndexKind::Vector => "vector ",
        IndexKind::Index | IndexKind::Primary => "",
    };
    let options = &index.options;
    let body = options
        .expression
        .clone()
        .unwrap_or_else(|| index.columns.join(", "));
    let mut out = format!("{kind}({body})");
    if let Some(algorithm) = options.algorithm {
        out.push_str(&format!(" using {algorithm}"));
    }
    if let Some(language) = &options.language {
        out.push_str(&format!(" in {language}"));
    }
    if options.nulls_not_distinct {
        out.push_str(" nulls not distinct");
    }
    out
}

fn describe_foreign(foreign: &super::ForeignKeyModel) -> String {
    let name = if foreign.name.is_empty() {
        String::new()
    } else {
        format!("`{}` ", foreign.name)
    };
    format!(
        "{name}({}) -> {}({}) on delete {} on update {}{}",
        foreign.columns.join(", "),
        foreign.on,
        foreign.references.join(", "),
        foreign.on_delete.map_or("default", |a| a.sql()),
        foreign.on_update.map_or("default", |a| a.sql()),
        match foreign.deferrable {
            super::Deferrable::NotDeferrable => "",
            deferrable => deferrable.sql(),
        },
    )
}

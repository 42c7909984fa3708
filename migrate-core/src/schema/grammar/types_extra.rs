//! What the grammars share about the types only some dialects have: MySQL's `SET`,
//! PostgreSQL's `tsvector`.

use super::Grammar;
use crate::schema::column::{ColumnDefinition, ColumnType};
use crate::{Error, Result};

/// The refusal of a column type `grammar`'s dialect does not have, saying which have it.
pub(super) fn refused(grammar: &(impl Grammar + ?Sized), column: &ColumnDefinition) -> Error {
    let what = match column.ty {
        ColumnType::Set(_) => {
            "set columns, which only MySQL and MariaDB have (for one value of a list use \
             enumeration(...))"
        }
        ColumnType::TsVector => "tsvector columns, which only PostgreSQL has",
        ColumnType::Vector { .. } => {
            "vector columns, which only PostgreSQL has (with the pgvector extension)"
        }
        ColumnType::Geometry { .. } | ColumnType::Geography { .. } => {
            "geometry and geography columns, which only MySQL, MariaDB and PostgreSQL with \
             PostGIS have (SpatiaLite is an extension of its own)"
        }
        _ => "this column type",
    };
    grammar.unsupported(format!("{what} (column `{}`)", column.name))
}

/// `'a', 'b'`: each value escaped by the grammar.
pub(super) fn quoted(grammar: &(impl Grammar + ?Sized), values: &[String]) -> Result<String> {
    let quoted: Result<Vec<String>> = values.iter().map(|v| grammar.quote_string(v)).collect();
    Ok(quoted?.join(", "))
}

/// Why MySQL would refuse (or misread) a `SET` of `values`, if it would: a set has 1 to 64
/// distinct members, and a comma separates the members of a stored value.
pub(super) fn set_problem(values: &[String]) -> Option<String> {
    if values.is_empty() || values.len() > 64 {
        return Some(format!("a set has 1 to 64 values, not {}", values.len()));
    }
    if let Some(value) = values.iter().find(|v| v.contains(',')) {
        return Some(format!(
            "the set value {value:?} holds a comma, which separates the values of a set"
        ));
    }
    let duplicate = values
        .iter()
        .enumerate()
        .find(|(i, v)| values[..*i].iter().any(|w| w.eq_ignore_ascii_case(v)));
    duplicate.map(|(_, value)| format!("the set value {value:?} is given twice"))
}

/// PostGIS's `geometry(point, 4326)`, `geography(point, 4326)`: the type, then the subtype
/// and SRID where said (PostGIS's defaults otherwise).
pub(super) fn postgis_type(ty: &ColumnType) -> Option<String> {
    let (name, subtype, srid) = match ty {
        ColumnType::Geometry { subtype, srid } => ("geometry", *subtype, *srid),
        ColumnType::Geography { subtype, srid } => ("geography", *subtype, *srid),
        _ => return None,
    };
    Some(match (subtype, srid) {
        (crate::schema::GeometryType::Geometry, 0) => name.to_owned(),
        (subtype, 0) => format!("{name}({subtype})"),
        (subtype, srid) => format!("{name}({subtype}, {srid})"),
    })
}

/// The extension types `blueprint`'s columns need on PostgreSQL, each as a query for the
/// type (visible on the search path) and the refusal naming the extension.
pub(super) fn extension_prerequisites(
    grammar: &(impl Grammar + ?Sized),
    blueprint: &crate::schema::Blueprint,
) -> Vec<super::Prerequisite> {
    let mut prerequisites: Vec<super::Prerequisite> = Vec::new();
    let vector_index = blueprint.commands().into_iter().find_map(|c| match c {
        crate::schema::Command::Index(index) if index.kind == crate::schema::IndexKind::Vector => {
            Some(index.name)
        }
        _ => None,
    });
    if let Some(name) = vector_index {
        prerequisites.push(super::Prerequisite {
            query: "select 1 from pg_am where amname = 'hnsw'".into(),
            refusal: grammar.unsupported(format!(
                "vector indexes (index `{name}`) without the pgvector extension: its `hnsw` \
                 access method is not installed in this database (`create extension vector`)"
            )),
        });
    }
    for column in blueprint.columns() {
        let (type_name, extension, create) = match column.ty {
            ColumnType::Geometry { .. } => ("geometry", "PostGIS", "postgis"),
            ColumnType::Geography { .. } => ("geography", "PostGIS", "postgis"),
            ColumnType::Vector { .. } => ("vector", "pgvector", "vector"),
            _ => continue,
        };
        let query = format!(
            "select 1 from pg_type where typname = '{type_name}' and pg_type_is_visible(oid)"
        );
        if prerequisites.iter().any(|p| p.query == query) {
            continue;
        }
        let refusal = grammar.unsupported(format!(
            "{type_name} columns (column `{}`) without the {extension} extension: its `{type_name}` \
             type is not installed in this database, or not on the search path (`create \
             extension {create}`)",
            column.name,
        ));
        prerequisites.push(super::Prerequisite { query, refusal });
    }
    prerequisites
}

//! The layout of `create index` the grammars share, with the hooks each dialect overrides
//! for the indexes beyond the plain ones: full-text and spatial kinds, access methods,
//! `nulls not distinct` and raw expressions (see `schema/indexes.rs`).

use super::Grammar;
use crate::schema::command::{IndexDefinition, IndexKind};
use crate::{Error, Result};

/// `create [unique|fulltext|spatial] index [concurrently] "name" on "table" [using m] (body)
/// [nulls not distinct] [using m]`, the method before or after the body as the dialect
/// writes it.
pub(super) fn create_index_sql<G: Grammar + ?Sized>(
    grammar: &G,
    table: &str,
    index: &IndexDefinition,
) -> Result<String> {
    check(index)?;
    let keyword = grammar.index_keyword(index)?;
    let concurrently = if index.concurrently {
        grammar.concurrently_keyword()?
    } else {
        ""
    };
    let method = match grammar.index_method(index)? {
        Some(method) => format!(" using {method}"),
        None => String::new(),
    };
    let nulls = if index.options.nulls_not_distinct {
        grammar.nulls_not_distinct_keyword(&index.name)?
    } else {
        ""
    };
    let (before, after) = if grammar.index_method_after_columns() {
        ("", method.as_str())
    } else {
        (method.as_str(), "")
    };
    Ok(format!(
        "create {keyword} {concurrently}{} on {}{before} ({}){nulls}{after}",
        grammar.wrap(&index.name)?,
        grammar.wrap(table)?,
        grammar.index_body(index)?
    ))
}

/// Refuses options given to an index they do not apply to, on every dialect alike.
pub(super) fn check(index: &IndexDefinition) -> Result<()> {
    let problem = if index.kind == IndexKind::Primary
        && index.options != crate::schema::IndexOptions::default()
    {
        "a primary key takes no access method, language or expression"
    } else if index.options.language.is_some() && index.kind != IndexKind::Fulltext {
        "language() applies to full-text indexes only"
    } else if index.options.nulls_not_distinct && index.kind != IndexKind::Unique {
        "nulls_not_distinct() applies to unique keys only"
    } else if index.columns.is_empty() && index.options.expression.is_none() {
        "an index needs at least one column"
    } else {
        return Ok(());
    };
    Err(Error::Schema(format!("index `{}`: {problem}", index.name)))
}

/// `unique index`, `index`; the full-text and spatial kinds refused (the default of
/// [`Grammar::index_keyword`]).
pub(super) fn keyword<G: Grammar + ?Sized>(
    grammar: &G,
    index: &IndexDefinition,
) -> Result<&'static str> {
    match index.kind {
        IndexKind::Unique => Ok("unique index"),
        IndexKind::Index | IndexKind::Primary => Ok("index"),
        IndexKind::Fulltext => Err(grammar.unsupported(format!(
            "full-text indexes (`fulltext`, index `{}`)",
            index.name
        ))),
        IndexKind::Spatial => Err(grammar.unsupported(format!(
            "spatial indexes (`spatial_index`, index `{}`)",
            index.name
        ))),
        IndexKind::Vector => Err(grammar.unsupported(format!(
            "vector indexes (`vector_index`, index `{}`), which only PostgreSQL has (with the \
             pgvector extension)",
            index.name
        ))),
    }
}

/// No access method, and a chosen one refused (the default of [`Grammar::index_method`]).
pub(super) fn no_method<G: Grammar + ?Sized>(
    grammar: &G,
    index: &IndexDefinition,
) -> Result<Option<&'static str>> {
    match index.options.algorithm {
        Some(algorithm) => Err(method_refused(grammar, index, algorithm.sql())),
        None => Ok(None),
    }
}

/// The refusal of the access method `method` for `index`.
pub(super) fn method_refused<G: Grammar + ?Sized>(
    grammar: &G,
    index: &IndexDefinition,
    method: &str,
) -> Error {
    grammar.unsupported(format!(
        "the `{method}` access method (`algorithm(...)`) on {} index `{}`",
        match index.kind {
            IndexKind::Fulltext => "the full-text",
            IndexKind::Spatial => "the spatial",
            _ => "the",
        },
        index.name
    ))
}

/// The raw expression as given, or the columns quoted; a full-text language refused (the
/// default of [`Grammar::index_body`]).
pub(super) fn body<G: Grammar + ?Sized>(grammar: &G, index: &IndexDefinition) -> Result<String> {
    if index.options.language.is_some() {
        return Err(grammar.unsupported(format!(
            "a language on the full-text index `{}` (its parser has none to choose)",
            index.name
        )));
    }
    match &index.options.expression {
        Some(expression) => Ok(expression.clone()),
        None => grammar.index_columns(&index.columns),
    }
}

/// Whether `ty` is a spatial type (geometry or geography).
pub(crate) fn is_spatial_type(ty: &crate::schema::ColumnType) -> bool {
    use crate::schema::ColumnType;
    matches!(
        ty,
        ColumnType::Geometry { .. } | ColumnType::Geography { .. }
    )
}

/// Refuses a spatial index over a column the Blueprint declares nullable, where the dialect
/// needs its columns `NOT NULL` (a column of the table already is what it is: the server
/// says).
pub(super) fn check_spatial<G: Grammar + ?Sized>(
    grammar: &G,
    blueprint: &crate::schema::Blueprint,
    index: &IndexDefinition,
) -> Result<()> {
    if index.kind != IndexKind::Spatial || !grammar.spatial_index_needs_not_null() {
        return Ok(());
    }
    let nullable = blueprint
        .columns()
        .iter()
        .find(|c| c.nullable && index.columns.contains(&c.name));
    match nullable {
        Some(column) => Err(grammar.unsupported(format!(
            "a spatial index over the nullable column `{}` (index `{}`): the columns of a \
             spatial index must be NOT NULL; drop `nullable()`",
            column.name, index.name
        ))),
        None => Ok(()),
    }
}

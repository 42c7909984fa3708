//! The statements of the online forms, shared by the dialects that have them: check
//! constraints, constraints added without reading the rows, indexes built and dropped
//! concurrently. Each dialect says through a hook of [`Grammar`] whether it has the keyword;
//! where it has none, the hook refuses.

use super::Grammar;
use crate::schema::command::{CheckDefinition, IndexDefinition, IndexKind};
use crate::Result;

/// `alter table "t" add constraint "name" check (expression) [not valid]`.
pub(super) fn add_check<G: Grammar + ?Sized>(
    grammar: &G,
    table: &str,
    check: &CheckDefinition,
) -> Result<Vec<String>> {
    let not_valid = if check.not_valid {
        grammar.not_valid_keyword()?
    } else {
        ""
    };
    Ok(vec![format!(
        "alter table {} add constraint {} check ({}){not_valid}",
        grammar.wrap(table)?,
        grammar.wrap(&check.name)?,
        check.expression
    )])
}

/// `alter table "t" drop constraint "name"`.
pub(super) fn drop_constraint<G: Grammar + ?Sized>(
    grammar: &G,
    table: &str,
    name: &str,
) -> Result<Vec<String>> {
    Ok(vec![format!(
        "alter table {} drop constraint {}",
        grammar.wrap(table)?,
        grammar.wrap(name)?
    )])
}

/// `drop index concurrently "name"`.
pub(super) fn drop_index_concurrently<G: Grammar + ?Sized>(
    grammar: &G,
    name: &str,
) -> Result<Vec<String>> {
    Ok(vec![format!(
        "drop index {}{}",
        grammar.concurrently_keyword()?,
        grammar.wrap(name)?
    )])
}

/// A unique key built without blocking writes: the unique index concurrently, then the
/// constraint on it (`using index`), which takes its lock only for a moment.
pub(super) fn unique_concurrently<G: Grammar + ?Sized>(
    grammar: &G,
    table: &str,
    index: &IndexDefinition,
) -> Result<Vec<String>> {
    debug_assert_eq!(index.kind, IndexKind::Unique);
    let name = grammar.wrap(&index.name)?;
    Ok(vec![
        grammar.create_index_sql(table, index)?,
        format!(
            "alter table {} add constraint {name} unique using index {name}",
            grammar.wrap(table)?
        ),
    ])
}

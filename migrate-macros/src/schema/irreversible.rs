//! The statements of a `schema!` that a `change` migration cannot undo: `#[migration]` on a
//! `change` function refuses them at compile time.

use proc_macro2::{Span, TokenStream};

use super::ast::{AlterItem, DropKind, SchemaInput, Statement};

/// Each statement of `input` (a `schema!`'s tokens) that cannot be inverted: where it is,
/// and what it is. Nothing when the input does not parse (`schema!` reports that itself).
pub(crate) fn irreversible(input: TokenStream) -> Vec<(Span, String)> {
    let Ok(parsed) = syn::parse2::<SchemaInput>(input) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for statement in &parsed.statements {
        match statement {
            Statement::Drop { table, if_exists } => {
                let exists = if *if_exists { "if exists " } else { "" };
                found.push((
                    table.span(),
                    format!("`drop table {exists}{}`", table.value()),
                ));
            }
            Statement::Raw(sql) => found.push((sql.span(), "`raw`".to_owned())),
            Statement::Alter { table, items, .. } => {
                for item in items {
                    let (span, what) = match item {
                        AlterItem::DropColumns(columns) => {
                            let names: Vec<String> = columns.iter().map(|c| c.value()).collect();
                            (columns[0].span(), format!("`drop {}`", names.join(", ")))
                        }
                        AlterItem::DropIndex { kind, name } => {
                            let kind = match kind {
                                DropKind::Index => "index",
                                DropKind::Unique => "unique",
                                DropKind::Foreign => "foreign",
                                DropKind::Fulltext => "fulltext",
                                DropKind::Spatial => "spatial_index",
                                DropKind::Vector => "vector_index",
                            };
                            (name.span(), format!("`drop {kind} {}`", name.value()))
                        }
                        AlterItem::DropPrimary => (table.span(), "`drop primary`".to_owned()),
                        AlterItem::DropTimestamps => (table.span(), "`drop timestamps`".to_owned()),
                        AlterItem::DropSoftDeletes => {
                            (table.span(), "`drop soft_deletes`".to_owned())
                        }
                        _ => continue,
                    };
                    found.push((span, what));
                }
            }
            Statement::Create { .. } | Statement::Rename { .. } => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_drops_and_raw_sql() {
        let found: Vec<String> = irreversible(quote::quote!(s => {
            create table a { id: increments }
            alter table b { add x: integer, drop y, drop index b_x_index, drop primary }
            rename table c to d;
            raw "select 1";
            drop table if exists e;
        }))
        .into_iter()
        .map(|(_, what)| what)
        .collect();
        assert_eq!(
            found,
            [
                "`drop y`",
                "`drop index b_x_index`",
                "`drop primary`",
                "`raw`",
                "`drop table if exists e`"
            ]
        );
    }
}

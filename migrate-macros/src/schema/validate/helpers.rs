//! The table clauses of Laravel's column helpers and table options: `remember_token`,
//! `morphs(name)`, `nullable_morphs(name)` and `temporary`.

use proc_macro2::Span;
use syn::{Error, Ident};

use super::{call, lit, single, Call, Clause, Errors, Key, Name, Table};

/// The clauses this module knows, as the "unknown clause" error lists them.
pub(super) const HELPER_CLAUSES: &[&str] =
    &["remember_token", "morphs", "nullable_morphs", "temporary"];

/// The calls of a helper clause, or `None` when `clause` is not one.
pub(super) fn helper_clause(
    clause: &Clause,
    table: &Name,
    state: &mut Table,
    errors: &mut Errors,
) -> Option<Vec<Call>> {
    let keyword = clause.keyword.to_string();
    let span = clause.keyword.span();
    if !HELPER_CLAUSES.contains(&keyword.as_str()) {
        return None;
    }
    for modifier in &clause.modifiers {
        errors.push(Error::new(
            modifier.keyword().span(),
            format!("`{keyword}` takes no modifiers"),
        ));
    }
    Some(match keyword.as_str() {
        "remember_token" | "temporary" => {
            if let Some(list) = &clause.args {
                errors.push(Error::new(
                    list.span,
                    format!("`{keyword}` takes no arguments"),
                ));
            }
            if keyword == "temporary" {
                if !state.creating {
                    errors.push(Error::new(
                        span,
                        "`temporary` is a table option: it applies only in `create table`",
                    ));
                    return Some(Vec::new());
                }
            } else {
                declare(state, table, "remember_token", span, errors);
            }
            vec![call(&keyword, span, Vec::new())]
        }
        _ => {
            let usage = format!("the relation's name: `{keyword}(owner)`");
            let Some(arg) = single(&clause.keyword, clause.args.as_ref(), &usage, errors) else {
                return Some(Vec::new());
            };
            let Some(name) = arg.name().filter(|n| !n.value().is_empty()) else {
                errors.push(Error::new(arg.span(), format!("expected {usage}")));
                return Some(Vec::new());
            };
            let columns = [
                format!("{}_type", name.value()),
                format!("{}_id", name.value()),
            ];
            for column in &columns {
                declare(state, table, column, name.span(), errors);
            }
            let key = Key {
                kind: "index".to_owned(),
                columns: columns.to_vec(),
                on_column: false,
            };
            state.key(key, span, errors);
            vec![call(&keyword, span, vec![lit(&name)])]
        }
    })
}

/// Declares a column a helper adds, so that a column of the same name is reported.
fn declare(state: &mut Table, table: &Name, column: &str, span: Span, errors: &mut Errors) {
    state.declare(&Name::Ident(Ident::new(column, span)), table, errors);
}

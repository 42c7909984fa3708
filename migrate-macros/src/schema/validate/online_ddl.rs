//! MySQL and MariaDB's online DDL options of `alter table`: `algorithm(inplace)`,
//! `lock(none)`, and the shorthands `instant` (`algorithm(instant)`) and `online`
//! (`lock(none)`).

use syn::{Error, Ident};

use super::{call, did_you_mean, no_modifiers, single, Call, Clause, Table};
use crate::errors::Errors;
use crate::schema::ast::Arg;
use quote::quote_spanned;

/// The clauses this module reads.
pub(super) const CLAUSES: &[&str] = &["algorithm", "lock", "instant", "online"];

/// `algorithm(...)`'s words and the variants of `migrate_core::schema::Algorithm`.
const ALGORITHMS: &[(&str, &str)] = &[
    ("default", "Default"),
    ("inplace", "Inplace"),
    ("instant", "Instant"),
    ("copy", "Copy"),
];

/// `lock(...)`'s words and the variants of `migrate_core::schema::LockMode`.
const LOCKS: &[(&str, &str)] = &[
    ("default", "Default"),
    ("none", "None"),
    ("shared", "Shared"),
    ("exclusive", "Exclusive"),
];

/// The call of one of [`CLAUSES`].
pub(super) fn clause_calls(clause: &Clause, state: &Table, errors: &mut Errors) -> Vec<Call> {
    let keyword = clause.keyword.to_string();
    let span = clause.keyword.span();
    no_modifiers(clause, &keyword, errors);
    if state.creating {
        errors.push(Error::new(
            span,
            format!(
                "`{keyword}` is an option of `alter table` (MySQL's online DDL): a table \
                 being created is not in use yet"
            ),
        ));
        return Vec::new();
    }
    let (words, ty) = match keyword.as_str() {
        "algorithm" => (ALGORITHMS, "Algorithm"),
        "lock" => (LOCKS, "LockMode"),
        _ => {
            if let Some(list) = &clause.args {
                errors.push(Error::new(
                    list.span,
                    format!("`{keyword}` takes no arguments"),
                ));
                return Vec::new();
            }
            return vec![call(&keyword, span, Vec::new())];
        }
    };
    let names: Vec<&str> = words.iter().map(|(word, _)| *word).collect();
    let usage = format!("one of {}: `{keyword}({})`", quoted(&names), names[1]);
    let Some(arg) = single(&clause.keyword, clause.args.as_ref(), &usage, errors) else {
        return Vec::new();
    };
    let Arg::Ident(ident) = arg else {
        errors.push(Error::new(arg.span(), format!("expected {usage}")));
        return Vec::new();
    };
    let word = ident.to_string();
    let Some((_, variant)) = words.iter().find(|(w, _)| *w == word) else {
        let suggestion = did_you_mean(&word, names.iter().copied());
        errors.push(Error::new(
            ident.span(),
            format!("unknown {keyword} `{word}`; expected {usage}{suggestion}"),
        ));
        return Vec::new();
    };
    let ty = Ident::new(ty, ident.span());
    let variant = Ident::new(variant, ident.span());
    let value = quote_spanned!(ident.span()=> ::migrate_core::schema::#ty::#variant);
    vec![call(&keyword, span, vec![value])]
}

/// `` `a`, `b` or `c` ``.
fn quoted(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

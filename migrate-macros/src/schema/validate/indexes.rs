//! The index forms beyond the plain ones: `algorithm(...)`, `nulls_not_distinct` and
//! `language("...")` after an index clause, and `raw_index("expression", "name")`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{Error, Ident};

use super::{call, did_you_mean, string_arg, Arg, ArgList, Call, Clause, Errors, Modifier};

/// The access methods of `algorithm(...)`, with their variant in `IndexAlgorithm`.
const ALGORITHMS: &[(&str, &str)] = &[
    ("btree", "Btree"),
    ("hash", "Hash"),
    ("gist", "Gist"),
    ("gin", "Gin"),
    ("brin", "Brin"),
    ("spgist", "SpGist"),
];

/// Whether `name` is one of this module's modifiers of the clause `keyword`.
pub(super) fn applies(keyword: &str, name: &Ident) -> bool {
    match keyword {
        "index" | "raw_index" => name == "algorithm",
        "unique" => name == "algorithm" || name == "nulls_not_distinct",
        "fulltext" => name == "language",
        _ => false,
    }
}

/// The arguments of the modifier `name` (one [`applies`] accepted), or `None` after an error.
pub(super) fn modifier(
    name: &Ident,
    args: Option<&ArgList>,
    errors: &mut Errors,
) -> Option<Vec<TokenStream>> {
    if name == "nulls_not_distinct" {
        if let Some(list) = args {
            errors.push(Error::new(
                list.span,
                "`nulls_not_distinct` takes no arguments",
            ));
            return None;
        }
        return Some(Vec::new());
    }
    let usage = if name == "language" {
        "a text search configuration: `language(\"english\")`"
    } else {
        "an access method: `btree`, `hash`, `gist`, `gin`, `brin` or `spgist`"
    };
    let arg = super::single(name, args, usage, errors)?;
    if name == "language" {
        let language = string_arg(arg, usage, errors)?;
        if language.value().trim().is_empty() {
            errors.push(Error::new(language.span(), format!("expected {usage}")));
            return None;
        }
        return Some(vec![quote!(#language)]);
    }
    let Arg::Ident(ident) = arg else {
        errors.push(Error::new(arg.span(), format!("expected {usage}")));
        return None;
    };
    let word = ident.to_string();
    match ALGORITHMS.iter().find(|(method, _)| *method == word) {
        Some((_, variant)) => {
            let variant = Ident::new(variant, ident.span());
            Some(vec![
                quote_spanned!(ident.span()=> ::migrate_core::schema::IndexAlgorithm::#variant),
            ])
        }
        None => {
            let suggestion = did_you_mean(&word, ALGORITHMS.iter().map(|(a, _)| *a));
            errors.push(Error::new(
                ident.span(),
                format!("unknown access method `{word}`; expected {usage}{suggestion}"),
            ));
            None
        }
    }
}

/// `raw_index("expression", "name")`: an index over raw SQL, written verbatim.
pub(super) fn raw_index(clause: &Clause, errors: &mut Errors) -> Vec<Call> {
    let keyword = &clause.keyword;
    let usage =
        "the expression and the index's name: `raw_index(\"lower(email)\", \"users_email_lower\")`";
    let args = clause.args.as_ref().map(|list| list.args.as_slice());
    let Some([expression, name]) = args else {
        let span = clause
            .args
            .as_ref()
            .map_or(keyword.span(), |list| list.span);
        errors.push(Error::new(span, format!("`raw_index` takes {usage}")));
        return Vec::new();
    };
    let (Some(expression), Some(name)) = (
        string_arg(expression, usage, errors),
        string_arg(name, usage, errors),
    ) else {
        return Vec::new();
    };
    for lit in [&expression, &name] {
        if lit.value().trim().is_empty() {
            errors.push(Error::new(lit.span(), format!("expected {usage}")));
            return Vec::new();
        }
    }
    let mut raw = call(
        "raw_index",
        keyword.span(),
        vec![quote!(#expression), quote!(#name)],
    );
    for written in &clause.modifiers {
        match written {
            Modifier::Plain { name, args } if applies("raw_index", name) => {
                if let Some(args) = modifier(name, args.as_ref(), errors) {
                    raw.chain.push((name.clone(), args));
                }
            }
            other => errors.push(Error::new(
                other.keyword().span(),
                format!(
                    "unknown modifier `{}` of `raw_index(...)`; it takes `algorithm(...)` (the \
                     name is its second argument)",
                    other.keyword()
                ),
            )),
        }
    }
    vec![raw]
}

//! The modifiers of columns the database fills itself: `virtual_as("...")`, `stored_as("...")`,
//! `virtual_as_json("meta->price")`, `stored_as_json(...)`, `generated_as`, `always`,
//! `starting_value(n)` / `from(n)`; and the combinations no database accepts.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Error, Ident, Lit, LitInt};

use super::ast::{Arg, ArgList, ColumnDef, Modifier};
use super::types::{ColumnType, Family};
use crate::errors::Errors;

/// The modifiers of this module.
pub(super) const MODIFIERS: &[&str] = &[
    "virtual_as",
    "stored_as",
    "virtual_as_json",
    "stored_as_json",
    "generated_as",
    "always",
    "starting_value",
    "from",
];

/// Those that compute a column from an expression.
const COMPUTED: &[&str] = &[
    "virtual_as",
    "stored_as",
    "virtual_as_json",
    "stored_as_json",
];

/// Whether `name` is one of this module's modifiers.
pub(super) fn is_modifier(name: &str) -> bool {
    MODIFIERS.contains(&name)
}

/// The arguments of the builder call of the modifier `name`, or `None` after an error.
pub(super) fn arguments(
    name: &Ident,
    args: Option<&ArgList>,
    ty: &ColumnType,
    errors: &mut Errors,
) -> Option<Vec<TokenStream>> {
    let modifier = name.to_string();
    let list = args.map(|list| list.args.as_slice());
    let usage = match modifier.as_str() {
        "virtual_as" | "stored_as" => "an SQL expression as a string: `stored_as(\"price * 2\")`",
        "virtual_as_json" | "stored_as_json" => {
            "a JSON path as a string: `virtual_as_json(\"meta->price\")`"
        }
        "starting_value" | "from" => "the first value, at least 1: `starting_value(1000)`",
        _ => "no arguments",
    };
    let wrong = |errors: &mut Errors| {
        let span = args.map_or_else(|| name.span(), |list| list.span);
        errors.push(Error::new(span, format!("`{modifier}` takes {usage}")));
        None
    };
    match (modifier.as_str(), list) {
        ("generated_as" | "always", None) => {
            if !matches!(
                ty.family,
                Family::Integer | Family::UnsignedInteger | Family::Increments
            ) {
                errors.push(Error::new(
                    name.span(),
                    format!(
                        "`{modifier}` does not apply to `{}`: only an integer column is an \
                         identity column",
                        ty.name
                    ),
                ));
                return None;
            }
            Some(Vec::new())
        }
        (
            "starting_value" | "from",
            Some(
                [Arg::Lit {
                    neg: None,
                    lit: Lit::Int(int),
                }],
            ),
        ) => match int.base10_parse::<u64>() {
            Ok(value) if value >= 1 => {
                let lit = LitInt::new(&value.to_string(), int.span());
                Some(vec![quote!(#lit)])
            }
            _ => wrong(errors),
        },
        (
            m,
            Some(
                [Arg::Lit {
                    neg: None,
                    lit: Lit::Str(text),
                }],
            ),
        ) if COMPUTED.contains(&m) => {
            if text.value().trim().is_empty() {
                errors.push(Error::new(
                    text.span(),
                    format!("`{modifier}` needs {usage}"),
                ));
                return None;
            }
            Some(vec![quote!(#text)])
        }
        _ => wrong(errors),
    }
}

/// Refuses the combinations of a column's modifiers that no database accepts: a computed
/// column with a default, an auto-increment, another generation or a starting value; `always`
/// without `generated_as`; a starting value without an auto-increment or identity; either
/// modifier on a changed column.
pub(super) fn check_combination(
    def: &ColumnDef,
    ty: &ColumnType,
    change: bool,
    errors: &mut Errors,
) {
    let written: Vec<&Ident> = def
        .modifiers
        .iter()
        .filter_map(|m| match m {
            Modifier::Plain { name, .. } => Some(name),
            Modifier::References { .. } => None,
        })
        .collect();
    let has = |names: &[&str]| {
        written
            .iter()
            .any(|n| names.contains(&n.to_string().as_str()))
    };
    let increments = ty.family == Family::Increments || has(&["auto_increment"]);
    let computed: Vec<&&Ident> = written
        .iter()
        .filter(|n| COMPUTED.contains(&n.to_string().as_str()))
        .collect();
    for name in &written {
        let modifier = name.to_string();
        let problem = match modifier.as_str() {
            m if COMPUTED.contains(&m) && computed.len() > 1 => {
                "a column has one generation expression: keep one of them".to_owned()
            }
            m if COMPUTED.contains(&m) && has(&["generated_as"]) => {
                "a column is either computed or an identity, not both".to_owned()
            }
            m if COMPUTED.contains(&m) && has(&["default", "default_raw", "use_current"]) => {
                "a generated column has no default: its expression gives its value".to_owned()
            }
            m if COMPUTED.contains(&m) && increments => {
                format!("a generated column cannot auto-increment (`{}`)", ty.name)
            }
            m if COMPUTED.contains(&m) && has(&["starting_value", "from"]) => {
                "a generated column has no starting value".to_owned()
            }
            "generated_as" if has(&["default", "default_raw"]) => {
                "an identity column has no default: its sequence gives its value".to_owned()
            }
            "always" if !has(&["generated_as"]) => {
                "`always` makes an identity column refuse given values: write `generated_as` \
                 before it"
                    .to_owned()
            }
            "starting_value" | "from" if has(&["starting_value"]) && has(&["from"]) => {
                "`from` is `starting_value`: keep one of them".to_owned()
            }
            "starting_value" | "from" if !increments && !has(&["generated_as"]) => format!(
                "a starting value needs an auto-increment column (`auto_increment`, \
                 `increments`...) or an identity (`generated_as`), and `{}` is neither",
                def.name.value()
            ),
            m if change && is_modifier(m) => {
                format!("`{m}` is given when a column is added (`add`), not when it is changed")
            }
            _ => continue,
        };
        errors.push(Error::new(name.span(), problem));
    }
}

//! Parsing of `#[migration(...)]`'s arguments.
//!
//! Syntax errors (a missing `=`, a value of the wrong type) stop the parse; unknown and
//! duplicate arguments are collected and reported together with the function's errors.

use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitStr, Path, Token};

use super::ast::{Args, Kind};
use crate::errors::Errors;

/// What the "unknown argument" error lists.
const EXPECTED: &str = "expected `id = \"...\"`, `up`, `down`, `change`, \
     `transaction = true|false`, `after = \"...\"`, `replaces = [\"...\", ...]`, `allow(rule, ...)`, `reason = \"...\"` or \
     `crate = path`";

impl Args {
    /// Parses the arguments, adding unknown and duplicate ones to `errors` and skipping them.
    pub(super) fn parse_collecting(input: ParseStream, errors: &mut Errors) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            // `crate` is a keyword: accept any identifier and sort them out by name.
            let name = input.call(Ident::parse_any)?;
            match name.to_string().as_str() {
                "id" => {
                    let value = parse_value::<LitStr>(input)?;
                    set(&mut args.id, value, &name, errors);
                }
                "up" | "down" | "change" => {
                    let kind = Kind::from_name(&name).unwrap_or(Kind::Up);
                    if args.kind.is_some() {
                        errors.push(syn::Error::new(
                            name.span(),
                            "the kind is given twice: a migration function is `up`, `down` or `change`",
                        ));
                    } else {
                        args.kind = Some((kind, name.span()));
                    }
                }
                "transaction" => {
                    let value = parse_value::<LitBool>(input)?;
                    set(&mut args.transaction, value, &name, errors);
                }
                "after" => {
                    let value = parse_value::<LitStr>(input)?;
                    set(&mut args.after, value, &name, errors);
                }
                "replaces" => {
                    input.parse::<Token![=]>()?;
                    if !input.peek(syn::token::Bracket) {
                        return Err(input.error(
                            "`replaces` takes a list of migration ids: `replaces = [\"...\", ...]`",
                        ));
                    }
                    let ids;
                    syn::bracketed!(ids in input);
                    let ids = ids.parse_terminated(<LitStr as Parse>::parse, Token![,])?;
                    let value = (ids.into_iter().collect(), name.span());
                    set(&mut args.replaces, value, &name, errors);
                }
                "allow" => {
                    let rules;
                    syn::parenthesized!(rules in input);
                    let rules = rules.parse_terminated(Ident::parse, Token![,])?;
                    let value = (rules.into_iter().collect(), name.span());
                    set(&mut args.allow, value, &name, errors);
                }
                "reason" => {
                    let value = parse_value::<LitStr>(input)?;
                    set(&mut args.reason, value, &name, errors);
                }
                "crate" => {
                    input.parse::<Token![=]>()?;
                    let value = input.call(Path::parse_mod_style)?;
                    set(&mut args.krate, value, &name, errors);
                }
                _ => {
                    errors.push(syn::Error::new(
                        name.span(),
                        format!("unknown #[migration] argument `{name}`; {EXPECTED}"),
                    ));
                    args.unknown = true;
                    skip_value(input)?;
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}

impl Parse for Args {
    /// Parses the arguments, failing on unknown and duplicate ones too.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut errors = Errors::default();
        let args = Self::parse_collecting(input, &mut errors)?;
        errors.finish()?;
        Ok(args)
    }
}

/// Parses `= value`.
fn parse_value<T: Parse>(input: ParseStream) -> syn::Result<T> {
    input.parse::<Token![=]>()?;
    input.parse()
}

/// Records an argument's value, or an error at its name if it was already given.
fn set<T>(slot: &mut Option<T>, value: T, name: &Ident, errors: &mut Errors) {
    crate::errors::set_once(slot, value, name, "migration", errors);
}

/// Skips what follows an unknown argument's name, up to the next comma.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn parse(tokens: proc_macro2::TokenStream) -> syn::Result<Args> {
        syn::parse2(tokens)
    }

    #[test]
    fn parses_nothing() -> syn::Result<()> {
        let args = parse(quote::quote!())?;
        assert!(args.id.is_none() && args.kind.is_none());
        assert!(args.transaction.is_none() && args.krate.is_none());
        Ok(())
    }

    #[test]
    fn parses_every_argument() -> syn::Result<()> {
        let args = parse(quote::quote!(
            id = "a_1",
            down,
            transaction = false,
            crate = ::my::core,
        ))?;
        assert_eq!(args.id.map(|id| id.value()).as_deref(), Some("a_1"));
        assert_eq!(args.kind.map(|(kind, _)| kind), Some(Kind::Down));
        assert_eq!(args.transaction.map(|t| t.value), Some(false));
        let krate = args.krate.map(|path| path.to_token_stream().to_string());
        assert_eq!(krate.as_deref(), Some(":: my :: core"));
        Ok(())
    }

    #[test]
    fn parses_the_migrations_a_squash_replaces() -> syn::Result<()> {
        let args = parse(quote::quote!(replaces = ["m1_a", "m2_b",]))?;
        let ids: Vec<String> = args
            .replaces
            .map(|(ids, _)| ids.iter().map(LitStr::value).collect())
            .unwrap_or_default();
        assert_eq!(ids, ["m1_a", "m2_b"]);
        assert!(parse(quote::quote!(replaces = "m1_a")).is_err());
        Ok(())
    }

    #[test]
    fn parses_lint_allowances() -> syn::Result<()> {
        let args = parse(quote::quote!(
            allow(drop_column, add_index),
            reason = "small"
        ))?;
        let rules: Vec<String> = args
            .allow
            .map(|(rules, _)| rules.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        assert_eq!(rules, ["drop_column", "add_index"]);
        assert_eq!(args.reason.map(|r| r.value()).as_deref(), Some("small"));
        Ok(())
    }

    #[test]
    fn collects_unknown_and_duplicate_arguments() {
        let errors = parse(quote::quote!(bogus = 1, id = "a", id = "b", up, down));
        let messages: Vec<String> = match errors {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.to_string()).collect(),
        };
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("unknown #[migration] argument `bogus`"));
        assert_eq!(messages[1], "duplicate #[migration] argument `id`");
        assert!(messages[2].starts_with("the kind is given twice"));
    }
}

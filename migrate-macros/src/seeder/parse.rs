//! Parsing of `#[seeder(...)]`'s arguments: `name = "..."`, `order = N`, `crate = path`.
//!
//! Syntax errors stop the parse; unknown and duplicate arguments are collected and reported
//! together with the function's errors.

use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Path, Token};

use super::ast::Args;
use crate::errors::Errors;

/// What the "unknown argument" error lists.
const EXPECTED: &str = "expected `name = \"...\"`, `order = N` or `crate = path`";

impl Args {
    /// Parses the arguments, adding unknown and duplicate ones to `errors` and skipping them.
    pub(super) fn parse_collecting(input: ParseStream, errors: &mut Errors) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            let name = input.call(Ident::parse_any)?;
            match name.to_string().as_str() {
                "name" => {
                    input.parse::<Token![=]>()?;
                    set(&mut args.name, input.parse()?, &name, errors);
                }
                "order" => {
                    input.parse::<Token![=]>()?;
                    set(&mut args.order, input.parse()?, &name, errors);
                }
                "crate" => {
                    input.parse::<Token![=]>()?;
                    set(
                        &mut args.krate,
                        input.call(Path::parse_mod_style)?,
                        &name,
                        errors,
                    );
                }
                _ => {
                    errors.push(syn::Error::new(
                        name.span(),
                        format!("unknown #[seeder] argument `{name}`; {EXPECTED}"),
                    ));
                    while !input.is_empty() && !input.peek(Token![,]) {
                        input.parse::<proc_macro2::TokenTree>()?;
                    }
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

/// Records an argument's value, or an error at its name if it was already given.
fn set<T>(slot: &mut Option<T>, value: T, name: &Ident, errors: &mut Errors) {
    crate::errors::set_once(slot, value, name, "seeder", errors);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_argument() -> syn::Result<()> {
        let args: Args = syn::parse2(quote::quote!(name = "users", order = -2, crate = ::m))?;
        assert_eq!(args.name.map(|n| n.value()).as_deref(), Some("users"));
        assert_eq!(
            args.order.map(|o| o.base10_digits().to_owned()).as_deref(),
            Some("-2")
        );
        assert!(args.krate.is_some());
        Ok(())
    }

    #[test]
    fn rejects_unknown_and_duplicate_arguments_together() {
        let error = syn::parse2::<Args>(quote::quote!(id = "x", name = "a", name = "b"))
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>());
        assert_eq!(
            error,
            Some(vec![
                format!("unknown #[seeder] argument `id`; {EXPECTED}"),
                "duplicate #[seeder] argument `name`".to_owned(),
            ])
        );
    }
}

//! `schema!`: parse the statements, validate them against the known column types and
//! modifiers, emit the Schema and Blueprint calls.

mod ast;
mod expand;
mod generated;
mod habits;
mod irreversible;
mod keywords;
mod limits;
mod moments;
mod parse;
mod shadow;
mod types;
mod validate;

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};

use crate::errors::Errors;
use ast::SchemaInput;
pub(crate) use irreversible::irreversible;

/// Expands `schema!(target => { ... })`. Errors in the statements are reported next to a
/// stub of the right type; only a malformed frame (`target => { ... }`) is an `Err`.
pub(crate) fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let parsed =
        (|input: ParseStream| SchemaInput::parse_collecting(input, &mut errors)).parse2(input)?;
    let target = parsed.target.clone();
    let tables = shadow::tables(&parsed);
    Ok(match validate::validate(parsed, errors) {
        Ok(plan) => expand::expand(&plan, &shadow::probes(&tables)),
        Err(error) => expand::fallback(Some(&target), error),
    })
}

/// What is emitted when `expand` fails.
pub(crate) fn fallback(error: syn::Error) -> TokenStream {
    expand::fallback(None, error)
}

//! `#[migration]`: parse the arguments, validate the function, emit its registration.

mod ast;
mod checksum;
mod expand;
mod parse;
mod validate;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::parse::{ParseStream, Parser};
use syn::ItemFn;

use crate::errors::Errors;
use ast::Args;

/// Expands `#[migration(args)] item` into the item followed by its registration.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let item = syn::parse2::<syn::Item>(item)?;
    let mut errors = Errors::default();
    let args = (|input: ParseStream| Args::parse_collecting(input, &mut errors)).parse2(args);
    let migration = validate::validate(args, item, errors)?;
    Ok(expand::expand(&migration))
}

/// What is emitted when `expand` fails: the errors, next to the item, so that nothing else
/// breaks because the item is missing.
///
/// A function is emitted without the `async` or `const` it was rejected for: kept, they
/// would only add errors about the body (`&mut Schema` needs an explicit lifetime in an
/// `async fn`; a `const fn` cannot call the builder).
pub(crate) fn fallback(item: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    let item = match syn::parse2::<ItemFn>(item.clone()) {
        Ok(mut function) => {
            function.sig.asyncness = None;
            function.sig.constness = None;
            function.into_token_stream()
        }
        Err(_) => item,
    };
    quote! {
        #error
        #item
    }
}

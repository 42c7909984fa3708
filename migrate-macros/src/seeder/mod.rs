//! `#[seeder]`: parse the arguments, check the function, emit its registration.

mod ast;
mod expand;
mod parse;
mod validate;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::parse::{ParseStream, Parser};
use syn::{Item, ItemFn};

use crate::errors::Errors;
use ast::Args;

/// Expands `#[seeder(args)] item` into the item and its registration; on a user error, into
/// the errors next to the item.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let parsed = match syn::parse2::<Item>(item.clone()) {
        Ok(parsed) => parsed,
        Err(error) => return fallback(item, error),
    };
    let mut errors = Errors::default();
    let args = (|input: ParseStream| Args::parse_collecting(input, &mut errors)).parse2(args);
    match validate::validate(args, parsed, errors) {
        Ok(seeder) => expand::expand(&seeder),
        Err(error) => fallback(item, error),
    }
}

/// The errors, next to the item (without `async`, which would only add errors of its own).
fn fallback(item: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    let item = match syn::parse2::<ItemFn>(item.clone()) {
        Ok(mut function) => {
            function.sig.asyncness = None;
            function.into_token_stream()
        }
        Err(_) => item,
    };
    quote! {
        #error
        #item
    }
}

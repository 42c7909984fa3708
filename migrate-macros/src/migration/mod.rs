//! `#[migration]`: parse the arguments, validate the function, emit its registration.

mod ast;
mod checksum;
mod expand;
mod header;
mod markers;
mod module_file;
mod parse;
mod proof;
mod reversible;
mod signature;
mod validate;

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::parse::{ParseStream, Parser};
use syn::{parse_quote, Item, ItemFn, Path};

use crate::errors::Errors;
use ast::{Args, Kind};
use proof::Proof;

/// Expands `#[migration(args)] item` into the item, its registration and the markers that
/// check it against the crate's other migrations; or, on a user error, into the errors next
/// to the item and its markers.
///
/// `file` is the source file the attribute is in, where the compiler says.
pub(crate) fn expand(
    args: TokenStream,
    item: TokenStream,
    file: Option<&std::path::Path>,
) -> TokenStream {
    let (parsed, body) = match read(&args, &item) {
        Ok(read) => read,
        Err(error) => return fallback(item, error),
    };
    let mut errors = Errors::default();
    let args = (|input: ParseStream| Args::parse_collecting(input, &mut errors)).parse2(args);
    // Computed before `validate` takes the arguments, used only if it rejects them.
    let provided = match (&args, &parsed) {
        (Ok(args), Item::Fn(function)) => provided_markers(args, function),
        _ => TokenStream::new(),
    };
    match validate::validate(args, parsed, body, errors) {
        Ok(migration) => {
            let stem = module_file::stem_module(file);
            let proof = match file {
                Some(file) if stem.is_some() && migration.id.is_none() => {
                    proof_of(&migration, file)
                }
                _ => Proof::Unproven,
            };
            match proof {
                Proof::Proven => expand::expand(&migration, item, stem, true),
                Proof::Unproven => expand::expand(&migration, item, stem, false),
                Proof::Unseen(proven) => fallback(item, unseen(&migration, &proven)),
            }
        }
        Err(error) => {
            let fallback = fallback(item, error);
            quote! {
                #fallback
                #provided
            }
        }
    }
}

/// What the build script's proofs say of `migration`, in `file`.
fn proof_of(migration: &ast::Migration, file: &std::path::Path) -> Proof {
    let kind = match migration.kind {
        Kind::Up => migrate_build::proven::Kind::Up,
        Kind::Down => migrate_build::proven::Kind::Down,
        Kind::Change => migrate_build::proven::Kind::Change,
    };
    proof::proof(file, &migration.function.sig.ident.to_string(), kind)
}

/// The error for a migration function of a proven file that discovery's scan did not see.
fn unseen(migration: &ast::Migration, proven: &[String]) -> syn::Error {
    syn::Error::new(
        migration.function.sig.ident.span(),
        format!(
            "discovery did not see this `#[migration]`: it found only {} in this file, \
             and registers them without the checks of the set that this function could break. \
             Write `#[migration]` itself (not renamed, not written by a macro) on a function \
             at the top level of the file, or give this one an explicit id",
            proven.join(", ")
        ),
    )
}

/// The item, and its function's body as tokens. The body is parsed only where it must be:
/// for a `change` function, whose `schema!` invocations are checked, and for whatever
/// [`header::split`] leaves to the full parse.
fn read(args: &TokenStream, item: &TokenStream) -> syn::Result<(Item, TokenStream)> {
    let is_change = |tokens: &TokenStream| {
        tokens
            .clone()
            .into_iter()
            .any(|token| matches!(token, TokenTree::Ident(ident) if ident == "change"))
    };
    if !is_change(args) {
        if let Some(header) = header::split(item) {
            if header.function.sig.ident != "change" {
                return Ok((Item::Fn(header.function), header.body));
            }
        }
    }
    let item = syn::parse2::<Item>(item.clone())?;
    let body = match &item {
        Item::Fn(function) => function.block.to_token_stream(),
        _ => TokenStream::new(),
    };
    Ok((item, body))
}

/// What a rejected function still provides to its pair, if its kind is known: without it,
/// its `down` would also report the `up` missing. It checks nothing itself.
fn provided_markers(args: &Args, function: &ItemFn) -> TokenStream {
    let named = Kind::from_name(&function.sig.ident);
    let kind = match (args.kind, named) {
        (Some((kind, _)), Some(named)) if kind != named => return TokenStream::new(),
        (Some((kind, _)), _) | (None, Some(kind)) => kind,
        (None, None) => return TokenStream::new(),
    };
    // A method's markers would be associated items, adding errors of their own.
    if !matches!(kind, Kind::Up | Kind::Change) || function.sig.receiver().is_some() {
        return TokenStream::new();
    }
    let krate: Path = args
        .krate
        .clone()
        .unwrap_or_else(|| parse_quote!(::migrate_core));
    let private = quote!(#krate::__private);
    markers::provided(args.id.as_ref(), &function.sig.ident, &private)
}

/// What is emitted when the migration is rejected: the errors, next to the item, so that
/// nothing else breaks because the item is missing.
///
/// A function is emitted without the `async` or `const` it was rejected for: kept, they
/// would only add errors about the body (`&mut Schema` needs an explicit lifetime in an
/// `async fn`; a `const fn` cannot call the builder). A second `#[migration]` on it is
/// dropped, so that it is not expanded (and reported) again.
fn fallback(item: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    let item = match syn::parse2::<ItemFn>(item.clone()) {
        Ok(mut function) => {
            function.sig.asyncness = None;
            function.sig.constness = None;
            function
                .attrs
                .retain(|attr| !validate::is_migration_attribute(attr));
            function.into_token_stream()
        }
        Err(_) => item,
    };
    quote! {
        #error
        #item
    }
}

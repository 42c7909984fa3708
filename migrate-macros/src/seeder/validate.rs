//! The checks of `#[seeder]`: a free, plain `fn` of one parameter, and valid arguments.
//!
//! The parameter's type is left to rustc: the expansion passes the function to a call whose
//! bound names the connection types a seeder can take.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{parse_quote, FnArg, Item};

use super::ast::{Args, Seeder};
use crate::errors::Errors;

/// The longest seeder name: it is typed on command lines, and printed.
const MAX_NAME_LENGTH: usize = 100;

/// Checks the arguments and the item; every problem found is reported together.
pub(super) fn validate(
    args: syn::Result<Args>,
    item: Item,
    mut errors: Errors,
) -> syn::Result<Seeder> {
    let Item::Fn(function) = item else {
        return Err(errors.with(syn::Error::new(
            item.span(),
            "#[seeder] applies to a function `fn name(conn: &mut SqliteConnection) -> Result<()>`",
        )));
    };
    let args = errors.take(args).unwrap_or_default();
    let sig = &function.sig;
    if let Some(asyncness) = sig.asyncness {
        errors.push(syn::Error::new(
            asyncness.span(),
            "a seeder cannot be `async`: it runs on a synchronous connection, in a transaction",
        ));
    }
    if !sig.generics.params.is_empty() {
        errors.push(syn::Error::new(
            sig.generics.span(),
            "a seeder cannot have type or lifetime parameters",
        ));
    }
    if let Some(receiver) = sig.receiver() {
        errors.push(syn::Error::new(
            receiver.span(),
            "a seeder is a free function, not a method",
        ));
    } else if sig.inputs.len() != 1 {
        let span = if sig.inputs.is_empty() {
            sig.paren_token.span.join()
        } else {
            sig.inputs.span()
        };
        errors.push(syn::Error::new(
            span,
            "a seeder takes one parameter, its connection: `conn: &mut SqliteConnection` (or \
             `PgConnection`, `MysqlConnection`, `dyn MigrationConnection`)",
        ));
    } else if let Some(FnArg::Typed(arg)) = sig.inputs.first() {
        if !matches!(&*arg.ty, syn::Type::Reference(r) if r.mutability.is_some()) {
            errors.push(syn::Error::new(
                arg.ty.span(),
                "a seeder takes its connection by `&mut`",
            ));
        }
    }
    let name = match &args.name {
        Some(name) => name.value(),
        None => sig.ident.to_string().trim_start_matches("r#").to_owned(),
    };
    let name_span = args.name.as_ref().map_or(sig.ident.span(), |n| n.span());
    check_name(&name, name_span, &mut errors);
    let order = match &args.order {
        Some(order) => errors
            .take(order.base10_parse::<i32>().map_err(|_| {
                syn::Error::new(
                    order.span(),
                    "`order` is an `i32`, from -2147483648 to 2147483647",
                )
            }))
            .unwrap_or(0),
        None => 0,
    };
    errors.finish()?;
    Ok(Seeder {
        name,
        order,
        krate: args.krate.unwrap_or_else(|| parse_quote!(::migrate_core)),
        function,
    })
}

/// A name is 1 to 100 ASCII letters, digits, `_`, `-` or `.`: typed after `seed --only`.
fn check_name(name: &str, span: Span, errors: &mut Errors) {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME_LENGTH
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if !valid {
        errors.push(syn::Error::new(
            span,
            format!(
                "a seeder's name is 1 to {MAX_NAME_LENGTH} ASCII letters, digits, `_`, `-` or \
                 `.` (it is typed after `seed --only`), not {name:?}"
            ),
        ));
    }
}

//! The expansion: the function as written, then one invocation of
//! `migrate_core::__private::registration!`, which writes the registration with `inventory`
//! and the items that check the set (`migrate-core/src/migration/expansion.rs`), or, for a
//! function of a file discovery proved, of `submit!`, the registration alone. Only what
//! differs between migrations crosses the proc-macro bridge, and the tokens an error points
//! at keep their spans: the function's name, the module's name and the checks.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::LitStr;

use super::ast::{Kind, Migration};
use super::checksum::checksum;
use super::markers::{markers, Markers};
use super::signature::signature_check;

/// Emits `item` (the function as the compiler gave it) and the registration of `migration`:
/// without the set checks if `proven` (the build script proved the file's set valid).
pub(super) fn expand(
    migration: &Migration,
    item: TokenStream,
    file_module: Option<Ident>,
    proven: bool,
) -> TokenStream {
    let Migration {
        id,
        kind,
        krate,
        function,
        ..
    } = migration;
    let private = quote!(#krate::__private);
    let ident = &function.sig.ident;
    if proven {
        // The set is valid: the submission alone, naming the function by its path from the
        // file's module, which checks that the function's module is the file (a second
        // `#[path]` declaration of the file elsewhere in the crate could make it untrue)
        // without an item of its own.
        let submission = submission(migration, quote!(None), quote!(::core::module_path!()));
        let path = match file_module {
            Some(stem) => respan(quote!(super::#stem::#ident), ident.span()),
            None => quote!(#ident),
        };
        let submission = quote!([#path] #submission);
        return call(
            item,
            respan(quote!(#private::submit!), ident.span()),
            ident,
            submission,
        );
    }
    // An id taken from the module is checked where the macro cannot see the module: by
    // rustc. Where the file's stem is an id (see `module_file`), rustc resolves
    // `super::<stem>`; otherwise it evaluates the constant check of `module_path!()`, which
    // panics at the function's name. Only for the `up`: one per module, or the module has
    // another error.
    let (module, module_path) = match (id, *kind, file_module) {
        (None, Kind::Up | Kind::Change, Some(stem)) => (
            respan(
                quote!(#[allow(unused_imports)] use super::#stem as _;),
                ident.span(),
            ),
            quote!(::core::module_path!()),
        ),
        (None, Kind::Up | Kind::Change, None) => (
            TokenStream::new(),
            respan(
                quote!(#private::checked_module_path(::core::module_path!())),
                ident.span(),
            ),
        ),
        _ => (TokenStream::new(), quote!(::core::module_path!())),
    };
    // An item next to the function, which the registration names first: in a module it is
    // found, in an `impl` block it is an associated item, not in scope, and rustc's first
    // error is "cannot find type `__migration_functions_are_free__move_up_out_of_the_impl_block`".
    let free = format_ident!(
        "__migration_functions_are_free__move_{}_out_of_the_impl_block",
        ident.unraw(),
        span = ident.span()
    );
    let Markers {
        module: markers,
        hidden,
        checks,
    } = markers(migration.id.as_ref(), migration.kind, ident, &private);
    // Named (an associated item may not be `_`), so that on a function in an `impl` block
    // every item parses and the first error is the one about `free` above.
    let registration = format_ident!("__migrate_registration_of_{}", ident.unraw());
    let submission = submission(migration, optional(id.as_ref()), module_path);
    let arguments = quote! {
        #ident #registration #free [#module]
        { #markers } { #checks } { #hidden }
        #submission
    };
    call(
        item,
        respan(quote!(#private::registration!), ident.span()),
        ident,
        arguments,
    )
}

/// `item`, then `macro_path { arguments }`, the braces spanned at the function's
/// name like everything the macro writes that an error can point at.
fn call(
    item: TokenStream,
    macro_path: TokenStream,
    ident: &Ident,
    arguments: TokenStream,
) -> TokenStream {
    let mut arguments = Group::new(Delimiter::Brace, arguments);
    arguments.set_span(ident.span());
    quote! {
        #item
        #macro_path #arguments
    }
}

/// The arguments of `submit!` after the function's name: the id, the module path, then
/// everything else the `Registration` holds.
fn submission(migration: &Migration, id: TokenStream, module_path: TokenStream) -> TokenStream {
    let Migration {
        kind,
        transaction,
        krate,
        allow,
        reason,
        function,
        body,
        after,
        replaces,
        ..
    } = migration;
    let private = quote!(#krate::__private);
    let ident = &function.sig.ident;
    // Spanned at the signature, so that rustc reports a wrong signature there: the
    // mismatch at the name, "expected due to this" at `fn`.
    let fn_type = respan(quote!(#private::MigrationFn), function.sig.span());
    let change = *kind == Kind::Change;
    let variant = kind.variant();
    // `line!()` spanned at the name gives the line of the name, or, for a function a
    // `macro_rules!` writes, of that macro's invocation, where the user looks for it.
    let line = quote_spanned!(ident.span()=> ::core::line!());
    // What `env!("CARGO_MANIFEST_DIR")` would give, without a macro to expand per migration:
    // the compiler runs the proc macro with the crate's environment.
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let checksum = checksum(&function.sig, body);
    let after = optional(after.as_ref());
    let reason = optional(reason.as_ref());
    let signature = signature_check(&function.sig, &private);
    quote! {
        #id [#module_path]
        #variant #checksum [#line] #root
        #after [#(#replaces),*] #transaction #change
        [#(#allow),*] #reason
        [#fn_type] { #signature }
    }
}

/// `None`, or `Some("...")`: the registration macro writes `Option::` before it.
fn optional(value: Option<&LitStr>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// `tokens` with every span set to `span`.
pub(super) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let mut respanned = Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                TokenTree::Group(respanned)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}

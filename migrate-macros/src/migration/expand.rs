//! The expansion: the function unchanged, then its registration with `inventory`.

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, ReturnType, Signature};

use super::ast::{Kind, Migration};
use super::checksum::checksum;
use super::markers::{markers, Markers};

/// Emits the function and a `Registration` of it, hidden in an anonymous `const`.
pub(super) fn expand(migration: &Migration, file_module: Option<Ident>) -> TokenStream {
    let Migration {
        id,
        kind,
        transaction,
        krate,
        allow,
        reason,
        function,
        body,
        after,
        replaces,
    } = migration;
    let private = quote!(#krate::__private);
    let ident = &function.sig.ident;
    // An id taken from the module is checked where the macro cannot see the module: by
    // rustc, which knows the module path, while it evaluates the registration (no item of
    // its own, and only for the `up`: one per module, or the module has another error; the
    // panic is spanned at the function's name, where rustc points). Where the file's stem is
    // an id (see `module_file`), rustc only resolves the module's name instead.
    let (module_path, same_module) = match (id, kind, file_module) {
        (None, Kind::Up | Kind::Change, Some(stem)) => (
            quote!(::core::module_path!()),
            respan(
                quote!(#[allow(unused_imports)] use super::#stem as _;),
                ident.span(),
            ),
        ),
        (None, Kind::Up | Kind::Change, None) => (
            respan(
                quote!(#private::checked_module_path(::core::module_path!())),
                ident.span(),
            ),
            TokenStream::new(),
        ),
        _ => (quote!(::core::module_path!()), TokenStream::new()),
    };
    let id = match id {
        Some(id) => quote!(::core::option::Option::Some(#id)),
        None => quote!(::core::option::Option::None),
    };
    let after = match after {
        Some(after) => quote!(::core::option::Option::Some(#after)),
        None => quote!(::core::option::Option::None),
    };
    let change = *kind == Kind::Change;
    let kind = kind.variant();
    let reason = match reason {
        Some(reason) => quote!(::core::option::Option::Some(#reason)),
        None => quote!(::core::option::Option::None),
    };
    // Coerced at the signature, so that rustc reports a wrong signature there: the
    // mismatch at the name, "expected due to this" at `fn`.
    let signature = function.sig.span();
    let fn_type = respan(quote!(#private::MigrationFn), signature);
    let Markers {
        module: markers,
        hidden,
        checks,
    } = markers(migration.id.as_ref(), migration.kind, ident, &private);
    let signature_check = signature_check(&function.sig, &private);
    let function_ptr = quote_spanned! {signature=>
        {
            #checks
            #signature_check
            let function: #fn_type = #ident;
            function
        }
    };
    // `line!()` spanned at the name gives the line of the name, not of the attribute.
    let line = quote_spanned!(ident.span()=> ::core::line!());
    let checksum = checksum(&function.sig, body);
    // Named (an associated item may not be `_`), so that on a function in an `impl` block
    // every item parses and the first error is the one about `free` below.
    let registration = format_ident!("__migrate_registration_of_{}", ident.unraw());
    // An item next to the function, which the registration names first: in a module it is
    // found, in an `impl` block it is an associated item, not in scope, and rustc's first
    // error is "cannot find type `__migration_functions_are_free__move_up_out_of_the_impl_block`".
    let free = format_ident!(
        "__migration_functions_are_free__move_{}_out_of_the_impl_block",
        ident.unraw(),
        span = ident.span()
    );
    let (attrs, vis, sig) = (&function.attrs, &function.vis, &function.sig);
    quote! {
        #(#attrs)* #vis #sig #body
        #markers
        #[doc(hidden)]
        #[allow(dead_code, non_camel_case_types)]
        type #free = ();

        #[doc(hidden)]
        #[allow(dead_code, non_upper_case_globals)]
        const #registration: () = {
            let _: #free = ();
            #same_module
            #private::inventory::submit! {
                #private::Registration {
                    id: #id,
                    module_path: #module_path,
                    kind: #private::Kind::#kind,
                    function: #function_ptr,
                    checksum: #checksum,
                    file: ::core::file!(),
                    package_root: ::core::env!("CARGO_MANIFEST_DIR"),
                    line: #line,
                    transaction: #transaction,
                    after: #after,
                    replaces: &[#(#replaces),*],
                    change: #change,
                    lint_allow: &[#(::core::stringify!(#allow)),*],
                    lint_reason: #reason,
                }
            }
            // After the registration, so that its checks do not see this crate-wide
            // marker (a `macro_rules!` is in scope after its definition) and suggest it.
            #hidden
        };
    }
}

/// `migration_signature::<P, R>();`, where `P` and `R` are the function's parameter and
/// return types as written: rustc reports a type that is not `&mut Schema` or
/// `Result<()>` at that type, with the expected signature, before the mismatch of the whole
/// function with `MigrationFn` (at the name).
///
/// Nothing for a function with lifetime parameters: its types name them, and they are not
/// in scope in the registration (the coercion to `MigrationFn` still checks it).
fn signature_check(sig: &Signature, private: &TokenStream) -> TokenStream {
    let (Some(FnArg::Typed(parameter)), ReturnType::Type(_, output)) =
        (sig.inputs.first(), &sig.output)
    else {
        return TokenStream::new();
    };
    if !sig.generics.params.is_empty() {
        return TokenStream::new();
    }
    let parameter = &parameter.ty;
    let check = respan(quote!(#private::migration_signature), sig.ident.span());
    quote_spanned! {sig.ident.span()=>
        #check::<#parameter, #output>();
    }
}

/// `tokens` with every span set to `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
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

//! The expansion: the function unchanged, then its registration with `inventory`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::ast::Seeder;

/// Emits the function and a `SeederRegistration` of it, hidden in an anonymous `const`.
pub(super) fn expand(seeder: &Seeder) -> TokenStream {
    let Seeder {
        name,
        order,
        krate,
        function,
    } = seeder;
    let private = quote!(#krate::__private);
    let ident = &function.sig.ident;
    // Spanned at the signature: a parameter type no seeder can take is reported there.
    let call = quote_spanned! {function.sig.span()=>
        #private::seed_with(conn, #ident)
    };
    let line = quote_spanned!(ident.span()=> ::core::line!());
    quote! {
        #function

        const _: () = {
            fn __migrate_seeder(
                conn: &mut dyn #private::MigrationConnection,
            ) -> #krate::Result<()> {
                #call
            }

            #private::inventory::submit! {
                #private::SeederRegistration {
                    name: #name,
                    order: #order,
                    run: __migrate_seeder,
                    module_path: ::core::module_path!(),
                    file: ::core::file!(),
                    package_root: ::core::env!("CARGO_MANIFEST_DIR"),
                    line: #line,
                }
            }
        };
    }
}

//! The expansion: the Schema and Blueprint calls a user would write by hand.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Expr, Ident};

use super::ast::{Call, Operation, Plan};

/// `{ let s = target; s.create(...)?; ...; Ok(()) }`, of type `migrate_core::Result<()>`.
/// `probes` (see `shadow.rs`) come first, in a block of their own.
pub(crate) fn expand(plan: &Plan, probes: &TokenStream) -> TokenStream {
    let schema = Ident::new("schema", Span::mixed_site());
    let blueprint = Ident::new("t", Span::mixed_site());
    let target = &plan.target;
    let operations = plan.operations.iter().map(|operation| match operation {
        Operation::Create { table, calls } => {
            let calls = calls.iter().map(|c| call(&blueprint, c));
            quote!(#schema.create(#table, |#blueprint| { #(#calls)* })?;)
        }
        Operation::Alter { table, calls } => {
            let calls = calls.iter().map(|c| call(&blueprint, c));
            quote!(#schema.table(#table, |#blueprint| { #(#calls)* })?;)
        }
        Operation::Drop {
            table,
            if_exists: false,
        } => quote!(#schema.drop(#table)?;),
        Operation::Drop {
            table,
            if_exists: true,
        } => quote!(#schema.drop_if_exists(#table)?;),
        Operation::Rename { from, to } => quote!(#schema.rename(#from, #to)?;),
        Operation::Raw(sql) => quote!(#schema.raw(#sql)?;),
    });
    let probes = (!probes.is_empty()).then(|| quote!({ #probes }));
    quote! {{
        #probes
        let #schema: &mut _ = #target;
        #(#operations)*
        ::core::result::Result::<(), ::migrate_core::Error>::Ok(())
    }}
}

fn call(blueprint: &Ident, call: &Call) -> TokenStream {
    let Call {
        method,
        args,
        chain,
    } = call;
    let chain = chain.iter().map(|(name, args)| quote!(.#name(#(#args),*)));
    quote!(#blueprint.#method(#(#args),*) #(#chain)*;)
}

/// What is emitted when the input is wrong: the errors, and an expression of the same type,
/// so that nothing else breaks. The target is still used, so it is not reported unused.
pub(crate) fn fallback(target: Option<&Expr>, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    let target = target.map(|target| quote!(let _ = &#target;));
    quote! {{
        #target
        #error
        ::core::result::Result::<(), ::migrate_core::Error>::Ok(())
    }}
}

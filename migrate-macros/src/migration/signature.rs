//! The check that reports a wrong parameter or return type at that type.
//!
//! The registration coerces the function to `MigrationFn`, which checks the signature, but
//! rustc's own error for a mismatch ("expected fn pointer, found fn item") points at the
//! name and names neither type. A call of `migration_signature::<P, R>()` with the types as
//! written reports each wrong one at itself, with the expected signature. It costs rustc a
//! constant evaluation per migration (about a sixth of the macro's share of a `cargo check`
//! of 300 migrations), so it is left out where the types are spelled as the prelude spells
//! them, `&mut Schema` and `Result<()>`: a mismatch there can only be another type of that
//! name in scope, which the coercion still rejects.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{FnArg, GenericArgument, PathArguments, ReturnType, Signature, Type, TypePath};

use super::expand::respan;

/// `migration_signature::<P, R>();`, where `P` and `R` are the function's parameter and
/// return types as written: rustc reports a type that is not `&mut Schema` or
/// `Result<()>` at that type, with the expected signature, before the mismatch of the whole
/// function with `MigrationFn` (at the name).
///
/// Nothing for a function with lifetime parameters: its types name them, and they are not
/// in scope in the registration (the coercion to `MigrationFn` still checks it).
pub(super) fn signature_check(sig: &Signature, private: &TokenStream) -> TokenStream {
    let (Some(FnArg::Typed(parameter)), ReturnType::Type(_, output)) =
        (sig.inputs.first(), &sig.output)
    else {
        return TokenStream::new();
    };
    if !sig.generics.params.is_empty() || is_prelude_signature(&parameter.ty, output) {
        return TokenStream::new();
    }
    let parameter = &parameter.ty;
    let check = respan(quote!(#private::migration_signature), sig.ident.span());
    quote_spanned! {sig.ident.span()=>
        #check::<#parameter, #output>();
    }
}

/// Whether the types are written `&mut Schema` (or `&mut Schema<'_>`) and `Result<()>`.
fn is_prelude_signature(parameter: &Type, output: &Type) -> bool {
    let schema = match parameter {
        Type::Reference(reference) if reference.mutability.is_some() => {
            single_segment(&reference.elem, "Schema").is_some_and(|arguments| match arguments {
                PathArguments::None => true,
                PathArguments::AngleBracketed(angle) => {
                    angle.args.len() == 1
                        && matches!(&angle.args[0], GenericArgument::Lifetime(l) if l.ident == "_")
                }
                PathArguments::Parenthesized(_) => false,
            })
        }
        _ => false,
    };
    let result = single_segment(output, "Result").is_some_and(|arguments| match arguments {
        PathArguments::AngleBracketed(angle) => {
            angle.args.len() == 1
                && matches!(&angle.args[0], GenericArgument::Type(Type::Tuple(unit)) if unit.elems.is_empty())
        }
        _ => false,
    });
    schema && result
}

/// The arguments of `ty` if it is the path `name<...>` of one segment.
fn single_segment<'a>(ty: &'a Type, name: &str) -> Option<&'a PathArguments> {
    match ty {
        Type::Path(TypePath { qself: None, path })
            if path.leading_colon.is_none()
                && path.segments.len() == 1
                && path.segments[0].ident == name =>
        {
            Some(&path.segments[0].arguments)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn check(sig: Signature) -> String {
        signature_check(&sig, &quote!(::migrate_core::__private)).to_string()
    }

    #[test]
    fn the_prelude_spelling_needs_no_check() {
        assert_eq!(check(parse_quote!(fn up(s: &mut Schema) -> Result<()>)), "");
        assert_eq!(
            check(parse_quote!(fn up(s: &mut Schema<'_>) -> Result<()>)),
            ""
        );
    }

    #[test]
    fn any_other_spelling_is_checked_at_its_types() {
        for sig in [
            parse_quote!(fn up(s: &Schema) -> Result<()>),
            parse_quote!(fn up(s: &mut migrate_core::Schema) -> Result<()>),
            parse_quote!(fn up(s: &mut Schema) -> Result<(), String>),
            parse_quote!(fn up(s: &mut Schema) -> migrate_core::Result<()>),
            parse_quote!(fn up(s: Schema) -> Result<()>),
        ] {
            assert!(check(sig).contains("migration_signature"));
        }
    }
}

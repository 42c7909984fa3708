//! `#[derive(EnumValues)]`: the values of an `enumeration` (or `set`) column from the variants
//! of a Rust enum.

mod rename;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Error, Fields, LitStr};

use crate::errors::{set_once, Errors};
use rename::Rename;

/// The attribute both the enum and its variants take.
const ATTRIBUTE: &str = "enum_values";

/// The `impl EnumValues`, or the errors next to an impl without values (so that uses of
/// `VALUES` do not add errors of their own).
pub(crate) fn expand(input: DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let values = values(&input, &mut errors);
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let impl_block = quote! {
        impl #impl_generics ::migrate_core::schema::EnumValues for #name #ty_generics #where_clause {
            const VALUES: &'static [&'static str] = &[#(#values),*];
        }
    };
    match errors.finish() {
        Ok(()) => impl_block,
        Err(error) => {
            let error = error.into_compile_error();
            quote!(#error #impl_block)
        }
    }
}

/// The value of each variant, in order: its name as `rename_all` spells it, or its
/// `rename`.
fn values(input: &DeriveInput, errors: &mut Errors) -> Vec<LitStr> {
    let Data::Enum(data) = &input.data else {
        errors.push(Error::new(
            input.ident.span(),
            "`EnumValues` derives the values of a column from the variants of an enum: \
             this is not an enum",
        ));
        return Vec::new();
    };
    let rename_all = container_rename(input, errors);
    if data.variants.is_empty() {
        errors.push(Error::new(
            input.ident.span(),
            "an enumeration needs at least one value: this enum has no variant",
        ));
    }
    let mut values: Vec<LitStr> = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            errors.push(Error::new_spanned(
                &variant.fields,
                format!(
                    "variant `{}` holds data, and a column value is one string: `EnumValues` \
                     takes variants without fields",
                    variant.ident
                ),
            ));
            continue;
        }
        let mut rename: Option<LitStr> = None;
        for attr in variant
            .attrs
            .iter()
            .filter(|a| a.path().is_ident(ATTRIBUTE))
        {
            let parsed = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let value: LitStr = meta.value()?.parse()?;
                    if let Some(ident) = meta.path.get_ident() {
                        set_once(&mut rename, value, ident, ATTRIBUTE, errors);
                    }
                    Ok(())
                } else {
                    Err(meta.error("unknown argument; a variant takes `rename = \"...\"`"))
                }
            });
            errors.take(parsed);
        }
        let value = match rename {
            Some(value) => value,
            None => LitStr::new(
                &rename_all.apply(&variant.ident.to_string()),
                variant.ident.span(),
            ),
        };
        if value.value().contains('\0') {
            errors.push(Error::new(
                value.span(),
                "a value cannot hold a NUL character",
            ));
        }
        if values.iter().any(|v| v.value() == value.value()) {
            errors.push(Error::new(
                value.span(),
                format!(
                    "{:?} is already the value of an earlier variant: each variant needs a \
                     value of its own",
                    value.value()
                ),
            ));
        }
        values.push(value);
    }
    values
}

/// The `rename_all` of `#[enum_values(rename_all = "...")]` on the enum, or verbatim names.
fn container_rename(input: &DeriveInput, errors: &mut Errors) -> Rename {
    let mut rename_all: Option<Rename> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident(ATTRIBUTE)) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value: LitStr = meta.value()?.parse()?;
                let rule = Rename::from_name(&value.value()).ok_or_else(|| {
                    Error::new(
                        value.span(),
                        format!(
                            "unknown rename rule {:?}; the rules are: {}",
                            value.value(),
                            Rename::NAMES.join(", ")
                        ),
                    )
                })?;
                if let Some(ident) = meta.path.get_ident() {
                    set_once(&mut rename_all, rule, ident, ATTRIBUTE, errors);
                }
                Ok(())
            } else {
                Err(meta.error("unknown argument; the enum takes `rename_all = \"...\"`"))
            }
        });
        errors.take(parsed);
    }
    rename_all.unwrap_or(Rename::Verbatim)
}

//! The arguments of the spatial column types: `geometry`, `geometry(point)`,
//! `geography(point, 4326)`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{Error, Ident, Lit, LitInt};

use super::{did_you_mean, Arg, ColumnDef, ColumnType, Errors};
use crate::schema::types::SHAPES;

/// The Blueprint method and its arguments after the name: the shape (any by default) and
/// the SRID (none for a geometry, 4326 for a geography, as Laravel's defaults).
pub(super) fn type_args(
    def: &ColumnDef,
    ty: &ColumnType,
    args: &[Arg],
    errors: &mut Errors,
) -> (&'static str, Vec<TokenStream>) {
    let usage = ty.params.usage(ty.name);
    let span = def.args.as_ref().map_or_else(|| def.ty.span(), |l| l.span);
    let default_srid = if ty.name == "geography" { 4326 } else { 0 };
    let (shape, srid) = match args {
        [] => (None, None),
        [shape] => (Some(shape), None),
        [shape, srid] => (Some(shape), Some(srid)),
        _ => {
            errors.push(Error::new(span, usage));
            return (ty.method, Vec::new());
        }
    };
    let shape = match shape {
        None => quote_spanned!(span=> ::migrate_core::schema::GeometryType::Geometry),
        Some(Arg::Ident(ident)) => {
            let word = ident.to_string();
            let Some(position) = SHAPES.iter().position(|s| *s == word) else {
                let suggestion = did_you_mean(&word, SHAPES.iter().copied());
                errors.push(Error::new(
                    ident.span(),
                    format!("unknown shape `{word}`; {usage}{suggestion}"),
                ));
                return (ty.method, Vec::new());
            };
            let variant = Ident::new(VARIANTS[position], ident.span());
            quote_spanned!(ident.span()=> ::migrate_core::schema::GeometryType::#variant)
        }
        Some(other) => {
            errors.push(Error::new(other.span(), usage));
            return (ty.method, Vec::new());
        }
    };
    let srid = match srid {
        None => {
            let lit = LitInt::new(&default_srid.to_string(), span);
            quote!(#lit)
        }
        Some(Arg::Lit {
            neg: None,
            lit: Lit::Int(int),
        }) if int.base10_parse::<u32>().is_ok() => quote!(#int),
        Some(other) => {
            errors.push(Error::new(
                other.span(),
                format!("an SRID is a whole number from 0 to {}; {usage}", u32::MAX),
            ));
            return (ty.method, Vec::new());
        }
    };
    (ty.method, vec![shape, srid])
}

/// The `GeometryType` variant of each of [`SHAPES`].
const VARIANTS: [&str; 8] = [
    "Geometry",
    "Point",
    "LineString",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
];

//! The items that make rustc check a crate's set of migrations.
//!
//! A proc macro sees one function at a time, so each registration leaves named items that
//! collide, or are missing, when the set is invalid:
//!
//! - a migration whose id comes from its module defines the type aliases
//!   `__migrate_up_of_this_module` or `__migrate_down_of_this_module` in that module: two
//!   `up`s (or `down`s) define one twice. Its `down` glob-imports a fallback `up` alias that
//!   does not implement `HasUp`, and its registration requires `HasUp` of whatever the name
//!   resolves to: the module's own `up` alias wins over the glob, and without one the
//!   trait's `on_unimplemented` message says what is missing;
//! - a migration with an explicit id defines a `#[macro_export]` macro
//!   `__migrate_<kind>_of_<id>`, which lives at the crate root whatever module it is defined
//!   in, so the same id and kind twice anywhere in the crate collide (rustc points at the
//!   ids). Its `up` also glob-imports a macro `__migrate_up_of_<id>_in_this_module` into its
//!   module (two `up`s import the same macro, which is no conflict), and its `down`'s
//!   registration calls it.
//!
//! The other names are spanned at the function's name, where rustc then points.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote_spanned};
use syn::ext::IdentExt;
use syn::LitStr;

use super::ast::Kind;

/// What a rejected `up` still emits: its alias or glob import, so that its `down` does not
/// report it missing, but no check.
pub(super) fn provided(
    id: Option<&LitStr>,
    function: &Ident,
    private: &TokenStream,
) -> TokenStream {
    let span = function.span();
    match id {
        None => {
            let up = Ident::new("__migrate_up_of_this_module", span);
            quote_spanned! {span=>
                #[doc(hidden)]
                #[allow(dead_code, non_camel_case_types)]
                type #up = #private::Up;
            }
        }
        Some(id) => up_import(&id.value(), function),
    }
}

/// What checks one registration against the others.
///
/// Each `const` item costs about half a millisecond of every `cargo check`, so the checks
/// add none: they go into the registration's own `const` block and its evaluation.
#[derive(Default)]
pub(super) struct Markers {
    /// Items next to the function, in its module.
    pub module: TokenStream,
    /// Items inside the registration's `const _: () = { ... };`.
    pub hidden: TokenStream,
    /// Statements evaluated with the registration.
    pub checks: TokenStream,
}

/// The markers of a registration.
pub(super) fn markers(
    id: Option<&LitStr>,
    kind: Kind,
    function: &Ident,
    private: &TokenStream,
) -> Markers {
    match id {
        None => module_markers(kind, function, private),
        Some(id) => explicit_markers(id, kind, function),
    }
}

/// The markers of a migration whose id is its module's name.
fn module_markers(kind: Kind, function: &Ident, private: &TokenStream) -> Markers {
    let span = function.span();
    let up = Ident::new("__migrate_up_of_this_module", span);
    match kind {
        Kind::Up => Markers {
            module: provided(None, function, private),
            ..Markers::default()
        },
        Kind::Change => {
            // The `up`, and a `down` of its own: a `down` in the same module collides with it.
            let down = Ident::new("__migrate_down_of_this_module", span);
            let mut module = provided(None, function, private);
            module.extend(quote_spanned! {span=>
                #[doc(hidden)]
                #[allow(dead_code, non_camel_case_types)]
                type #down = #private::NoUp;
            });
            Markers {
                module,
                ..Markers::default()
            }
        }
        Kind::Down => {
            let down = Ident::new("__migrate_down_of_this_module", span);
            Markers {
                module: quote_spanned! {span=>
                    #[doc(hidden)]
                    #[allow(dead_code, non_camel_case_types)]
                    type #down = #private::NoUp;
                    #[doc(hidden)]
                    #[allow(unused_imports)]
                    use #private::no_up::*;
                },
                hidden: TokenStream::new(),
                checks: quote_spanned! {span=>
                    #private::assert_up::<#up>();
                },
            }
        }
    }
}

/// The markers of a migration with an explicit id.
fn explicit_markers(id: &LitStr, kind: Kind, function: &Ident) -> Markers {
    if kind == Kind::Change {
        // Both halves: a second `up`, or a `down`, of the same id collides with it.
        let mut markers = explicit_markers(id, Kind::Up, function);
        markers
            .hidden
            .extend(explicit_markers(id, Kind::Down, function).hidden);
        return markers;
    }
    let span = function.span();
    let crate_wide = Ident::new(&mangle(kind.name(), &id.value()), id.span());
    let hidden = quote_spanned! {crate_wide.span()=>
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #crate_wide {
            () => {};
        }
    };
    let id = id.value();
    match kind {
        Kind::Up | Kind::Change => Markers {
            module: up_import(&id, function),
            hidden,
            checks: TokenStream::new(),
        },
        Kind::Down => {
            let up = Ident::new(&format!("{}_in_this_module", mangle("up", &id)), span);
            Markers {
                module: TokenStream::new(),
                hidden,
                checks: quote_spanned! {span=>
                    let _: &str = #up!();
                },
            }
        }
    }
}

/// The glob import of `__migrate_up_of_<id>` into the module of an `up` with an explicit id.
fn up_import(id: &str, function: &Ident) -> TokenStream {
    let span = function.span();
    let up = Ident::new(&format!("{}_in_this_module", mangle("up", id)), span);
    let module = format_ident!("__migrate_up_{}", function.unraw(), span = span);
    quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_snake_case)]
        mod #module {
            #[allow(unused_imports)]
            pub(crate) use ::core::stringify as #up;
        }
        #[doc(hidden)]
        #[allow(unused_imports)]
        use #module::*;
    }
}

/// `__migrate_<kind>_of_<id>`, or `__migrate_<kind>_escaped_<hex>` for an id that is not
/// an identifier's tail (one with `-` or `.`): distinct ids give distinct names.
fn mangle(kind: &str, id: &str) -> String {
    if id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        format!("__migrate_{kind}_of_{id}")
    } else {
        let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
        format!("__migrate_{kind}_escaped_{hex}")
    }
}

#[cfg(test)]
mod tests {
    use super::mangle;

    #[test]
    fn distinct_ids_get_distinct_names() {
        assert_eq!(mangle("up", "m1_a"), "__migrate_up_of_m1_a");
        assert_eq!(mangle("down", "a-b"), "__migrate_down_escaped_612d62");
        assert_ne!(mangle("up", "a-b"), mangle("up", "a_b"));
        assert_ne!(mangle("up", "escaped_61"), mangle("up", "a."));
    }
}

//! The items that make rustc check a crate's set of migrations.
//!
//! A proc macro sees one function at a time, so each registration leaves named items that
//! collide, or are missing, when the set is invalid:
//!
//! - a migration whose id comes from its module defines the type aliases
//!   [`MODULE_UP`] or [`MODULE_DOWN`] in that module: two
//!   `up`s (or `down`s) define one twice. Its `down` glob-imports a fallback `up` alias that
//!   does not implement `HasUp`, and its registration declares a `let _:` of
//!   `<that name as HasUp>::Checked`: the module's own `up` alias wins over the glob, and
//!   without one the trait's `on_unimplemented` message says what is missing;
//! - a migration with an explicit id defines a `#[macro_export]` macro
//!   `__migration_id_<id>_has_two_<kind>s__...`, which lives at the crate root whatever module it is defined
//!   in, so the same id and kind twice anywhere in the crate collide (rustc points at the
//!   ids). Its `up` also glob-imports a type `__migration_id_<id>_has_no_up_in_this_module__...` into its
//!   module (two `up`s import the same type, which is no conflict), and its `down`'s
//!   registration declares a `let _:` of it.
//!
//! The checks are types, which rustc resolves: nothing for its constant evaluation to run,
//! and no item of their own beyond the aliases.
//!
//! The other names are spanned at the function's name, where rustc then points.
//!
//! rustc's errors name these items ("the name `...` is defined multiple times", "cannot find
//! type `...`"), so each name says what is wrong and the fix.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote_spanned};
use syn::ext::IdentExt;
use syn::LitStr;

use super::ast::Kind;

/// The `up` of a migration whose id is its module's name. Must match the fallback's name in
/// `migrate_core::__private::no_up`.
const MODULE_UP: &str =
    "__this_migration_module_has_two_ups__remove_one_or_move_it_to_a_module_of_its_own";
/// The `down` of a migration whose id is its module's name (a `change` defines it too).
const MODULE_DOWN: &str =
    "__this_migration_module_has_two_downs__remove_one__a_change_is_its_own_down";

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
            let up = Ident::new(MODULE_UP, span);
            quote_spanned! {span=>
                #[doc(hidden)]
                #[allow(dead_code, non_camel_case_types)]
                type #up = #private::Up;
            }
        }
        Some(id) => up_import(&id.value(), function, private),
    }
}

/// What checks one registration against the others.
///
/// Each `const` item costs about half a millisecond of every `cargo check`, so the checks
/// add none: they are items and declarations in the registration's own `const` block.
#[derive(Default)]
pub(super) struct Markers {
    /// Items next to the function, in its module.
    pub module: TokenStream,
    /// Items inside the registration's `const`.
    pub hidden: TokenStream,
    /// Type-level statements in the registration's `const`: declarations of a type that
    /// rustc resolves only where the set is valid, nothing to evaluate.
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
        Some(id) => explicit_markers(id, kind, function, private),
    }
}

/// The markers of a migration whose id is its module's name.
fn module_markers(kind: Kind, function: &Ident, private: &TokenStream) -> Markers {
    let span = function.span();
    let up = Ident::new(MODULE_UP, span);
    match kind {
        Kind::Up => Markers {
            module: provided(None, function, private),
            ..Markers::default()
        },
        Kind::Change => {
            // The `up`, and a `down` of its own: a `down` in the same module collides with it.
            let down = Ident::new(MODULE_DOWN, span);
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
            let down = Ident::new(MODULE_DOWN, span);
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
                    let _: <#up as #private::HasUp>::Checked;
                },
            }
        }
    }
}

/// The markers of a migration with an explicit id.
fn explicit_markers(id: &LitStr, kind: Kind, function: &Ident, private: &TokenStream) -> Markers {
    if kind == Kind::Change {
        // Both halves: a second `up`, or a `down`, of the same id collides with it.
        let mut markers = explicit_markers(id, Kind::Up, function, private);
        markers
            .hidden
            .extend(explicit_markers(id, Kind::Down, function, private).hidden);
        return markers;
    }
    let span = function.span();
    let what = match kind {
        Kind::Down => "has_two_downs__remove_one_or_give_it_another_id",
        Kind::Up | Kind::Change => "has_two_ups__remove_one_or_give_it_another_id",
    };
    let crate_wide = Ident::new(&marker_name(&id.value(), what), id.span());
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
            module: up_import(&id, function, private),
            hidden,
            checks: TokenStream::new(),
        },
        Kind::Down => {
            let up = Ident::new(&marker_name(&id, UP_IN_THIS_MODULE), span);
            Markers {
                module: TokenStream::new(),
                hidden,
                checks: quote_spanned! {span=>
                    let _: <#up as #private::HasUp>::Checked;
                },
            }
        }
    }
}

/// What the `down` of an explicit id looks for in its module, which its `up` imports there.
const UP_IN_THIS_MODULE: &str = "has_no_up_in_this_module__write_the_up_next_to_its_down";

/// The glob import of the `up`'s [`UP_IN_THIS_MODULE`] marker into the module of an `up`
/// with an explicit id.
fn up_import(id: &str, function: &Ident, private: &TokenStream) -> TokenStream {
    let span = function.span();
    let up = Ident::new(&marker_name(id, UP_IN_THIS_MODULE), span);
    let module = format_ident!("__migrate_up_{}", function.unraw(), span = span);
    quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_snake_case)]
        mod #module {
            #[allow(unused_imports)]
            pub(crate) use #private::Up as #up;
        }
        #[doc(hidden)]
        #[allow(unused_imports)]
        use #module::*;
    }
}

/// `__migration_id_<id>_<what>`, or, for an id that is not an identifier's tail (one with `-`
/// or `.`), `__migration_id_<id with _ for those>_<what>_<hex of the id>`: distinct ids give
/// distinct names (`what` ends with a letter that is not a hex digit, and an escaped name's
/// length fixes where its hex starts).
fn marker_name(id: &str, what: &str) -> String {
    if id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        format!("__migration_id_{id}_{what}")
    } else {
        let readable: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
        format!("__migration_id_{readable}_{what}_{hex}")
    }
}

#[cfg(test)]
mod tests {
    use super::{marker_name, UP_IN_THIS_MODULE};

    #[test]
    fn distinct_ids_get_distinct_names() {
        let what = "has_two_ups__remove_one_or_give_it_another_id";
        assert_eq!(
            marker_name("m1_a", what),
            "__migration_id_m1_a_has_two_ups__remove_one_or_give_it_another_id"
        );
        assert_eq!(
            marker_name("a-b", what),
            "__migration_id_a_b_has_two_ups__remove_one_or_give_it_another_id_612d62"
        );
        for what in [what, UP_IN_THIS_MODULE] {
            assert_ne!(marker_name("a-b", what), marker_name("a_b", what));
            assert_ne!(marker_name("a.b", what), marker_name("a-b", what));
            // A plain id spelling an escaped name's tail.
            let escaped = marker_name("a.", what);
            let tail = &escaped["__migration_id_".len()..];
            let plain = tail.strip_suffix(&format!("_{what}")).unwrap_or(tail);
            assert_ne!(marker_name(plain, what), escaped);
        }
    }
}

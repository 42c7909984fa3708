//! What `#[migration]` expands to, written once here instead of by the attribute.
//!
//! The attribute re-emits the function as the compiler gave it and one invocation of
//! [`__migrate_registration!`](crate::__migrate_registration): every token a proc macro
//! creates crosses the compiler's proc-macro bridge and is parsed again, on every
//! `cargo check` that recompiles the crate, while a `macro_rules!` expansion stays inside
//! the compiler. The invocation carries only what differs between migrations, and the
//! tokens whose spans say where an error is (the function's name, the checks).
//!
//! A function of a file that discovery proved (`migrate_build::proven`) is registered by
//! [`__migrate_submit!`](crate::__migrate_submit) alone; any other by
//! [`__migrate_registration!`](crate::__migrate_registration), which adds the items that make
//! rustc check the set around the same submission.

/// The registration of one migration function, and the items that check the set.
///
/// Not public API: written only by `#[migration]`. In order: the function, the named
/// registration constant and its type, an alias of `()` that reports a function in an
/// `impl` block (not in scope there), `use super::<module> as _;` where the id is the file's
/// module (rustc checks that the function is in it), the items next to the function, the
/// type-level checks declared in the constant and the items after it; then the arguments of
/// [`__migrate_submit!`](crate::__migrate_submit) after the function's name.
#[doc(hidden)]
#[macro_export]
macro_rules! __migrate_registration {
    (
        $function:ident $registration:ident $free:ident [$($module:tt)*]
        { $($markers:tt)* } { $($checks:tt)* } { $($hidden:tt)* }
        $($submit:tt)*
    ) => {
        $($markers)*
        #[doc(hidden)]
        #[allow(dead_code, non_camel_case_types)]
        type $free = ();

        #[doc(hidden)]
        #[allow(dead_code, non_upper_case_globals, non_local_definitions)]
        const $registration: $free = {
            $($checks)*

            $($module)*
            $crate::__private::submit! { [$function] $($submit)* }
            $($hidden)*
        };
    };
}

/// The `inventory` submission of one migration function's `Registration`, and nothing
/// else: all a function of a proven file needs, the set having been checked by discovery.
///
/// Not public API: written only by `#[migration]`. In order: the function's path in
/// brackets (for a proven file `super::<file>::<name>`, which also checks that the function's
/// module is the file), `None`/`Some(..)` for the id, the module path (`module_path!()`, or its constant check), the kind,
/// checksum, line of the name and package root, `None`/`Some(..)` for `after`, the ids
/// replaced, `transaction` and `change`, the lint rules allowed and their reason,
/// `MigrationFn` spanned at the signature and the signature check (empty for the prelude's
/// spelling).
#[doc(hidden)]
#[macro_export]
macro_rules! __migrate_submit {
    (
        [$function:path] $idv:ident $(($id:literal))? [$($module_path:tt)*]
        $kind:ident $checksum:literal [$($line:tt)*] $root:literal
        $afterv:ident $(($after:literal))? [$($replaces:literal),*] $transaction:literal
        $change:literal [$($allow:ident),*] $reasonv:ident $(($reason:literal))?
        [$($fn_type:tt)*] { $($signature:tt)* }
    ) => {
        $crate::__private::inventory::submit! {
            $crate::__private::Registration {
                id: ::core::option::Option::$idv $(($id))?,
                module_path: $($module_path)*,
                kind: $crate::__private::Kind::$kind,
                function: {
                    $($signature)*
                    let function: $($fn_type)* = $function;
                    function
                },
                checksum: $checksum,
                file: ::core::file!(),
                package_root: $root,
                line: $($line)*,
                transaction: $transaction,
                after: ::core::option::Option::$afterv $(($after))?,
                replaces: &[$($replaces),*],
                change: $change,
                lint_allow: &[$(::core::stringify!($allow)),*],
                lint_reason: ::core::option::Option::$reasonv $(($reason))?,
            }
        }
    };
}

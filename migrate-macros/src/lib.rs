//! Procedural macros of the `migrate` framework.
//!
//! Users do not depend on this crate directly: `migrate_core` re-exports its macros
//! (`use migrate_core::prelude::*;`), and the code they generate reaches everything through
//! `migrate_core::__private`.

#![deny(clippy::unwrap_used, clippy::expect_used)]

mod errors;
mod migration;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;

/// Registers a function as the `up` or `down` half of a migration.
///
/// The function must be a free `fn` — not a method, not `async`, `const`, `unsafe` or
/// `extern`, without type parameters — with the signature `fn(&mut Schema) -> Result<()>`;
/// the compiler checks the signature and points at it when it does not match. Whether it is the `up` or the `down` half comes from its name, or
/// from an explicit `#[migration(up)]` / `#[migration(down)]`.
///
/// The migration id is the last segment of the module path — the file name, such as
/// `m2026_11_25_140312_create_users` — unless given with `id = "..."`. The `up` and `down`
/// functions of one id are paired at run time.
///
/// The registration records the function's file and line, and a SHA-256 checksum of its
/// signature and body tokens: reformatting or editing comments does not change it, any
/// real change to the code does, so the migrator can tell when an applied migration was
/// edited.
///
/// # Arguments
///
/// All optional, comma-separated:
///
/// - `id = "..."`: the migration id, 1 to 191 ASCII letters, digits, `_`, `-` or `.`;
/// - `up` or `down`: which half the function is, for a function with another name;
/// - `transaction = false`: run the function outside a transaction (for statements such
///   as `CREATE INDEX CONCURRENTLY`); the default is `true`;
/// - `crate = path`: where `migrate_core` is, for crates that re-export it under another
///   name; the default is `::migrate_core`.
///
/// # Example
///
/// ```ignore
/// use migrate_core::prelude::*;
///
/// #[migration]
/// fn up(s: &mut Schema) -> Result<()> {
///     s.create("users", |t| {
///         t.increments("id");
///         t.string("email", 255).unique();
///     })
/// }
///
/// #[migration]
/// fn down(s: &mut Schema) -> Result<()> {
///     s.drop("users")
/// }
///
/// // Every argument, on a function with another name:
/// #[migration(id = "create_users", down, transaction = false, crate = ::migrate_core)]
/// fn drop_users(s: &mut Schema) -> Result<()> {
///     s.drop("users")
/// }
/// ```
#[proc_macro_attribute]
pub fn migration(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = TokenStream2::from(item);
    migration::expand(args.into(), item.clone())
        .unwrap_or_else(|error| migration::fallback(item, error))
        .into()
}

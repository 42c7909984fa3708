//! What `cargo migrate` asks a runner it built: the crates whose migrations are linked
//! into it. An application that does not use discovery does not link the libraries it
//! depends on, and their migrations vanish with them; `cargo migrate` names such a library,
//! unless the runner says its migrations are there after all.

use std::io::Write;

use crate::migration::{Library, Registration};

/// Set (to anything) in a runner's environment, it prints the crates whose migrations are
/// linked in and exits, whatever its arguments: a line `library <crate>` for each library
/// registered by the application's `migrate_build::discover` (its ids namespaced), then
/// `crate <crate>` for each crate with a registered migration, sorted. Not public API.
#[doc(hidden)]
pub const LINKED_CRATES_VAR: &str = "__MIGRATE_CLI_LINKED_CRATES";

/// Prints what [`LINKED_CRATES_VAR`] asks for.
pub(super) fn print() -> std::io::Result<()> {
    let mut libraries: Vec<&str> = inventory::iter::<Library>
        .into_iter()
        .map(|l| l.crate_name)
        .collect();
    libraries.sort_unstable();
    libraries.dedup();
    let mut crates: Vec<&str> = inventory::iter::<Registration>
        .into_iter()
        .map(|r| r.module_path.split("::").next().unwrap_or_default())
        .collect();
    crates.sort_unstable();
    crates.dedup();
    let mut out = std::io::stdout().lock();
    for krate in libraries {
        writeln!(out, "library {krate}")?;
    }
    for krate in crates {
        writeln!(out, "crate {krate}")?;
    }
    out.flush()
}

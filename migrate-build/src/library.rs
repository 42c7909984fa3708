//! Library crates that ship migrations: what their build script tells the packages
//! depending on them, and how those find them.
//!
//! A library is a package whose build script calls [`discover_library`]: it passes its
//! crate name on as build-script metadata (which an application's own `discover` reads, to
//! link the library in), and leaves it in its `OUT_DIR` (which `cargo migrate` reads, to
//! name a library that an application without `discover` does not link).

use std::fs;
use std::path::Path;

use crate::{discover, Discovered, Error};

/// The build-script metadata key a library ships its crate name under; a dependent sees it
/// as `DEP_<LINKS>_MIGRATE_LIBRARY`. Also the name of the file in the library's `OUT_DIR`
/// that holds the crate name.
const LIBRARY_KEY: &str = "migrate_library";

/// [`discover`] for a library crate that ships migrations to the applications depending
/// on it: their own `discover` then links the library in and namespaces its ids
/// (`<id>.<crate>`), with no line to write in the application.
///
/// Cargo passes a build script's metadata to the packages depending on it only when the
/// package has a `links` key: the library's Cargo.toml needs
/// `links = "migrate-<its name>"` under `[package]` (any unique value), which this checks.
///
/// ```no_run
/// // build.rs of a library
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     migrate_build::discover_library("src/migrations")?;
///     Ok(())
/// }
/// ```
pub fn discover_library(dir: impl AsRef<Path>) -> Result<Discovered, Error> {
    let package = std::env::var("CARGO_PKG_NAME").map_err(|_| Error::NotInABuildScript)?;
    if std::env::var_os("CARGO_MANIFEST_LINKS").is_none() {
        return Err(Error::NoLinks(package));
    }
    let discovered = discover(dir)?;
    let krate = package.replace('-', "_");
    let out_dir = discovered.output.parent().unwrap_or(Path::new("."));
    let marker = out_dir.join(LIBRARY_KEY);
    fs::write(&marker, &krate).map_err(|source| Error::Io {
        path: marker,
        source,
    })?;
    println!("cargo::metadata={LIBRARY_KEY}={krate}");
    Ok(discovered)
}

/// The crate name of the library whose build script called [`discover_library`] with
/// `out_dir` as its `OUT_DIR`; `None` for any other build script's. Cargo names each build
/// script's `OUT_DIR` in its `build-script-executed` messages
/// (`cargo build --message-format=json`): this is how `cargo migrate` finds the
/// dependencies that ship migrations.
///
/// ```
/// let out_dir = tempfile::tempdir()?;
/// assert_eq!(migrate_build::shipped_library(out_dir.path()), None);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn shipped_library(out_dir: &Path) -> Option<String> {
    let krate = fs::read_to_string(out_dir.join(LIBRARY_KEY)).ok()?;
    let krate = krate.trim();
    is_crate_name(krate).then(|| krate.to_owned())
}

/// Whether `name` can be a crate's name in `extern crate <name>`.
fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The crate names of the direct dependencies that ship migrations, sorted: those whose
/// build script called [`discover_library`], as cargo passes their metadata on.
pub(crate) fn libraries() -> Vec<String> {
    let suffix = format!("_{}", LIBRARY_KEY.to_uppercase());
    let mut found: Vec<String> = std::env::vars()
        .filter(|(key, _)| key.starts_with("DEP_") && key.ends_with(&suffix))
        .map(|(_, krate)| krate)
        .filter(|krate| is_crate_name(krate))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// For each library: links it in (a crate nothing names is not linked, and its migrations'
/// registrations with it) and registers it, so that its ids are namespaced.
pub(crate) fn library_declarations(libraries: &[String]) -> String {
    let mut text = String::new();
    for krate in libraries {
        text.push_str(&format!(
            "// The migrations of library `{krate}` (its build script calls \
             migrate_build::discover_library).\n\
             extern crate {krate} as _;\n\
             ::migrate_core::__private::inventory::submit! {{\n    \
             ::migrate_core::__private::Library {{ crate_name: {krate:?} }}\n}}\n"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libraries_are_linked_in_and_registered() {
        let text = library_declarations(&["auth".into()]);
        assert!(text.contains("extern crate auth as _;\n"), "{text}");
        assert!(
            text.contains("::migrate_core::__private::Library { crate_name: \"auth\" }"),
            "{text}"
        );
    }

    #[test]
    fn a_library_s_out_dir_names_its_crate() {
        let out_dir = tempfile::tempdir().unwrap();
        fs::write(out_dir.path().join(LIBRARY_KEY), "job_queue").unwrap();
        assert_eq!(
            shipped_library(out_dir.path()).as_deref(),
            Some("job_queue")
        );
        fs::write(out_dir.path().join(LIBRARY_KEY), "not a crate").unwrap();
        assert_eq!(shipped_library(out_dir.path()), None);
    }
}

//! Libraries that ship migrations (their build script calls
//! `migrate_build::discover_library`) which the application does not link: an application's
//! own `migrate_build::discover` links in the libraries it depends on, so one that lists its
//! migrations with `mod` lines does not, and their migrations vanish from `cargo migrate`
//! and from `run_pending()` alike. Every command that builds the runner names them.

use std::path::Path;
use std::process::{Command, Stdio};

use migrate_core::cli::LINKED_CRATES_VAR;
use serde_json::Value;

use crate::discovery::{migrations_module, uses_discovery};
use crate::manifest::Package;
use crate::runner::cargo_build;

/// Warns, on standard error, about each library of migrations in `package`'s dependency
/// graph whose migrations the runner `executable` (built as `bin`) does not have: a direct
/// dependency, unless the package uses discovery (whose `discover` links every such
/// dependency in), and one the package depends on only through other crates, which
/// discovery cannot see (cargo passes a library's build-script metadata to its direct
/// dependents alone).
pub(crate) fn warn_unlinked(
    cargo: &Path,
    package: &Package,
    bin: &str,
    release: bool,
    executable: &Path,
) {
    let root = package.manifest_path.parent().unwrap_or(Path::new("."));
    let module = migrations_module();
    let module_text = std::fs::read_to_string(root.join(&module)).ok();
    if !package.dependencies.iter().any(|d| d != "migrate-core") {
        return;
    }
    let discovered = module_text.as_deref().is_some_and(uses_discovery);
    let shipped = shipped(cargo, package, bin, release);
    if shipped.is_empty() {
        return;
    }
    let linked = linked(executable);
    // A runner that cannot say what it links (another migrate-core's): with discovery, the
    // direct dependencies are linked and nothing can be told of the others.
    if linked.is_empty() && discovered {
        return;
    }
    let (direct, indirect): (Vec<_>, Vec<_>) = shipped
        .into_iter()
        .filter(|(krate, _)| !linked.contains(krate))
        .partition(|(_, direct)| *direct);
    let names = |libraries: Vec<(String, bool)>| -> Vec<String> {
        libraries.into_iter().map(|(krate, _)| krate).collect()
    };
    if !direct.is_empty() && !discovered {
        eprintln!("{}", warning(&names(direct), module_text.is_some()));
    }
    if !indirect.is_empty() {
        eprintln!("{}", indirect_warning(&names(indirect)));
    }
}

/// The warning naming the libraries of migrations the application depends on only through
/// other crates, which are not linked in.
fn indirect_warning(unlinked: &[String]) -> String {
    let names: Vec<String> = unlinked.iter().map(|krate| format!("`{krate}`")).collect();
    let names = names.join(", ");
    let (libraries, call, reach, linked, it) = if unlinked.len() == 1 {
        (
            "library",
            "its build script calls",
            "is a dependency",
            "it is not linked in and its migrations are",
            "it",
        )
    } else {
        (
            "libraries",
            "their build scripts call",
            "are dependencies",
            "they are not linked in and their migrations are",
            "them",
        )
    };
    format!(
        "warning: {libraries} {names} ({call} `migrate_build::discover_library`) {reach} of \
         the application only through other crates, so {linked} not compiled in: discovery \
         links in the libraries of migrations the application depends on directly; add {it} \
         to the application's `[dependencies]`"
    )
}

/// The warning naming the `unlinked` libraries, for an application whose migrations module
/// is `listed` (lists its migrations with `mod` lines) or missing.
fn warning(unlinked: &[String], listed: bool) -> String {
    let module = migrations_module();
    let module = module.display();
    let (why, remove) = if listed {
        (
            format!("{module} lists its migrations with `mod` lines"),
            format!("remove {module} and "),
        )
    } else {
        (format!("there is no {module}"), String::new())
    };
    let (libraries, call, are, its) = if unlinked.len() == 1 {
        (
            "library",
            "a dependency whose build script calls",
            "is",
            "its",
        )
    } else {
        (
            "libraries",
            "dependencies whose build scripts call",
            "are",
            "their",
        )
    };
    let names: Vec<String> = unlinked.iter().map(|krate| format!("`{krate}`")).collect();
    format!(
        "warning: {why}, so {libraries} {} ({call} `migrate_build::discover_library`) \
         {are} not linked in and {its} migrations are not compiled in: switch to discovery, \
         which links in every library of migrations the application depends on ({remove}run \
         `cargo migrate init`)",
        names.join(", ")
    )
}

/// The crate names of the packages in `package`'s dependency graph whose build script
/// called `migrate_build::discover_library`, sorted, each with whether it is a direct
/// dependency: asked of a second `cargo build` of the runner (nothing left to build by
/// then), whose JSON messages name each build script's `OUT_DIR`.
fn shipped(cargo: &Path, package: &Package, bin: &str, release: bool) -> Vec<(String, bool)> {
    let output = cargo_build(cargo, package, bin, release)
        .args(["--quiet", "--message-format=json"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let Ok(output) = output else {
        return Vec::new();
    };
    let dependencies: Vec<String> = package
        .dependencies
        .iter()
        .map(|name| name.replace('-', "_"))
        .collect();
    let mut found: Vec<(String, bool)> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "build-script-executed")
        .filter_map(|message| {
            migrate_build::shipped_library(Path::new(message["out_dir"].as_str()?))
        })
        .map(|krate| {
            let direct = dependencies.contains(&krate);
            (krate, direct)
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The crates whose migrations `executable` has (registered as libraries, or linked some
/// other way): empty when it cannot say (a runner of another migrate-core), so that every
/// library is named rather than none.
fn linked(executable: &Path) -> Vec<String> {
    let output = Command::new(executable)
        .env(LINKED_CRATES_VAR, "1")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                let (kind, krate) = line.split_once(' ')?;
                matches!(kind, "library" | "crate").then(|| krate.to_owned())
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_names_each_library_and_the_switch() {
        assert_eq!(
            warning(&["queue".into()], false),
            "warning: there is no src/migrations/mod.rs, so library `queue` (a dependency \
             whose build script calls `migrate_build::discover_library`) is not linked in and \
             its migrations are not compiled in: switch to discovery, which links in every \
             library of migrations the application depends on (run `cargo migrate init`)"
        );
        // The listing case, with several, is in tests/cli/discovery.rs.
        assert_eq!(
            indirect_warning(&["queue".into()]),
            "warning: library `queue` (its build script calls \
             `migrate_build::discover_library`) is a dependency of the application only \
             through other crates, so it is not linked in and its migrations are not \
             compiled in: discovery links in the libraries of migrations the application \
             depends on directly; add it to the application's `[dependencies]`"
        );
        assert!(warning(&["auth".into(), "queue".into()], true)
            .contains("libraries `auth`, `queue` (dependencies whose build scripts call"));
    }
}

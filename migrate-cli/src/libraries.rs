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

/// Warns, on standard error, about each direct dependency of `package` that ships
/// migrations but whose migrations the runner `executable` (built as `bin`) does not have,
/// unless the package uses discovery (whose `discover` links every such dependency in).
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
    let candidates = package.dependencies.iter().any(|d| d != "migrate-core");
    if !candidates || module_text.as_deref().is_some_and(uses_discovery) {
        return;
    }
    let shipped = shipped(cargo, package, bin, release);
    if shipped.is_empty() {
        return;
    }
    let linked = linked(executable);
    let unlinked: Vec<String> = shipped
        .into_iter()
        .filter(|krate| !linked.contains(krate))
        .collect();
    if !unlinked.is_empty() {
        eprintln!("{}", warning(&unlinked, module_text.is_some()));
    }
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

/// The crate names of `package`'s direct dependencies whose build script called
/// `migrate_build::discover_library`, sorted: asked of a second `cargo build` of the runner
/// (nothing left to build by then), whose JSON messages name each build script's `OUT_DIR`.
fn shipped(cargo: &Path, package: &Package, bin: &str, release: bool) -> Vec<String> {
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
    let mut found: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "build-script-executed")
        .filter_map(|message| {
            migrate_build::shipped_library(Path::new(message["out_dir"].as_str()?))
        })
        .filter(|krate| dependencies.contains(krate))
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
        assert!(warning(&["auth".into(), "queue".into()], true)
            .contains("libraries `auth`, `queue` (dependencies whose build scripts call"));
    }
}

//! The dev profile `init` writes: proc macros (`#[migration]` and `schema!` among them) and
//! what they are built with, compiled with optimizations.
//!
//! Every `cargo check` that recompiles the migrations runs the macros once per function; in
//! a dev build they are unoptimized (at 300 migrations, `cargo check` after editing one took
//! 1.12 s without the section and 0.99 s with it; the guide's Performance chapter has the
//! method). Only build scripts, proc macros and their dependencies are
//! affected: the application's own code builds as before. Profiles count only in the
//! workspace's root manifest, so the section goes there.

use std::fs;
use std::path::{Path, PathBuf};

use crate::init::Outcome;
use crate::CliError;

/// The section's header.
const HEADER: &str = "[profile.dev.build-override]";

/// The section, with what precedes it.
const SECTION: &str = "\
# Written by `cargo migrate init`: proc macros (the migration macros among them) run at
# every `cargo check`; optimized, checks of many migrations are faster. Your code builds as before.
[profile.dev.build-override]
opt-level = 3
";

/// Adds `[profile.dev.build-override] opt-level = 3` to the workspace root's manifest,
/// unless it has that section already (which is then left as it is).
pub fn add(manifest: &Path) -> Result<Option<Outcome>, CliError> {
    let root = workspace_root(manifest)?;
    let text = fs::read_to_string(&root).map_err(CliError::io(&root))?;
    let has_section = text
        .lines()
        .any(|line| line.split('#').next().unwrap_or_default().replace(' ', "") == HEADER);
    if has_section {
        return Ok(None);
    }
    let updated = format!("{}\n\n{SECTION}", text.trim_end());
    fs::write(&root, updated).map_err(CliError::io(&root))?;
    Ok(Some(Outcome::Note(format!(
        "Added {HEADER} opt-level = 3 to {}: proc macros, the migration macros among them, \
         are built optimized, so checks of many migrations are faster",
        root.display()
    ))))
}

/// The manifest whose profiles cargo reads for `manifest`'s package: the nearest one at or
/// above it that declares a `[workspace]`, else its own.
fn workspace_root(manifest: &Path) -> Result<PathBuf, CliError> {
    let package_dir = manifest.parent().unwrap_or(Path::new("."));
    for dir in package_dir.ancestors() {
        let candidate = dir.join("Cargo.toml");
        if !candidate.is_file() {
            continue;
        }
        let text = fs::read_to_string(&candidate).map_err(CliError::io(&candidate))?;
        if text.lines().any(|line| line.trim() == "[workspace]") {
            return Ok(candidate);
        }
    }
    Ok(manifest.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("Cargo.toml");
        fs::write(&manifest, text).unwrap();
        (dir, manifest)
    }

    #[test]
    fn adds_the_section_once() {
        let (_dir, manifest) = package("[package]\nname = \"shop\"\n");
        assert!(add(&manifest).unwrap().is_some());
        let text = fs::read_to_string(&manifest).unwrap();
        assert!(
            text.starts_with("[package]\nname = \"shop\"\n\n# Written by `cargo migrate init`"),
            "{text}"
        );
        assert!(
            text.ends_with("[profile.dev.build-override]\nopt-level = 3\n"),
            "{text}"
        );
        assert!(add(&manifest).unwrap().is_none());
        assert_eq!(fs::read_to_string(&manifest).unwrap(), text);
    }

    #[test]
    fn keeps_a_section_the_user_wrote() {
        let written =
            "[package]\nname = \"shop\"\n\n[profile.dev.build-override] # mine\ndebug = true\n";
        let (_dir, manifest) = package(written);
        assert!(add(&manifest).unwrap().is_none());
        assert_eq!(fs::read_to_string(&manifest).unwrap(), written);
    }

    #[test]
    fn writes_into_the_workspace_root() {
        let (dir, root) = package("[workspace]\nmembers = [\"shop\"]\n");
        let member = dir.path().join("shop/Cargo.toml");
        fs::create_dir_all(member.parent().unwrap()).unwrap();
        fs::write(&member, "[package]\nname = \"shop\"\n").unwrap();
        add(&member).unwrap();
        assert!(fs::read_to_string(&root)
            .unwrap()
            .contains("[profile.dev.build-override]\nopt-level = 3"));
        assert!(!fs::read_to_string(&member).unwrap().contains("profile"));
    }
}

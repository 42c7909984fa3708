//! The dev profile `init` writes: proc macros (`#[migration]` and `schema!` among them) and
//! what they are built with, compiled with optimizations.
//!
//! Every `cargo check` that recompiles the migrations runs the macros once per function; in
//! a dev build they are unoptimized, and so is discovery's build script (at 300 discovered
//! migrations, `cargo check` after editing one took 0.63 s without the section and 0.56 s
//! with it, medians of 11 rounds; `docs/BENCHMARKS.md` has the method and the command). Only build scripts, proc macros and their dependencies are
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
/// unless it sets the dev profile's build override already: that is left as it is, and the
/// note says so, and what it sets `opt-level` to.
pub fn add(manifest: &Path) -> Result<Option<Outcome>, CliError> {
    let root = workspace_root(manifest)?;
    let text = fs::read_to_string(&root).map_err(CliError::io(&root))?;
    if let Some(opt_level) = existing(&text) {
        let what = match opt_level {
            Some(level) => format!("it sets opt-level = {level}"),
            None => "it does not set opt-level: `opt-level = 3` in it builds proc macros, the \
                     migration macros among them, optimized, so checks of many migrations are \
                     faster"
                .to_owned(),
        };
        return Ok(Some(Outcome::Note(format!(
            "Kept {HEADER} in {} (it exists; {what})",
            root.display()
        ))));
    }
    let updated = format!("{}\n\n{SECTION}", text.trim_end());
    fs::write(&root, updated).map_err(CliError::io(&root))?;
    Ok(Some(Outcome::Note(format!(
        "Added {HEADER} opt-level = 3 to {}: proc macros, the migration macros among them, \
         are built optimized, so checks of many migrations are faster",
        root.display()
    ))))
}

/// Whether a manifest sets the dev profile's build override (`Some`), as the section or as
/// `build-override` keys of `[profile.dev]`, and if so the `opt-level` it sets.
fn existing(text: &str) -> Option<Option<String>> {
    let mut found = None;
    let mut table = String::new();
    for line in text.lines() {
        // Outside strings, which profiles do not have, `#` starts a comment.
        let line = line
            .split('#')
            .next()
            .unwrap_or_default()
            .replace([' ', '\t'], "");
        if line.starts_with('[') {
            table = line;
            if table == HEADER {
                found.get_or_insert(None);
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = match (table.as_str(), key) {
            (HEADER, "opt-level") => value,
            ("[profile.dev]", "build-override.opt-level") => value,
            ("[profile.dev]", "build-override") => {
                found.get_or_insert(None);
                let inline = value.trim_start_matches('{').trim_end_matches('}');
                match inline
                    .split(',')
                    .find_map(|pair| pair.strip_prefix("opt-level="))
                {
                    Some(level) => level,
                    None => continue,
                }
            }
            ("[profile.dev]", key) if key.starts_with("build-override.") => {
                found.get_or_insert(None);
                continue;
            }
            _ => continue,
        };
        found = Some(Some(value.to_owned()));
    }
    found
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
        let kept = add(&manifest).unwrap().unwrap().to_string();
        assert_eq!(
            kept,
            format!(
                "Kept [profile.dev.build-override] in {} (it exists; it sets opt-level = 3)",
                manifest.display()
            )
        );
        assert_eq!(fs::read_to_string(&manifest).unwrap(), text);
    }

    #[test]
    fn keeps_a_section_the_user_wrote() {
        let written =
            "[package]\nname = \"shop\"\n\n[profile.dev.build-override] # mine\ndebug = true\n";
        let (_dir, manifest) = package(written);
        let kept = add(&manifest).unwrap().unwrap().to_string();
        assert!(
            kept.ends_with(
                "(it exists; it does not set opt-level: `opt-level = 3` in it builds \
                            proc macros, the migration macros among them, optimized, so checks \
                            of many migrations are faster)"
            ),
            "{kept}"
        );
        assert_eq!(fs::read_to_string(&manifest).unwrap(), written);
    }

    #[test]
    fn reads_the_opt_level_however_the_override_is_written() {
        let section = "[profile.dev.build-override]\n# speed\nopt-level = \"s\" # small\n";
        assert_eq!(existing(section), Some(Some("\"s\"".to_owned())));
        let dotted = "[profile.dev]\nbuild-override.opt-level = 2\n[dependencies]\n";
        assert_eq!(existing(dotted), Some(Some("2".to_owned())));
        let inline = "[profile.dev]\nbuild-override = { debug = true, opt-level = 1 }\n";
        assert_eq!(existing(inline), Some(Some("1".to_owned())));
        let other_key = "[profile.dev]\nbuild-override.debug = true\n";
        assert_eq!(existing(other_key), Some(None));
        let elsewhere = "[profile.release.build-override]\nopt-level = 3\n";
        assert_eq!(existing(elsewhere), None);
        assert_eq!(existing("[package]\nopt-level = 3\n"), None);
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

//! Discovery by directory, as `init` sets it up: a build script that finds every migration
//! file (`migrate_build::discover`), and a migrations module that includes what it found.
//! `new` then only writes a file. Applications whose `mod.rs` lists its migrations keep
//! working: `new` goes on adding `mod` lines to such a module.

use std::fs;
use std::path::Path;

use crate::init::{write_new, Outcome};
use crate::CliError;

/// The migrations module `init` writes.
pub(crate) const MIGRATIONS_MODULE: &str = "\
//! The application's migrations: every `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>.rs` file in this
//! directory, found by build.rs (`migrate_build::discover`). Add one with
//! `cargo migrate new NAME`; nothing needs to list it.

include!(concat!(env!(\"OUT_DIR\"), \"/migrations.rs\"));
";

/// The build script `init` writes.
const BUILD_SCRIPT: &str = "\
//! Compiles every migration file of src/migrations into the application, and builds again
//! when one is added, removed or renamed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    migrate_build::discover(\"src/migrations\")?;
    Ok(())
}
";

/// The build dependency `init` adds: `migrate-build` from the folder next to migrate-core
/// (`path`, relative to the package), as the crates are not on crates.io yet.
fn build_dependency(path: &str) -> String {
    format!("migrate-build = {{ path = {path:?} }}")
}

/// What marks a migrations module that includes the discovered migrations.
const INCLUDE_MARKER: &str = "/migrations.rs\"));";

/// Whether a migrations module's text includes the discovered migrations, rather than
/// listing them with `mod` lines.
pub(crate) fn uses_discovery(module_text: &str) -> bool {
    module_text.contains(INCLUDE_MARKER)
}

/// Writes `build.rs` and records the `migrate-build` build dependency in `manifest`, from
/// `build_path` (migrate-build's folder relative to the package; `None` when migrate-core's
/// folder is unknown, and then the user is told to add it).
pub(crate) fn scaffold(
    manifest: &Path,
    build_path: Option<&str>,
) -> Result<Vec<Outcome>, CliError> {
    let root = manifest.parent().unwrap_or(Path::new("."));
    let build_script = root.join("build.rs");
    let mut outcomes = vec![write_new(&build_script, BUILD_SCRIPT)?];
    if matches!(outcomes[0], Outcome::Kept(_)) {
        let text = fs::read_to_string(&build_script).map_err(CliError::io(&build_script))?;
        if !text.contains("migrate_build::discover") {
            outcomes.push(Outcome::Note(format!(
                "{} exists: add `migrate_build::discover(\"src/migrations\")?;` to its `main`",
                build_script.display()
            )));
        }
    }
    match build_path.map(build_dependency) {
        Some(line) if record_build_dependency(manifest, &line)? => {
            outcomes.push(Outcome::Note(format!(
                "Added {line} to [build-dependencies] in {}",
                manifest.display()
            )));
        }
        Some(_) => {}
        None if !names_build_crate(manifest)? => outcomes.push(Outcome::Note(format!(
            "Add migrate-build (the folder next to migrate-core in your clone of migrate) to \
             [build-dependencies] in {}: migrate-build = {{ path = \"...\" }}",
            manifest.display()
        ))),
        None => {}
    }
    Ok(outcomes)
}

/// In a migrations module `dir/mod.rs` that lists its migrations with `mod` lines, the
/// migration files (`m<YYYY>_...rs`) and directories of `dir` it does not declare, sorted:
/// a build does not compile them in, so nothing would say they are missing. Empty for a
/// module that includes the discovered migrations, or none.
pub(crate) fn undeclared(dir: &Path) -> Vec<String> {
    let Ok(module_text) = fs::read_to_string(dir.join("mod.rs")) else {
        return Vec::new();
    };
    if uses_discovery(&module_text) {
        return Vec::new();
    }
    let declared: Vec<&str> = module_text.lines().filter_map(declared_module).collect();
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut missing: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let module = match name.strip_suffix(".rs") {
                Some(stem) => stem,
                None if entry.path().is_dir() => name.as_str(),
                None => return None,
            };
            let migration = module.strip_prefix('m').is_some_and(|rest| {
                rest.len() > 5
                    && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                    && rest.as_bytes()[4] == b'_'
            });
            (migration && !declared.contains(&module)).then_some(name)
        })
        .collect();
    missing.sort();
    missing
}

/// The module a line `mod name;` (or `pub mod name;`, `pub(crate) mod name;`) declares.
fn declared_module(line: &str) -> Option<&str> {
    let line = line.trim();
    let line = line
        .strip_prefix("pub(crate) ")
        .or_else(|| line.strip_prefix("pub "))
        .unwrap_or(line);
    let module = line.strip_prefix("mod ")?.strip_suffix(';')?.trim();
    Some(module.strip_prefix("r#").unwrap_or(module))
}

/// Warns, on standard error, about the [`undeclared`] migrations of the package whose root
/// is `root`, and says how to switch to discovery.
pub(crate) fn warn_undeclared(root: &Path) {
    let module = migrations_module();
    let missing = undeclared(&root.join(module.parent().unwrap_or(&module)));
    if missing.is_empty() {
        return;
    }
    eprintln!(
        "warning: {} lists its migrations with `mod` lines and does not declare {}, so \
         {} not compiled in: add a `mod` line for each, or switch to discovery, which \
         compiles in every migration file of the directory (remove {} and run \
         `cargo migrate init`)",
        module.display(),
        missing.join(", "),
        if missing.len() == 1 {
            "it is"
        } else {
            "they are"
        },
        module.display()
    );
}

/// The migrations module, relative to the package root (`src/migrations/mod.rs`), as
/// warnings name it.
pub(crate) fn migrations_module() -> std::path::PathBuf {
    Path::new("src").join("migrations").join("mod.rs")
}

/// Whether the manifest names `migrate-build` already.
fn names_build_crate(manifest: &Path) -> Result<bool, CliError> {
    let text = fs::read_to_string(manifest).map_err(CliError::io(manifest))?;
    Ok(text.contains("migrate-build") || text.contains("migrate_build"))
}

/// Adds `line` (`migrate-build = ...`) to the manifest's `[build-dependencies]` (creating the section)
/// unless it names `migrate-build` already. Returns whether it was added.
fn record_build_dependency(manifest: &Path, line: &str) -> Result<bool, CliError> {
    if names_build_crate(manifest)? {
        return Ok(false);
    }
    let text = fs::read_to_string(manifest).map_err(CliError::io(manifest))?;
    let mut lines: Vec<&str> = text.lines().collect();
    let updated = match lines
        .iter()
        .position(|line| line.trim() == "[build-dependencies]")
    {
        Some(section) => {
            lines.insert(section + 1, line);
            format!("{}\n", lines.join("\n"))
        }
        None => {
            let separator = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{text}{separator}[build-dependencies]\n{line}\n")
        }
    };
    fs::write(manifest, updated).map_err(CliError::io(manifest))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Cargo.toml");
        fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn the_build_dependency_is_added_once() {
        let (_dir, path) = manifest("[package]\nname = \"app\"\n");
        let line = build_dependency("../migrate/migrate-build");
        assert!(record_build_dependency(&path, &line).unwrap());
        assert!(!record_build_dependency(&path, &line).unwrap());
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "[package]\nname = \"app\"\n\n[build-dependencies]\n\
             migrate-build = { path = \"../migrate/migrate-build\" }\n"
        );
    }

    #[test]
    fn an_existing_build_dependencies_section_gets_the_line() {
        let (_dir, path) = manifest("[package]\n\n[build-dependencies]\ncc = \"1\"\n");
        assert!(record_build_dependency(&path, &build_dependency("b")).unwrap());
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "[package]\n\n[build-dependencies]\nmigrate-build = { path = \"b\" }\ncc = \"1\"\n"
        );
    }

    #[test]
    fn scaffolds_the_build_script_and_keeps_one_that_exists() {
        let (dir, path) = manifest("[package]\n");
        let outcomes = scaffold(&path, Some("b")).unwrap();
        assert_eq!(outcomes[0], Outcome::Created(dir.path().join("build.rs")));
        assert_eq!(outcomes.len(), 2, "{outcomes:?}");
        let (dir, path) = manifest("[package]\n[build-dependencies]\nmigrate-build = \"0.1\"\n");
        fs::write(dir.path().join("build.rs"), "fn main() {}\n").unwrap();
        let outcomes = scaffold(&path, Some("b")).unwrap();
        assert!(
            matches!(&outcomes[..], [Outcome::Kept(_), Outcome::Note(note)] if note.contains("add `migrate_build::discover")),
            "{outcomes:?}"
        );
    }

    #[test]
    fn finds_the_migrations_a_listing_module_does_not_declare() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
        write(
            "mod.rs",
            "mod m2026_11_25_140312_create_users;\npub(crate) mod m2026_11_26_000000_b;\n",
        );
        write("m2026_11_25_140312_create_users.rs", "");
        write("m2026_11_26_000000_b.rs", "");
        write("m2020_01_01_000000_dropped_in.rs", "");
        write("helpers.rs", "");
        write("m2020_01_01_000000_notes.md", "");
        fs::create_dir(dir.path().join("m2020_01_02_000000_backfill")).unwrap();
        assert_eq!(
            undeclared(dir.path()),
            [
                "m2020_01_01_000000_dropped_in.rs",
                "m2020_01_02_000000_backfill"
            ]
        );
        write("mod.rs", MIGRATIONS_MODULE);
        assert!(undeclared(dir.path()).is_empty());
    }

    #[test]
    fn tells_the_two_module_styles_apart() {
        assert!(uses_discovery(MIGRATIONS_MODULE));
        assert!(!uses_discovery("mod m2026_11_25_140312_create_users;\n"));
    }
}

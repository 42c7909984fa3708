//! `cargo migrate new --seeder NAME`: writes `src/seeders/NAME.rs` from the seeder template,
//! lists it in `src/seeders/mod.rs` (created if missing), and includes that module in the
//! runner `src/bin/migrate.rs` once. Changes nothing when it fails.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{templates, validate_name, CliError};

/// The first lines of a new `src/seeders/mod.rs`.
const MODULE_HEADER: &str = "//! Seeders: `cargo migrate seed` runs them (see each file).\n";

/// What the runner gets, after its `mod migrations;`, to compile the seeders in.
const RUNNER_LINES: &str = "#[path = \"../seeders/mod.rs\"]\nmod seeders;";

/// Writes seeders into a package's `src/seeders/`.
#[derive(Debug, Clone)]
pub struct SeederCreator {
    root: PathBuf,
}

impl SeederCreator {
    /// The creator for the package whose root directory is `package_root`.
    pub fn new(package_root: &Path) -> Self {
        SeederCreator {
            root: package_root.to_owned(),
        }
    }

    /// Creates seeder `name`; returns the new file's path.
    pub fn create(&self, name: &str) -> Result<PathBuf, CliError> {
        validate_name(name)?;
        let runner = self.root.join("src").join("bin").join("migrate.rs");
        let runner_text = fs::read_to_string(&runner).map_err(CliError::io(&runner))?;
        let dir = self.root.join("src").join("seeders");
        let path = dir.join(format!("{name}.rs"));
        if path.exists() {
            return Err(CliError::NameTaken {
                name: name.to_owned(),
                existing: path,
            });
        }
        let module_file = dir.join("mod.rs");
        let module_text = match fs::read_to_string(&module_file) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(CliError::Io {
                    path: module_file,
                    source,
                })
            }
        };
        fs::create_dir_all(&dir).map_err(CliError::io(&dir))?;
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(CliError::io(&path))?;
        let listed = with_mod_line(module_text.as_deref().unwrap_or(MODULE_HEADER), name);
        let written = file
            .write_all(templates::seeder(name).as_bytes())
            .and_then(|()| fs::write(&module_file, listed))
            .and_then(|()| match including_seeders(&runner_text) {
                Some(text) => fs::write(&runner, text),
                None => Ok(()),
            });
        if let Err(source) = written {
            let _ = fs::remove_file(&path);
            let _ = match &module_text {
                Some(text) => fs::write(&module_file, text),
                None => fs::remove_file(&module_file),
            };
            let _ = fs::write(&runner, &runner_text);
            return Err(CliError::Io { path, source });
        }
        Ok(path)
    }
}

/// `text` with `mod <name>;` among its `mod` lines, sorted; appended when there is none.
fn with_mod_line(text: &str, name: &str) -> String {
    let is_mod = |line: &str| line.starts_with("mod ") && line.ends_with(';');
    let mut mods: Vec<String> = text
        .lines()
        .filter(|l| is_mod(l))
        .map(str::to_owned)
        .collect();
    mods.push(format!("mod {name};"));
    mods.sort();
    let mut out: Vec<String> = text
        .lines()
        .filter(|l| !is_mod(l))
        .map(str::to_owned)
        .collect();
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.push(String::new());
    out.extend(mods);
    out.join("\n") + "\n"
}

/// The runner's text with the seeders module included after `mod migrations;`, or `None`
/// when it includes it already.
fn including_seeders(runner: &str) -> Option<String> {
    if runner.lines().any(|l| l.trim() == "mod seeders;") {
        return None;
    }
    let mut out = Vec::new();
    let mut placed = false;
    for line in runner.lines() {
        out.push(line.to_owned());
        if !placed && line.trim() == "mod migrations;" {
            out.push(String::new());
            out.push(RUNNER_LINES.to_owned());
            placed = true;
        }
    }
    if !placed {
        out.push(String::new());
        out.push(RUNNER_LINES.to_owned());
    }
    Some(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod_lines_stay_sorted() {
        assert_eq!(
            with_mod_line(MODULE_HEADER, "users"),
            format!("{MODULE_HEADER}\nmod users;\n")
        );
        let text = format!("{MODULE_HEADER}\nmod users;\n");
        assert_eq!(
            with_mod_line(&text, "colors"),
            format!("{MODULE_HEADER}\nmod colors;\nmod users;\n")
        );
    }

    #[test]
    fn the_runner_includes_the_seeders_once() {
        let runner =
            "//! Runner.\n\n#[path = \"../migrations/mod.rs\"]\nmod migrations;\n\nfn main() {}\n";
        let once = including_seeders(runner).unwrap_or_default();
        assert_eq!(
            once,
            "//! Runner.\n\n#[path = \"../migrations/mod.rs\"]\nmod migrations;\n\n\
             #[path = \"../seeders/mod.rs\"]\nmod seeders;\n\nfn main() {}\n"
        );
        assert_eq!(including_seeders(&once), None);
    }

    #[test]
    fn creates_lists_includes_and_refuses_a_name_twice() -> Result<(), CliError> {
        let dir = tempfile::tempdir().map_err(CliError::io(Path::new("tmp")))?;
        let bin = dir.path().join("src").join("bin");
        fs::create_dir_all(&bin).map_err(CliError::io(&bin))?;
        fs::write(bin.join("migrate.rs"), "mod migrations;\nfn main() {}\n")
            .map_err(CliError::io(&bin))?;
        let creator = SeederCreator::new(dir.path());
        let path = creator.create("users")?;
        assert!(fs::read_to_string(&path).is_ok_and(|t| t.contains("fn users(")));
        creator.create("colors")?;
        let module = fs::read_to_string(dir.path().join("src/seeders/mod.rs")).unwrap_or_default();
        assert!(module.ends_with("\nmod colors;\nmod users;\n"), "{module}");
        assert!(matches!(
            creator.create("users"),
            Err(CliError::NameTaken { .. })
        ));
        assert!(matches!(
            creator.create("Users"),
            Err(CliError::InvalidName { .. })
        ));
        Ok(())
    }
}

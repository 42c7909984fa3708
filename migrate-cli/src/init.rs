//! `cargo migrate init`: scaffold the migrations module and the migration runner, and record
//! the runner in Cargo.toml. Idempotent; never overwrites a file.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::{discovery, macro_profile, manifest, CliError};

/// The runner binary `init` writes.
const RUNNER: &str = "\
//! The migration runner: `cargo migrate <command>` builds this binary and runs it.

#[path = \"../migrations/mod.rs\"]
mod migrations;

fn main() -> std::process::ExitCode {
    migrate_core::cli::main()
}
";

/// What `init` did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file was written.
    Created(PathBuf),
    /// The file was there already, and was left alone.
    Kept(PathBuf),
    /// The runner was recorded in Cargo.toml.
    Recorded(PathBuf),
    /// Cargo.toml already had `[package.metadata.migrate]`.
    AlreadyRecorded(PathBuf),
    /// This line was added to Cargo.toml's `[dependencies]`.
    AddedDependency(String),
    /// Cargo.toml's `[dependencies]` already had this line for migrate-core.
    KeptDependency(String),
    /// `default-run` was set to the application's binary.
    SetDefaultRun(String),
    /// Something else done, or left for the user to do, said in full.
    Note(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Created(p) => write!(f, "Created {}", p.display()),
            Outcome::Kept(p) => write!(f, "Kept {} (it exists)", p.display()),
            Outcome::Recorded(p) => {
                write!(
                    f,
                    "Recorded the runner in {} [package.metadata.migrate]",
                    p.display()
                )
            }
            Outcome::AlreadyRecorded(p) => write!(
                f,
                "Kept [package.metadata.migrate] in {} (it exists)",
                p.display()
            ),
            Outcome::AddedDependency(line) => write!(f, "Added to [dependencies]: {line}"),
            Outcome::KeptDependency(line) if !line.contains("\"cli\"") => write!(
                f,
                "Kept [dependencies] {line} (it exists; the runner needs its `cli` feature: \
                 features = [\"cli\"])"
            ),
            Outcome::KeptDependency(line) => write!(f, "Kept [dependencies] {line} (it exists)"),
            Outcome::SetDefaultRun(name) => write!(
                f,
                "Set default-run = {name:?} in [package], so that `cargo run` runs the \
                 application, not the runner"
            ),
            Outcome::Note(note) => f.write_str(note),
        }
    }
}

/// Scaffolds the package of `manifest` with a runner binary named `bin`, and makes it depend
/// on migrate-core (with the `cli` feature) from the folder `core`, else from
/// [`installed_core`].
pub fn init(manifest: &Path, bin: &str, core: Option<&Path>) -> Result<Vec<Outcome>, CliError> {
    if !manifest::is_package(manifest)? {
        return Err(CliError::NotAPackage(manifest.to_owned()));
    }
    if crate::validate_name(bin).is_err() && !is_bin_name(bin) {
        return Err(CliError::InvalidName {
            name: bin.to_owned(),
            reason: "a runner binary's name uses letters, digits, `-` and `_`".into(),
        });
    }
    let root = manifest.parent().unwrap_or(Path::new("."));
    // Found before anything is written, so that a missing migrate-core changes nothing.
    let core = match core {
        Some(core) => Some(checked_core(core)?),
        None => installed_core().ok(),
    };
    let dependency = match manifest::core_dependency(manifest)? {
        Some(line) => Outcome::KeptDependency(line),
        None => {
            let core = match &core {
                Some(core) => core.clone(),
                None => installed_core()?,
            };
            let line = format!(
                "migrate-core = {{ path = {:?}, features = [\"cli\"] }}",
                relative_path(root, &core)
            );
            Outcome::AddedDependency(line)
        }
    };
    // migrate-build (the build script's discovery) lives next to migrate-core.
    let build_dir = core
        .as_deref()
        .and_then(Path::parent)
        .map(|dir| dir.join("migrate-build"));
    let src = root.join("src");
    let mut outcomes = vec![
        write_new(
            &src.join("migrations").join("mod.rs"),
            discovery::MIGRATIONS_MODULE,
        )?,
        write_new(&src.join("bin").join(format!("{bin}.rs")), RUNNER)?,
    ];
    if let Outcome::AddedDependency(line) = &dependency {
        manifest::add_dependency(manifest, line)?;
    }
    outcomes.push(dependency);
    if let Some(name) = manifest::set_default_run(manifest)? {
        outcomes.push(Outcome::SetDefaultRun(name));
    }
    outcomes.push(if manifest::record_runner(manifest, bin)? {
        Outcome::Recorded(manifest.to_owned())
    } else {
        Outcome::AlreadyRecorded(manifest.to_owned())
    });
    let build = build_dir.map(|dir| relative_path(root, &dir));
    outcomes.extend(discovery::scaffold(manifest, build.as_deref())?);
    outcomes.extend(macro_profile::add(manifest)?);
    Ok(outcomes)
}

/// The migrate-core folder next to the migrate-cli this binary was built from: the clone
/// that `cargo install --path migrate/migrate-cli` installed it from.
pub fn installed_core() -> Result<PathBuf, CliError> {
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"));
    let core = built_from
        .parent()
        .unwrap_or(built_from)
        .join("migrate-core");
    checked_core(&core).map_err(|_| CliError::NoCore(core))
}

/// `core`, made absolute, if it is migrate-core's folder.
fn checked_core(core: &Path) -> Result<PathBuf, CliError> {
    let manifest = fs::read_to_string(core.join("Cargo.toml")).unwrap_or_default();
    if !manifest
        .lines()
        .any(|l| l.trim() == "name = \"migrate-core\"")
    {
        return Err(CliError::NoCore(core.to_owned()));
    }
    fs::canonicalize(core).map_err(CliError::io(core))
}

/// `to` as a path relative to the directory `from` (`../migrate/migrate-core`), with `/`
/// between components whatever the platform, as Cargo.toml accepts; absolute when the two
/// share nothing but the root.
fn relative_path(from: &Path, to: &Path) -> String {
    let from = fs::canonicalize(from).unwrap_or_else(|_| from.to_owned());
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return to.display().to_string();
    }
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let downs = to_parts[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

fn is_bin_name(bin: &str) -> bool {
    !bin.is_empty()
        && bin
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Writes `contents` to `path` unless it exists.
pub(crate) fn write_new(path: &Path, contents: &str) -> Result<Outcome, CliError> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(CliError::io(dir))?;
    }
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => {
            file.write_all(contents.as_bytes())
                .map_err(CliError::io(path))?;
            Ok(Outcome::Created(path.to_owned()))
        }
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            Ok(Outcome::Kept(path.to_owned()))
        }
        Err(error) => Err(CliError::io(path)(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_application() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let (app, core) = (base.join("shop"), base.join("migrate/migrate-core"));
        fs::create_dir_all(&app).unwrap();
        assert_eq!(relative_path(&app, &core), "../migrate/migrate-core");
        assert_eq!(relative_path(&base, &core), "migrate/migrate-core");
    }

    #[test]
    fn this_checkout_has_migrate_core() {
        let core = installed_core().unwrap();
        assert!(core.join("src/lib.rs").is_file(), "{}", core.display());
        let elsewhere = checked_core(Path::new("/")).unwrap_err();
        assert!(matches!(elsewhere, CliError::NoCore(_)), "{elsewhere}");
    }
}

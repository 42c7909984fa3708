//! `cargo migrate init`: scaffold the migrations module and the migration runner, and record
//! the runner in Cargo.toml. Idempotent; never overwrites a file.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::{discovery, manifest, CliError};

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
            Outcome::Note(note) => f.write_str(note),
        }
    }
}

/// Scaffolds the package of `manifest` with a runner binary named `bin`.
pub fn init(manifest: &Path, bin: &str) -> Result<Vec<Outcome>, CliError> {
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
    let src = root.join("src");
    let mut outcomes = vec![
        write_new(
            &src.join("migrations").join("mod.rs"),
            discovery::MIGRATIONS_MODULE,
        )?,
        write_new(&src.join("bin").join(format!("{bin}.rs")), RUNNER)?,
        if manifest::record_runner(manifest, bin)? {
            Outcome::Recorded(manifest.to_owned())
        } else {
            Outcome::AlreadyRecorded(manifest.to_owned())
        },
    ];
    outcomes.extend(discovery::scaffold(manifest)?);
    Ok(outcomes)
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

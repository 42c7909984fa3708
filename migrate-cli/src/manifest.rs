//! The user's package: its Cargo.toml, what `cargo metadata` says about it, and the
//! `[package.metadata.migrate]` table where `init` records the runner.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::CliError;

/// The runner binary's name when neither `--bin` nor the manifest names one.
pub const DEFAULT_RUNNER: &str = "migrate";

/// The section `init` adds to Cargo.toml.
const METADATA_SECTION: &str = "[package.metadata.migrate]";

/// The Cargo.toml to work on: `explicit`, else the nearest one from the current directory up.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, CliError> {
    if let Some(path) = explicit {
        if !path.is_file() {
            return Err(CliError::ManifestNotFound(path.to_owned()));
        }
        return fs::canonicalize(path).map_err(CliError::io(path));
    }
    let cwd = std::env::current_dir().map_err(CliError::io("."))?;
    cwd.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|candidate| candidate.is_file())
        .map(|found| fs::canonicalize(&found).unwrap_or(found))
        .ok_or(CliError::NoManifest(cwd))
}

/// The Cargo.toml the global options name: `--manifest-path` or the nearest one, or in its
/// workspace the member `-p NAME`; a package's, never a virtual workspace's.
pub fn choose(global: &crate::GlobalOptions) -> Result<PathBuf, CliError> {
    let located = locate(global.manifest_path.as_deref())?;
    let manifest = match &global.package {
        Some(name) => member(&crate::runner::cargo(), &located, name)?,
        None => located,
    };
    if !is_package(&manifest)? {
        return Err(CliError::NotAPackage(manifest));
    }
    Ok(manifest)
}

/// The Cargo.toml of the workspace member named `package` (`-p NAME`), asking `cargo metadata`
/// about the workspace of `manifest`.
pub fn member(cargo: &Path, manifest: &Path, package: &str) -> Result<PathBuf, CliError> {
    let metadata = cargo_metadata(cargo, manifest)?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    packages
        .iter()
        .find(|p| p["name"] == package)
        .and_then(|p| p["manifest_path"].as_str())
        .map(PathBuf::from)
        .ok_or_else(|| CliError::NoSuchPackage {
            name: package.to_owned(),
            members: packages
                .iter()
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect(),
        })
}

/// `cargo metadata --no-deps` about the workspace of `manifest` (quick: no dependencies).
fn cargo_metadata(cargo: &Path, manifest: &Path) -> Result<Value, CliError> {
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(manifest)
        .output()
        .map_err(|source| CliError::Spawn {
            program: cargo.display().to_string(),
            source,
        })?;
    if !output.status.success() {
        return Err(CliError::Metadata(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| CliError::Metadata(error.to_string()))?;
    Ok(metadata)
}

/// Whether two paths name the same file, whatever symlinks lie on the way.
fn same_file(a: &str, b: &Path) -> bool {
    Path::new(a) == b || fs::canonicalize(a).is_ok_and(|a| a == b)
}

/// What `cargo metadata` says about the package of a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The package's name.
    pub name: String,
    /// Its Cargo.toml.
    pub manifest_path: PathBuf,
    /// The names of its binary targets.
    pub bins: Vec<String>,
    /// `[package.metadata.migrate] bin`, if recorded.
    pub runner: Option<String>,
    /// Where cargo puts build output (honours `CARGO_TARGET_DIR` and `.cargo/config.toml`).
    pub target_directory: PathBuf,
    /// `[package.metadata.migrate] schema_file`, relative to the package root: diesel's
    /// schema, written again after every command that changes the schema.
    pub schema_file: Option<PathBuf>,
    /// `[package.metadata.migrate.lint.allow]`: lint rules the project allows, each with
    /// its reason (`rule = "reason"`), passed to the runner's `lint` and `run` as `--allow`.
    pub lint_allow: Vec<(String, String)>,
    /// The package names of its normal dependencies (not dev- nor build-dependencies).
    pub dependencies: Vec<String>,
}

impl Package {
    /// Asks `cargo metadata` (without dependencies, so it is quick) about `manifest`'s package.
    pub fn load(cargo: &Path, manifest: &Path) -> Result<Package, CliError> {
        let metadata = cargo_metadata(cargo, manifest)?;
        Package::from_metadata(&metadata, manifest)
    }

    /// Picks `manifest`'s package out of `cargo metadata`'s JSON.
    fn from_metadata(metadata: &Value, manifest: &Path) -> Result<Package, CliError> {
        let malformed = |what: &str| CliError::Metadata(format!("its output has no {what}"));
        let target_directory = metadata["target_directory"]
            .as_str()
            .map(PathBuf::from)
            .ok_or_else(|| malformed("target_directory"))?;
        let packages = metadata["packages"]
            .as_array()
            .ok_or_else(|| malformed("packages"))?;
        let package = packages
            .iter()
            .find(|p| {
                p["manifest_path"]
                    .as_str()
                    .is_some_and(|path| same_file(path, manifest))
            })
            .ok_or_else(|| CliError::NotAPackage(manifest.to_owned()))?;
        let bins = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "bin"))
            })
            .filter_map(|t| t["name"].as_str().map(str::to_owned))
            .collect();
        Ok(Package {
            name: package["name"].as_str().unwrap_or_default().to_owned(),
            manifest_path: manifest.to_owned(),
            bins,
            runner: package["metadata"]["migrate"]["bin"]
                .as_str()
                .map(str::to_owned),
            target_directory,
            schema_file: package["metadata"]["migrate"]["schema_file"]
                .as_str()
                .map(PathBuf::from),
            lint_allow: lint_allow(&package["metadata"]["migrate"]["lint"]["allow"])?,
            dependencies: package["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| d["kind"].is_null())
                .filter_map(|d| d["name"].as_str().map(str::to_owned))
                .collect(),
        })
    }

    /// The runner's `--allow RULE=REASON` arguments for the project's allowances.
    pub fn allow_args(&self) -> Vec<String> {
        self.lint_allow
            .iter()
            .map(|(rule, reason)| format!("--allow={rule}={reason}"))
            .collect()
    }

    /// The runner binary: `explicit`, else the recorded one, else [`DEFAULT_RUNNER`]; it
    /// must be one of the package's binaries.
    pub fn runner(&self, explicit: Option<&str>) -> Result<String, CliError> {
        let bin = explicit
            .or(self.runner.as_deref())
            .unwrap_or(DEFAULT_RUNNER)
            .to_owned();
        if self.bins.contains(&bin) {
            Ok(bin)
        } else {
            Err(CliError::NoRunner {
                package: self.name.clone(),
                bin,
            })
        }
    }
}

/// `[package.metadata.migrate.lint.allow]`'s `rule = "reason"` pairs; a reason that is not
/// a non-empty string is an error naming the rule.
fn lint_allow(table: &Value) -> Result<Vec<(String, String)>, CliError> {
    let Some(table) = table.as_object() else {
        return match table {
            Value::Null => Ok(Vec::new()),
            _ => Err(CliError::Metadata(
                "[package.metadata.migrate.lint.allow] must be a table of `rule = \"reason\"`"
                    .into(),
            )),
        };
    };
    table
        .iter()
        .map(|(rule, reason)| match reason.as_str() {
            Some(reason) if !reason.trim().is_empty() => Ok((rule.clone(), reason.to_owned())),
            _ => Err(CliError::Metadata(format!(
                "[package.metadata.migrate.lint.allow] `{rule}` needs a reason: \
                 `{rule} = \"why it is safe here\"`"
            ))),
        })
        .collect()
}

/// Adds `[package.metadata.migrate] bin = "<bin>"` to a Cargo.toml unless it has the section
/// already (whatever it says: a user's choice is kept). Returns whether it was added.
pub fn record_runner(manifest: &Path, bin: &str) -> Result<bool, CliError> {
    let text = fs::read_to_string(manifest).map_err(CliError::io(manifest))?;
    if text.lines().any(|line| line.trim() == METADATA_SECTION) {
        return Ok(false);
    }
    let separator = if text.ends_with('\n') || text.is_empty() {
        "\n"
    } else {
        "\n\n"
    };
    let updated = format!("{text}{separator}{METADATA_SECTION}\nbin = {bin:?}\n");
    fs::write(manifest, updated).map_err(CliError::io(manifest))?;
    Ok(true)
}

/// The line of `[dependencies]` that names migrate-core, if there is one (or its
/// `[dependencies.migrate-core]` header).
pub fn core_dependency(manifest: &Path) -> Result<Option<String>, CliError> {
    let text = fs::read_to_string(manifest).map_err(CliError::io(manifest))?;
    let lines: Vec<&str> = text.lines().collect();
    if let Some(header) = lines
        .iter()
        .find(|l| l.trim() == "[dependencies.migrate-core]")
    {
        return Ok(Some(header.trim().to_owned()));
    }
    let Some((start, end)) = section(&lines, "[dependencies]") else {
        return Ok(None);
    };
    Ok(lines[start + 1..end]
        .iter()
        .map(|l| l.trim())
        .find(|l| {
            let key = l.split('=').next().unwrap_or_default().trim();
            // `migrate-core.workspace = true` and `migrate-core.path = ...` count too.
            let key = key.split('.').next().unwrap_or_default().trim();
            key == "migrate-core" || key == "migrate_core" || l.contains("\"migrate-core\"")
        })
        .map(str::to_owned))
}

/// Adds `line` at the end of the `[dependencies]` section (creating the section if need be).
pub fn add_dependency(manifest: &Path, line: &str) -> Result<(), CliError> {
    let text = fs::read_to_string(manifest).map_err(CliError::io(manifest))?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
    match section(&borrowed, "[dependencies]") {
        Some((start, end)) => {
            let last = (start..end)
                .rev()
                .find(|&i| !lines[i].trim().is_empty())
                .unwrap_or(start);
            lines.insert(last + 1, line.to_owned());
        }
        None => {
            if lines.last().is_some_and(|l| !l.trim().is_empty()) {
                lines.push(String::new());
            }
            lines.push("[dependencies]".to_owned());
            lines.push(line.to_owned());
        }
    }
    write_lines(manifest, &lines)
}

/// Adds `default-run = "<package name>"` to `[package]`, so that `cargo run` keeps running
/// the application once the runner is a second binary. Returns the name when it was added:
/// not when `default-run` is set already, nor when the package has no `src/main.rs` or
/// declares its binaries itself (`[[bin]]`), where the user knows best.
pub fn set_default_run(manifest: &Path) -> Result<Option<String>, CliError> {
    let root = manifest.parent().unwrap_or(Path::new("."));
    let text = fs::read_to_string(manifest).map_err(CliError::io(manifest))?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
    let Some((start, end)) = section(&borrowed, "[package]") else {
        return Ok(None);
    };
    let key = |line: &str| line.split('=').next().unwrap_or_default().trim().to_owned();
    if !root.join("src").join("main.rs").is_file()
        || borrowed.iter().any(|l| l.trim() == "[[bin]]")
        || borrowed[start + 1..end]
            .iter()
            .any(|l| key(l) == "default-run")
    {
        return Ok(None);
    }
    let Some((at, name)) = (start + 1..end).find_map(|i| {
        let (k, value) = borrowed[i].split_once('=')?;
        let value = value.trim();
        (k.trim() == "name" && value.starts_with('"'))
            .then(|| (i, value.trim_matches('"').to_owned()))
    }) else {
        return Ok(None);
    };
    lines.insert(at + 1, format!("default-run = {name:?}"));
    write_lines(manifest, &lines)?;
    Ok(Some(name))
}

/// The lines of the section `header`: the header's index and the index after its last line.
fn section(lines: &[&str], header: &str) -> Option<(usize, usize)> {
    let start = lines.iter().position(|l| l.trim() == header)?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .map_or(lines.len(), |i| start + 1 + i);
    Some((start, end))
}

fn write_lines(manifest: &Path, lines: &[String]) -> Result<(), CliError> {
    let mut text = lines.join("\n");
    text.push('\n');
    fs::write(manifest, text).map_err(CliError::io(manifest))
}

/// Whether a Cargo.toml describes a package (rather than only a workspace).
pub fn is_package(manifest: &Path) -> Result<bool, CliError> {
    let text = fs::read_to_string(manifest).map_err(CliError::io(manifest))?;
    Ok(text.lines().any(|line| line.trim() == "[package]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata() -> Value {
        serde_json::json!({
            "target_directory": "/t",
            "packages": [{
                "name": "app",
                "manifest_path": "/app/Cargo.toml",
                "targets": [
                    {"name": "app", "kind": ["bin"]},
                    {"name": "migrate", "kind": ["bin"]},
                    {"name": "app", "kind": ["lib"]}
                ],
                "metadata": {"migrate": {"bin": "migrate"}},
                "dependencies": [
                    {"name": "job-queue", "kind": null},
                    {"name": "tempfile", "kind": "dev"},
                    {"name": "migrate-build", "kind": "build"}
                ]
            }]
        })
    }

    #[test]
    fn finds_the_package_and_its_runner() {
        let package = Package::from_metadata(&metadata(), Path::new("/app/Cargo.toml")).unwrap();
        assert_eq!(package.bins, ["app", "migrate"]);
        assert_eq!(package.runner(None).unwrap(), "migrate");
        assert_eq!(package.runner(Some("app")).unwrap(), "app");
        assert_eq!(package.target_directory, Path::new("/t"));
        assert_eq!(package.dependencies, ["job-queue"]);
        let missing = package.runner(Some("nope")).unwrap_err().to_string();
        assert!(missing.contains("run `cargo migrate init`"), "{missing}");
    }

    #[test]
    fn a_virtual_manifest_is_not_a_package() {
        let error = Package::from_metadata(&metadata(), Path::new("/ws/Cargo.toml")).unwrap_err();
        assert!(matches!(error, CliError::NotAPackage(_)));
    }

    #[test]
    fn the_dependency_goes_at_the_end_of_dependencies() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("Cargo.toml");
        let line = "migrate-core = { path = \"../m\", features = [\"cli\"] }";
        fs::write(
            &manifest,
            "[package]\nname = \"app\"\n\n[dependencies]\nserde = \"1\"\n\n[dev-dependencies]\n",
        )
        .unwrap();
        assert_eq!(core_dependency(&manifest).unwrap(), None);
        add_dependency(&manifest, line).unwrap();
        assert_eq!(
            fs::read_to_string(&manifest).unwrap(),
            format!("[package]\nname = \"app\"\n\n[dependencies]\nserde = \"1\"\n{line}\n\n[dev-dependencies]\n")
        );
        assert_eq!(core_dependency(&manifest).unwrap().as_deref(), Some(line));
        fs::write(&manifest, "[dependencies]\nmigrate-core.workspace = true\n").unwrap();
        assert_eq!(
            core_dependency(&manifest).unwrap().as_deref(),
            Some("migrate-core.workspace = true")
        );

        fs::write(&manifest, "[package]\nname = \"app\"\n").unwrap();
        add_dependency(&manifest, line).unwrap();
        assert_eq!(
            fs::read_to_string(&manifest).unwrap(),
            format!("[package]\nname = \"app\"\n\n[dependencies]\n{line}\n")
        );
    }

    #[test]
    fn default_run_names_the_application() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("Cargo.toml");
        let text = "[package]\nname = \"shop\"\nversion = \"0.1.0\"\n\n[dependencies]\n";
        fs::write(&manifest, text).unwrap();
        // A library: nothing to choose between.
        assert_eq!(set_default_run(&manifest).unwrap(), None);
        fs::create_dir_all(dir.path().join("src")).unwrap();
        fs::write(dir.path().join("src/main.rs"), "fn main() {}\n").unwrap();
        assert_eq!(set_default_run(&manifest).unwrap().as_deref(), Some("shop"));
        assert_eq!(
            fs::read_to_string(&manifest).unwrap(),
            "[package]\nname = \"shop\"\ndefault-run = \"shop\"\nversion = \"0.1.0\"\n\n[dependencies]\n"
        );
        assert_eq!(set_default_run(&manifest).unwrap(), None);
    }

    #[test]
    fn recording_the_runner_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("Cargo.toml");
        fs::write(&manifest, "[package]\nname = \"app\"").unwrap();
        assert!(record_runner(&manifest, "migrate").unwrap());
        assert!(!record_runner(&manifest, "other").unwrap());
        assert_eq!(
            fs::read_to_string(&manifest).unwrap(),
            "[package]\nname = \"app\"\n\n[package.metadata.migrate]\nbin = \"migrate\"\n"
        );
    }
}

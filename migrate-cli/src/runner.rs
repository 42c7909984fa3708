//! Every command but `init` and `new`: build the user's migration runner with cargo (its
//! progress shown as usual), then run it with the command line's arguments.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use migrate_core::cli::args::{ColorChoice, DatabaseOptions, OutputOptions};

use crate::manifest::{self, Package};
use crate::{CliError, GlobalOptions};

/// The cargo that invoked us (cargo sets `CARGO` for subcommands), else the one on `PATH`.
pub fn cargo() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// Builds the runner and runs it with `args` (the command and its options, without
/// `cargo migrate`'s own); returns the runner's exit code. When the command `changed` the
/// schema of that database, and the package names a `schema_file`, the runner writes it again.
/// A command that `lints` also gets the project's lint allowances, as `--allow`.
pub fn run(
    global: &GlobalOptions,
    output: &OutputOptions,
    args: &[OsString],
    changed: Option<&DatabaseOptions>,
    lints: bool,
) -> Result<ExitCode, CliError> {
    let (global, args) = own_options(global, args);
    let global = &global;
    let cargo = cargo();
    let manifest = manifest::choose(global)?;
    let package = Package::load(&cargo, &manifest)?;
    if let Some(root) = package.manifest_path.parent() {
        crate::discovery::warn_undeclared(root);
    }
    let bin = package.runner(global.bin.as_deref())?;
    build(&cargo, &package, &bin, output, global.release)?;
    let profile = if global.release { "release" } else { "debug" };
    let executable = executable(&package.target_directory.join(profile), &bin);
    crate::libraries::warn_unlinked(&cargo, &package, &bin, global.release, &executable);
    let mut runner = Command::new(&executable);
    runner.args(&args);
    if lints {
        runner.args(package.allow_args());
    }
    // As `cargo run` does: the runner finds the package's `.env` and resolves relative
    // SQLite paths from there, whatever the current directory (or `--manifest-path`).
    if let Some(root) = package.manifest_path.parent() {
        runner.env("CARGO_MANIFEST_DIR", root);
    }
    #[cfg(unix)]
    {
        // So that the runner's usage lines read `cargo migrate run ...`.
        std::os::unix::process::CommandExt::arg0(&mut runner, "cargo migrate");
    }
    let mut status = runner.status().map_err(|source| CliError::Spawn {
        program: executable.display().to_string(),
        source,
    })?;
    if let (true, Some(db), Some(file)) = (status.success(), changed, &package.schema_file) {
        // As diesel_cli's `print_schema.file`: the schema file follows the database. The
        // runner writes it, with the dialect of the database it just changed.
        let root = package.manifest_path.parent().unwrap_or(Path::new("."));
        let mut schema = Command::new(&executable);
        schema
            .args(["schema", "--diesel", "--applied", "--output"])
            .arg(file)
            .current_dir(root);
        if let Some(database) = &db.url.database {
            schema.args(["--database", database]);
        }
        if let Some(table) = &db.table {
            schema.args(["--table", table]);
        }
        if output.quiet {
            schema.arg("--quiet");
        }
        schema.env("CARGO_MANIFEST_DIR", root);
        status = schema.status().map_err(|source| CliError::Spawn {
            program: executable.display().to_string(),
            source,
        })?;
    }
    match status.code() {
        Some(code) => Ok(ExitCode::from(u8::try_from(code).unwrap_or(1))),
        None => Err(CliError::RunnerKilled(status.to_string())),
    }
}

/// `cargo build --bin <bin> --manifest-path <manifest>`, with cargo's output on our stderr
/// (none with `--quiet`, colored as `--color` says).
fn build(
    cargo: &Path,
    package: &Package,
    bin: &str,
    output: &OutputOptions,
    release: bool,
) -> Result<(), CliError> {
    let mut build = cargo_build(cargo, package, bin, release);
    if output.quiet {
        build.arg("--quiet");
    }
    match output.color {
        ColorChoice::Auto => {}
        ColorChoice::Always => {
            build.args(["--color", "always"]);
        }
        ColorChoice::Never => {
            build.args(["--color", "never"]);
        }
    }
    let status = build.status().map_err(|source| CliError::Spawn {
        program: cargo.display().to_string(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::BuildFailed(bin.to_owned()))
    }
}

/// `cargo build --bin <bin> --manifest-path <manifest>` (`--release`).
pub(crate) fn cargo_build(cargo: &Path, package: &Package, bin: &str, release: bool) -> Command {
    let mut build = Command::new(cargo);
    build
        .args(["build", "--bin", bin, "--manifest-path"])
        .arg(&package.manifest_path);
    if release {
        build.arg("--release");
    }
    build
}

/// Where `cargo build` puts the runner, in the profile's directory.
fn executable(profile_directory: &Path, bin: &str) -> PathBuf {
    profile_directory.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX))
}

/// `cargo migrate`'s own options (`--manifest-path`, `--bin`, `-p`, `--release`) taken out of
/// the arguments that clap passed on because they came after the runner's options.
fn own_options(global: &GlobalOptions, args: &[OsString]) -> (GlobalOptions, Vec<OsString>) {
    let mut global = global.clone();
    let mut rest = Vec::with_capacity(args.len());
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let text = arg.to_str().unwrap_or_default();
        if text == "--" {
            rest.push(arg.clone());
            rest.extend(args.by_ref().cloned());
            break;
        }
        if text == "--release" {
            global.release = true;
            continue;
        }
        let (flag, inline) = match text.split_once('=') {
            Some((flag, value)) => (flag, Some(OsString::from(value))),
            None => (text, None),
        };
        if !["--manifest-path", "--bin", "--package", "-p"].contains(&flag) {
            rest.push(arg.clone());
            continue;
        }
        let Some(value) = inline.or_else(|| args.next().cloned()) else {
            // A flag without its value: let the runner's parser say so.
            rest.push(arg.clone());
            break;
        };
        if flag == "--bin" {
            global.bin = Some(value.to_string_lossy().into_owned());
        } else if flag == "--package" || flag == "-p" {
            global.package = Some(value.to_string_lossy().into_owned());
        } else {
            global.manifest_path = Some(PathBuf::from(value));
        }
    }
    (global, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_options_after_the_command_are_ours() {
        let args: Vec<OsString> = [
            "--pretend",
            "--manifest-path",
            "a/Cargo.toml",
            "--bin=m",
            "--release",
            "--step",
        ]
        .into_iter()
        .map(OsString::from)
        .collect();
        let (global, rest) = own_options(&GlobalOptions::default(), &args);
        assert_eq!(global.manifest_path, Some(PathBuf::from("a/Cargo.toml")));
        assert_eq!(global.bin.as_deref(), Some("m"));
        assert!(global.release);
        assert_eq!(rest, ["--pretend", "--step"]);
    }
}

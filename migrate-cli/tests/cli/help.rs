//! `--help` transcripts, compared exactly with `tests/cli/snapshots/*.txt`
//! (`MIGRATE_SNAPSHOTS=overwrite` rewrites them after an intended change).

use std::path::Path;

use super::support::{cargo_migrate, Run};

/// Asserts that `run` printed exactly the snapshot `name`.
#[track_caller]
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("MIGRATE_SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (MIGRATE_SNAPSHOTS=overwrite creates it)",
            path.display()
        )
    });
    assert_eq!(actual, expected, "snapshot {name} differs");
}

fn help(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    cargo_migrate(dir.path(), args).ok()
}

#[test]
fn cargo_migrate_help() {
    assert_snapshot("help", &help(&["--help"]).stdout);
}

#[test]
fn help_of_new() {
    assert_snapshot("help-new", &help(&["new", "--help"]).stdout);
}

#[test]
fn help_of_init() {
    assert_snapshot("help-init", &help(&["init", "--help"]).stdout);
}

#[test]
fn short_help_lists_every_command() {
    let out = help(&["-h"]).stdout;
    for command in [
        "init", "new", "run", "rollback", "reset", "refresh", "fresh", "status", "install",
    ] {
        assert!(
            out.contains(&format!("\n  {command} ")),
            "{command}:\n{out}"
        );
    }
}

#[test]
fn help_of_run() {
    assert_snapshot("help-run", &help(&["run", "--help"]).stdout);
}

#[test]
fn help_of_status() {
    assert_snapshot("help-status", &help(&["status", "--help"]).stdout);
}

#[test]
fn help_subcommand_is_the_help_flag() {
    for command in ["run", "rollback", "status", "schema", "new"] {
        assert_eq!(
            help(&["help", command]).stdout,
            help(&[command, "--help"]).stdout,
            "{command}"
        );
    }
}

#[test]
fn version_names_the_program() {
    let out = help(&["-V"]).stdout;
    assert_eq!(
        out,
        format!("cargo-migrate {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// Each command's help lists the options it uses, and not the others'.
#[test]
fn commands_list_only_their_own_options() {
    let long = |command: &str| help(&[command, "--help"]).stdout;
    let status = long("status");
    assert!(status.contains("--database <URL>"), "{status}");
    for other in [
        "--lock-timeout",
        "--allow-drift",
        "--commit-window",
        "--pretend",
    ] {
        let listed = format!("      {other}");
        assert!(!status.contains(&listed), "status lists {other}:\n{status}");
    }
    let schema = long("schema");
    assert!(!schema.contains("--no-lock"), "{schema}");
    let rollback = long("rollback");
    assert!(!rollback.contains("--strict-order"), "{rollback}");
    assert!(!rollback.contains("--fake"), "{rollback}");
    let new = long("new");
    assert!(!new.contains("--database"), "{new}");
}

/// Help needs no package, and no build: not before `init`, nor when the app does not compile.
#[test]
fn help_needs_no_build() {
    let app = super::support::Scratch::new(&[]);
    app.write("src/main.rs", "fn main() { this does not compile }\n");
    let run = app.cargo_migrate(&["run", "--help"]).ok();
    assert!(run.stdout.starts_with("Apply every pending migration"));
    assert!(!run.stderr.contains("Compiling"), "{}", run.stderr);
    let run = app.cargo_migrate(&["help", "rollback"]).ok();
    assert!(run.stdout.contains("--step <N>"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // A mistake in the runner's options is caught before the build too.
    let run = app.cargo_migrate(&["run", "--no-such-flag"]).code(2);
    assert!(
        run.stderr.contains("unexpected argument '--no-such-flag'"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Compiling"), "{}", run.stderr);
}

/// Completion scripts need no package and no build, and know the runner's commands and flags.
#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _cargo"),
        ("zsh", "#compdef cargo"),
        ("fish", "complete -c cargo"),
    ] {
        let script = help(&["completions", shell]).stdout;
        assert!(script.contains(marker), "{shell}:\n{script}");
        for word in ["migrate", "rollback", "exit-code", "manifest-path"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    cargo_migrate(dir.path(), &["completions", "tcsh"]).code(2);
}

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

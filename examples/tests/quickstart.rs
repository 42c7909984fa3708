//! The README's first command, `cargo run -p migrate-examples --bin quickstart`, and the
//! variants it lists, on a database of the test's own.

use std::path::Path;
use std::process::Command;

const MIGRATIONS: [&str; 4] = [
    "m2026_11_25_140312_create_users",
    "m2026_11_25_141005_create_posts",
    "m2026_11_26_091500_add_bio_to_users",
    "m2026_11_27_100000_create_comments",
];

/// The quickstart's standard output, run with `args` on the database at `path`.
fn quickstart(path: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_quickstart"))
        .args(args)
        .env("QUICKSTART_DATABASE", path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The lines that say what ran, without the timings.
fn ran(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .take_while(|line| !line.is_empty())
        .map(|line| line.split(" (").next().unwrap_or(line).to_owned())
        .collect()
}

#[test]
fn the_quickstart_applies_rolls_back_and_pretends_as_the_readme_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quickstart.sqlite");

    let first = quickstart(&path, &[]);
    let migrated: Vec<String> = MIGRATIONS
        .iter()
        .map(|id| format!("Migrated: {id}"))
        .collect();
    assert_eq!(ran(&first), migrated);
    assert_eq!(first.matches("[applied, batch 1]").count(), 4, "{first}");

    assert_eq!(
        ran(&quickstart(&path, &[])),
        ["Nothing to do."],
        "again: applies nothing"
    );

    let pretended = quickstart(&path, &["--pretend"]);
    assert_eq!(ran(&pretended), ["Nothing to do."]);

    let rolled = quickstart(&path, &["--rollback"]);
    assert_eq!(
        ran(&rolled).len(),
        4,
        "the last batch is all four: {rolled}"
    );
    assert!(ran(&rolled).iter().all(|l| l.starts_with("Rolled back: ")));
    assert_eq!(rolled.matches("[pending]").count(), 4, "{rolled}");

    let pretended = quickstart(&path, &["--pretend"]);
    assert!(
        pretended.contains("Would run m2026_11_25_140312_create_users:"),
        "{pretended}"
    );
    assert!(
        pretended.contains("    create table \"users\""),
        "{pretended}"
    );
    assert_eq!(
        pretended.matches("[pending]").count(),
        4,
        "pretend changes nothing"
    );

    quickstart(&path, &[]);
    let reset = quickstart(&path, &["--reset"]);
    assert_eq!(ran(&reset).len(), 4, "{reset}");
    assert_eq!(reset.matches("[pending]").count(), 4, "{reset}");
}

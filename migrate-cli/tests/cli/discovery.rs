//! Discovery by directory, end to end: a migration file is compiled in because it is in
//! the directory, and adding one touches no shared file.

use std::path::Path;
use std::process::Command;

use super::support::Scratch;

/// The `status` line counting applied and pending migrations, against a fresh database.
fn pending(app: &Scratch) -> String {
    let url = format!("sqlite://{}", app.path().join("app.sqlite").display());
    let status = app.cargo_migrate(&["status", "--database", &url]).ok();
    status
        .stdout
        .lines()
        .find(|line| line.ends_with("pending."))
        .unwrap_or_else(|| panic!("no count in\n{}", status.stdout))
        .to_owned()
}

const MIGRATION: &str = "use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create(\"dropped_in\", |t| {
        t.increments(\"id\");
    })
}
";

#[test]
fn a_file_dropped_into_the_directory_is_pending_after_the_next_build() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    let module = app.read("src/migrations/mod.rs");
    assert_eq!(pending(&app), "0 applied, 1 pending.");

    // Copied in by hand: no `mod` line, no `cargo migrate new`, nothing else touched.
    app.write("src/migrations/m2020_01_01_000000_dropped_in.rs", MIGRATION);
    assert_eq!(pending(&app), "0 applied, 2 pending.");
    assert_eq!(app.read("src/migrations/mod.rs"), module);

    // Removed: gone from the next build too.
    std::fs::remove_file(
        app.path()
            .join("src/migrations/m2020_01_01_000000_dropped_in.rs"),
    )
    .unwrap();
    assert_eq!(pending(&app), "0 applied, 1 pending.");

    // A file not named like a migration is a build error naming it, not silently skipped.
    app.write("src/migrations/add_bio.rs", MIGRATION);
    let url = format!("sqlite://{}", app.path().join("app.sqlite").display());
    let run = app.cargo_migrate(&["status", "--database", &url]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("add_bio.rs: the name does not start with a timestamp"),
        "{}",
        run.stderr
    );
}

/// Runs git in `dir`, asserting it succeeds; returns its standard output.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn two_branches_adding_migrations_merge_without_a_conflict() {
    let app = Scratch::new(&[]);
    let dir = app.path();
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    app.write(".gitignore", "/target\n*.sqlite\n");
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "init"]);

    git(dir, &["checkout", "-qb", "posts"]);
    app.cargo_migrate(&["new", "create_posts"]).ok();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "posts"]);

    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["checkout", "-qb", "tags"]);
    app.cargo_migrate(&["new", "create_tags"]).ok();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "tags"]);

    git(dir, &["merge", "-q", "--no-edit", "posts"]);
    assert_eq!(git(dir, &["status", "--porcelain"]), "", "a clean merge");
    assert_eq!(pending(&app), "0 applied, 3 pending.");
}

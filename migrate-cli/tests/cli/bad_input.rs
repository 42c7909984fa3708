//! Bad input: a clear message on stderr, the documented exit code, nothing changed.

use migrate_cli::exit_code;

use super::support::{cargo_migrate, Scratch};

#[test]
fn an_unknown_command() {
    let dir = tempfile::tempdir().unwrap();
    let run = cargo_migrate(dir.path(), &["migrat"]).code(exit_code::USER_ERROR);
    assert!(
        run.stderr.contains("unrecognized subcommand 'migrat'"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn new_before_init_points_to_init() {
    let app = Scratch::new(&[]);
    // Names as typed are converted to snake_case: this one is taken already.
    let run = app
        .cargo_migrate(&["new", "CreateUsers"])
        .code(exit_code::USER_ERROR);
    assert!(
        run.stderr.contains("run `cargo migrate init` first"),
        "{}",
        run.stderr
    );
    assert!(!app.path().join("src/migrations").exists());
}

#[test]
fn invalid_and_taken_names_change_nothing() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    let files = app.migration_files();
    let module = app.read("src/migrations/mod.rs");

    for bad in ["create-users", "9lives", "a__b"] {
        let run = app.cargo_migrate(&["new", bad]).code(exit_code::USER_ERROR);
        assert!(
            run.stderr.contains("invalid migration name"),
            "{}",
            run.stderr
        );
    }
    // Names as typed are converted to snake_case: this one is taken already.
    let run = app
        .cargo_migrate(&["new", "CreateUsers"])
        .code(exit_code::USER_ERROR);
    assert!(
        run.stderr
            .contains("a migration named `create_users` already exists"),
        "{}",
        run.stderr
    );
    let run = app
        .cargo_migrate(&["new", "x", "--create", "a b"])
        .code(exit_code::USER_ERROR);
    assert!(run.stderr.contains("invalid table name"), "{}", run.stderr);

    assert_eq!(app.migration_files(), files);
    assert_eq!(app.read("src/migrations/mod.rs"), module);
}

#[test]
fn a_missing_runner_says_to_run_init() {
    let app = Scratch::new(&[]);
    let run = app.cargo_migrate(&["status"]).code(exit_code::USER_ERROR);
    assert!(
        run.stderr
            .contains("has no migration runner binary `migrate`: run `cargo migrate init`"),
        "{}",
        run.stderr
    );
    let run = app
        .cargo_migrate(&["--bin", "nope", "run"])
        .code(exit_code::USER_ERROR);
    assert!(run.stderr.contains("binary `nope`"), "{}", run.stderr);
}

#[test]
fn a_missing_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let run = cargo_migrate(
        dir.path(),
        &["run", "--manifest-path", "nowhere/Cargo.toml"],
    )
    .code(exit_code::USER_ERROR);
    assert!(
        run.stderr.contains("nowhere/Cargo.toml does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_with_a_core_path_that_is_not_migrate_core_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = "[package]\nname = \"shop\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    let run = cargo_migrate(dir.path(), &["init", "--core-path", "/"]).code(exit_code::USER_ERROR);
    assert_eq!(
        run.stderr,
        "error: / is not migrate-core's folder (it has no Cargo.toml naming migrate-core): pass \
         --core-path with the migrate-core folder of your clone of migrate\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap(),
        manifest
    );
    assert!(!dir.path().join("src").exists());
}

#[test]
fn names_as_typed_are_converted_to_snake_case() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    let run = app.cargo_migrate(&["new", "create posts"]).ok();
    assert!(run.stdout.ends_with("_create_posts.rs\n"), "{}", run.stdout);
    app.cargo_migrate(&["new", "AddBioToUsers"]).ok();
    let text = app.read(&app.migration("add_bio_to_users"));
    assert!(text.contains("\"users\""), "{text}");
}

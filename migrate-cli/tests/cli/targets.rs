//! Targets and ways back, on SQLite: `run --to`, `rollback --to` / `--batch`, and the messages
//! for counts that other tools spell differently.

use migrate_cli::exit_code;

use super::support::{Run, Scratch};

/// An application with three migrations, on `app.sqlite` at its root.
fn app() -> Scratch {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    for name in ["create_users", "create_posts", "create_tags"] {
        app.cargo_migrate(&["new", name]).ok();
    }
    app.write(".env", "DATABASE_URL=sqlite://app.sqlite\n");
    app
}

/// `(name, batch)` of every applied migration, from `status --format json`.
fn applied(app: &Scratch) -> Vec<(String, i64)> {
    let status = app.cargo_migrate(&["status", "--format", "json"]).ok();
    let value: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    value["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["state"] == "applied")
        .map(|m| {
            let id = m["id"].as_str().unwrap();
            let name = id.splitn(5, '_').last().unwrap().to_owned();
            (name, m["batch"].as_i64().unwrap())
        })
        .collect()
}

fn pairs(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    expected.iter().map(|(n, b)| (n.to_string(), *b)).collect()
}

#[track_caller]
fn says(run: &Run, text: &str) {
    assert!(run.stderr.contains(text), "{}", run.stderr);
}

#[test]
fn targets() {
    let app = app();
    // Counts that other tools spell differently get a message, before any build.
    let run = app
        .cargo_migrate(&["run", "--step", "2"])
        .code(exit_code::USER_ERROR);
    says(&run, "tip: `run --step` takes no number");
    assert!(!run.stderr.contains("Compiling"), "{}", run.stderr);
    let run = app
        .cargo_migrate(&["rollback", "--step", "-1"])
        .code(exit_code::USER_ERROR);
    says(
        &run,
        "invalid value '-1' for '--step <N>': expected 1 or more",
    );

    // run --to: up to a migration, by name or id.
    // Each migration's lines are counted against the total the run applies.
    let run = app.cargo_migrate(&["run", "--to", "create_posts"]).ok();
    assert!(
        run.stdout.contains("[1/2] Migrating: m") && run.stdout.contains("\n[2/2] Migrated:  m"),
        "{}",
        run.stdout
    );
    assert_eq!(
        applied(&app),
        pairs(&[("create_users", 1), ("create_posts", 1)])
    );
    let run = app
        .cargo_migrate(&["run", "--to", "nope"])
        .code(exit_code::USER_ERROR);
    says(&run, "no migration `nope`");
    app.cargo_migrate(&["run"]).ok();
    assert_eq!(
        applied(&app),
        pairs(&[("create_users", 1), ("create_posts", 1), ("create_tags", 2)])
    );

    // rollback --to: everything newer than it, whatever the batches.
    let back = app
        .cargo_migrate(&["rollback", "--to", "create_users"])
        .ok();
    assert!(
        back.stdout.contains("Rolled back 2 migrations"),
        "{}",
        back.stdout
    );
    assert_eq!(applied(&app), pairs(&[("create_users", 1)]));
    let id = app.migration("create_users");
    let id = id
        .trim_start_matches("src/migrations/")
        .trim_end_matches(".rs");
    let nothing = app.cargo_migrate(&["rollback", "--to", id]).ok();
    assert_eq!(nothing.stdout, "Nothing to roll back.\n");

    // rollback --batch N: batch N and every batch after it.
    app.cargo_migrate(&["run", "--step"]).ok();
    assert_eq!(
        applied(&app),
        pairs(&[("create_users", 1), ("create_posts", 2), ("create_tags", 3)])
    );
    app.cargo_migrate(&["rollback", "--batch", "3"]).ok();
    assert_eq!(
        applied(&app),
        pairs(&[("create_users", 1), ("create_posts", 2)])
    );
    app.cargo_migrate(&["run"]).ok();
    app.cargo_migrate(&["rollback", "--batch", "2"]).ok();
    assert_eq!(applied(&app), pairs(&[("create_users", 1)]));
}

/// `redo` applies an edit to the newest migration; `forget` is the way out once a migration's
/// code is gone for good.
#[test]
fn redo_and_forget() {
    let app = app();
    app.cargo_migrate(&["run"]).ok();
    let tags = app.migration("create_tags");
    let edited = app.read(&tags).replacen(
        "t.increments(\"id\");",
        "t.increments(\"id\");\n            t.string(\"label\", 20).nullable();",
        1,
    );
    assert_ne!(edited, app.read(&tags));
    app.write(&tags, &edited);
    let drift = app.cargo_migrate(&["run"]).code(exit_code::USER_ERROR);
    says(&drift, "apply it with `redo`");
    let redo = app.cargo_migrate(&["redo", "-v"]).ok();
    assert!(
        redo.stdout.contains("Rolled back 1 migration in")
            && redo.stdout.contains("Migrated 1 migration in")
            && redo.stdout.contains("\"label\""),
        "{}",
        redo.stdout
    );
    assert!(!redo.stdout.contains("notice:"), "{}", redo.stdout);
    app.cargo_migrate(&["status", "--exit-code"]).ok();
    app.cargo_migrate(&["redo", "--step", "3"]).ok();
    assert_eq!(applied(&app).len(), 3);

    // The newest migration's code is deleted: every command names the way out.
    let posts = app.migration("create_posts");
    std::fs::remove_file(app.path().join(&tags)).unwrap();
    let module = app.read("src/migrations/mod.rs");
    let kept: Vec<&str> = module
        .lines()
        .filter(|l| !l.contains("_create_tags"))
        .collect();
    app.write("src/migrations/mod.rs", &(kept.join("\n") + "\n"));
    let missing = app.cargo_migrate(&["run"]).code(exit_code::USER_ERROR);
    says(&missing, "forget it with `forget ID`");
    let back = app
        .cargo_migrate(&["rollback", "--step", "1"])
        .code(exit_code::USER_ERROR);
    says(&back, "or forget its record with `forget ID`");
    // forget asks first; without a terminal, --force.
    let refused = app
        .cargo_migrate(&["forget", "create_tags"])
        .code(exit_code::USER_ERROR);
    says(&refused, "refusing to forget m");
    says(&refused, "pass --force");
    assert_eq!(applied(&app).len(), 3);
    let posts_id = posts
        .trim_start_matches("src/migrations/")
        .trim_end_matches(".rs");
    let kept = app
        .cargo_migrate(&["forget", posts_id, "--force"])
        .code(exit_code::USER_ERROR);
    says(&kept, "is in this program: roll it back instead");
    let forgot = app
        .cargo_migrate(&["forget", "create_tags", "--force"])
        .ok();
    assert!(forgot.stdout.starts_with("Forgot m"), "{}", forgot.stdout);
    assert_eq!(
        applied(&app),
        pairs(&[("create_users", 1), ("create_posts", 1)])
    );
    app.cargo_migrate(&["status", "--exit-code"]).ok();
}

/// Where `.env` (or the environment) says production, commands that change the schema ask
/// first; without a terminal they need --force. `--pretend` and `status` never ask.
#[test]
fn production_asks_first() {
    let app = app();
    app.write(
        ".env",
        "DATABASE_URL=sqlite://app.sqlite\nAPP_ENV=production\n",
    );
    let refused = app.cargo_migrate(&["run"]).code(exit_code::USER_ERROR);
    says(
        &refused,
        "refusing to run migrations in production (APP_ENV=production) without confirmation",
    );
    says(&refused, "pass --force");
    app.cargo_migrate(&["run", "--pretend"]).ok();
    assert!(applied(&app).is_empty());
    app.cargo_migrate(&["run", "--force"]).ok();
    assert_eq!(applied(&app).len(), 3);
    for command in [&["rollback"][..], &["reset"], &["refresh"], &["redo"]] {
        let refused = app.cargo_migrate(command).code(exit_code::USER_ERROR);
        says(&refused, "in production (APP_ENV=production)");
    }
    assert_eq!(applied(&app).len(), 3);
    app.cargo_migrate(&["rollback", "--force"]).ok();
    assert!(applied(&app).is_empty());
    // Another environment is not production.
    app.write(".env", "DATABASE_URL=sqlite://app.sqlite\nAPP_ENV=local\n");
    app.cargo_migrate(&["run"]).ok();
}

/// `[package.metadata.migrate] schema_file`: diesel's schema is written again after each
/// command that changes the schema, and not after `--pretend`.
#[test]
fn the_schema_file_follows_the_database() {
    let app = app();
    let manifest = app.read("Cargo.toml");
    let runner = "[package.metadata.migrate]\nbin = \"migrate\"\n";
    assert!(manifest.contains(runner), "{manifest}");
    app.write(
        "Cargo.toml",
        &manifest.replace(
            runner,
            &format!("{runner}schema_file = \"src/schema.rs\"\n"),
        ),
    );
    app.cargo_migrate(&["run", "--pretend"]).ok();
    assert!(!app.path().join("src/schema.rs").exists());
    let run = app.cargo_migrate(&["run"]).ok();
    assert!(
        run.stdout.ends_with("\nWrote src/schema.rs.\n"),
        "{}",
        run.stdout
    );
    let schema = app.read("src/schema.rs");
    assert!(
        schema.contains("users (id)") && schema.contains("tags (id)"),
        "{schema}"
    );
    app.cargo_migrate(&["rollback", "--to", "create_posts"])
        .ok();
    let schema = app.read("src/schema.rs");
    assert!(
        schema.contains("posts (id)") && !schema.contains("tags (id)"),
        "{schema}"
    );
}

/// `--release` builds and runs the runner of the release profile; the runner never sees it.
#[test]
fn release_builds_the_release_runner() {
    let app = app();
    let run = app
        .cargo_migrate(&["status", "--release"])
        .code(exit_code::USER_ERROR);
    assert!(run.stderr.contains("`release` profile"), "{}", run.stderr);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    let runner = super::support::target_dir().join("release/migrate");
    assert!(runner
        .with_extension(std::env::consts::EXE_EXTENSION)
        .is_file());
}

//! `cargo migrate lint` on a scratch application: findings and exit code 7, JSON, the
//! project's allowances from `[package.metadata.migrate.lint.allow]`, and `run`'s warnings.

use migrate_cli::exit_code;

use super::support::Scratch;

/// An application whose second migration drops the table the first created.
fn app() -> Scratch {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users", "--create", "users"])
        .ok();
    app.cargo_migrate(&["new", "archive_users", "--alter", "users"])
        .ok();
    let archive = app.migration("archive_users");
    app.write(
        &archive,
        "use migrate_core::prelude::*;\n\n#[migration]\nfn up(s: &mut Schema) -> Result<()> {\n    \
         s.drop(\"users\")\n}\n",
    );
    app
}

#[test]
fn lint_fails_on_a_finding_and_the_project_allows_it_with_a_reason() {
    let app = app();
    let archive = app.migration("archive_users");
    let lint = app
        .cargo_migrate(&["lint", "--all", "--dialect", "postgres"])
        .code(exit_code::LINT_FINDINGS);
    let id = archive
        .trim_start_matches("src/migrations/")
        .trim_end_matches(".rs");
    assert!(
        lint.stdout.contains(&format!(
            "warning[drop_table]: {id} ({archive}:5): table `users` is dropped"
        )),
        "{}",
        lint.stdout
    );
    assert!(
        lint.stdout
            .contains("1 finding in 2 migrations (0 allowed)"),
        "{}",
        lint.stdout
    );
    assert!(
        lint.stderr.contains("1 lint finding(s) not allowed"),
        "{}",
        lint.stderr
    );

    let json = app
        .cargo_migrate(&["lint", "--all", "--dialect", "postgres", "--format", "json"])
        .code(exit_code::LINT_FINDINGS);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(document["dialect"], "postgres");
    assert_eq!(document["counts"]["findings"], 1);
    assert_eq!(document["findings"][0]["rule"], "drop_table");
    assert_eq!(document["findings"][0]["location"], format!("{archive}:5"));
    assert_eq!(document["findings"][0]["allowed"], serde_json::Value::Null);

    let flag = app
        .cargo_migrate(&[
            "lint",
            "--all",
            "--dialect",
            "postgres",
            "--allow",
            "drop_table=users moved",
        ])
        .ok();
    assert!(
        flag.stdout.contains("allowed by the project: users moved"),
        "{}",
        flag.stdout
    );

    let manifest = app.read("Cargo.toml");
    app.write(
        "Cargo.toml",
        &format!(
            "{manifest}\n[package.metadata.migrate.lint.allow]\n\
             drop_table = \"users moved to accounts in v3\"\n"
        ),
    );
    let allowed = app
        .cargo_migrate(&["lint", "--all", "--dialect", "postgres"])
        .ok();
    assert!(
        allowed.stdout.contains("allowed[drop_table]: ")
            && allowed
                .stdout
                .contains("allowed by the project: users moved to accounts in v3"),
        "{}",
        allowed.stdout
    );
    assert!(allowed
        .stdout
        .contains("0 findings in 2 migrations (1 allowed)"));

    app.write(
        "Cargo.toml",
        &format!("{manifest}\n[package.metadata.migrate.lint.allow]\ndrop_table = 1\n"),
    );
    let bad = app.cargo_migrate(&["lint", "--all", "--dialect", "postgres"]);
    assert_ne!(bad.code, 0);
    assert!(
        bad.stderr
            .contains("[package.metadata.migrate.lint.allow] `drop_table` needs a reason"),
        "{}",
        bad.stderr
    );
}

#[test]
fn run_warns_of_what_it_applies_and_lint_then_has_nothing_pending() {
    let app = app();
    let db = format!("sqlite://{}", app.path().join("app.sqlite").display());
    let run = app.cargo_migrate(&["run", "--database", &db]).ok();
    assert!(
        run.stdout.contains("warning[drop_table]: "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("_archive_users"), "{}", run.stdout);
    let lint = app.cargo_migrate(&["lint", "--database", &db]).ok();
    assert!(
        lint.stdout.contains("0 findings in 0 migrations"),
        "{}",
        lint.stdout
    );
}

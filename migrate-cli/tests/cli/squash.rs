//! `cargo migrate squash --up-to ID`: a scratch application's history becomes one file that
//! compiles, is rustfmt-clean, names the raw SQL it does not carry over, builds a fresh
//! database identical to the history's, is recorded by a database that applied the history,
//! and outlives the deletion of the files it replaces.

use migrate_cli::exit_code;

use super::e2e::Db;
use super::generate::{assert_rustfmt_clean, schema};
use super::support::Scratch;

const HISTORY: [(&str, &str); 4] = [
    (
        "m2026_01_01_000001_create_users",
        r#"s.create("users", |t| {
        t.increments("id");
        t.string("name", 100).nullable();
    })"#,
    ),
    (
        "m2026_01_01_000002_add_email",
        r#"s.table("users", |t| {
        t.string("email ✉", 255).unique();
    })"#,
    ),
    (
        "m2026_01_01_000003_backfill_names",
        r#"s.raw("update users set name = 'it''s me' where name is null")"#,
    ),
    (
        "m2026_01_01_000004_create_posts",
        r#"s.create("posts", |t| {
        t.increments("id");
        t.unsigned_integer("user_id");
        t.foreign("user_id").references(["id"]).on("users").cascade_on_delete();
        t.string("title \"quoted\"", 200);
    })"#,
    ),
];

const LAST: &str = "m2026_01_01_000004_create_posts";

fn write_history(app: &Scratch) {
    for (id, body) in HISTORY {
        app.write(
            &format!("src/migrations/{id}.rs"),
            &format!(
                "use migrate_core::prelude::*;\n\n#[migration]\nfn up(s: &mut Schema) -> Result<()> {{\n    {body}\n}}\n"
            ),
        );
    }
}

fn recorded(db: &mut Db) -> Vec<String> {
    use migrate_core::MigrationConnection;
    let mut ids: Vec<String> = db
        .conn
        .load_text("select id from migrations", &[])
        .unwrap()
        .into_iter()
        .filter_map(|row| row.0.into_iter().next().flatten())
        .collect();
    ids.sort();
    ids
}

#[test]
fn squash_writes_a_migration_that_replaces_the_history() {
    let (mut old, mut fresh) = (Db::sqlite(), Db::sqlite());
    let app = Scratch::new(old.features);
    app.cargo_migrate(&["init"]).ok();
    write_history(&app);
    app.cargo_migrate(&["run", "--database", &old.url]).ok();
    let history = schema(&mut old);

    let squashed = app.cargo_migrate(&["squash", "--up-to", LAST]).ok();
    let file = format!("src/migrations/{LAST}_squashed.rs");
    assert!(
        squashed.stdout.starts_with(&format!(
            "Created migration: {file} (replaces 4 migrations)\n"
        )),
        "{}",
        squashed.stdout
    );
    // After cargo's own lines.
    let warning = "\nwarning: not carried over (see the file's comments): \
         m2026_01_01_000003_backfill_names \
         (src/migrations/m2026_01_01_000003_backfill_names.rs:4): table `users`: raw SQL \
         `update users set name = 'it''s me' where name is null`\n";
    assert!(squashed.stderr.ends_with(warning), "{}", squashed.stderr);
    let source = app.read(&file);
    for expected in [
        "// Not carried over: m2026_01_01_000003_backfill_names",
        "#[migration(replaces = [\n    \"m2026_01_01_000001_create_users\",\n",
        "    \"m2026_01_01_000004_create_posts\",\n])]\n",
        r#"t.string("email ✉", 255);"#,
        r#"t.string("title \"quoted\"", 200);"#,
        r#"s.drop("users")"#,
    ] {
        assert!(source.contains(expected), "{expected} in\n{source}");
    }
    assert_rustfmt_clean(&app, std::slice::from_ref(&file));

    // Built with it, the database that applied the history records it without running it.
    app.cargo_migrate(&["run", "--database", &old.url]).ok();
    let mut expected: Vec<String> = HISTORY.iter().map(|(id, _)| id.to_string()).collect();
    expected.push(format!("{LAST}_squashed"));
    assert_eq!(recorded(&mut old), expected);
    let status = app.cargo_migrate(&["status", "--database", &old.url]).ok();
    assert!(
        status.stdout.contains(
            "squash of 4: this database no longer needs their files (safe to delete the \
             replaced files once every environment shows this)"
        ),
        "{}",
        status.stdout
    );
    // The squash rolls back only as a whole: not to a migration it replaces.
    let refused = app
        .cargo_migrate(&["rollback", "--to", "add_email", "--database", &old.url])
        .code(exit_code::USER_ERROR);
    assert!(
        refused.stderr.ends_with(&format!(
            "error: cannot roll back to m2026_01_01_000002_add_email: squash {LAST}_squashed, \
             which is applied, replaces it, and rolls back only as one migration with every \
             migration it replaces; roll back --to {LAST}_squashed to keep it, or --to a \
             migration before those it replaces to undo it\n"
        )),
        "{}",
        refused.stderr
    );
    assert_eq!(recorded(&mut old), expected);

    // A fresh database runs the squash alone, and gets the history's schema.
    let ran = app.cargo_migrate(&["run", "--database", &fresh.url]).ok();
    assert!(
        ran.stdout.contains(&format!("{LAST}_squashed")),
        "{}",
        ran.stdout
    );
    assert_eq!(recorded(&mut fresh), [format!("{LAST}_squashed")]);
    assert_eq!(history.diff(&schema(&mut fresh)), Vec::<String>::new());
    let status = app
        .cargo_migrate(&["status", "--database", &fresh.url])
        .ok();
    assert!(
        status.stdout.contains("Skipped") && status.stdout.contains("1 applied, 0 pending."),
        "{}",
        status.stdout
    );

    // The replaced files deleted, both databases are up to date.
    for (id, _) in HISTORY {
        std::fs::remove_file(app.path().join(format!("src/migrations/{id}.rs"))).unwrap();
    }
    for db in [&old, &fresh] {
        let run = app.cargo_migrate(&["run", "--database", &db.url]).ok();
        assert!(run.stdout.contains("Nothing to migrate."), "{}", run.stdout);
        app.cargo_migrate(&["status", "--database", &db.url, "--exit-code"])
            .ok();
    }
}

//! `new --seeder`, `seed [--only NAME]`, `run --seed` and `fresh --seed` through the real
//! binary on a scratch application (SQLite; the seeding itself is tested on every backend in
//! tests/tests/seeding.rs).

use migrate_cli::exit_code;
use migrate_core::{AnyConnection, MigrationConnection};

use super::support::Scratch;

const MIGRATION: &str = "use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create(\"colors\", |t| {
        t.increments(\"id\");
        t.string(\"name\", 50);
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.drop(\"colors\")
}
";

/// A seeder file inserting `color`, then failing if `fails`.
fn seeder(name: &str, order: i32, color: &str, fails: bool) -> String {
    let end = if fails {
        "Err(migrate_core::Error::msg(\"no more colors\"))"
    } else {
        "Ok(())"
    };
    format!(
        "use migrate_core::{{seeder, MigrationConnection, Result}};\n\n\
         #[seeder(order = {order})]\n\
         fn {name}(conn: &mut dyn MigrationConnection) -> Result<()> {{\n    \
         conn.batch_execute(\"insert into colors (name) values ('{color}')\")?;\n    \
         {end}\n\
         }}\n"
    )
}

fn colors(url: &str) -> Vec<String> {
    let mut conn = AnyConnection::establish(url).unwrap();
    conn.load_text("select name from colors order by id", &[])
        .unwrap()
        .into_iter()
        .map(|r| r.0[0].clone().unwrap_or_default())
        .collect()
}

#[test]
fn seeders_are_created_run_alone_after_run_and_after_fresh() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_colors"]).ok();
    app.write(&app.migration("create_colors"), MIGRATION);
    let created = app.cargo_migrate(&["new", "--seeder", "colors"]).ok();
    assert_eq!(created.stdout, "Created seeder: src/seeders/colors.rs\n");
    assert!(app
        .read("src/bin/migrate.rs")
        .contains("#[path = \"../seeders/mod.rs\"]\nmod seeders;"));
    assert!(app.read("src/seeders/mod.rs").ends_with("\nmod colors;\n"));
    // The template builds and runs as written: it seeds nothing.
    let url = format!("sqlite://{}", app.path().join("app.sqlite").display());
    let db = |args: &[&str]| {
        let mut args = args.to_vec();
        args.extend(["--database", url.as_str()]);
        app.cargo_migrate(&args)
    };
    let run = db(&["run", "--seed"]).ok();
    assert!(run.stdout.contains("\nSeeded: colors ("), "{}", run.stdout);
    assert!(colors(&url).is_empty());

    app.write("src/seeders/colors.rs", &seeder("colors", 0, "red", false));
    let seeded = db(&["seed"]).ok();
    assert!(
        seeded.stdout.starts_with("Seeded: colors ("),
        "{}",
        seeded.stdout
    );
    db(&["seed", "--only", "colors"]).ok();
    assert_eq!(colors(&url), ["red", "red"], "seeders are not recorded");

    let fresh = db(&["fresh", "--seed", "--force"]).ok();
    assert!(
        fresh.stdout.contains("Seeded: colors ("),
        "{}",
        fresh.stdout
    );
    assert_eq!(colors(&url), ["red"]);

    app.cargo_migrate(&["new", "--seeder", "broken"]).ok();
    app.write(
        "src/seeders/broken.rs",
        &seeder("broken", 5, "orphan", true),
    );
    let failed = db(&["seed"]).code(exit_code::USER_ERROR);
    assert!(
        failed.stdout.starts_with("Seeded: colors ("),
        "{}",
        failed.stdout
    );
    assert!(
        failed.stderr.contains(
            "while seeding `broken` (src/seeders/broken.rs:4): no more colors\n  its changes \
             were rolled back"
        ),
        "{}",
        failed.stderr
    );
    assert_eq!(colors(&url), ["red", "red"], "broken's row was rolled back");

    let unknown = db(&["seed", "--only", "blue"]).code(exit_code::USER_ERROR);
    assert!(
        unknown
            .stderr
            .contains("no seeder is named `blue`; the seeders are: colors, broken"),
        "{}",
        unknown.stderr
    );
    let taken = app
        .cargo_migrate(&["new", "--seeder", "colors"])
        .code(exit_code::USER_ERROR);
    assert!(taken.stderr.contains("colors"), "{}", taken.stderr);
}

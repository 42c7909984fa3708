//! `#[seeder]` and `Migrator::seed` on every backend: order, `only`, a transaction each, a
//! failing seeder rolled back and named, diesel's typed DSL, nothing recorded.

use migrate_core::{Error, Migrator};

use crate::fixtures;
use crate::support::{backend_test, TestDb};

/// The migration creating `colors`.
fn migrations() -> Migrator {
    Migrator::new().module(fixtures::module("seeded"))
}

fn seeders(set: &str) -> Migrator {
    Migrator::new().module(fixtures::module(&format!("seeded::{set}")))
}

fn colors(db: &mut TestDb) -> Vec<String> {
    db.rows("select name from colors order by id", &[])
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect()
}

fn recorded(db: &mut TestDb) -> usize {
    db.rows("select id from migrations", &[]).len()
}

backend_test!(seeders_run_in_order_and_are_not_recorded, |db| {
    migrations().run(&mut db.conn).unwrap();
    let listed: Vec<(String, i32)> = seeders("portable")
        .seeders()
        .unwrap()
        .iter()
        .map(|s| (s.name().to_owned(), s.order()))
        .collect();
    assert_eq!(listed, [("colors".to_owned(), 1), ("shades".to_owned(), 2)]);

    let seeded = seeders("portable").seed(&mut db.conn, None).unwrap();
    let names: Vec<&str> = seeded.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["colors", "shades"]);
    assert_eq!(
        colors(&mut db),
        ["red", "green", "blue", "it's \"teal\"; really"]
    );
    assert_eq!(recorded(&mut db), 1, "only the migration is recorded");
});

backend_test!(only_runs_the_named_seeder, |db| {
    migrations().run(&mut db.conn).unwrap();
    let seeded = seeders("portable")
        .seed(&mut db.conn, Some("shades"))
        .unwrap();
    assert_eq!(seeded.len(), 1);
    assert_eq!(colors(&mut db), ["it's \"teal\"; really"]);

    let error = seeders("portable")
        .seed(&mut db.conn, Some("unknown"))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "no seeder is named `unknown`; the seeders are: colors, shades"
    );
});

backend_test!(a_failing_seeder_is_rolled_back_and_named, |db| {
    migrations().run(&mut db.conn).unwrap();
    let error = seeders("failing").seed(&mut db.conn, None).unwrap_err();
    assert!(matches!(error, Error::Seeder { ref name, .. } if name == "half_done"));
    assert_eq!(
        error.to_string(),
        "while seeding `half_done` (tests/tests/fixtures/seeded.rs:57): the demo data is out of \
         date\n  its changes were rolled back"
    );
    assert!(
        colors(&mut db).is_empty(),
        "the inserted row was rolled back"
    );
    // The connection is usable, out of any transaction: seeding again works.
    seeders("portable")
        .seed(&mut db.conn, Some("colors"))
        .unwrap();
    assert_eq!(colors(&mut db), ["red", "green", "blue"]);
});

backend_test!(a_typed_seeder_runs_on_its_backend_only, |db| {
    migrations().run(&mut db.conn).unwrap();
    let outcome = seeders("typed").seed(&mut db.conn, None);
    if db.dialect() == migrate_core::Dialect::Sqlite {
        outcome.unwrap();
        assert_eq!(colors(&mut db), ["magenta"]);
    } else {
        let error = outcome.unwrap_err().to_string();
        assert!(
            error.starts_with(&format!(
                "while seeding `typed_colors` (tests/tests/fixtures/seeded.rs:75): the seeder takes \
                 a `diesel::SqliteConnection`, and the database is {}",
                db.dialect()
            )),
            "{error}"
        );
    }
});

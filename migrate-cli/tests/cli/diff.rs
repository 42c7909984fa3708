//! `cargo migrate diff`: a development database changed by hand (a column added, an index
//! dropped, a table created, a column renamed, which reads as a drop and an add) gives a
//! migration that, compiled into the application and run on a database built from the
//! migrations, makes it identical; its `down` restores it. On every backend.

use migrate_core::{Dialect, MigrationConnection};

use super::e2e::Db;
use super::generate::{assert_rustfmt_clean, schema};
use super::support::Scratch;

const USERS: &str = r#"use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create("users", |t| {
        t.increments("id");
        t.string("name", 100).nullable().index();
        t.string("email", 255);
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}
"#;

/// The hand changes of a developer, in `db`'s SQL.
fn change_by_hand(db: &mut Db) {
    let dialect = db.conn.dialect();
    let q = |name: &str| dialect.grammar().wrap(name).unwrap();
    let (id, drop_index) = match dialect {
        Dialect::Sqlite => (
            "integer primary key autoincrement not null",
            format!("drop index {}", q("users_name_index")),
        ),
        Dialect::Postgres => (
            "serial primary key not null",
            format!("drop index {}", q("users_name_index")),
        ),
        Dialect::Mysql => (
            "int auto_increment primary key not null",
            format!("drop index {} on {}", q("users_name_index"), q("users")),
        ),
    };
    for sql in [
        format!(
            "alter table {} add column {} varchar(50) null",
            q("users"),
            q("nickname")
        ),
        drop_index,
        format!(
            "alter table {} rename column {} to {}",
            q("users"),
            q("email"),
            q("e-mail ☃")
        ),
        format!(
            "create table {} ({} {id}, {} varchar(20) not null default 'it''s')",
            q("tags"),
            q("id"),
            q("label")
        ),
    ] {
        db.conn
            .batch_execute(&sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

fn scenario(mut dev: Db, mut fresh: Db) {
    let app = Scratch::new(dev.features);
    app.cargo_migrate(&["init"]).ok();
    app.write("src/migrations/m2026_01_01_000001_create_users.rs", USERS);
    app.cargo_migrate(&["run", "--database", &dev.url]).ok();
    app.cargo_migrate(&["run", "--database", &fresh.url]).ok();
    let before = schema(&mut fresh);
    let nothing = app.cargo_migrate(&["diff", "--database", &dev.url]).ok();
    assert!(
        nothing.stdout.starts_with("Nothing differs"),
        "{}",
        nothing.stdout
    );
    assert_eq!(app.migration_files().len(), 2, "nothing written");

    change_by_hand(&mut dev);
    let diff = app
        .cargo_migrate(&["diff", "--database", &dev.url, "--name", "sync_dev"])
        .ok();
    let file = app.migration("sync_dev");
    assert!(
        diff.stdout
            .starts_with(&format!("Created migration: {file}\n")),
        "{}",
        diff.stdout
    );
    let source = app.read(&file);
    let renamed = match dev.conn.dialect() {
        Dialect::Sqlite => r#"t.custom("e-mail ☃", "varchar");"#,
        _ => r#"t.string("e-mail ☃", 255);"#,
    };
    for expected in [
        r#"t.drop_index("users_name_index");"#,
        r#"t.drop_column("email");"#,
        renamed,
        r#"s.create("tags", |t| {"#,
        r#"s.drop("tags")"#,
    ] {
        assert!(source.contains(expected), "{expected} in\n{source}");
    }
    assert_rustfmt_clean(&app, std::slice::from_ref(&file));

    // Compiled in and run on the database built from the migrations: the same schema.
    app.cargo_migrate(&["run", "--database", &fresh.url]).ok();
    let expected = schema(&mut dev);
    assert_eq!(expected.diff(&schema(&mut fresh)), Vec::<String>::new());
    assert_eq!(expected, schema(&mut fresh));
    // Its down restores the schema before it.
    app.cargo_migrate(&["rollback", "--database", &fresh.url])
        .ok();
    assert_eq!(before.diff(&schema(&mut fresh)), Vec::<String>::new());
}

#[test]
fn sqlite() {
    scenario(Db::sqlite(), Db::sqlite());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    scenario(Db::postgres(), Db::postgres());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    scenario(Db::mysql(), Db::mysql());
}

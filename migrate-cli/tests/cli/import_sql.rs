//! `import-sql` through the real binary: a sqlx and a diesel directory imported into a scratch
//! application, run with `cargo migrate run`, give the schema the original SQL files give
//! (compared by introspection), and `reset` runs the imported `down`s. On SQLite always; on
//! PostgreSQL (a dollar-quoted function body) and MySQL with this crate's features.

use std::fs;
use std::path::Path;

use migrate_core::{introspect, Dialect, MigrationConnection, SchemaModel};

use super::e2e::Db;
use super::support::Scratch;

/// The dialect's trigger or function, whose body holds `;`s.
fn routine(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.note := 'touched; ok';\n  \
             RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n\
             CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"
        }
        _ => {
            "CREATE TRIGGER users_touch AFTER INSERT ON users FOR EACH ROW BEGIN\n  \
             UPDATE posts SET title = 'x;y' WHERE id = 0;\nEND;"
        }
    }
}

/// Writes the old directories: sqlx's `users` (with its routine) and diesel's `posts`.
fn old_directories(root: &Path, dialect: Dialect) -> Vec<String> {
    let users_up = "-- The users; with a comment holding a semicolon\n\
         CREATE TABLE users (id INT PRIMARY KEY, note VARCHAR(50) DEFAULT 'a; b');\n\
         /* a block comment; */\n\
         INSERT INTO users (id, note) VALUES (1, 'it''s; here');\n";
    let posts_up = "CREATE TABLE posts (id INT PRIMARY KEY, title VARCHAR(20) NOT NULL);\n";
    let files = [
        (
            "old/sqlx/20260102120000_create_posts.up.sql",
            posts_up.to_owned(),
        ),
        (
            "old/sqlx/20260102120000_create_posts.down.sql",
            "DROP TABLE posts;".to_owned(),
        ),
        (
            "old/diesel/2026-01-03-090000_create_users/up.sql",
            format!("{users_up}{}\n", routine(dialect)),
        ),
        (
            "old/diesel/2026-01-03-090000_create_users/down.sql",
            match dialect {
                Dialect::Postgres => "DROP TABLE users;\nDROP FUNCTION touch();".to_owned(),
                _ => "DROP TABLE users;".to_owned(),
            },
        ),
    ];
    for (path, text) in &files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    vec![
        posts_up.to_owned(),
        format!("{users_up}{}\n", routine(dialect)),
    ]
}

fn model(db: &mut Db) -> SchemaModel {
    let mut model = introspect(&mut db.conn).unwrap();
    model.tables.remove("migrations");
    model
}

fn imported_migrations_give_the_original_schema(mut db: Db) {
    let dialect = db.conn.dialect();
    let app = Scratch::new(db.features);
    app.cargo_migrate(&["init"]).ok();
    let originals = old_directories(app.path(), dialect);
    let sqlx = app.cargo_migrate(&["import-sql", "old/sqlx"]).ok();
    assert_eq!(
        sqlx.stdout,
        "Imported: src/migrations/m2026_01_02_120000_create_posts.rs\n"
    );
    let diesel = app.cargo_migrate(&["import-sql", "old/diesel"]).ok();
    assert_eq!(
        diesel.stdout,
        "Imported: src/migrations/m2026_01_03_090000_create_users.rs\n"
    );

    app.cargo_migrate(&["run", "--database", &db.url]).ok();
    let imported = model(&mut db);
    let rows = db.conn.load_text("select note from users", &[]).unwrap();
    assert_eq!(rows[0].0[0].as_deref(), Some("it's; here"));

    app.cargo_migrate(&["reset", "--database", &db.url]).ok();
    assert!(model(&mut db).tables.is_empty(), "the downs ran");

    for sql in &originals {
        db.conn
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    assert_eq!(imported, model(&mut db));
}

#[test]
fn sqlite() {
    imported_migrations_give_the_original_schema(Db::sqlite());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    imported_migrations_give_the_original_schema(Db::postgres());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    imported_migrations_give_the_original_schema(Db::mysql());
}

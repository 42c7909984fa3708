//! `cargo migrate generate --from-database`: a database built with the schema builder (the
//! blog of the test fixtures) and by hand-written SQL (a composite key and foreign key,
//! defaults, quoted and unicode names) is read, its migrations are written, rustfmt-clean,
//! compiled into the scratch application and run on an empty database, and the two
//! databases' schemas are compared by introspection: identical, on every backend.

use migrate_core::schema::ReferentialAction;
use migrate_core::{introspect, Dialect, MigrationConnection, Schema, SchemaModel};

use super::e2e::Db;
use super::support::Scratch;

/// The blog of the test fixtures, through the schema builder.
fn build_blog(db: &mut Db) {
    let mut s = Schema::new(&mut db.conn);
    s.create("users", |t| {
        t.increments("id");
        t.string("email", 255).unique();
        t.string("name", 100).nullable().index();
        t.integer("votes").default(0);
        t.boolean("admin").default(false);
        t.decimal("balance", 8, 2).default(0);
        t.timestamps();
    })
    .unwrap();
    s.create("posts", |t| {
        t.increments("id");
        t.unsigned_integer("user_id");
        t.string("title", 200);
        t.text("body").nullable();
        t.string("status", 20).default("draft");
        t.foreign("user_id")
            .on("users")
            .on_delete(ReferentialAction::Cascade);
        t.index(["user_id", "title"]);
    })
    .unwrap();
}

/// Tables written by hand: a composite primary key referenced by a composite foreign key,
/// defaults with quotes, names with quotes and unicode.
fn build_by_hand(db: &mut Db) {
    let dialect = db.conn.dialect();
    let q = |name: &str| dialect.grammar().wrap(name).unwrap();
    let region = q("régions \"ü\"");
    let id = match dialect {
        Dialect::Sqlite => "integer primary key autoincrement not null",
        Dialect::Postgres => "serial primary key not null",
        Dialect::Mysql => "int auto_increment primary key not null",
    };
    let statements = [
        format!(
            "create table {region} ({code} varchar(10) not null, {zone} integer not null \
             default 1, {label} varchar(50) null default 'it''s \"here\"', primary key ({code}, \
             {zone}))",
            code = q("code"),
            zone = q("zône"),
            label = q("label ☃"),
        ),
        format!(
            "create table {stock} ({id_col} {id}, {code} varchar(10) not null, {zone} integer \
             not null, {qty} decimal(8, 2) not null default 0, foreign key ({code}, {zone}) \
             references {region} ({code}, {zone}) on delete cascade)",
            stock = q("stock"),
            id_col = q("id"),
            code = q("code"),
            zone = q("zône"),
            qty = q("qty"),
        ),
        format!(
            "create index {} on {} ({})",
            q("stock_qty_index"),
            q("stock"),
            q("qty")
        ),
    ];
    for sql in statements {
        db.conn
            .batch_execute(&sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// What `db` has, without the repository table.
pub(super) fn schema(db: &mut Db) -> SchemaModel {
    let mut model = introspect(&mut db.conn).unwrap();
    model.tables.remove(migrate_core::DEFAULT_TABLE);
    model
}

/// Asserts that rustfmt would change nothing in `files` (relative to the app).
pub(super) fn assert_rustfmt_clean(app: &Scratch, files: &[String]) {
    let rustfmt = std::process::Command::new("rustfmt")
        .args(["--edition", "2021", "--check"])
        .args(files)
        .current_dir(app.path())
        .output()
        .expect("rustfmt runs");
    assert!(
        rustfmt.status.success(),
        "{}",
        String::from_utf8_lossy(&rustfmt.stdout)
    );
}

fn scenario(mut source: Db, mut target: Db) {
    build_blog(&mut source);
    build_by_hand(&mut source);
    let app = Scratch::new(source.features);
    app.cargo_migrate(&["init"]).ok();
    let generated = app
        .cargo_migrate(&["generate", "--from-database", &source.url])
        .ok();
    assert!(
        generated
            .stdout
            .contains("cargo migrate baseline --database <URL>"),
        "{}",
        generated.stdout
    );
    let files: Vec<String> = app
        .migration_files()
        .into_iter()
        .filter(|f| f != "mod.rs")
        .collect();
    let names: Vec<&str> = files.iter().map(|f| &f[19..]).collect();
    assert_eq!(
        names,
        [
            "create_r_gions.rs",
            "create_stock.rs",
            "create_users.rs",
            "create_posts.rs"
        ]
    );
    // rustfmt-clean as written.
    let paths: Vec<String> = files
        .iter()
        .map(|f| format!("src/migrations/{f}"))
        .collect();
    assert_rustfmt_clean(&app, &paths);

    // Compiled into the application and run on an empty database: the same schema.
    app.cargo_migrate(&["run", "--database", &target.url]).ok();
    let expected = schema(&mut source);
    assert_eq!(expected.tables.len(), 4);
    assert_eq!(expected.diff(&schema(&mut target)), Vec::<String>::new());
    assert_eq!(expected, schema(&mut target));

    // The source database records them as applied, and is then up to date.
    app.cargo_migrate(&["baseline", "--database", &source.url])
        .ok();
    app.cargo_migrate(&["status", "--exit-code", "--database", &source.url])
        .ok();
    // Each one's derived down reverses it.
    app.cargo_migrate(&["check"]).ok();
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

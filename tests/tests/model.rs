//! The schema model: replay equals introspection on every backend, the squashed DDL recreates
//! the schema, the generated diesel schema compiles and queries, and `check` finds
//! downs that do not reverse their ups.

mod blueprint_extras;
mod generated_schema;
mod index_kinds;

use migrate_core::model::SchemaModel;
use migrate_core::schema::{ColumnType, Dialect};
use migrate_core::{introspect, Migrator};

use crate::fixtures;
use crate::support::{backend_test, TestDb};

fn migrator(set: &str) -> Migrator {
    Migrator::new().module(fixtures::module(set))
}

/// What the database has after the migrations ran, without the repository table.
fn database_model(db: &mut TestDb) -> SchemaModel {
    let mut model = introspect(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    model.tables.remove(migrate_core::DEFAULT_TABLE);
    model
}

/// Runs `set` on the database and compares what replay predicts with what the database has.
fn replay_matches_database(db: &mut TestDb, set: &str) -> SchemaModel {
    let migrator = migrator(set);
    let replayed = migrator
        .schema_model_for(db.dialect(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(replayed.is_exact(), "{:?}", replayed.opacity_notes());
    migrator.run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
    let expected = replayed.normalized(db.dialect()).unwrap();
    let actual = database_model(db);
    assert_eq!(
        expected.diff(&actual),
        Vec::<String>::new(),
        "replayed (left) and introspected (right) differ"
    );
    assert_eq!(expected, actual);
    replayed
}

backend_test!(replaying_the_blog_gives_what_the_database_has, |db| {
    let model = replay_matches_database(&mut db, "blog");
    assert_eq!(model.tables.keys().collect::<Vec<_>>(), ["posts", "users"]);
});

backend_test!(replaying_the_shop_gives_what_the_database_has, |db| {
    let model = replay_matches_database(&mut db, "model::shop");
    assert_eq!(
        model.tables.keys().collect::<Vec<_>>(),
        ["categories", "products", "purchases"]
    );
    let products = &model.tables["products"];
    let names: Vec<&str> = products.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "category_id",
            "title",
            "price",
            "stock",
            "active",
            "body",
            "sku"
        ]
    );
    assert_eq!(model.tables["purchases"].foreign_keys[0].on, "products");
});

backend_test!(the_squashed_ddl_recreates_the_schema, |db| {
    let model = migrator("model::shop").schema_model(None).unwrap();
    for statement in model.to_ddl(db.dialect()).unwrap() {
        assert!(!statement.starts_with("--"), "{statement}");
        db.execute(&statement);
    }
    let expected = model.normalized(db.dialect()).unwrap();
    assert_eq!(
        expected.diff(&database_model(&mut db)),
        Vec::<String>::new()
    );
});

backend_test!(check_passes_downs_that_reverse_their_ups, |db| {
    for set in ["blog", "model::shop"] {
        let report = migrator(set)
            .check(&mut db.conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(report.is_ok(), "{set}:\n{report}");
        assert!(report.passed.len() >= 3, "{report}");
        // The scratch database is left as empty as it was given.
        assert_eq!(crate::introspect::tables(&mut db), Vec::<String>::new());
    }
});

backend_test!(check_refuses_a_database_that_has_tables, |db| {
    db.execute("create table users (id integer)");
    let error = migrator("blog").check(&mut db.conn).unwrap_err();
    assert_eq!(
        error.to_string(),
        "check needs an empty scratch database (it applies and rolls back every migration, \
         and empties it again afterwards), but this one has tables: `users`; give it a new, \
         empty database"
    );
    assert_eq!(crate::introspect::tables(&mut db), ["users"]);
});

backend_test!(
    check_reports_a_missing_drop_and_a_wrong_restored_type,
    |db| {
        let report = migrator("model::broken_downs")
            .check(&mut db.conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!report.is_ok());
        let failures: Vec<(&str, &[String])> = report
            .failures
            .iter()
            .map(|f| (f.id.as_str(), f.differences.as_slice()))
            .collect();
        assert_eq!(failures.len(), 2, "{report}");
        assert_eq!(failures[0].0, "m2026_05_02_000001_forgets_its_table");
        assert_eq!(failures[0].1, ["table `tags` was added"]);
        assert_eq!(failures[1].0, "m2026_05_02_000002_restores_the_wrong_type");
        assert_eq!(failures[1].1.len(), 1, "{report}");
        assert!(
            failures[1].1[0].starts_with("table `tags`: column `label` type changed from"),
            "{report}"
        );
        assert_eq!(report.passed, ["m2026_05_02_000003_correct"]);
        assert!(report
            .to_string()
            .contains("FAILED  m2026_05_02_000001_forgets_its_table"));
    }
);

#[test]
fn the_model_stops_at_a_migration() {
    let blog = migrator("blog");
    let base = blog
        .schema_model(Some("m2026_01_01_000002_create_posts"))
        .unwrap();
    assert!(base.tables["users"].column("bio").is_none());
    let all = blog.schema_model(None).unwrap();
    assert_eq!(
        all.tables["users"].column("bio").unwrap().ty,
        ColumnType::Text
    );
    assert_eq!(
        base.diff(&all),
        [
            "table `users`: column `bio` was added",
            "table `users`: index `users_name_index` was added: (name)"
        ]
    );
    assert!(blog.schema_model(Some("m1999_nope")).is_err());
}

#[test]
fn raw_sql_makes_the_model_opaque_and_every_output_says_so() {
    let opaque = migrator("model::opaque");
    let first = opaque
        .schema_model(Some("m2026_05_03_000002_raw_steps"))
        .unwrap();
    assert_eq!(first.opaque_tables(), ["notes"]);
    assert!(!first.opaque);
    let ddl = first.to_ddl(Dialect::Postgres).unwrap();
    assert!(ddl[0].starts_with("-- table `notes` is opaque"), "{ddl:?}");
    let all = opaque.schema_model(None).unwrap();
    assert!(all.opaque && !all.is_exact());
    let diesel = all.to_diesel(Dialect::Sqlite).unwrap();
    assert!(diesel.contains("// note: the schema is opaque"), "{diesel}");
}

#[test]
fn the_blog_ddl_for_every_dialect() {
    let model = migrator("blog").schema_model(None).unwrap();
    assert_eq!(
        model.to_ddl(Dialect::Postgres).unwrap(),
        [
            r#"create table "users" ("id" serial primary key not null, "email" varchar(255) not null, "name" varchar(100) null, "votes" integer not null default 0, "admin" boolean not null default false, "balance" decimal(8, 2) not null default 0, "created_at" timestamp(0) without time zone null, "updated_at" timestamp(0) without time zone null, "bio" text null)"#,
            r#"alter table "users" add constraint "users_email_unique" unique ("email")"#,
            r#"create index "users_name_index" on "users" ("name")"#,
            r#"create table "posts" ("id" serial primary key not null, "user_id" integer not null, "title" varchar(200) not null, "body" text null, "status" varchar(20) not null default 'draft', constraint "posts_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade)"#,
            r#"create index "posts_user_id_title_index" on "posts" ("user_id", "title")"#,
        ]
    );
    assert_eq!(model.to_ddl(Dialect::Mysql).unwrap().len(), 5);
}

const GOLDEN: &str = "tests/model/generated_schema.rs";

/// `tests/model/generated_schema.rs` is what `to_diesel` prints for the blog on SQLite; this
/// binary compiles it (see the `generated_schema` module). `MIGRATE_UPDATE_GOLDEN=1`
/// rewrites it.
#[test]
fn the_generated_diesel_schema_is_current() {
    let generated = migrator("blog")
        .schema_model(None)
        .unwrap()
        .to_diesel(Dialect::Sqlite)
        .unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("MIGRATE_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        generated,
        "{GOLDEN} is stale; rerun with MIGRATE_UPDATE_GOLDEN=1"
    );
}

#[test]
fn the_generated_diesel_schema_queries_the_migrated_database() {
    use diesel::prelude::*;
    use generated_schema::{posts, users};

    let mut db = crate::support::sqlite();
    migrator("blog").run(&mut db.conn).unwrap();
    let conn = match &mut db.conn {
        migrate_core::AnyConnection::Sqlite(conn) => conn,
        #[allow(unreachable_patterns)]
        _ => unreachable!("support::sqlite is SQLite"),
    };
    diesel::insert_into(users::table)
        .values((
            users::email.eq("ada@example.com"),
            users::name.eq(Some("Ada")),
            users::admin.eq(true),
        ))
        .execute(conn)
        .unwrap();
    let ada: i32 = users::table.select(users::id).first(conn).unwrap();
    diesel::insert_into(posts::table)
        .values((posts::user_id.eq(ada), posts::title.eq("Notes")))
        .execute(conn)
        .unwrap();
    let rows: Vec<(String, String, bool, f64, String)> = posts::table
        .inner_join(users::table)
        .select((
            posts::title,
            users::email,
            users::admin,
            users::balance,
            posts::status,
        ))
        .load(conn)
        .unwrap();
    assert_eq!(
        rows,
        [(
            "Notes".to_owned(),
            "ada@example.com".to_owned(),
            true,
            0.0,
            "draft".to_owned()
        )]
    );
}

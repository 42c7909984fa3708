//! Columns the database fills itself — generated (virtual and stored, over an expression or a
//! JSON path), identity columns, auto-increment starting values — and `use_current()` on
//! date and year columns: the SQL each dialect gets, what it refuses, and what the servers
//! store and report back.

use migrate_core::model::SchemaModel;
use migrate_core::schema::{Generation, Identity};
#[cfg(any(feature = "postgres", feature = "mysql"))]
use migrate_core::MigrationConnection;
use migrate_core::{introspect, Blueprint, Dialect, Migrator, Schema};

use crate::fixtures;

use crate::support::backend_test;

fn sql(dialect: Dialect, f: impl FnOnce(&mut Blueprint)) -> Vec<String> {
    let mut t = Blueprint::create("items");
    f(&mut t);
    t.to_sql(dialect).unwrap_or_else(|e| panic!("{e}"))
}

fn error(dialect: Dialect, f: impl FnOnce(&mut Blueprint)) -> String {
    let mut t = Blueprint::create("items");
    f(&mut t);
    t.to_sql(dialect).unwrap_err().to_string()
}

fn generated(t: &mut Blueprint) {
    t.increments("id");
    t.integer("price");
    t.json("meta");
    t.integer("doubled").virtual_as("price * 2");
    t.integer("tripled").stored_as("price * 3");
    t.string("name", 50).virtual_as_json("meta->name");
    t.string("tag", 50).stored_as_json("meta->tags[0]");
}

#[test]
fn generated_columns_on_sqlite_as_laravel_writes_them() {
    assert_eq!(
        sql(Dialect::Sqlite, generated),
        [
            r#"create table "items" ("id" integer primary key autoincrement not null, "price" integer not null, "meta" text not null, "doubled" integer as (price * 2), "tripled" integer as (price * 3) stored, "name" varchar as (json_extract("meta", '$."name"')), "tag" varchar as (json_extract("meta", '$."tags"[0]')) stored)"#
        ]
    );
}

#[test]
fn generated_columns_on_mysql_as_laravel_writes_them() {
    assert_eq!(
        sql(Dialect::Mysql, generated),
        [
            r#"create table `items` (`id` int unsigned not null auto_increment primary key, `price` int not null, `meta` json not null, `doubled` int as (price * 2), `tripled` int as (price * 3) stored, `name` varchar(50) as (json_unquote(json_extract(`meta`, '$."name"'))), `tag` varchar(50) as (json_unquote(json_extract(`meta`, '$."tags"[0]'))) stored) engine = InnoDB default character set utf8mb4"#
        ]
    );
}

#[test]
fn stored_columns_on_postgres_and_no_virtual_ones_before_18() {
    assert_eq!(
        sql(Dialect::Postgres, |t| {
            t.integer("price");
            t.integer("tripled").stored_as("price * 3");
        }),
        [
            r#"create table "items" ("price" integer not null, "tripled" integer generated always as (price * 3) stored)"#
        ]
    );
    assert_eq!(
        error(Dialect::Postgres, |t| {
            t.integer("price");
            t.integer("doubled").virtual_as("price * 2");
        }),
        "PostgreSQL does not support virtual generated columns (column `doubled`): PostgreSQL \
         before 18 computes every generated column when the row is written; use stored_as"
    );
    assert_eq!(
        error(Dialect::Postgres, |t| {
            t.jsonb("meta");
            t.string("name", 50).stored_as_json("meta->name");
        }),
        "PostgreSQL does not support generated columns over a JSON path (column `name`): write \
         the expression with virtual_as or stored_as"
    );
}

#[test]
fn json_paths_are_quoted_whatever_they_hold() {
    let path = r#"meta->it's "quoted"\->x"#;
    assert_eq!(
        sql(Dialect::Sqlite, |t| {
            t.json("meta");
            t.text("v").virtual_as_json(path);
        })[0],
        r#"create table "items" ("meta" text not null, "v" text as (json_extract("meta", '$."it''s \"quoted\"\\"."x"')))"#
    );
    assert_eq!(
        sql(Dialect::Mysql, |t| {
            t.json("meta");
            t.text("v").virtual_as_json(path);
        })[0],
        r#"create table `items` (`meta` json not null, `v` text as (json_unquote(json_extract(`meta`, '$."it''s \\"quoted\\"\\\\"."x"')))) engine = InnoDB default character set utf8mb4"#
    );
    assert_eq!(
        error(Dialect::Sqlite, |t| {
            t.text("v").virtual_as_json("meta");
        }),
        "invalid schema: the JSON path `meta` has no `->` and key (write `column->key`, \
         `column->key->key[0]`)"
    );
}

#[test]
fn generated_columns_refuse_defaults_and_increments() {
    for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
        assert_eq!(
            error(dialect, |t| {
                t.integer("n").stored_as("1").default(2);
            }),
            "invalid schema: column `n`: a generated column has no default (its expression gives \
             its value)"
        );
        assert_eq!(
            error(dialect, |t| {
                t.integer("n").stored_as("1").auto_increment();
            }),
            "invalid schema: column `n`: a generated column cannot auto-increment"
        );
    }
}

#[test]
fn identity_columns_on_postgres() {
    assert_eq!(
        sql(Dialect::Postgres, |t| {
            t.id().generated_as();
            t.integer("seq")
                .generated_as_with(Identity::new().start_with(10).increment_by(2))
                .always();
        }),
        [
            r#"create table "items" ("id" bigint primary key not null generated by default as identity, "seq" integer not null generated always as identity (start with 10 increment by 2))"#
        ]
    );
    assert_eq!(
        sql(Dialect::Postgres, |t| {
            t.id().generated_as().starting_value(1000);
        }),
        [
            r#"create table "items" ("id" bigint primary key not null generated by default as identity (start with 1000))"#
        ]
    );
}

#[test]
fn identity_columns_elsewhere_are_auto_increment_or_refused() {
    for dialect in [Dialect::Sqlite, Dialect::Mysql] {
        let mut plain = Blueprint::create("items");
        plain.id();
        assert_eq!(
            sql(dialect, |t| {
                t.id().generated_as();
            }),
            plain.to_sql(dialect).unwrap(),
            "{dialect}"
        );
        let refused = format!(
            "{dialect} does not support identity columns (column `seq`): only an auto-increment \
             column `generated by default` without sequence options has an equivalent here, its \
             auto-increment"
        );
        assert_eq!(
            error(dialect, |t| {
                t.integer("seq").generated_as();
            }),
            refused
        );
        assert_eq!(
            error(dialect, |t| {
                t.increments("seq").generated_as().always();
            }),
            refused
        );
    }
    assert_eq!(
        error(Dialect::Postgres, |t| {
            t.string("code", 10).generated_as();
        }),
        "invalid schema: column `code`: only an integer column can be an identity column"
    );
}

#[test]
fn starting_values_per_dialect() {
    let start = |t: &mut Blueprint| {
        t.increments("id").starting_value(1000);
    };
    assert_eq!(
        sql(Dialect::Mysql, start),
        [
            "create table `items` (`id` int unsigned not null auto_increment primary key) engine = InnoDB default character set utf8mb4",
            "alter table `items` auto_increment = 1000",
        ]
    );
    assert_eq!(
        sql(Dialect::Postgres, |t| {
            t.increments("id").from(1000);
        }),
        [
            r#"create table "items" ("id" serial primary key not null)"#,
            r#"select setval(pg_get_serial_sequence('"items"', 'id'), 1000, false)"#,
        ]
    );
    assert_eq!(
        sql(Dialect::Sqlite, start),
        [
            r#"create table "items" ("id" integer primary key autoincrement not null)"#,
            "insert into sqlite_sequence (name, seq) values ('items', 999)",
        ]
    );
    assert_eq!(
        error(Dialect::Mysql, |t| {
            t.integer("n").starting_value(5);
        }),
        "invalid schema: column `n`: a starting value needs an auto-increment column \
         (`.auto_increment()`, `increments`, `id`...) or an identity column (`.generated_as()`)"
    );
    assert_eq!(
        error(Dialect::Mysql, |t| {
            t.increments("id").starting_value(0);
        }),
        "invalid schema: column `n`: a starting value is at least 1".replace("`n`", "`id`")
    );
}

#[test]
fn use_current_on_dates_and_years_as_laravel_writes_it() {
    let columns = |t: &mut Blueprint| {
        t.date("day").use_current();
        t.year("year").use_current();
    };
    assert_eq!(
        sql(Dialect::Sqlite, columns),
        [
            r#"create table "items" ("day" date not null default CURRENT_DATE, "year" integer not null default (CAST(strftime('%Y', 'now') AS INTEGER)))"#
        ]
    );
    assert_eq!(
        sql(Dialect::Postgres, columns),
        [
            r#"create table "items" ("day" date not null default CURRENT_DATE, "year" integer not null default EXTRACT(YEAR FROM CURRENT_DATE))"#
        ]
    );
    assert_eq!(
        sql(Dialect::Mysql, columns),
        [
            "create table `items` (`day` date not null default (CURDATE()), `year` year not null default (YEAR(CURDATE()))) engine = InnoDB default character set utf8mb4"
        ]
    );
    assert_eq!(
        error(Dialect::Postgres, |t| {
            t.integer("n").use_current();
        }),
        "invalid schema: column `n`: use_current() applies to date, year, datetime and timestamp \
         columns, not Integer; use default_raw(...) for another expression"
    );
}

#[test]
fn time_tz_takes_a_precision() {
    let columns = |t: &mut Blueprint| {
        t.time_tz("opens");
        t.time_tz_with("closes", 3);
    };
    assert_eq!(
        sql(Dialect::Postgres, columns),
        [
            r#"create table "items" ("opens" time(0) with time zone not null, "closes" time(3) with time zone not null)"#
        ]
    );
    assert_eq!(
        sql(Dialect::Mysql, columns),
        [
            "create table `items` (`opens` time not null, `closes` time(3) not null) engine = InnoDB default character set utf8mb4"
        ]
    );
    assert_eq!(
        sql(Dialect::Sqlite, columns),
        [r#"create table "items" ("opens" time not null, "closes" time not null)"#]
    );
}

/// Creates `table` with `f` on the test database, and checks that the schema read back is the
/// one the Blueprint describes (generation expressions compared as databases reformat them).
fn create_and_compare(db: &mut crate::support::TestDb, table: &str, f: impl Fn(&mut Blueprint)) {
    let mut blueprint = Blueprint::create(table);
    f(&mut blueprint);
    let mut s = Schema::new(&mut db.conn);
    s.create(table, |t| f(t)).unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    let replayed = SchemaModel::from_blueprints([blueprint])
        .unwrap()
        .normalized(db.dialect())
        .unwrap();
    let mut database = introspect(&mut db.conn).unwrap();
    database.tables.retain(|name, _| name == table);
    let mut differences = replayed.diff(&database);
    // MariaDB keeps a JSON column as `longtext` with a `json_valid` check.
    differences.retain(|d| !d.ends_with("type changed from Json to LongText"));
    assert_eq!(differences, Vec::<String>::new());
}

/// The generation of `table.column` as introspection reads it back.
fn generation_read_back(
    db: &mut crate::support::TestDb,
    table: &str,
    column: &str,
) -> Option<Generation> {
    introspect(&mut db.conn).unwrap().tables[table]
        .column(column)
        .unwrap()
        .generation
        .clone()
}

backend_test!(generated_columns_compute_their_values, |db| {
    let postgres = db.dialect() == Dialect::Postgres;
    create_and_compare(&mut db, "items", |t| {
        t.increments("id");
        t.integer("price");
        t.json("meta");
        t.integer("tripled").stored_as("price * 3");
        if !postgres {
            t.integer("doubled").virtual_as("price * 2");
            t.string("name", 50).virtual_as_json("meta->name");
            t.string("tag", 50).stored_as_json("meta->tags[1]");
        }
    });
    db.execute(
        r#"insert into items (price, meta) values (7, '{"name": "Ada", "tags": ["x", "y"]}')"#,
    );
    let tripled = db.text("tripled");
    assert_eq!(
        db.rows(&format!("select {tripled} from items"), &[]),
        [[Some("21".to_owned())]]
    );
    match generation_read_back(&mut db, "items", "tripled") {
        Some(Generation::Stored(expression)) => {
            assert!(expression.text().contains("price"), "{expression:?}")
        }
        other => panic!("{other:?}"),
    }
    if !postgres {
        let (doubled, name, tag) = (db.text("doubled"), db.text("name"), db.text("tag"));
        assert_eq!(
            db.rows(&format!("select {doubled}, {name}, {tag} from items"), &[]),
            [[
                Some("14".to_owned()),
                Some("Ada".to_owned()),
                Some("y".to_owned())
            ]]
        );
        assert!(matches!(
            generation_read_back(&mut db, "items", "doubled"),
            Some(Generation::Virtual(_))
        ));
    }
});

backend_test!(generated_columns_are_added_to_tables_with_rows, |db| {
    let mut s = Schema::new(&mut db.conn);
    s.create("order_lines", |t| {
        t.increments("id");
        t.integer("quantity");
    })
    .unwrap();
    drop(s);
    db.execute("insert into order_lines (quantity) values (4)");
    let mut s = Schema::new(&mut db.conn);
    s.table("order_lines", |t| {
        t.integer("dozens").stored_as("quantity * 12");
    })
    .unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    let dozens = db.text("dozens");
    assert_eq!(
        db.rows(&format!("select {dozens} from order_lines"), &[]),
        [[Some("48".to_owned())]]
    );
    assert!(matches!(
        generation_read_back(&mut db, "order_lines", "dozens"),
        Some(Generation::Stored(_))
    ));
});

backend_test!(use_current_fills_in_today_and_this_year, |db| {
    if db.dialect() == Dialect::Mysql {
        // Strict mode, where a default the column cannot hold fails the insert.
        db.execute("set session sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE'");
    }
    create_and_compare(&mut db, "visits", |t| {
        t.integer("id").primary();
        t.date("day").use_current();
        t.year("year").use_current();
    });
    db.execute("insert into visits (id) values (1)");
    let (day, year, today) = (db.text("day"), db.text("year"), db.text("current_date"));
    let rows = db.rows(&format!("select {day}, {year}, {today} from visits"), &[]);
    let [stored_day, stored_year, today] = &rows[0][..] else {
        panic!("{rows:?}")
    };
    assert_eq!(stored_day, today);
    assert_eq!(
        stored_year.as_deref(),
        today.as_deref().map(|d| &d[..4]),
        "{rows:?}"
    );
});

backend_test!(starting_values_number_the_first_row, |db| {
    create_and_compare(&mut db, "orders", |t| {
        t.increments("id").starting_value(1000);
        t.string("code", 10);
    });
    db.execute("insert into orders (code) values ('a')");
    db.execute("insert into orders (code) values ('b')");
    let id = db.text("id");
    assert_eq!(
        db.rows(&format!("select {id} from orders order by id"), &[]),
        [[Some("1000".to_owned())], [Some("1001".to_owned())]]
    );
});

#[cfg(feature = "postgres")]
#[test]
fn identity_columns_on_postgres_are_read_back() {
    let mut db = crate::support::postgres();
    create_and_compare(&mut db, "tickets", |t| {
        t.id().generated_as().starting_value(500);
        t.integer("seat")
            .generated_as_with(Identity::new().start_with(10).increment_by(5))
            .always();
    });
    db.execute("insert into tickets default values");
    db.execute("insert into tickets default values");
    assert_eq!(
        db.rows("select id::text, seat::text from tickets order by id", &[]),
        [
            [Some("500".to_owned()), Some("10".to_owned())],
            [Some("501".to_owned()), Some("15".to_owned())]
        ]
    );
    let refused = db
        .conn
        .batch_execute("insert into tickets (id, seat) values (1, 1)")
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("cannot insert a non-DEFAULT value into column \"seat\""),
        "{refused}"
    );
    assert_eq!(
        generation_read_back(&mut db, "tickets", "seat"),
        Some(Generation::Identity(Identity {
            always: true,
            start_with: Some(10),
            increment_by: Some(5)
        }))
    );
    let model = introspect(&mut db.conn).unwrap();
    assert!(model.tables["tickets"].column("id").unwrap().auto_increment);
}

#[test]
fn diesel_schemas_mark_computed_columns_read_only() {
    let mut t = Blueprint::create("items");
    t.increments("id");
    t.integer("price");
    t.integer("tripled").stored_as("price * 3");
    let model = SchemaModel::from_blueprints([t]).unwrap();
    assert_eq!(
        model.to_diesel(Dialect::Postgres).unwrap(),
        "// @generated automatically by migrate (`cargo migrate schema --diesel`).\n\n\
         diesel::table! {\n    items (id) {\n        id -> Int4,\n        price -> Int4,\n        \
         /// Computed by the database (stored): leave it out of inserts and updates.\n        \
         tripled -> Nullable<Int4>,\n    }\n}\n"
    );
}

diesel::table! {
    items (id) {
        id -> Integer,
        price -> Integer,
        /// Computed by the database (stored): leave it out of inserts and updates.
        tripled -> Nullable<Integer>,
    }
}

/// The `table!` above, as `to_diesel` writes it, compiles, and reads a computed column.
#[test]
fn a_diesel_table_with_a_computed_column_reads_it() {
    use diesel::prelude::*;
    let mut conn = diesel::SqliteConnection::establish(":memory:").unwrap();
    let mut s = Schema::new(&mut conn);
    s.create("items", |t| {
        t.increments("id");
        t.integer("price");
        t.integer("tripled").stored_as("price * 3");
    })
    .unwrap();
    drop(s);
    diesel::insert_into(items::table)
        .values(items::price.eq(5))
        .execute(&mut conn)
        .unwrap();
    let tripled: Option<i32> = items::table
        .select(items::tripled)
        .first(&mut conn)
        .unwrap();
    assert_eq!(tripled, Some(15));
}

backend_test!(check_follows_generation_expressions, |db| {
    let migrator = Migrator::new().module(fixtures::module("generated::reversible"));
    let report = migrator
        .check(&mut db.conn)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.passed.len(), 2, "{report}");

    let migrator = Migrator::new().module(fixtures::module("generated::unfaithful"));
    let report = migrator
        .check(&mut db.conn)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.failures.len(), 1, "{report}");
    let differences = report.failures[0].differences.join("\n");
    assert!(
        differences.contains("column `tripled` generation changed"),
        "{differences}"
    );
});

/// A table SQLite rebuilds (here to change a column) keeps its generated columns: they are
/// declared again, not copied, and compute the same values.
#[test]
fn sqlite_rebuilds_keep_generated_columns() {
    let mut db = crate::support::sqlite();
    let mut s = Schema::new(&mut db.conn);
    s.create("stock", |t| {
        t.increments("id");
        t.integer("quantity");
        t.string("label", 20);
        t.integer("dozens").stored_as("quantity * 12");
        t.integer("pairs").virtual_as("quantity * 2");
    })
    .unwrap();
    drop(s);
    db.execute("insert into stock (quantity, label) values (3, 'a')");
    let mut s = Schema::new(&mut db.conn);
    s.table("stock", |t| {
        t.string("label", 50).nullable().change();
    })
    .unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    db.execute("insert into stock (quantity, label) values (5, null)");
    assert_eq!(
        db.rows("select dozens, pairs from stock order by id", &[]),
        [
            [Some("36".to_owned()), Some("6".to_owned())],
            [Some("60".to_owned()), Some("10".to_owned())]
        ]
    );
    assert!(matches!(
        generation_read_back(&mut db, "stock", "pairs"),
        Some(Generation::Virtual(_))
    ));
}

#[test]
fn use_current_on_update_needs_a_date_time() {
    assert_eq!(
        error(Dialect::Mysql, |t| {
            t.date("day").use_current_on_update();
        }),
        "invalid schema: column `day`: use_current_on_update() applies to datetime and \
         timestamp columns"
    );
}

/// The squashed DDL of a replayed schema is what the migrations' Blueprints compile to.
#[test]
fn the_schema_model_keeps_generations_and_starting_values() {
    let build = |t: &mut Blueprint| {
        t.increments("id").starting_value(1000);
        t.integer("price");
        t.integer("tripled").stored_as("price * 3");
        t.date("day").use_current();
    };
    for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
        let mut blueprint = Blueprint::create("items");
        build(&mut blueprint);
        let model = SchemaModel::from_blueprints([blueprint.clone()]).unwrap();
        assert_eq!(
            model.to_ddl(dialect).unwrap(),
            blueprint.to_sql(dialect).unwrap(),
            "{dialect}"
        );
    }
    let mut t = Blueprint::create("tickets");
    t.id()
        .generated_as_with(Identity::new().increment_by(2))
        .always();
    let model = SchemaModel::from_blueprints([t.clone()]).unwrap();
    assert_eq!(
        model.to_ddl(Dialect::Postgres).unwrap(),
        t.to_sql(Dialect::Postgres).unwrap()
    );
}

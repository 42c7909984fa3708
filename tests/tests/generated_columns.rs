//! Columns the database fills itself — generated (virtual and stored, over an expression or a
//! JSON path), identity columns, auto-increment starting values — and `use_current()` on
//! date and year columns: the SQL each dialect gets, what it refuses, and what the servers
//! store and report back.

use migrate_core::model::SchemaModel;
use migrate_core::schema::Identity;
use migrate_core::{introspect, Blueprint, Dialect, Schema};

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
            r#"create table "items" ("id" integer primary key autoincrement not null, "price" integer not null, "meta" text not null, "doubled" integer null as (price * 2), "tripled" integer null as (price * 3) stored, "name" varchar null as (json_extract("meta", '$."name"')), "tag" varchar null as (json_extract("meta", '$."tags"[0]')) stored)"#
        ]
    );
}

#[test]
fn generated_columns_on_mysql_as_laravel_writes_them() {
    assert_eq!(
        sql(Dialect::Mysql, generated),
        [
            r#"create table `items` (`id` int unsigned not null auto_increment primary key, `price` int not null, `meta` json not null, `doubled` int as (price * 2) null, `tripled` int as (price * 3) stored null, `name` varchar(50) as (json_unquote(json_extract(`meta`, '$."name"'))) null, `tag` varchar(50) as (json_unquote(json_extract(`meta`, '$."tags"[0]'))) stored null) engine = InnoDB default character set utf8mb4"#
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
            r#"create table "items" ("price" integer not null, "tripled" integer null generated always as (price * 3) stored)"#
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
        r#"create table "items" ("meta" text not null, "v" text null as (json_extract("meta", '$."it''s \"quoted\"\\"."x"')))"#
    );
    assert_eq!(
        sql(Dialect::Mysql, |t| {
            t.json("meta");
            t.text("v").virtual_as_json(path);
        })[0],
        r#"create table `items` (`meta` json not null, `v` text as (json_unquote(json_extract(`meta`, '$."it''s \\"quoted\\"\\\\"."x"'))) null) engine = InnoDB default character set utf8mb4"#
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

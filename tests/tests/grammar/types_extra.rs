//! Golden SQL of Laravel's remaining column types and helpers on every dialect: `ulid`,
//! `mac_address`, `set`, `tsvector`, `native_uuid`, `medium_increments`, `remember_token`,
//! `invisible()`, `after(column, ...)` groups and temporary tables.

use migrate_core::Blueprint;
use migrate_core::Dialect::{Mysql, Postgres, Sqlite};

use super::{error, sql};

fn devices(t: &mut Blueprint) {
    t.medium_increments("id");
    t.ulid("public_id");
    t.mac_address("mac");
    t.native_uuid("uuid");
    t.remember_token();
}

#[test]
fn helper_types() {
    assert_eq!(
        sql(Postgres, true, "devices", devices),
        [
            r#"create table "devices" ("id" serial primary key not null, "public_id" char(26) not null, "mac" macaddr not null, "uuid" uuid not null, "remember_token" varchar(100) null)"#
        ]
    );
    assert_eq!(
        sql(Mysql, true, "devices", devices),
        [
            "create table `devices` (`id` mediumint unsigned not null auto_increment primary key, `public_id` char(26) not null, `mac` varchar(17) not null, `uuid` uuid not null, `remember_token` varchar(100) null) engine = InnoDB default character set utf8mb4"
        ]
    );
    assert_eq!(
        sql(Sqlite, true, "devices", devices),
        [
            r#"create table "devices" ("id" integer primary key autoincrement not null, "public_id" varchar not null, "mac" varchar not null, "uuid" varchar not null, "remember_token" varchar null)"#
        ]
    );
}

#[test]
fn set_is_mysql_only_and_checked() {
    assert_eq!(
        sql(Mysql, false, "posts", |t| {
            t.set("flags", ["pinned", "it's hot"]).default("pinned");
        }),
        ["alter table `posts` add column `flags` set('pinned', 'it''s hot') not null default 'pinned'"]
    );
    for (dialect, name) in [(Postgres, "PostgreSQL"), (Sqlite, "SQLite")] {
        assert_eq!(
            error(dialect, false, "posts", |t| {
                t.set("flags", ["pinned"]);
            }),
            format!(
                "{name} does not support set columns, which only MySQL and MariaDB have (for \
                 one value of a list use enumeration(...)) (column `flags`)"
            )
        );
    }
    assert_eq!(
        error(Mysql, false, "posts", |t| {
            t.set("flags", ["a,b"]);
        }),
        "invalid schema: column `flags`: the set value \"a,b\" holds a comma, which separates the values of a set"
    );
    assert_eq!(
        error(Mysql, false, "posts", |t| {
            t.set("flags", ["a", "A"]);
        }),
        "invalid schema: column `flags`: the set value \"A\" is given twice"
    );
    assert_eq!(
        error(Mysql, false, "posts", |t| {
            t.set("flags", Vec::<String>::new());
        }),
        "invalid schema: column `flags`: a set has 1 to 64 values, not 0"
    );
}

#[test]
fn tsvector_is_postgres_only() {
    assert_eq!(
        sql(Postgres, false, "posts", |t| {
            t.tsvector("search").nullable();
        }),
        [r#"alter table "posts" add column "search" tsvector null"#]
    );
    for (dialect, name) in [(Mysql, "MySQL"), (Sqlite, "SQLite")] {
        assert_eq!(
            error(dialect, false, "posts", |t| {
                t.tsvector("search");
            }),
            format!("{name} does not support tsvector columns, which only PostgreSQL has (column `search`)")
        );
    }
}

#[test]
fn invisible_columns_are_mysql_only() {
    assert_eq!(
        sql(Mysql, false, "users", |t| {
            t.string("secret", 50).nullable().default("x").invisible();
        }),
        ["alter table `users` add column `secret` varchar(50) null default 'x' invisible"]
    );
    for (dialect, name) in [(Postgres, "PostgreSQL"), (Sqlite, "SQLite")] {
        assert_eq!(
            error(dialect, false, "users", |t| {
                t.string("secret", 50).invisible();
            }),
            format!("{name} does not support invisible columns (column `secret`)")
        );
    }
}

#[test]
fn after_places_each_column_after_the_one_before() {
    assert_eq!(
        sql(Mysql, false, "users", |t| {
            t.after("email", |t| {
                t.string("line1", 100);
                t.string("line2", 100).first();
                t.string("city", 100);
            });
            t.string("last", 10);
        }),
        [
            "alter table `users` add column `line1` varchar(100) not null after `email`",
            "alter table `users` add column `line2` varchar(100) not null first",
            "alter table `users` add column `city` varchar(100) not null after `line2`",
            "alter table `users` add column `last` varchar(10) not null",
        ]
    );
    assert_eq!(
        error(Postgres, false, "users", |t| {
            t.after("email", |t| {
                t.string("line1", 100);
            });
        }),
        "PostgreSQL does not support after() column placement (column `line1`)"
    );
}

#[test]
fn temporary_tables() {
    let build = |t: &mut Blueprint| {
        t.temporary();
        t.integer("id");
    };
    assert_eq!(
        sql(Postgres, true, "scratch", build),
        [r#"create temporary table "scratch" ("id" integer not null)"#]
    );
    assert_eq!(
        sql(Sqlite, true, "scratch", build),
        [r#"create temporary table "scratch" ("id" integer not null)"#]
    );
    assert_eq!(
        sql(Mysql, true, "scratch", build),
        ["create temporary table `scratch` (`id` int not null) engine = InnoDB default character set utf8mb4"]
    );
    assert_eq!(
        error(Mysql, false, "scratch", build),
        "invalid schema: table `scratch`: `temporary()` applies to a table being created, not altered"
    );
}

//! Golden SQL for the SQLite grammar.

use migrate_core::schema::ReferentialAction;
use migrate_core::Dialect::Sqlite;

use super::{error, scenarios, sql};

#[test]
fn create_with_every_column_type() {
    let statements = sql(Sqlite, true, "all_types", scenarios::all_types);
    assert_eq!(
        statements,
        [concat!(
            r#"create table "all_types" ("id" integer primary key autoincrement not null, "#,
            r#""code" varchar not null, "name" varchar not null, "body" text not null, "#,
            r#""medium" text not null, "long" text not null, "tiny" integer not null, "#,
            r#""small" integer not null, "medium_int" integer not null, "int" integer not null, "#,
            r#""big" integer not null, "unsigned" integer not null, "f" double not null, "#,
            r#""f2" float not null, "d" double not null, "price" numeric not null, "#,
            r#""flag" tinyint(1) not null, "#,
            r#""status" varchar check ("status" in ('draft', 'it''s live')) not null, "#,
            r#""data" text not null, "data_b" text not null, "day" date not null, "#,
            r#""at" datetime not null, "at_tz" datetime not null, "clock" time not null, "#,
            r#""ts" datetime not null, "ts_tz" datetime not null, "blob" blob not null, "#,
            r#""uuid" varchar not null, "ip" varchar not null, "year" integer not null, "#,
            r#""point" point not null)"#
        )]
    );
}

#[test]
fn modifiers_nullable_defaults_and_raw_defaults() {
    let statements = sql(Sqlite, true, "posts", |t| {
        t.string("title", 200).nullable();
        t.integer("votes").default(0);
        t.double("ratio").default(0.5);
        t.boolean("published").default(true);
        t.string("status", 20).default("it's -- ; draft");
        t.timestamp("created_at").use_current();
        t.timestamp("seen_at").default_raw("CURRENT_TIMESTAMP");
        t.string("tag", 10)
            .nullable()
            .default(migrate_core::schema::Value::Null);
        t.string("code", 10).collation("nocase");
    });
    assert_eq!(
        statements,
        [concat!(
            r#"create table "posts" ("title" varchar null, "votes" integer not null default 0, "#,
            r#""ratio" double not null default 0.5, "published" tinyint(1) not null default 1, "#,
            r#""status" varchar not null default 'it''s -- ; draft', "#,
            r#""created_at" datetime not null default CURRENT_TIMESTAMP, "#,
            r#""seen_at" datetime not null default CURRENT_TIMESTAMP, "#,
            r#""tag" varchar null default null, "code" varchar collate "nocase" not null)"#
        )]
    );
}

#[test]
fn timestamps_and_soft_deletes() {
    let statements = sql(Sqlite, true, "t", |t| {
        t.timestamps();
        t.soft_deletes();
    });
    assert_eq!(
        statements,
        [
            r#"create table "t" ("created_at" datetime null, "updated_at" datetime null, "deleted_at" datetime null)"#
        ]
    );
}

#[test]
fn keys_indexes_and_foreign_keys_in_create() {
    let statements = sql(Sqlite, true, "memberships", |t| {
        t.integer("user_id");
        t.integer("team_id");
        t.string("role", 20).index();
        t.string("email", 100).unique();
        t.primary(["user_id", "team_id"]);
        t.unique(["team_id", "role"]).name("one_role_per_team");
        t.index(["role", "email"]);
        t.foreign("user_id")
            .on("users")
            .on_delete(ReferentialAction::Cascade);
        t.foreign("team_id")
            .references(["uuid"])
            .on("teams")
            .null_on_delete()
            .cascade_on_update();
    });
    assert_eq!(
        statements,
        [
            concat!(
                r#"create table "memberships" ("user_id" integer not null, "team_id" integer not null, "#,
                r#""role" varchar not null, "email" varchar not null, primary key ("user_id", "team_id"), "#,
                r#"constraint "memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade, "#,
                r#"constraint "memberships_team_id_foreign" foreign key ("team_id") references "teams" ("uuid") on delete set null on update cascade)"#
            ),
            r#"create unique index "one_role_per_team" on "memberships" (`team_id`, `role`)"#,
            r#"create index "memberships_role_email_index" on "memberships" (`role`, `email`)"#,
            r#"create index "memberships_role_index" on "memberships" (`role`)"#,
            r#"create unique index "memberships_email_unique" on "memberships" (`email`)"#,
        ]
    );
}

#[test]
fn a_column_marked_primary_becomes_the_primary_key() {
    assert_eq!(
        sql(Sqlite, true, "tokens", |t| {
            t.string("token", 64).primary();
        }),
        [r#"create table "tokens" ("token" varchar not null, primary key ("token"))"#]
    );
}

#[test]
fn alter_adds_columns_and_indexes() {
    let statements = sql(Sqlite, false, "users", |t| {
        t.string("nickname", 50).nullable();
        t.integer("age").default(0);
        t.index("nickname");
        t.unique(["age", "nickname"]);
    });
    assert_eq!(
        statements,
        [
            r#"alter table "users" add column "nickname" varchar null"#,
            r#"alter table "users" add column "age" integer not null default 0"#,
            r#"create index "users_nickname_index" on "users" (`nickname`)"#,
            r#"create unique index "users_age_nickname_unique" on "users" (`age`, `nickname`)"#,
        ]
    );
}

#[test]
fn drop_rename_and_column_operations() {
    let drop = |f: fn(&mut migrate_core::Blueprint)| sql(Sqlite, false, "users", f);
    assert_eq!(
        drop(|t| t.push(migrate_core::schema::Command::Drop)),
        [r#"drop table "users""#]
    );
    assert_eq!(
        drop(|t| t.push(migrate_core::schema::Command::DropIfExists)),
        [r#"drop table if exists "users""#]
    );
    assert_eq!(
        drop(|t| t.push(migrate_core::schema::Command::Rename("people".into()))),
        [r#"alter table "users" rename to "people""#]
    );
    assert_eq!(
        drop(|t| t.drop_columns(["a", "b"])),
        [
            r#"alter table "users" drop column "a""#,
            r#"alter table "users" drop column "b""#
        ]
    );
    assert_eq!(
        drop(|t| t.rename_column("name", "full_name")),
        [r#"alter table "users" rename column "name" to "full_name""#]
    );
    assert_eq!(
        drop(|t| t.drop_timestamps()),
        [
            r#"alter table "users" drop column "created_at""#,
            r#"alter table "users" drop column "updated_at""#
        ]
    );
    assert_eq!(
        drop(|t| t.drop_soft_deletes()),
        [r#"alter table "users" drop column "deleted_at""#]
    );
    assert_eq!(
        drop(|t| t.drop_index("users_name_index")),
        [r#"drop index "users_name_index""#]
    );
    assert_eq!(
        drop(|t| t.drop_unique("users_email_unique")),
        [r#"drop index "users_email_unique""#]
    );
}

#[test]
fn what_sqlite_cannot_alter_in_place_is_an_error_not_a_silent_no_op() {
    let e = |f: fn(&mut migrate_core::Blueprint)| error(Sqlite, false, "users", f);
    assert_eq!(
        e(|t| {
            t.foreign("team_id").on("teams");
        }),
        "SQLite does not support adding a foreign key to the existing table `users`"
    );
    assert_eq!(
        e(|t| t.drop_foreign("users_team_id_foreign")),
        "SQLite does not support dropping a foreign key of the existing table `users`"
    );
    assert_eq!(
        e(|t| {
            t.primary("id");
        }),
        "SQLite does not support adding a primary key to the existing table `users`"
    );
    assert_eq!(
        e(|t| {
            t.integer("age").change();
        }),
        "SQLite does not support changing columns"
    );
    assert_eq!(
        e(|t| {
            t.string("bio", 10).after("name");
        }),
        "SQLite does not support after() column placement (column `bio`)"
    );
    assert_eq!(
        e(|t| {
            t.string("bio", 10).comment("about");
        }),
        "SQLite does not support column comments (column `bio`)"
    );
}

#[test]
fn identifiers_are_quoted_and_literals_escaped() {
    assert_eq!(
        sql(Sqlite, true, "a\"b", |t| {
            t.string("c\"d; drop table x; --", 10)
                .default("'); drop table x; --");
        }),
        [
            r#"create table "a""b" ("c""d; drop table x; --" varchar not null default '''); drop table x; --')"#
        ]
    );
    assert_eq!(
        error(Sqlite, true, "", |t| {
            t.integer("a");
        }),
        "invalid schema: an identifier cannot be empty"
    );
    assert_eq!(
        error(Sqlite, true, "t", |t| {
            t.integer("a\0b");
        }),
        "invalid schema: identifier \"a\\0b\" contains a NUL character"
    );
    assert_eq!(
        error(Sqlite, true, "t", |t| {
            t.double("a").default(f64::NAN);
        }),
        "invalid schema: default value NaN is not a finite number"
    );
}

#[test]
fn mistakes_in_a_create_are_errors() {
    assert_eq!(
        error(Sqlite, true, "empty", |_| {}),
        "invalid schema: table `empty` is created without any column"
    );
    assert_eq!(
        error(Sqlite, true, "t", |t| {
            t.increments("id");
            t.primary("id");
        }),
        "invalid schema: table `t` has both the auto-increment key `id` and a primary key on (id)"
    );
    assert_eq!(
        error(Sqlite, true, "t", |t| {
            t.integer("user_id");
            t.foreign("user_id");
        }),
        "invalid schema: foreign key `t_user_id_foreign` does not say which table it references (call .on(\"table\"))"
    );
}

#[test]
fn float_double_and_time_precision() {
    assert_eq!(
        sql(Sqlite, true, "p", super::scenarios::precision),
        [
            r#"create table "p" ("single" float not null, "at" datetime not null, "clock" time not null, "seen" datetime not null default (strftime('%Y-%m-%d %H:%M:%f', 'now')), "created_at" datetime null, "updated_at" datetime null, "deleted_at" datetime null)"#
        ]
    );
    let refused = error(Sqlite, true, "r", |t| {
        t.double_with("rate", 15, 8);
    });
    assert!(refused.contains("double(15, 8)"), "{refused}");
    let refused = error(Sqlite, true, "r", |t| {
        t.timestamp_with("at", 7);
    });
    assert!(refused.contains("6 digits"), "{refused}");
}

#[test]
fn online_forms_are_refused() {
    let e = |f: fn(&mut migrate_core::Blueprint)| error(Sqlite, false, "users", f);
    assert_eq!(
        e(|t| {
            t.index("email").concurrently();
        }),
        "SQLite does not support building or dropping an index concurrently (`concurrently()`)"
    );
    assert_eq!(
        e(|t| {
            t.check("positive_age", "age > 0");
        }),
        "SQLite does not support adding the check constraint `positive_age` to the existing table \
         `users` (SQLite has check constraints only in `create table`)"
    );
    assert_eq!(
        error(Sqlite, true, "users", |t| {
            t.integer("team_id");
            t.foreign("team_id").on("teams").not_valid();
        }),
        "SQLite does not support adding a constraint without checking the existing rows (`not_valid()`)"
    );
}

#[test]
fn online_ddl_options_are_refused() {
    assert_eq!(
        error(Sqlite, false, "users", |t| {
            t.string("nickname", 40).nullable();
            t.instant();
        }),
        "SQLite does not support `algorithm(instant)` on an alter (MySQL and MariaDB's \
         ALGORITHM and LOCK options)"
    );
}

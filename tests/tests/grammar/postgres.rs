//! Golden SQL for the PostgreSQL grammar.

use migrate_core::Dialect::Postgres;

use super::{error, scenarios, sql};

#[test]
fn all_types() {
    assert_eq!(
        sql(Postgres, true, "all_types", scenarios::all_types),
        [
            r#"create table "all_types" ("id" bigserial primary key not null, "code" char(3) not null, "name" varchar(100) not null, "body" text not null, "medium" text not null, "long" text not null, "tiny" smallint not null, "small" smallint not null, "medium_int" integer not null, "int" integer not null, "big" bigint not null, "unsigned" integer not null, "f" float(53) not null, "f2" float(24) not null, "d" double precision not null, "price" decimal(10, 2) not null, "flag" boolean not null, "status" varchar(255) check ("status" in ('draft', 'it''s live')) not null, "data" json not null, "data_b" jsonb not null, "day" date not null, "at" timestamp(0) without time zone not null, "at_tz" timestamp(0) with time zone not null, "clock" time(0) without time zone not null, "ts" timestamp(0) without time zone not null, "ts_tz" timestamp(0) with time zone not null, "blob" bytea not null, "uuid" uuid not null, "ip" inet not null, "year" integer not null, "point" point not null)"#,
        ]
    );
}

#[test]
fn defaults() {
    assert_eq!(
        sql(Postgres, true, "posts", scenarios::defaults),
        [
            r#"create table "posts" ("title" varchar(200) null, "votes" integer not null default 0, "ratio" double precision not null default 0.5, "published" boolean not null default true, "status" varchar(20) not null default E'it''s \\ -- ; draft', "created_at" timestamp(0) without time zone not null default CURRENT_TIMESTAMP, "seen_at" timestamp(0) without time zone not null default CURRENT_TIMESTAMP)"#,
        ]
    );
}

#[test]
fn keys() {
    assert_eq!(
        sql(Postgres, true, "memberships", scenarios::keys),
        [
            r#"create table "memberships" ("user_id" integer not null, "team_id" integer not null, "role" varchar(20) not null, "email" varchar(100) not null, primary key ("user_id", "team_id"), constraint "memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade, constraint "memberships_team_id_foreign" foreign key ("team_id") references "teams" ("uuid") on delete set null on update cascade)"#,
            r#"alter table "memberships" add constraint "one_role_per_team" unique ("team_id", "role")"#,
            r#"create index "memberships_role_email_index" on "memberships" ("role", "email")"#,
            r#"create index "memberships_role_index" on "memberships" ("role")"#,
            r#"alter table "memberships" add constraint "memberships_email_unique" unique ("email")"#,
        ]
    );
}

#[test]
fn foreign_ids_morphs_comments() {
    assert_eq!(
        sql(
            Postgres,
            true,
            "comments",
            scenarios::foreign_ids_morphs_comments
        ),
        [
            r#"create table "comments" ("id" serial primary key not null, "user_id" bigint not null, "commentable_type" varchar(255) not null, "commentable_id" bigint not null, "body" varchar(10) not null, "deleted_at" timestamp(0) without time zone null, constraint "comments_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade)"#,
            r#"comment on column "comments"."body" is 'the ''text'''"#,
            r#"create index "comments_commentable_type_commentable_id_index" on "comments" ("commentable_type", "commentable_id")"#,
        ]
    );
}

#[test]
fn alter_add() {
    assert_eq!(
        sql(Postgres, false, "users", scenarios::alter_add),
        [
            r#"alter table "users" add column "nickname" varchar(50) null"#,
            r#"alter table "users" add column "age" integer not null default 0"#,
            r#"create index "users_nickname_index" on "users" ("nickname")"#,
            r#"alter table "users" add constraint "users_age_nickname_unique" unique ("age", "nickname")"#,
            r#"alter table "users" add constraint "users_team_id_foreign" foreign key ("team_id") references "teams" ("id")"#,
            r#"alter table "users" add primary key ("id")"#,
        ]
    );
}

#[test]
fn alter_change() {
    assert_eq!(
        sql(Postgres, false, "users", scenarios::alter_change),
        [
            r#"alter table "users" alter column "name" type varchar(300) using "name"::varchar(300), alter column "name" drop not null, alter column "name" set default 'x', alter column "age" type integer using "age"::integer, alter column "age" set not null, alter column "age" drop default"#,
        ]
    );
}

#[test]
fn alter_drop_and_rename() {
    assert_eq!(
        sql(Postgres, false, "users", scenarios::alter_drop_and_rename),
        [
            r#"alter table "users" drop column "a", drop column "b""#,
            r#"alter table "users" rename column "name" to "full_name""#,
            r#"drop index "users_name_index""#,
            concat!(
                r#"do $migrate0$ begin if exists (select 1 from pg_constraint where conrelid = '"users"'::regclass "#,
                r#"and conname = 'users_email_unique') then alter table "users" drop constraint "users_email_unique"; "#,
                r#"else drop index "users_email_unique"; end if; end $migrate0$"#
            ),
            "do $migrate0$ declare t regclass := '\"users\"'; k name; begin select conname into k \
             from pg_constraint where conrelid = t and contype = 'p'; if k is null then raise \
             exception 'table % has no primary key', t; end if; execute format('alter table %s \
             drop constraint %I', t, k); end $migrate0$",
            r#"alter table "users" drop constraint "users_team_id_foreign""#,
            r#"alter index "a_index" rename to "b_index""#,
        ]
    );
}

#[test]
fn table_commands() {
    assert_eq!(
        sql(Postgres, false, "users", scenarios::table_commands),
        [
            r#"alter table "users" rename to "people""#,
            r#"drop table if exists "users""#,
        ]
    );
}

#[test]
fn placement_and_charset() {
    assert_eq!(
        error(Postgres, false, "users", scenarios::placement_and_charset),
        "PostgreSQL does not support character sets (column `bio`)"
    );
}

#[test]
fn on_update_first() {
    assert_eq!(
        error(Postgres, false, "users", scenarios::on_update_first),
        "PostgreSQL does not support use_current_on_update (column `touched_at`)"
    );
}

#[test]
fn identifier_length_limit() {
    let name = "x".repeat(64);

    assert_eq!(
        error(Postgres, true, &name, |t| {
            t.integer("a");
        }),
        "invalid schema: identifier `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` is 64 bytes long; PostgreSQL allows at most 63 (give it a shorter name)"
    );

    assert!(error(Postgres, true, &"x".repeat(65), |t| {
        t.integer("a");
    })
    .contains("at most"));
}

#[test]
fn hostile() {
    assert_eq!(
        sql(Postgres, true, "a`b\"c", scenarios::hostile),
        [
            r#"create table "a`b""c" ("c`d""e" varchar(10) not null default E'''); drop table x; -- \\')"#,
        ]
    );
}

#[test]
fn float_double_and_time_precision() {
    assert_eq!(
        sql(Postgres, true, "p", super::scenarios::precision),
        [
            r#"create table "p" ("single" float(24) not null, "at" timestamp(3) without time zone not null, "clock" time(6) without time zone not null, "seen" timestamp(6) with time zone not null default CURRENT_TIMESTAMP, "created_at" timestamp(6) without time zone null, "updated_at" timestamp(6) without time zone null, "deleted_at" timestamp(6) without time zone null)"#
        ]
    );
    let refused = error(Postgres, true, "r", |t| {
        t.double_with("rate", 15, 8);
    });
    assert!(refused.contains("double(15, 8)"), "{refused}");
    let refused = error(Postgres, true, "r", |t| {
        t.timestamp_with("at", 7);
    });
    assert!(refused.contains("6 digits"), "{refused}");
}

#[test]
fn a_changed_column_takes_the_same_arguments() {
    let changed = sql(Postgres, false, "t", |t| {
        t.timestamp_with("at", 6).nullable().change();
    });
    assert_eq!(
        changed,
        [
            r#"alter table "t" alter column "at" type timestamp(6) without time zone using "at"::timestamp(6) without time zone, alter column "at" drop not null, alter column "at" drop default"#
        ]
    );
    let refused = error(Postgres, false, "t", |t| {
        t.float_with("f", 60).change();
    });
    assert!(refused.contains("from 1 to 53"), "{refused}");
}

#[test]
fn online_forms() {
    assert_eq!(
        sql(Postgres, false, "users", scenarios::online),
        [
            r#"create index concurrently "users_email_index" on "users" ("email")"#,
            r#"create unique index concurrently "one_role" on "users" ("team_id", "role")"#,
            r#"alter table "users" add constraint "one_role" unique using index "one_role""#,
            r#"alter table "users" add constraint "users_team_id_foreign" foreign key ("team_id") references "teams" ("id") not valid"#,
            r#"alter table "users" add constraint "positive_age" check (age > 0) not valid"#,
            r#"alter table "users" add constraint "short_role" check (length(role) < 20)"#,
            r#"alter table "users" drop constraint "old_check""#,
            r#"drop index concurrently "users_old_index""#,
        ]
    );
    let mut validate = migrate_core::Blueprint::alter("users");
    validate.push(migrate_core::schema::Command::ValidateConstraint(
        "a\"b".into(),
    ));
    assert_eq!(
        validate.to_sql(Postgres).unwrap(),
        [r#"alter table "users" validate constraint "a""b""#]
    );
    assert_eq!(
        error(Postgres, false, "users", |t| {
            t.primary("id").concurrently();
        }),
        "PostgreSQL does not support building a primary key concurrently"
    );
}

#[test]
fn online_ddl_options_are_refused() {
    assert_eq!(
        error(Postgres, false, "users", scenarios::online_ddl),
        "PostgreSQL does not support `algorithm(inplace), lock(none)` on an alter (MySQL and \
         MariaDB's ALGORITHM and LOCK options)"
    );
}

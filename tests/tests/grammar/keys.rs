//! Golden SQL of UUID and ULID foreign keys, `constrained_to`, deferrable keys and the drops
//! of Laravel's column helpers, on every dialect.

use migrate_core::Dialect::{Mysql, Postgres, Sqlite};
use migrate_core::{Blueprint, Dialect};

use super::{error, sql};

fn uuid_and_ulid_keys(t: &mut Blueprint) {
    t.foreign_uuid("user_id").constrained();
    t.foreign_ulid("team_id")
        .constrained_to("groups", "ulid")
        .name("posts_team")
        .cascade_on_delete();
}

#[test]
fn foreign_uuid_and_foreign_ulid_reference_their_keys() {
    assert_eq!(
        sql(Postgres, true, "posts", uuid_and_ulid_keys),
        [
            r#"create table "posts" ("user_id" uuid not null, "team_id" char(26) not null, constraint "posts_user_id_foreign" foreign key ("user_id") references "users" ("id"), constraint "posts_team" foreign key ("team_id") references "groups" ("ulid") on delete cascade)"#
        ]
    );
    assert_eq!(
        sql(Mysql, true, "posts", uuid_and_ulid_keys),
        [
            "create table `posts` (`user_id` char(36) not null, `team_id` char(26) not null, constraint `posts_user_id_foreign` foreign key (`user_id`) references `users` (`id`), constraint `posts_team` foreign key (`team_id`) references `groups` (`ulid`) on delete cascade) engine = InnoDB default character set utf8mb4"
        ]
    );
    assert_eq!(
        sql(Sqlite, true, "posts", uuid_and_ulid_keys),
        [
            r#"create table "posts" ("user_id" varchar not null, "team_id" varchar not null, constraint "posts_user_id_foreign" foreign key ("user_id") references "users" ("id"), constraint "posts_team" foreign key ("team_id") references "groups" ("ulid") on delete cascade)"#
        ]
    );
}

fn deferrable_keys(t: &mut Blueprint) {
    t.foreign("a").on("parents").deferrable();
    t.foreign("b")
        .on("parents")
        .null_on_delete()
        .initially_deferred();
    t.foreign("c").on("parents").not_deferrable();
}

#[test]
fn deferrable_keys_follow_their_actions() {
    assert_eq!(
        sql(Postgres, false, "children", deferrable_keys),
        [
            r#"alter table "children" add constraint "children_a_foreign" foreign key ("a") references "parents" ("id") deferrable"#,
            r#"alter table "children" add constraint "children_b_foreign" foreign key ("b") references "parents" ("id") on delete set null deferrable initially deferred"#,
            r#"alter table "children" add constraint "children_c_foreign" foreign key ("c") references "parents" ("id") not deferrable"#,
        ]
    );
    let mut t = Blueprint::create("children");
    t.integer("b").nullable();
    t.foreign("b")
        .on("parents")
        .initially_deferred()
        .deferrable();
    assert_eq!(
        t.to_sql(Sqlite).unwrap(),
        [
            r#"create table "children" ("b" integer null, constraint "children_b_foreign" foreign key ("b") references "parents" ("id") deferrable initially deferred)"#
        ]
    );
}

#[test]
fn a_not_valid_key_says_so_after_its_actions() {
    assert_eq!(
        sql(Postgres, false, "children", |t| {
            t.foreign("a")
                .on("parents")
                .cascade_on_delete()
                .deferrable()
                .not_valid();
        }),
        [
            r#"alter table "children" add constraint "children_a_foreign" foreign key ("a") references "parents" ("id") on delete cascade deferrable not valid"#
        ]
    );
}

#[test]
fn mysql_refuses_deferrable_keys_and_omits_not_deferrable() {
    assert_eq!(
        error(Mysql, true, "children", |t| {
            t.integer("a");
            t.foreign("a").on("parents").initially_deferred();
        }),
        "MySQL does not support deferrable foreign keys (`children_a_foreign`: `deferrable()`, \
         `initially_deferred()`); it checks every foreign key at once"
    );
    assert_eq!(
        sql(Mysql, false, "children", |t| {
            t.foreign("a").on("parents").not_deferrable();
        }),
        ["alter table `children` add constraint `children_a_foreign` foreign key (`a`) references `parents` (`id`)"]
    );
}

fn drops(t: &mut Blueprint) {
    t.drop_morphs("taggable");
    t.drop_timestamps_tz();
    t.drop_remember_token();
}

#[test]
fn drops_undo_the_column_helpers() {
    let expected = |d: Dialect| -> Vec<String> {
        match d {
            Postgres => vec![
                r#"drop index "tags_taggable_type_taggable_id_index""#.into(),
                r#"alter table "tags" drop column "taggable_type", drop column "taggable_id""#
                    .into(),
                r#"alter table "tags" drop column "created_at", drop column "updated_at""#.into(),
                r#"alter table "tags" drop column "remember_token""#.into(),
            ],
            _ => vec![
                "alter table `tags` drop index `tags_taggable_type_taggable_id_index`".into(),
                "alter table `tags` drop column `taggable_type`, drop column `taggable_id`".into(),
                "alter table `tags` drop column `created_at`, drop column `updated_at`".into(),
                "alter table `tags` drop column `remember_token`".into(),
            ],
        }
    };
    for dialect in [Postgres, Mysql] {
        assert_eq!(sql(dialect, false, "tags", drops), expected(dialect));
    }
}

//! Golden SQL for the MySQL grammar.

use migrate_core::Dialect::Mysql;

use super::{error, scenarios, sql};

#[test]
fn all_types() {
    assert_eq!(
        sql(Mysql, true, "all_types", scenarios::all_types),
        [
            r#"create table `all_types` (`id` bigint unsigned not null auto_increment primary key, `code` char(3) not null, `name` varchar(100) not null, `body` text not null, `medium` mediumtext not null, `long` longtext not null, `tiny` tinyint not null, `small` smallint not null, `medium_int` mediumint not null, `int` int not null, `big` bigint not null, `unsigned` int unsigned not null, `f` float(53) not null, `f2` float(24) not null, `d` double not null, `price` decimal(10, 2) not null, `flag` tinyint(1) not null, `status` enum('draft', 'it''s live') not null, `data` json not null, `data_b` json not null, `day` date not null, `at` datetime not null, `at_tz` datetime not null, `clock` time not null, `ts` timestamp not null, `ts_tz` timestamp not null, `blob` blob not null, `uuid` char(36) not null, `ip` varchar(45) not null, `year` year not null, `point` point not null) engine = InnoDB default character set utf8mb4"#,
        ]
    );
}

#[test]
fn defaults() {
    assert_eq!(
        sql(Mysql, true, "posts", scenarios::defaults),
        [
            r#"create table `posts` (`title` varchar(200) null, `votes` int not null default 0, `ratio` double not null default 0.5, `published` tinyint(1) not null default 1, `status` varchar(20) not null default 'it''s \\ -- ; draft', `created_at` timestamp not null default CURRENT_TIMESTAMP, `seen_at` timestamp not null default CURRENT_TIMESTAMP) engine = InnoDB default character set utf8mb4"#,
        ]
    );
}

#[test]
fn keys() {
    assert_eq!(
        sql(Mysql, true, "memberships", scenarios::keys),
        [
            r#"create table `memberships` (`user_id` int not null, `team_id` int not null, `role` varchar(20) not null, `email` varchar(100) not null, primary key (`user_id`, `team_id`), constraint `memberships_user_id_foreign` foreign key (`user_id`) references `users` (`id`) on delete cascade, constraint `memberships_team_id_foreign` foreign key (`team_id`) references `teams` (`uuid`) on delete set null on update cascade) engine = InnoDB default character set utf8mb4"#,
            r#"create unique index `one_role_per_team` on `memberships` (`team_id`, `role`)"#,
            r#"create index `memberships_role_email_index` on `memberships` (`role`, `email`)"#,
            r#"create index `memberships_role_index` on `memberships` (`role`)"#,
            r#"create unique index `memberships_email_unique` on `memberships` (`email`)"#,
        ]
    );
}

#[test]
fn foreign_ids_morphs_comments() {
    assert_eq!(
        sql(
            Mysql,
            true,
            "comments",
            scenarios::foreign_ids_morphs_comments
        ),
        [
            r#"create table `comments` (`id` int unsigned not null auto_increment primary key, `user_id` bigint unsigned not null, `commentable_type` varchar(255) not null, `commentable_id` bigint unsigned not null, `body` varchar(10) not null comment 'the ''text''', `deleted_at` timestamp null, constraint `comments_user_id_foreign` foreign key (`user_id`) references `users` (`id`) on delete cascade) engine = InnoDB default character set utf8mb4"#,
            r#"create index `comments_commentable_type_commentable_id_index` on `comments` (`commentable_type`, `commentable_id`)"#,
        ]
    );
}

#[test]
fn alter_add() {
    assert_eq!(
        sql(Mysql, false, "users", scenarios::alter_add),
        [
            r#"alter table `users` add column `nickname` varchar(50) null"#,
            r#"alter table `users` add column `age` int not null default 0"#,
            r#"create index `users_nickname_index` on `users` (`nickname`)"#,
            r#"create unique index `users_age_nickname_unique` on `users` (`age`, `nickname`)"#,
            r#"alter table `users` add constraint `users_team_id_foreign` foreign key (`team_id`) references `teams` (`id`)"#,
            r#"alter table `users` add primary key (`id`)"#,
        ]
    );
}

#[test]
fn alter_change() {
    assert_eq!(
        sql(Mysql, false, "users", scenarios::alter_change),
        [
            r#"alter table `users` modify column `name` varchar(300) null default 'x', modify column `age` int not null"#,
        ]
    );
}

#[test]
fn alter_drop_and_rename() {
    assert_eq!(
        sql(Mysql, false, "users", scenarios::alter_drop_and_rename),
        [
            r#"alter table `users` drop column `a`, drop column `b`"#,
            r#"alter table `users` rename column `name` to `full_name`"#,
            r#"alter table `users` drop index `users_name_index`"#,
            r#"alter table `users` drop index `users_email_unique`"#,
            r#"alter table `users` drop primary key"#,
            r#"alter table `users` drop foreign key `users_team_id_foreign`"#,
            r#"alter table `users` rename index `a_index` to `b_index`"#,
        ]
    );
}

#[test]
fn table_commands() {
    assert_eq!(
        sql(Mysql, false, "users", scenarios::table_commands),
        [
            r#"rename table `users` to `people`"#,
            r#"drop table if exists `users`"#,
        ]
    );
}

#[test]
fn placement_and_charset() {
    assert_eq!(
        sql(Mysql, false, "users", scenarios::placement_and_charset),
        [
            r#"alter table `users` add column `bio` varchar(10) character set `utf8mb4` collate `utf8mb4_bin` not null after `name`"#,
        ]
    );
}

#[test]
fn on_update_first() {
    assert_eq!(
        sql(Mysql, false, "users", scenarios::on_update_first),
        [
            r#"alter table `users` add column `touched_at` timestamp not null default CURRENT_TIMESTAMP on update CURRENT_TIMESTAMP first"#,
        ]
    );
}

#[test]
fn identifier_length_limit() {
    let name = "x".repeat(64);

    assert_eq!(
        sql(Mysql, true, &name, |t| {
            t.integer("a");
        }),
        [
            r#"create table `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` (`a` int not null) engine = InnoDB default character set utf8mb4"#
        ]
    );

    assert!(error(Mysql, true, &"x".repeat(65), |t| {
        t.integer("a");
    })
    .contains("at most"));
}

#[test]
fn hostile() {
    assert_eq!(
        sql(Mysql, true, "a`b\"c", scenarios::hostile),
        [
            r#"create table `a``b"c` (`c``d"e` varchar(10) not null default '''); drop table x; -- \\') engine = InnoDB default character set utf8mb4"#,
        ]
    );
}

#[test]
fn float_double_and_time_precision() {
    assert_eq!(
        sql(Mysql, true, "p", super::scenarios::precision),
        [
            r#"create table `p` (`single` float(24) not null, `at` datetime(3) not null, `clock` time(6) not null, `seen` timestamp(6) not null default CURRENT_TIMESTAMP(6), `created_at` timestamp(6) null, `updated_at` timestamp(6) null, `deleted_at` timestamp(6) null) engine = InnoDB default character set utf8mb4"#
        ]
    );
    let mut t = migrate_core::Blueprint::create("r");
    t.double_with("rate", 15, 8);
    assert_eq!(
        t.to_sql(Mysql).unwrap(),
        ["create table `r` (`rate` double(15, 8) not null) engine = InnoDB default character set utf8mb4"]
    );
    let mut t = migrate_core::Blueprint::alter("r");
    t.timestamp_with("touched", 3)
        .use_current()
        .use_current_on_update();
    assert_eq!(
        t.to_sql(Mysql).unwrap(),
        ["alter table `r` add column `touched` timestamp(3) not null default CURRENT_TIMESTAMP(3) on update CURRENT_TIMESTAMP(3)"]
    );
    let refused = error(Mysql, true, "r", |t| {
        t.timestamp_with("at", 7);
    });
    assert!(refused.contains("6 digits"), "{refused}");
}

#[test]
fn online_forms_are_refused_and_checks_are_added() {
    let e = |f: fn(&mut migrate_core::Blueprint)| error(Mysql, false, "users", f);
    assert_eq!(
        e(|t| {
            t.index("email").concurrently();
        }),
        "MySQL does not support building or dropping an index concurrently (`concurrently()`)"
    );
    assert_eq!(
        e(|t| t.drop_index_concurrently("users_email_index")),
        "MySQL does not support building or dropping an index concurrently (`concurrently()`)"
    );
    assert_eq!(
        e(|t| {
            t.foreign("team_id").on("teams").not_valid();
        }),
        "MySQL does not support adding a constraint without checking the existing rows (`not_valid()`)"
    );
    assert_eq!(
        e(|t| {
            t.check("positive_age", "age > 0").not_valid();
        }),
        "MySQL does not support adding a constraint without checking the existing rows (`not_valid()`)"
    );
    let mut validate = migrate_core::Blueprint::alter("users");
    validate.push(migrate_core::schema::Command::ValidateConstraint(
        "users_team".into(),
    ));
    assert_eq!(
        validate.to_sql(Mysql).unwrap_err().to_string(),
        "MySQL does not support validating the constraint `users_team` (`validate_foreign`, `validate_check`)"
    );
    assert_eq!(
        sql(Mysql, false, "users", |t| {
            t.check("positive_age", "age > 0");
            t.drop_check("old_check");
        }),
        [
            "alter table `users` add constraint `positive_age` check (age > 0)",
            "alter table `users` drop constraint `old_check`",
        ]
    );
}

#[test]
fn online_ddl_options_follow_each_alter_statement() {
    assert_eq!(
        sql(Mysql, false, "users", scenarios::online_ddl),
        [
            "alter table `users` add column `nickname` varchar(40) null, algorithm = inplace, lock = none",
            "alter table `users` modify column `bio` varchar(200) null, algorithm = inplace, lock = none",
            "alter table `users` rename column `name` to `full_name`, algorithm = inplace, lock = none",
            "alter table `users` drop column `legacy`, algorithm = inplace, lock = none",
            "create index `users_nickname_index` on `users` (`nickname`) algorithm = inplace lock = none",
            "alter table `users` add constraint `users_team_id_foreign` foreign key (`team_id`) references `teams` (`id`), algorithm = inplace, lock = none",
            "alter table `users` add constraint `adult` check (age >= 18), algorithm = inplace, lock = none",
        ]
    );
    assert_eq!(
        sql(Mysql, false, "users", |t| {
            t.drop_index("users_nickname_index");
            t.rename_index("a", "b");
            t.drop_foreign("users_team_id_foreign");
            t.instant();
        }),
        [
            "alter table `users` drop index `users_nickname_index`, algorithm = instant",
            "alter table `users` rename index `a` to `b`, algorithm = instant",
            "alter table `users` drop foreign key `users_team_id_foreign`, algorithm = instant",
        ]
    );
    assert_eq!(
        sql(Mysql, false, "users", |t| {
            t.integer("age").default(0);
            t.online().algorithm(migrate_core::schema::Algorithm::Copy);
        }),
        ["alter table `users` add column `age` int not null default 0, algorithm = copy, lock = none"]
    );
    assert_eq!(
        error(Mysql, true, "users", |t| {
            t.id();
            t.instant();
        }),
        "invalid schema: `algorithm(instant)` applies to altering a table, not to creating `users`"
    );
}

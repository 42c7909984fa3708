//! Golden SQL of Laravel's index forms beyond the plain ones on every dialect: full-text
//! indexes, access methods (`algorithm`), `nulls_not_distinct` unique keys and `raw_index`.

use migrate_core::schema::IndexAlgorithm;
use migrate_core::Dialect::{Mysql, Postgres, Sqlite};

use super::{error, sql};

#[test]
fn fulltext_indexes() {
    let posts = |t: &mut migrate_core::Blueprint| {
        t.fulltext(["title", "body"]);
    };
    assert_eq!(
        sql(Mysql, false, "posts", posts),
        ["create fulltext index `posts_title_body_fulltext` on `posts` (`title`, `body`)"]
    );
    assert_eq!(
        sql(Postgres, false, "posts", posts),
        [
            r#"create index "posts_title_body_fulltext" on "posts" using gin ((to_tsvector('english', "title") || to_tsvector('english', "body")))"#
        ]
    );
    assert_eq!(
        error(Sqlite, false, "posts", posts),
        "SQLite does not support full-text indexes (`fulltext`, index `posts_title_body_fulltext`)"
    );
}

#[test]
fn fulltext_language_name_and_column_form() {
    assert_eq!(
        sql(Postgres, true, "posts", |t| {
            t.text("body").fulltext();
            t.fulltext("title")
                .name("posts_title_search")
                .language("french");
            t.string("title", 200);
        }),
        [
            r#"create table "posts" ("body" text not null, "title" varchar(200) not null)"#,
            r#"create index "posts_title_search" on "posts" using gin ((to_tsvector('french', "title")))"#,
            r#"create index "posts_body_fulltext" on "posts" using gin ((to_tsvector('english', "body")))"#,
        ]
    );
    assert_eq!(
        error(Mysql, false, "posts", |t| {
            t.fulltext("body").language("english");
        }),
        "MySQL does not support a language on the full-text index `posts_body_fulltext` (its \
         parser has none to choose)"
    );
    assert_eq!(
        error(Postgres, false, "posts", |t| {
            t.index("body").language("english");
        }),
        "invalid schema: index `posts_body_index`: language() applies to full-text indexes only"
    );
}

#[test]
fn dropping_fulltext_indexes() {
    let drop = |t: &mut migrate_core::Blueprint| t.drop_fulltext("posts_title_body_fulltext");
    assert_eq!(
        sql(Mysql, false, "posts", drop),
        ["alter table `posts` drop index `posts_title_body_fulltext`"]
    );
    assert_eq!(
        sql(Postgres, false, "posts", drop),
        [r#"drop index "posts_title_body_fulltext""#]
    );
}

#[test]
fn index_algorithms() {
    let hash = |t: &mut migrate_core::Blueprint| {
        t.index("email").algorithm(IndexAlgorithm::Hash);
    };
    assert_eq!(
        sql(Postgres, false, "users", hash),
        [r#"create index "users_email_index" on "users" using hash ("email")"#]
    );
    assert_eq!(
        sql(Mysql, false, "users", hash),
        ["create index `users_email_index` on `users` (`email`) using hash"]
    );
    assert_eq!(
        error(Sqlite, false, "users", hash),
        "SQLite does not support the `hash` access method (`algorithm(...)`) on the index \
         `users_email_index`"
    );
    for (algorithm, name) in [
        (IndexAlgorithm::Gist, "gist"),
        (IndexAlgorithm::Gin, "gin"),
        (IndexAlgorithm::Brin, "brin"),
        (IndexAlgorithm::SpGist, "spgist"),
    ] {
        assert_eq!(
            sql(Postgres, false, "events", |t| {
                t.index("at").algorithm(algorithm);
            }),
            [format!(
                r#"create index "events_at_index" on "events" using {name} ("at")"#
            )]
        );
        assert_eq!(
            error(Mysql, false, "events", |t| {
                t.index("at").algorithm(algorithm);
            }),
            format!(
                "MySQL does not support the `{name}` access method (`algorithm(...)`) on the \
                 index `events_at_index`"
            )
        );
    }
}

#[test]
fn unique_keys_with_an_algorithm_are_unique_indexes() {
    let btree = |t: &mut migrate_core::Blueprint| {
        t.unique("email").algorithm(IndexAlgorithm::Btree);
    };
    assert_eq!(
        sql(Postgres, false, "users", btree),
        [r#"create unique index "users_email_unique" on "users" using btree ("email")"#]
    );
    assert_eq!(
        sql(Mysql, false, "users", btree),
        ["create unique index `users_email_unique` on `users` (`email`) using btree"]
    );
    assert_eq!(
        error(Postgres, false, "users", |t| {
            t.unique("email").algorithm(IndexAlgorithm::Hash);
        }),
        "PostgreSQL does not support the `hash` access method (`algorithm(...)`) on the index \
         `users_email_unique`"
    );
}

#[test]
fn nulls_not_distinct() {
    assert_eq!(
        sql(Postgres, false, "users", |t| {
            t.unique("email").nulls_not_distinct();
        }),
        [
            r#"alter table "users" add constraint "users_email_unique" unique nulls not distinct ("email")"#
        ]
    );
    assert_eq!(
        sql(Postgres, false, "users", |t| {
            t.unique("email")
                .nulls_not_distinct()
                .algorithm(IndexAlgorithm::Btree);
        }),
        [
            r#"create unique index "users_email_unique" on "users" using btree ("email") nulls not distinct"#
        ]
    );
    for (dialect, name) in [(Mysql, "MySQL"), (Sqlite, "SQLite")] {
        assert_eq!(
            error(dialect, false, "users", |t| {
                t.unique("email").nulls_not_distinct();
            }),
            format!(
                "{name} does not support unique keys that treat nulls as equal \
                 (`nulls_not_distinct()`, index `users_email_unique`)"
            )
        );
    }
    assert_eq!(
        error(Postgres, false, "users", |t| {
            t.index("email").nulls_not_distinct();
        }),
        "invalid schema: index `users_email_index`: nulls_not_distinct() applies to unique keys only"
    );
}

#[test]
fn raw_indexes() {
    let lower = |t: &mut migrate_core::Blueprint| {
        t.raw_index("lower(email)", "users_email_lower");
    };
    assert_eq!(
        sql(Postgres, false, "users", lower),
        [r#"create index "users_email_lower" on "users" (lower(email))"#]
    );
    assert_eq!(
        sql(Sqlite, false, "users", lower),
        [r#"create index "users_email_lower" on "users" (lower(email))"#]
    );
    assert_eq!(
        sql(Mysql, false, "users", |t| {
            t.raw_index("`email`(10), `name`", "users_email_prefix");
        }),
        ["create index `users_email_prefix` on `users` (`email`(10), `name`)"]
    );
    assert_eq!(
        sql(Postgres, false, "users", |t| {
            t.raw_index("lower(email)", "users_email_lower")
                .algorithm(IndexAlgorithm::Hash);
        }),
        [r#"create index "users_email_lower" on "users" using hash (lower(email))"#]
    );
}

#[test]
fn primary_keys_take_no_index_options() {
    assert_eq!(
        error(Postgres, true, "users", |t| {
            t.integer("id");
            t.primary("id").algorithm(IndexAlgorithm::Hash);
        }),
        "invalid schema: index `users_id_primary`: a primary key takes no access method, \
         language or expression"
    );
}

#[test]
fn online_options_follow_fulltext_indexes_on_mysql() {
    assert_eq!(
        sql(Mysql, false, "posts", |t| {
            t.fulltext("body");
            t.lock(migrate_core::schema::LockMode::Shared);
        }),
        ["create fulltext index `posts_body_fulltext` on `posts` (`body`) lock = shared"]
    );
}

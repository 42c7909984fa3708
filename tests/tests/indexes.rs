//! Laravel's index forms beyond the plain ones, executed on every backend and read back:
//! full-text indexes, access methods, `nulls_not_distinct` and `raw_index`. What the
//! database reports, what `introspect` makes of it, the replayed model, and the model's DDL
//! executed again.

use migrate_core::model::SchemaModel;
use migrate_core::schema::{IndexAlgorithm, IndexKind};
use migrate_core::{introspect, Blueprint, Dialect, MigrationConnection, Schema};

use crate::support::{backend_test, new_db, TestDb};

fn posts(t: &mut Blueprint) {
    t.increments("id");
    t.string("title", 200);
    t.text("body");
    t.fulltext(["title", "body"]);
}

/// Runs `f` on `table` of `db` (created when `create`), panicking with the error.
pub(crate) fn run(db: &mut TestDb, create: bool, table: &str, f: impl FnOnce(&mut Blueprint)) {
    let mut s = Schema::new(&mut db.conn);
    let done = if create {
        s.create(table, f)
    } else {
        s.table(table, f)
    };
    done.unwrap_or_else(|e| panic!("{e}"));
}

/// The error of `f` on `table` of `db`.
pub(crate) fn refusal(
    db: &mut TestDb,
    create: bool,
    table: &str,
    f: impl FnOnce(&mut Blueprint),
) -> String {
    let mut s = Schema::new(&mut db.conn);
    let done = if create {
        s.create(table, f)
    } else {
        s.table(table, f)
    };
    done.unwrap_err().to_string()
}

/// The replayed model of `blueprints`, as introspecting `dialect` would read it.
pub(crate) fn replayed(dialect: Dialect, blueprints: Vec<Blueprint>) -> SchemaModel {
    SchemaModel::from_blueprints(blueprints)
        .unwrap()
        .normalized(dialect)
        .unwrap()
}

/// Executes the model's DDL on a new database of `dialect` and reads it back.
pub(crate) fn through_ddl(dialect: Dialect, model: &SchemaModel) -> SchemaModel {
    let mut db = new_db(dialect);
    for statement in model.to_ddl(dialect).unwrap() {
        db.execute(&statement);
    }
    introspect(&mut db.conn).unwrap()
}

pub(crate) fn count(db: &mut TestDb, sql: &str) -> String {
    let sql = format!("select {} from ({sql}) found", db.text("count(*)"));
    db.rows(&sql, &[]).remove(0).remove(0).unwrap_or_default()
}

backend_test!(fulltext_indexes_are_read_back_and_searched, |db| {
    let dialect = db.dialect();
    if dialect == Dialect::Sqlite {
        assert_eq!(
            refusal(&mut db, true, "posts", posts),
            "SQLite does not support full-text indexes (`fulltext`, index `posts_title_body_fulltext`)"
        );
        return;
    }
    run(&mut db, true, "posts", posts);
    let model = introspect(&mut db.conn).unwrap();
    let index = &model.tables["posts"].indexes["posts_title_body_fulltext"];
    assert_eq!(index.kind, IndexKind::Fulltext);
    assert_eq!(index.columns, ["title", "body"]);
    assert_eq!(index.options.language, None);
    let mut t = Blueprint::create("posts");
    posts(&mut t);
    let replay = replayed(dialect, vec![t]);
    assert_eq!(model.tables["posts"], replay.tables["posts"]);
    assert_eq!(through_ddl(dialect, &replay), model);
    db.execute("insert into posts (title, body) values ('Cats', 'The cats sat on the mat')");
    db.execute("insert into posts (title, body) values ('Dogs', 'A dog barked')");
    let search = match dialect {
        Dialect::Mysql => "select id from posts where match (title, body) against ('cats')",
        _ => {
            "select id from posts where (to_tsvector('english', title) || \
             to_tsvector('english', body)) @@ to_tsquery('english', 'cat')"
        }
    };
    assert_eq!(count(&mut db, search), "1");
    run(&mut db, false, "posts", |t| {
        t.drop_fulltext("posts_title_body_fulltext");
    });
    assert!(introspect(&mut db.conn).unwrap().tables["posts"]
        .indexes
        .is_empty());
});

#[cfg(feature = "postgres")]
#[test]
fn a_fulltext_language_is_read_back_on_postgres() {
    let mut db = crate::support::postgres();
    run(&mut db, true, "articles", |t| {
        t.text("body").fulltext();
        t.string("title", 100);
        t.fulltext("title")
            .language("french")
            .name("articles_titre");
    });
    let model = introspect(&mut db.conn).unwrap();
    let table = &model.tables["articles"];
    assert_eq!(table.indexes["articles_titre"].kind, IndexKind::Fulltext);
    assert_eq!(table.indexes["articles_titre"].columns, ["title"]);
    assert_eq!(
        table.indexes["articles_titre"].options.language.as_deref(),
        Some("french")
    );
    assert_eq!(table.indexes["articles_body_fulltext"].columns, ["body"]);
    let plan = db
        .rows(
            "explain select 1 from articles where to_tsvector('french', title) @@ \
             to_tsquery('french', 'chats')",
            &[],
        )
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .collect::<Vec<_>>()
        .join("\n");
    db.execute("set enable_seqscan = off");
    let forced = db
        .rows(
            "explain select 1 from articles where to_tsvector('french', title) @@ \
             to_tsquery('french', 'chats')",
            &[],
        )
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        forced.contains("articles_titre"),
        "the query spelled as the index is must be able to use it: {plan}\n{forced}"
    );
}

backend_test!(index_algorithms_are_read_back, |db| {
    let dialect = db.dialect();
    let table = |t: &mut Blueprint| {
        t.increments("id");
        t.string("email", 100);
        t.integer("score");
        t.index("email").algorithm(IndexAlgorithm::Hash);
        t.index("score").algorithm(IndexAlgorithm::Btree);
    };
    if dialect == Dialect::Sqlite {
        assert_eq!(
            refusal(&mut db, true, "users", table),
            "SQLite does not support the `hash` access method (`algorithm(...)`) on the index \
             `users_email_index`"
        );
        return;
    }
    run(&mut db, true, "users", table);
    let model = introspect(&mut db.conn).unwrap();
    let indexes = &model.tables["users"].indexes;
    // InnoDB builds a B-tree for a hash index: MySQL and MariaDB report `BTREE`.
    let hash = (dialect == Dialect::Postgres).then_some(IndexAlgorithm::Hash);
    assert_eq!(indexes["users_email_index"].options.algorithm, hash);
    assert_eq!(indexes["users_score_index"].options.algorithm, None);
    let mut t = Blueprint::create("users");
    table(&mut t);
    let replay = replayed(dialect, vec![t]);
    assert_eq!(model.tables["users"], replay.tables["users"]);
    assert_eq!(through_ddl(dialect, &replay), model);
    if dialect == Dialect::Postgres {
        run(&mut db, true, "events", |t| {
            t.jsonb("payload");
            t.timestamp("at");
            t.index("payload").algorithm(IndexAlgorithm::Gin);
            t.index("at").algorithm(IndexAlgorithm::Brin);
        });
        let model = introspect(&mut db.conn).unwrap();
        let indexes = &model.tables["events"].indexes;
        assert_eq!(
            indexes["events_payload_index"].options.algorithm,
            Some(IndexAlgorithm::Gin)
        );
        assert_eq!(
            indexes["events_at_index"].options.algorithm,
            Some(IndexAlgorithm::Brin)
        );
    }
});

backend_test!(nulls_not_distinct_allows_one_null, |db| {
    let dialect = db.dialect();
    let table = |t: &mut Blueprint| {
        t.increments("id");
        t.string("email", 100).nullable();
        t.unique("email").nulls_not_distinct();
    };
    if dialect != Dialect::Postgres {
        assert_eq!(
            refusal(&mut db, true, "users", table),
            format!(
                "{dialect} does not support unique keys that treat nulls as equal \
                 (`nulls_not_distinct()`, index `users_email_unique`)"
            )
        );
        return;
    }
    run(&mut db, true, "users", table);
    let model = introspect(&mut db.conn).unwrap();
    let index = &model.tables["users"].indexes["users_email_unique"];
    assert_eq!(index.kind, IndexKind::Unique);
    assert!(index.options.nulls_not_distinct);
    let mut t = Blueprint::create("users");
    table(&mut t);
    let replay = replayed(dialect, vec![t]);
    assert_eq!(model.tables["users"], replay.tables["users"]);
    assert_eq!(through_ddl(dialect, &replay), model);
    db.execute("insert into users (email) values (null)");
    assert!(db
        .conn
        .batch_execute("insert into users (email) values (null)")
        .is_err());
});

backend_test!(raw_indexes_are_built_as_written, |db| {
    let dialect = db.dialect();
    // MariaDB indexes columns and their prefixes only; the others any expression.
    let expression = match dialect {
        Dialect::Mysql => "`email`(10)",
        _ => "lower(email)",
    };
    run(&mut db, true, "users", |t| {
        t.increments("id");
        t.string("email", 100);
    });
    run(&mut db, false, "users", |t| {
        t.raw_index(expression, "users_email_raw");
    });
    let model = introspect(&mut db.conn).unwrap();
    let index = &model.tables["users"].indexes["users_email_raw"];
    assert_eq!(index.kind, IndexKind::Index);
    match dialect {
        Dialect::Sqlite => assert_eq!(index.options.expression.as_deref(), Some("lower(email)")),
        Dialect::Postgres => {
            assert_eq!(
                index.options.expression.as_deref(),
                Some("lower((email)::text)")
            )
        }
        // A prefix reads back as its column.
        Dialect::Mysql => assert_eq!(index.columns, ["email"]),
    }
    if dialect != Dialect::Mysql {
        db.execute("insert into users (email) values ('Ann@Example.com')");
        let found = count(
            &mut db,
            "select id from users where lower(email) = 'ann@example.com'",
        );
        assert_eq!(found, "1");
    }
    run(&mut db, false, "users", |t| t.drop_index("users_email_raw"));
    assert!(introspect(&mut db.conn).unwrap().tables["users"]
        .indexes
        .is_empty());
});

//! The edges of SQLite's table rebuild: a table with a foreign key to itself, objects that
//! mention a dropped column (views, triggers, partial and expression indexes), and index
//! columns SQLite would otherwise read as strings.

use migrate_core::prelude::ReferentialAction;
use migrate_core::{Blueprint, MigrationConnection, Schema};

use crate::introspect::{describe, tables};
use crate::support::{self, TestDb};

const ROWS: usize = 100_000;

fn one(db: &mut TestDb, sql: &str) -> String {
    db.rows(sql, &[])[0][0].clone().unwrap_or_default()
}

/// `change` applied to `table` in a transaction, committed if it succeeds.
fn alter(
    db: &mut TestDb,
    table: &str,
    change: impl FnOnce(&mut Blueprint),
) -> migrate_core::Result<()> {
    in_transaction(db, |s| s.table(table, change))
}

/// `work` in a transaction, as a migration runs: committed if it succeeds, else undone.
fn in_transaction(
    db: &mut TestDb,
    work: impl FnOnce(&mut Schema) -> migrate_core::Result<()>,
) -> migrate_core::Result<()> {
    db.conn.begin().unwrap();
    let result = work(&mut Schema::new(&mut db.conn));
    match &result {
        Ok(()) => db.conn.commit().unwrap(),
        Err(_) => db.conn.rollback().unwrap(),
    }
    result
}

/// Every row of `categories`, as one text: (id, parent_id, name) in id order, hashed down to
/// counts and sums so 100,000 rows compare cheaply but exactly.
fn fingerprint(db: &mut TestDb) -> String {
    one(
        db,
        "select count(*) || ':' || count(parent_id) || ':' || total(parent_id * id) || ':' || \
         total(length(name)) || ':' || coalesce(max(id), 0) from categories",
    )
}

/// `categories`, a tree of 100,000 rows whose `parent_id` references the table itself with
/// `on_delete`, plus a `products` child that cascades: foreign keys enforced.
fn tree(on_delete: ReferentialAction) -> TestDb {
    let mut db = support::sqlite();
    db.execute("pragma foreign_keys = on");
    let mut s = Schema::new(&mut db.conn);
    s.create("categories", |t| {
        t.increments("id");
        t.string("name", 100);
        t.unsigned_integer("parent_id")
            .nullable()
            .default(1)
            .index();
        t.foreign("parent_id").on("categories").on_delete(on_delete);
    })
    .unwrap();
    db.execute(&format!(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < {ROWS}) \
         insert into categories (id, name, parent_id) \
         select i, 'category ' || i, case when i > 1 then i / 2 end from n"
    ));
    db
}

fn a_self_referencing_table_keeps_every_row(on_delete: ReferentialAction) {
    let mut db = tree(on_delete);
    let before = fingerprint(&mut db);
    let keys_before = describe(&mut db, "categories").foreign_keys;

    alter(&mut db, "categories", |t| {
        t.string("name", 100).nullable().change();
    })
    .unwrap_or_else(|e| panic!("{on_delete:?}: {e}"));

    assert_eq!(fingerprint(&mut db), before, "{on_delete:?}: rows");
    assert!(before.starts_with(&format!("{ROWS}:{}:", ROWS - 1)));
    let table = describe(&mut db, "categories");
    assert_eq!(table.foreign_keys, keys_before, "{on_delete:?}: keys");
    assert!(
        table.column("name").nullable,
        "{on_delete:?}: the change applied"
    );
    assert!(db
        .rows("select * from pragma_foreign_key_check", &[])
        .is_empty());
    // The key still works on the rebuilt table, with its action.
    let deleted = "delete from categories where id = 2";
    match on_delete {
        ReferentialAction::Cascade => {
            db.execute(deleted);
            assert_eq!(
                one(
                    &mut db,
                    "select count(*) from categories where id in (4, 5, 8)"
                ),
                "0"
            );
        }
        ReferentialAction::SetNull => {
            db.execute(deleted);
            assert_eq!(
                one(
                    &mut db,
                    "select count(*) from categories where parent_id is null"
                ),
                "3"
            );
        }
        ReferentialAction::SetDefault => {
            db.execute(deleted);
            // 4 and 5 lost their parent and took the default, 1, beside 3.
            assert_eq!(
                one(
                    &mut db,
                    "select group_concat(id) from categories where parent_id = 1"
                ),
                "3,4,5"
            );
        }
        _ => assert!(db.conn.batch_execute(deleted).is_err(), "{on_delete:?}"),
    }
}

#[test]
fn a_self_referencing_table_cascading_on_delete_keeps_every_row() {
    a_self_referencing_table_keeps_every_row(ReferentialAction::Cascade);
}

#[test]
fn a_self_referencing_table_setting_null_on_delete_keeps_every_value() {
    a_self_referencing_table_keeps_every_row(ReferentialAction::SetNull);
}

#[test]
fn a_self_referencing_table_setting_the_default_on_delete_keeps_every_value() {
    a_self_referencing_table_keeps_every_row(ReferentialAction::SetDefault);
}

#[test]
fn a_self_referencing_table_with_no_action_is_rebuilt() {
    a_self_referencing_table_keeps_every_row(ReferentialAction::NoAction);
}

#[test]
fn a_self_referencing_table_restricting_deletes_is_rebuilt() {
    a_self_referencing_table_keeps_every_row(ReferentialAction::Restrict);
}

#[test]
fn a_foreign_key_to_itself_added_by_a_rebuild_keeps_every_row() {
    let mut db = support::sqlite();
    db.execute("pragma foreign_keys = on");
    db.execute("create table nodes (id integer primary key, parent_id integer)");
    db.execute(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000) \
         insert into nodes (id, parent_id) select i, case when i > 1 then i - 1 end from n",
    );
    alter(&mut db, "nodes", |t| {
        t.foreign("parent_id").on("nodes").cascade_on_delete();
    })
    .unwrap();
    assert_eq!(
        one(
            &mut db,
            "select count(*) || ':' || count(parent_id) from nodes"
        ),
        "1000:999"
    );
    assert_eq!(describe(&mut db, "nodes").foreign_keys.len(), 1);
}

/// A table with a partial index that mentions `'name'` only as a string, an expression index
/// over another column, and a view and a trigger.
fn with_dependents() -> TestDb {
    let mut db = support::sqlite();
    db.execute("pragma foreign_keys = on");
    let mut s = Schema::new(&mut db.conn);
    s.create("people", |t| {
        t.increments("id");
        t.string("name", 100).index();
        t.string("kind", 20);
        t.string("email", 100);
    })
    .unwrap();
    db.execute(
        "create index people_kind_partial on people (kind) where kind <> 'name';\
         create index people_email_lower on people (lower(email));\
         insert into people (name, kind, email) values ('a', 'x', 'A@x'), ('b', 'name', 'B@x')",
    );
    db
}

fn index_names(db: &mut TestDb) -> Vec<String> {
    db.rows(
        "select name from sqlite_master where type = 'index' and sql is not null order by name",
        &[],
    )
    .into_iter()
    .map(|r| r[0].clone().unwrap())
    .collect()
}

#[test]
fn indexes_that_only_mention_a_dropped_column_in_a_string_survive() {
    let mut db = with_dependents();
    alter(&mut db, "people", |t| t.drop_column("name")).unwrap();
    assert_eq!(
        index_names(&mut db),
        ["people_email_lower", "people_kind_partial"],
        "the index on `name` goes with it; the others stay"
    );
    assert_eq!(one(&mut db, "select count(*) from people"), "2");
}

#[test]
fn dropping_a_column_a_view_selects_is_refused_naming_the_view() {
    let mut db = with_dependents();
    db.execute("create view people_names as select id, name from people");
    let before = one(&mut db, "select group_concat(sql, ';') from sqlite_master");
    let error = alter(&mut db, "people", |t| t.drop_column("name")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid schema: cannot drop column `name` of `people`: view `people_names` uses it (drop or change it \
         first, in this migration)"
    );
    assert_eq!(
        one(&mut db, "select group_concat(sql, ';') from sqlite_master"),
        before
    );
    assert_eq!(one(&mut db, "select count(*) from people_names"), "2");
}

#[test]
fn dropping_a_column_a_trigger_uses_is_refused_naming_the_trigger() {
    let mut db = with_dependents();
    db.execute(
        "create table log (line text);\
         create trigger people_log after insert on people begin \
         insert into log (line) values (new.name); end",
    );
    let error = alter(&mut db, "people", |t| t.drop_column("name")).unwrap_err();
    assert!(
        error.to_string().contains("trigger `people_log` uses it"),
        "{error}"
    );
    assert_eq!(
        describe(&mut db, "people").column_names(),
        ["id", "name", "kind", "email"]
    );
}

#[test]
fn a_misspelled_index_column_is_an_error_not_an_index_on_a_string() {
    let mut db = with_dependents();
    for (what, error) in [
        (
            "unique",
            alter(&mut db, "people", |t| {
                t.unique(["emial"]);
            }),
        ),
        (
            "index",
            alter(&mut db, "people", |t| {
                t.index(["nope"]);
            }),
        ),
    ] {
        let error = error.expect_err(what).to_string();
        assert!(error.contains("no such column"), "{what}: {error}");
    }
    let error = in_transaction(&mut db, |s| {
        s.create("other", |t| {
            t.string("email", 100);
            t.unique(["emial"]);
        })
    })
    .unwrap_err();
    assert!(
        error.to_string().contains("no such column: emial"),
        "{error}"
    );
    assert_eq!(tables(&mut db), ["people"]);
}

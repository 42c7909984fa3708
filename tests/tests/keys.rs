//! UUID and ULID foreign keys, deferrable keys and the drops of Laravel's column helpers,
//! executed on every backend and read back from the database.

use migrate_core::model::SchemaModel;
use migrate_core::schema::Deferrable;
use migrate_core::{introspect, Blueprint, Dialect, MigrationConnection, Schema};

use crate::support::{backend_test, TestDb};

fn parents(t: &mut Blueprint) {
    t.uuid("id").primary();
    t.ulid("code").unique();
}

fn children(t: &mut Blueprint) {
    t.increments("id");
    t.foreign_uuid("parent_id")
        .constrained_to("parents", "id")
        .initially_deferred();
    t.foreign_ulid("parent_code")
        .nullable()
        .constrained_to("parents", "code")
        .name("children_code")
        .deferrable();
}

/// Whether each foreign key of `table` is deferrable and initially deferred, by name, as
/// `pg_constraint` says.
fn pg_deferrability(db: &mut TestDb, table: &str) -> Vec<Vec<Option<String>>> {
    db.rows(
        "select conname::text, condeferrable::text, condeferred::text from pg_constraint \
         where contype = 'f' and conrelid = $1::regclass order by conname",
        &[table],
    )
}

backend_test!(deferrable_foreign_keys_are_checked_at_commit, |db| {
    let dialect = db.dialect();
    let mut s = Schema::new(&mut db.conn);
    s.create("parents", parents).unwrap();
    let created = s.create("children", children);
    drop(s);
    if dialect == Dialect::Mysql {
        assert_eq!(
            created.unwrap_err().to_string(),
            "MySQL does not support deferrable foreign keys (`children_parent_id_foreign`: \
             `deferrable()`, `initially_deferred()`); it checks every foreign key at once"
        );
        assert!(!crate::introspect::tables(&mut db).contains(&"children".to_owned()));
        return;
    }
    created.unwrap_or_else(|e| panic!("{e}"));
    if dialect == Dialect::Postgres {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            pg_deferrability(&mut db, "children"),
            [
                vec![some("children_code"), some("true"), some("false")],
                vec![
                    some("children_parent_id_foreign"),
                    some("true"),
                    some("true")
                ],
            ]
        );
    }
    // The model read back says the same, and matches the replayed one.
    let model = introspect(&mut db.conn).unwrap();
    let keys: Vec<(&str, Deferrable)> = model.tables["children"]
        .foreign_keys
        .iter()
        .map(|f| (f.columns[0].as_str(), f.deferrable))
        .collect();
    assert_eq!(
        keys,
        [
            ("parent_code", Deferrable::InitiallyImmediate),
            ("parent_id", Deferrable::InitiallyDeferred),
        ]
    );
    let mut replayed_parents = Blueprint::create("parents");
    parents(&mut replayed_parents);
    let mut replayed_children = Blueprint::create("children");
    children(&mut replayed_children);
    let replayed = SchemaModel::from_blueprints([replayed_parents, replayed_children])
        .unwrap()
        .normalized(dialect)
        .unwrap();
    assert_eq!(
        replayed.tables["children"].foreign_keys,
        model.tables["children"]
            .foreign_keys
            .iter()
            .cloned()
            .map(|mut f| {
                if dialect == Dialect::Sqlite {
                    f.name.clear();
                }
                f
            })
            .collect::<Vec<_>>()
    );
    // A child inserted before its parent waits for the commit to be checked.
    if dialect == Dialect::Sqlite {
        db.execute("pragma foreign_keys = on");
    }
    let uuid = "7f1b7e3c-1d2a-4c5b-9e8f-0a1b2c3d4e5f";
    db.execute(&format!(
        "begin; insert into children (parent_id) values ('{uuid}'); \
         insert into parents (id, code) values ('{uuid}', '01HZY8J5V3N9Q2W4E6R8T0Y2U4'); commit"
    ));
    // PostgreSQL lets a transaction defer the initially immediate key by name.
    if dialect == Dialect::Postgres {
        db.execute(
            "begin; set constraints children_code deferred; \
             insert into children (parent_id, parent_code) values \
             ('7f1b7e3c-1d2a-4c5b-9e8f-0a1b2c3d4e5f', '01HZY8J5V3N9Q2W4E6R8T0Y2U5'); \
             insert into parents (id, code) values \
             ('8f1b7e3c-1d2a-4c5b-9e8f-0a1b2c3d4e5f', '01HZY8J5V3N9Q2W4E6R8T0Y2U5'); commit",
        );
    }
    // Without that, the initially immediate key is checked at once.
    let early = db.conn.batch_execute(&format!(
        "insert into children (parent_id, parent_code) values ('{uuid}', 'NOPE')"
    ));
    assert!(early.is_err(), "an immediate key let a missing parent in");
});

backend_test!(drops_undo_the_column_helpers, |db| {
    let mut s = Schema::new(&mut db.conn);
    s.create("users", |t| {
        t.increments("id");
        t.morphs("owner");
        t.timestamps_tz();
        t.remember_token();
        t.string("email", 100);
    })
    .unwrap();
    drop(s);
    let users = crate::introspect::describe(&mut db, "users");
    assert_eq!(
        users.column_names(),
        [
            "id",
            "owner_type",
            "owner_id",
            "created_at",
            "updated_at",
            "remember_token",
            "email"
        ]
    );
    let token = users.column("remember_token");
    assert!(token.nullable);
    let mut s = Schema::new(&mut db.conn);
    s.table("users", |t| {
        t.drop_morphs("owner");
        t.drop_timestamps_tz();
        t.drop_remember_token();
    })
    .unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    let users = crate::introspect::describe(&mut db, "users");
    assert_eq!(users.column_names(), ["id", "email"]);
    assert_eq!(users.index_summary(), []);
});

//! Laravel's remaining column types and helpers, executed on every backend and read back:
//! what the database reports, what `introspect` makes of it, and the replayed model.

use migrate_core::model::SchemaModel;
use migrate_core::schema::ColumnType;
use migrate_core::{introspect, Blueprint, Dialect, MigrationConnection, Schema};

use crate::support::{backend_test, TestDb};

fn devices(t: &mut Blueprint, dialect: Dialect) {
    t.medium_increments("id");
    t.ulid("public_id").unique();
    t.mac_address("mac");
    t.native_uuid("uuid").nullable();
    t.remember_token();
    match dialect {
        Dialect::Mysql => {
            t.set("flags", ["pinned", "hot"]).default("pinned");
            t.string("secret", 20).nullable().invisible();
        }
        Dialect::Postgres => {
            t.tsvector("search").nullable();
        }
        Dialect::Sqlite => {}
    }
}

/// The replayed model of `devices`, as introspecting `dialect` would read it.
fn replayed(dialect: Dialect) -> SchemaModel {
    let mut t = Blueprint::create("devices");
    devices(&mut t, dialect);
    SchemaModel::from_blueprints([t])
        .unwrap()
        .normalized(dialect)
        .unwrap()
}

fn value(db: &mut TestDb, sql: &str) -> String {
    db.rows(sql, &[]).remove(0).remove(0).unwrap_or_default()
}

backend_test!(helper_types_are_read_back_as_declared, |db| {
    let dialect = db.dialect();
    let mut s = Schema::new(&mut db.conn);
    s.create("devices", |t| devices(t, dialect))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    let model = introspect(&mut db.conn).unwrap();
    let table = &model.tables["devices"];
    assert_eq!(table, &replayed(dialect).tables["devices"]);
    let ty = |name: &str| table.column(name).unwrap().ty.clone();
    db.execute(
        "insert into devices (public_id, mac) values ('01HZY8J5V3N9Q2W4E6R8T0Y2U4', '08-00-2B-01-02-03')",
    );
    let sql = format!("select {} from devices", db.text("mac"));
    let mac = value(&mut db, &sql);
    match dialect {
        Dialect::Postgres => {
            assert_eq!(ty("mac"), ColumnType::MacAddress);
            assert_eq!(ty("uuid"), ColumnType::Uuid);
            assert_eq!(ty("search"), ColumnType::TsVector);
            // `macaddr` checks and normalizes the address.
            assert_eq!(mac, "08:00:2b:01:02:03");
            assert!(db
                .conn
                .batch_execute("insert into devices (public_id, mac) values ('x', 'not a mac')")
                .is_err());
            db.execute("update devices set search = to_tsvector('english', 'the cats sat')");
            assert_eq!(
                value(
                    &mut db,
                    "select count(*)::text from devices where search @@ to_tsquery('english', 'cat')"
                ),
                "1"
            );
        }
        Dialect::Mysql => {
            assert_eq!(ty("mac"), ColumnType::String(17));
            assert_eq!(ty("uuid"), ColumnType::NativeUuid);
            assert_eq!(
                ty("flags"),
                ColumnType::Set(vec!["pinned".into(), "hot".into()])
            );
            assert!(table.column("secret").unwrap().invisible);
            assert_eq!(
                value(
                    &mut db,
                    "select cast(column_type as char) from information_schema.columns \
                     where table_schema = database() and table_name = 'devices' and column_name = 'flags'"
                ),
                "set('pinned','hot')"
            );
            db.execute("update devices set flags = 'hot,pinned', secret = 's'");
            assert_eq!(value(&mut db, "select flags from devices"), "pinned,hot");
            // `select *` leaves the invisible column out; naming it reads it.
            let all = db.rows("select * from devices", &[]);
            assert!(!all[0].contains(&Some("s".to_owned())));
            assert_eq!(value(&mut db, "select secret from devices"), "s");
            assert_eq!(mac, "08-00-2B-01-02-03");
        }
        Dialect::Sqlite => {
            assert_eq!(mac, "08-00-2B-01-02-03");
        }
    }
});

#[cfg(feature = "mysql")]
#[test]
fn after_groups_place_columns_in_order_on_mysql() {
    let mut db = crate::support::mysql();
    let mut s = Schema::new(&mut db.conn);
    s.create("users", |t| {
        t.increments("id");
        t.string("email", 100);
        t.timestamps();
    })
    .unwrap();
    s.table("users", |t| {
        t.after("email", |t| {
            t.string("line1", 100);
            t.string("line2", 100).nullable();
            t.string("city", 100);
        });
    })
    .unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    let users = crate::introspect::describe(&mut db, "users");
    assert_eq!(
        users.column_names(),
        [
            "id",
            "email",
            "line1",
            "line2",
            "city",
            "created_at",
            "updated_at"
        ]
    );
}

backend_test!(temporary_tables_live_with_their_connection, |db| {
    let dialect = db.dialect();
    let mut s = Schema::new(&mut db.conn);
    s.create("scratch", |t| {
        t.temporary();
        t.integer("n");
    })
    .unwrap_or_else(|e| panic!("{e}"));
    drop(s);
    db.execute("insert into scratch (n) values (7)");
    let sql = format!("select {} from scratch", db.text("n"));
    assert_eq!(value(&mut db, &sql), "7");
    if dialect == Dialect::Postgres {
        assert_eq!(
            value(
                &mut db,
                "select relpersistence::text from pg_class where oid = 'scratch'::regclass"
            ),
            "t"
        );
    }
    // Not a table of the schema: other connections do not see it.
    assert!(!crate::introspect::tables(&mut db).contains(&"scratch".to_owned()));
    let mut other = db.connect();
    assert!(other.batch_execute("select n from scratch").is_err());
});

//! Adding an auto-increment or primary key column to an existing table, and dropping a
//! primary key, leave the same table on every server: rows kept, key columns NOT NULL (SQLite
//! rebuilds the table, since `ALTER TABLE ADD COLUMN` cannot add a key).

use migrate_core::Dialect;

use super::{schema, schema_error, value};
use crate::support::{backend_test, TestDb};

/// Whether the database itself allows NULL in `table.column` (not what a key implies).
fn declared_nullable(db: &mut TestDb, table: &str, column: &str) -> bool {
    let sql = match db.dialect() {
        Dialect::Sqlite => {
            "select cast(\"notnull\" = 0 as text) from pragma_table_info(?1) where name = ?2"
        }
        Dialect::Postgres => {
            "select case when is_nullable = 'YES' then '1' else '0' end \
             from information_schema.columns \
             where table_schema = current_schema() and table_name = $1 and column_name = $2"
        }
        Dialect::Mysql => {
            "select case when is_nullable = 'YES' then '1' else '0' end \
             from information_schema.columns \
             where table_schema = database() and table_name = ? and column_name = ?"
        }
    };
    let rows = db.rows(sql, &[table, column]);
    assert_eq!(rows.len(), 1, "{table}.{column}");
    rows[0][0].as_deref() == Some("1")
}

fn ids(db: &mut TestDb, table: &str, key: &str, order: &str) -> Vec<String> {
    let text = db.text(key);
    db.rows(&format!("select {text} from {table} order by {order}"), &[])
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect()
}

backend_test!(
    an_auto_increment_column_is_added_to_a_table_with_rows,
    |db| {
        schema(&mut db, |s| {
            s.create("tags", |t| {
                t.string("name", 20);
            })
        });
        db.execute("insert into tags (name) values ('a'), ('b'), ('c')");
        schema(&mut db, |s| {
            s.table("tags", |t| {
                t.increments("id");
            })
        });
        // Every row kept, numbered; the column is the key and goes on counting.
        assert_eq!(ids(&mut db, "tags", "id", "name"), ["1", "2", "3"]);
        db.execute("insert into tags (name) values ('d')");
        let text = db.text("id");
        assert_eq!(
            value(
                &mut db,
                &format!("select {text} from tags where name = 'd'")
            )
            .as_deref(),
            Some("4")
        );
        let table = crate::introspect::describe(&mut db, "tags");
        assert_eq!(table.primary_key(), ["id"]);
        assert!(!declared_nullable(&mut db, "tags", "id"));

        // A second key is refused, by us or by the server.
        let error = schema_error(&mut db, |s| {
            s.table("tags", |t| {
                t.big_increments("other");
            })
        });
        assert!(
            error.to_lowercase().contains("primary key") || error.contains("auto"),
            "{error}"
        );
    }
);

backend_test!(
    primary_keys_added_and_dropped_keep_their_columns_not_null,
    |db| {
        schema(&mut db, |s| {
            s.create("codes", |t| {
                t.string("code", 10).nullable();
                t.string("label", 20);
            })
        });
        db.execute("insert into codes (code, label) values ('x', 'one'), ('y', 'two')");
        assert!(declared_nullable(&mut db, "codes", "code"));
        schema(&mut db, |s| {
            s.table("codes", |t| {
                t.primary("code");
            })
        });
        assert!(!declared_nullable(&mut db, "codes", "code"), "added key");
        assert_eq!(ids(&mut db, "codes", "code", "code"), ["x", "y"]);
        schema(&mut db, |s| s.table("codes", |t| t.drop_primary()));
        assert!(crate::introspect::describe(&mut db, "codes")
            .primary_key()
            .is_empty());
        assert!(
            !declared_nullable(&mut db, "codes", "code"),
            "after drop_primary"
        );
        assert_eq!(ids(&mut db, "codes", "code", "code"), ["x", "y"]);
    }
);

backend_test!(
    a_primary_key_column_is_added_to_a_table_without_rows,
    |db| {
        schema(&mut db, |s| {
            s.create("slugs", |t| {
                t.string("label", 20);
            })
        });
        schema(&mut db, |s| {
            s.table("slugs", |t| {
                t.string("slug", 20).primary();
            })
        });
        assert_eq!(
            crate::introspect::describe(&mut db, "slugs").primary_key(),
            ["slug"]
        );
        assert!(!declared_nullable(&mut db, "slugs", "slug"));
    }
);

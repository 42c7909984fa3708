//! `drop_primary` drops the primary key the table has, whatever it is named now: after the
//! table was renamed (PostgreSQL keeps `<old name>_pkey`), and for a name so long that the
//! key's name was cut.

use migrate_core::Schema;

use crate::introspect::describe;
use crate::support::{backend_test, TestDb};

fn primary_key(db: &mut TestDb, table: &str) -> Vec<String> {
    describe(db, table)
        .indexes
        .into_iter()
        .filter(|i| i.primary)
        .flat_map(|i| i.columns)
        .collect()
}

fn create_keyed(db: &mut TestDb, table: &str) {
    Schema::new(&mut db.conn)
        .create(table, |t| {
            t.string("code", 10);
            t.string("name", 10).nullable();
            t.primary("code");
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(primary_key(db, table), ["code"]);
}

backend_test!(drop_primary_after_the_table_was_renamed, |db| {
    create_keyed(&mut db, "keyed_before");
    let mut schema = Schema::new(&mut db.conn);
    schema.rename("keyed_before", "keyed_after").unwrap();
    schema
        .table("keyed_after", |t| t.drop_primary())
        .unwrap_or_else(|e| panic!("{e}"));
    drop(schema);
    assert_eq!(primary_key(&mut db, "keyed_after"), Vec::<String>::new());
    // And a key can be added again, under the new name.
    Schema::new(&mut db.conn)
        .table("keyed_after", |t| {
            t.primary("code");
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(primary_key(&mut db, "keyed_after"), ["code"]);
});

backend_test!(drop_primary_of_a_table_with_a_60_byte_name, |db| {
    let table = "k".repeat(60);
    create_keyed(&mut db, &table);
    Schema::new(&mut db.conn)
        .table(&table, |t| t.drop_primary())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(primary_key(&mut db, &table), Vec::<String>::new());
});

backend_test!(drop_primary_of_a_table_without_one_says_so, |db| {
    Schema::new(&mut db.conn)
        .create("keyless", |t| {
            t.integer("a");
        })
        .unwrap();
    let error = Schema::new(&mut db.conn)
        .table("keyless", |t| t.drop_primary())
        .unwrap_err()
        .to_string();
    assert!(error.contains("keyless"), "{error}");
});

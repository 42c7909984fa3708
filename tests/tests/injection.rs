//! Hostile names and values are stored verbatim and never run as SQL.

use migrate_core::Migrator;

use crate::fixtures::{self, hostile};
use crate::introspect::{describe, tables};
use crate::support::backend_test;

backend_test!(hostile_names_and_defaults_round_trip_verbatim, |db| {
    let migrator = Migrator::new().module(fixtures::module("hostile"));
    migrator.run(&mut db.conn).unwrap();

    let mut expected_tables = vec![hostile::TABLE.to_owned()];
    expected_tables.sort();
    assert_eq!(tables(&mut db), expected_tables);

    let table = describe(&mut db, hostile::TABLE);
    let mut names = vec!["id"];
    names.extend(hostile::COLUMNS);
    assert_eq!(table.column_names(), names);
    assert!(table
        .indexes
        .iter()
        .any(|i| i.columns == [hostile::COLUMNS[1]] && i.unique));

    // The default is stored as the exact string: insert a row that relies on it and read it back.
    let t = db.quote(hostile::TABLE);
    let select = db.quote("select");
    db.execute(&format!("insert into {t} ({select}) values ('x')"));
    let rows = db.rows(
        &format!(
            "select {}, {} from {t}",
            db.quote(hostile::COLUMNS[0]),
            db.text(&db.quote(hostile::COLUMNS[2]))
        ),
        &[],
    );
    assert_eq!(
        rows,
        [[Some(hostile::DEFAULT.to_owned()), Some("7".to_owned())]]
    );

    migrator.rollback(&mut db.conn, None).unwrap();
    assert!(tables(&mut db).is_empty());
});

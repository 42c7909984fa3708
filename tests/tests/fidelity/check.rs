//! `Migrator::check` and the schema model agree with the database about what issue 16
//! changed: unique constraints renamed and dropped, float and time precisions, keys added to
//! existing tables.

use migrate_core::{introspect, Migrator};

use crate::fixtures;
use crate::support::backend_test;

backend_test!(
    check_and_the_schema_model_follow_keys_and_precisions,
    |db| {
        let migrator = Migrator::new().module(fixtures::module("fidelity::reversible"));
        let report = migrator
            .check(&mut db.conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(report.is_ok(), "{report}");
        assert_eq!(report.passed.len(), 3, "{report}");

        // The check leaves the scratch database empty. Applied for real, the migrations give
        // what the replayed model says, precisions, key and nullability included.
        migrator.run(&mut db.conn).unwrap_or_else(|e| panic!("{e}"));
        let mut database = introspect(&mut db.conn).unwrap();
        database.tables.retain(|name, _| name == "members");
        let mut replayed = migrator
            .schema_model(None)
            .unwrap()
            .normalized(db.dialect())
            .unwrap();
        replayed.tables.retain(|name, _| name == "members");
        assert_eq!(replayed.diff(&database), Vec::<String>::new());
        assert_eq!(database.tables["members"].primary_key, ["code"]);
    }
);

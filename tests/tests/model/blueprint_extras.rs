//! Deferrable keys and Laravel's remaining types through the schema model: the squashed DDL,
//! diesel's `schema.rs`, the generated migrations, and the DDL executed and read back.

use migrate_core::model::SchemaModel;
use migrate_core::schema::Deferrable;
use migrate_core::{introspect, Blueprint, Dialect, MigrationConnection};

use crate::support::backend_test;

fn nodes() -> SchemaModel {
    let mut t = Blueprint::create("nodes");
    t.increments("id");
    t.foreign_id("parent_id")
        .nullable()
        .constrained_on("nodes")
        .initially_deferred();
    SchemaModel::from_blueprints([t]).unwrap()
}

#[test]
fn deferrability_reaches_the_ddl_and_the_generated_migrations() {
    let model = nodes();
    assert_eq!(
        model.to_ddl(Dialect::Postgres).unwrap(),
        [
            r#"create table "nodes" ("id" serial primary key not null, "parent_id" bigint null, constraint "nodes_parent_id_foreign" foreign key ("parent_id") references "nodes" ("id") deferrable initially deferred)"#
        ]
    );
    assert!(model.to_ddl(Dialect::Mysql).is_err());
    let source = &model.to_migrations()[0].source;
    assert!(source.contains(".initially_deferred();"), "{source}");
}

backend_test!(the_squashed_ddl_keeps_deferrability, |db| {
    let dialect = db.dialect();
    if dialect == Dialect::Mysql {
        return;
    }
    for statement in nodes().to_ddl(dialect).unwrap() {
        db.execute(&statement);
    }
    let model = introspect(&mut db.conn).unwrap();
    assert_eq!(
        model.tables["nodes"].foreign_keys[0].deferrable,
        Deferrable::InitiallyDeferred
    );
    assert_eq!(
        model.tables["nodes"],
        nodes().normalized(dialect).unwrap().tables["nodes"]
    );
});

#[test]
fn new_types_reach_diesel_and_the_generated_migrations() {
    let mut t = Blueprint::create("devices");
    t.increments("id");
    t.mac_address("mac");
    t.tsvector("search").nullable();
    t.native_uuid("uuid");
    let postgres = SchemaModel::from_blueprints([t]).unwrap();
    let schema = postgres.to_diesel(Dialect::Postgres).unwrap();
    assert!(schema.contains("mac -> Macaddr,"), "{schema}");
    assert!(schema.contains("search -> Nullable<Tsvector>,"), "{schema}");
    assert!(schema.contains("uuid -> Uuid,"), "{schema}");
    let source = &postgres.to_migrations()[0].source;
    for call in [
        r#"t.mac_address("mac");"#,
        r#"t.tsvector("search").nullable();"#,
        r#"t.native_uuid("uuid");"#,
    ] {
        assert!(source.contains(call), "{source}");
    }

    let mut t = Blueprint::create("flags");
    t.temporary();
    t.increments("id");
    t.set("flags", ["a", "b"]);
    t.string("secret", 10).invisible();
    let mysql = SchemaModel::from_blueprints([t]).unwrap();
    assert_eq!(
        mysql.to_ddl(Dialect::Mysql).unwrap(),
        ["create temporary table `flags` (`id` int unsigned not null auto_increment primary key, `flags` set('a', 'b') not null, `secret` varchar(10) not null invisible) engine = InnoDB default character set utf8mb4"]
    );
    let source = &mysql.to_migrations()[0].source;
    for call in [
        "t.temporary();",
        r#"t.set("flags", ["a", "b"]);"#,
        r#"t.string("secret", 10).invisible();"#,
    ] {
        assert!(source.contains(call), "{source}");
    }
}

#[test]
fn sqlite_reads_deferrability_from_column_references_too() {
    let mut conn = migrate_core::AnyConnection::establish("sqlite://:memory:").unwrap();
    conn.batch_execute(
        "create table p (id integer primary key); \
         create table c (a integer references p deferrable initially deferred, \
         b integer constraint k references p (id) on delete cascade deferrable)",
    )
    .unwrap();
    let model = introspect(&mut conn).unwrap();
    let keys: Vec<Deferrable> = model.tables["c"]
        .foreign_keys
        .iter()
        .map(|f| f.deferrable)
        .collect();
    assert_eq!(
        keys,
        [
            Deferrable::InitiallyDeferred,
            Deferrable::InitiallyImmediate
        ]
    );
}

//! Laravel's spatial columns and indexes, executed on every backend and read back: MariaDB
//! natively, PostgreSQL through PostGIS (installed in `public` by this test, refused clearly
//! where its types are not on the search path), SQLite refused.

use migrate_core::schema::{ColumnType, GeometryType, IndexKind};
#[cfg(any(feature = "postgres", feature = "mysql"))]
use migrate_core::Schema;
use migrate_core::{introspect, Blueprint, Dialect};

use crate::indexes::{count, refusal, replayed, run};
use crate::support::{backend_test, TestDb};

fn places(t: &mut Blueprint) {
    t.increments("id");
    t.geometry("position", GeometryType::Point, 4326)
        .spatial_index();
    t.geography("route", GeometryType::LineString, 4326)
        .nullable();
    t.geometry("area", GeometryType::Geometry, 0);
    t.spatial_index("area");
}

/// Puts PostGIS (installed once per database, in `public`) on `db`'s search path.
fn with_postgis(db: &mut TestDb) {
    db.execute("create extension if not exists postgis schema public");
    let schema = db
        .rows("select current_schema()::text", &[])
        .remove(0)
        .remove(0);
    let schema = schema.unwrap_or_default();
    db.execute(&format!("set search_path to \"{schema}\", public"));
}

backend_test!(spatial_columns_are_read_back_as_declared, |db| {
    let dialect = db.dialect();
    match dialect {
        Dialect::Sqlite => {
            assert_eq!(
                refusal(&mut db, true, "places", places),
                "SQLite does not support geometry and geography columns, which only MySQL, \
                 MariaDB and PostgreSQL with PostGIS have (SpatiaLite is an extension of its \
                 own) (column `position`)"
            );
            return;
        }
        Dialect::Postgres => with_postgis(&mut db),
        Dialect::Mysql => {}
    }
    run(&mut db, true, "places", places);
    let model = introspect(&mut db.conn).unwrap();
    let table = &model.tables["places"];
    let ty = |name: &str| table.column(name).unwrap().ty.clone();
    assert_eq!(
        ty("position"),
        ColumnType::Geometry {
            subtype: GeometryType::Point,
            srid: 4326
        }
    );
    // MySQL and MariaDB have no geography type: a geometry of the same shape and SRID.
    let route = match dialect {
        Dialect::Postgres => ColumnType::Geography {
            subtype: GeometryType::LineString,
            srid: 4326,
        },
        _ => ColumnType::Geometry {
            subtype: GeometryType::LineString,
            srid: 4326,
        },
    };
    assert_eq!(ty("route"), route);
    assert_eq!(
        ty("area"),
        ColumnType::Geometry {
            subtype: GeometryType::Geometry,
            srid: 0
        }
    );
    for index in ["places_position_spatialindex", "places_area_spatialindex"] {
        assert_eq!(table.indexes[index].kind, IndexKind::Spatial, "{index}");
    }
    let mut t = Blueprint::create("places");
    places(&mut t);
    assert_eq!(table, &replayed(dialect, vec![t]).tables["places"]);
    db.execute(
        "insert into places (position, area) values \
         (ST_GeomFromText('POINT(1 2)', 4326), ST_GeomFromText('POLYGON((0 0, 0 3, 3 3, 3 0, 0 0))'))",
    );
    let inside = "select id from places where ST_Contains(area, ST_GeomFromText('POINT(1 2)'))";
    assert_eq!(count(&mut db, inside), "1");
    let srid = format!("select {} from places", db.text("ST_SRID(position)"));
    assert_eq!(db.rows(&srid, &[])[0][0].as_deref(), Some("4326"));
    run(&mut db, false, "places", |t| {
        t.drop_spatial_index("places_area_spatialindex");
    });
    let model = introspect(&mut db.conn).unwrap();
    assert!(!model.tables["places"]
        .indexes
        .contains_key("places_area_spatialindex"));
});

#[cfg(feature = "postgres")]
#[test]
fn postgres_without_postgis_is_refused_naming_it() {
    // PostGIS may be installed in `public`, which this schema's search path leaves out.
    let mut db = crate::support::postgres();
    assert_eq!(
        refusal(&mut db, true, "places", places),
        "PostgreSQL does not support geometry columns (column `position`) without the PostGIS \
         extension: its `geometry` type is not installed in this database, or not on the search \
         path (`create extension postgis`)"
    );
    let mut s = Schema::new(&mut db.conn);
    assert!(!s.has_table("places").unwrap());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_refuses_a_nullable_column_in_a_spatial_index() {
    let mut db = crate::support::mysql();
    assert_eq!(
        refusal(&mut db, true, "places", |t| {
            t.geometry("position", GeometryType::Point, 0)
                .nullable()
                .spatial_index();
        }),
        "MySQL does not support a spatial index over the nullable column `position` (index \
         `places_position_spatialindex`): the columns of a spatial index must be NOT NULL; drop \
         `nullable()`"
    );
}

#[test]
fn the_schema_model_keeps_spatial_columns_and_indexes() {
    let mut t = Blueprint::create("places");
    places(&mut t);
    let model = migrate_core::model::SchemaModel::from_blueprints([t]).unwrap();
    let ddl = model.to_ddl(Dialect::Mysql).unwrap();
    assert_eq!(
        ddl,
        [
            "create table `places` (`id` int unsigned not null auto_increment primary key, `position` point srid 4326 not null, `route` linestring srid 4326 null, `area` geometry not null) engine = InnoDB default character set utf8mb4",
            "create spatial index `places_area_spatialindex` on `places` (`area`)",
            "create spatial index `places_position_spatialindex` on `places` (`position`)",
        ]
    );
    // diesel has no spatial SQL types of its own: said, not guessed.
    let diesel = model.to_diesel(Dialect::Postgres).unwrap_err().to_string();
    assert!(diesel.contains("position"), "{diesel}");
}

/// pgvector is not packaged for this Debian: where it is absent, a vector column or index is
/// refused before anything runs, naming it.
#[cfg(feature = "postgres")]
#[test]
fn postgres_without_pgvector_is_refused_naming_it() {
    let mut db = crate::support::postgres();
    let installed = !db
        .rows(
            "select 1::text from pg_available_extensions where name = 'vector'",
            &[],
        )
        .is_empty();
    if installed {
        // With pgvector installable, the column is created and read back instead.
        db.execute("create extension if not exists vector schema public");
        let schema = db
            .rows("select current_schema()::text", &[])
            .remove(0)
            .remove(0);
        db.execute(&format!(
            "set search_path to \"{}\", public",
            schema.unwrap_or_default()
        ));
        run(&mut db, true, "documents", |t| {
            t.vector("embedding", 3);
            t.vector_index("embedding");
        });
        let model = introspect(&mut db.conn).unwrap();
        let table = &model.tables["documents"];
        assert_eq!(
            table.column("embedding").unwrap().ty,
            ColumnType::Vector { dimensions: 3 }
        );
        let index = &table.indexes["documents_embedding_vectorindex"];
        assert_eq!(index.kind, IndexKind::Vector);
        return;
    }
    assert_eq!(
        refusal(&mut db, true, "documents", |t| {
            t.increments("id");
            t.vector("embedding", 1536);
        }),
        "PostgreSQL does not support vector columns (column `embedding`) without the pgvector \
         extension: its `vector` type is not installed in this database, or not on the search \
         path (`create extension vector`)"
    );
    run(&mut db, true, "documents", |t| {
        t.increments("id");
        t.text("body");
    });
    assert_eq!(
        refusal(&mut db, false, "documents", |t| {
            t.vector_index("body");
        }),
        "PostgreSQL does not support vector indexes (index `documents_body_vectorindex`) without \
         the pgvector extension: its `hnsw` access method is not installed in this database \
         (`create extension vector`)"
    );
    let mut s = Schema::new(&mut db.conn);
    assert!(!s
        .has_index("documents", "documents_body_vectorindex")
        .unwrap());
}

backend_test!(vector_columns_are_refused_outside_postgres, |db| {
    let dialect = db.dialect();
    if dialect == Dialect::Postgres {
        return;
    }
    assert_eq!(
        refusal(&mut db, true, "documents", |t| {
            t.increments("id");
            t.vector("embedding", 1536);
        }),
        format!(
            "{dialect} does not support vector columns, which only PostgreSQL has (with the \
             pgvector extension) (column `embedding`)"
        )
    );
});

//! Golden SQL of Laravel's spatial columns and indexes on every dialect: `geometry` and
//! `geography` with a shape and an SRID, `spatial_index` and its column form.

use migrate_core::schema::grammar::MysqlGrammar;
use migrate_core::schema::{GeometryType, Grammar};
use migrate_core::Blueprint;
use migrate_core::Dialect::{Mysql, Postgres, Sqlite};

use super::{error, sql};

fn places(t: &mut Blueprint) {
    t.geometry("position", GeometryType::Point, 4326)
        .spatial_index();
    t.geometry("area", GeometryType::Geometry, 0);
    t.geography("route", GeometryType::LineString, 4326);
    t.spatial_index("area");
}

#[test]
fn spatial_columns_and_indexes() {
    assert_eq!(
        sql(Postgres, true, "places", places),
        [
            r#"create table "places" ("position" geometry(point, 4326) not null, "area" geometry not null, "route" geography(linestring, 4326) not null)"#,
            r#"create index "places_area_spatialindex" on "places" using gist ("area")"#,
            r#"create index "places_position_spatialindex" on "places" using gist ("position")"#,
        ]
    );
    assert_eq!(
        sql(Mysql, true, "places", places),
        [
            "create table `places` (`position` point srid 4326 not null, `area` geometry not null, `route` linestring srid 4326 not null) engine = InnoDB default character set utf8mb4",
            "create spatial index `places_area_spatialindex` on `places` (`area`)",
            "create spatial index `places_position_spatialindex` on `places` (`position`)",
        ]
    );
    let mut t = Blueprint::create("places");
    places(&mut t);
    assert_eq!(
        MysqlGrammar::mariadb().compile(&t).unwrap()[0],
        "create table `places` (`position` point ref_system_id=4326 not null, `area` geometry not null, `route` linestring ref_system_id=4326 not null) engine = InnoDB default character set utf8mb4"
    );
    assert_eq!(
        error(Sqlite, true, "places", places),
        "SQLite does not support geometry and geography columns, which only MySQL, MariaDB and \
         PostgreSQL with PostGIS have (SpatiaLite is an extension of its own) (column `position`)"
    );
}

#[test]
fn spatial_indexes_on_mysql_need_not_null_columns() {
    assert_eq!(
        error(Mysql, false, "places", |t| {
            t.geometry("position", GeometryType::Point, 0)
                .nullable()
                .spatial_index();
        }),
        "MySQL does not support a spatial index over the nullable column `position` (index \
         `places_position_spatialindex`): the columns of a spatial index must be NOT NULL; drop \
         `nullable()`"
    );
    // PostgreSQL's GiST indexes nulls.
    assert_eq!(
        sql(Postgres, false, "places", |t| {
            t.geometry("position", GeometryType::Point, 0)
                .nullable()
                .spatial_index();
        }),
        [
            r#"alter table "places" add column "position" geometry(point) null"#,
            r#"create index "places_position_spatialindex" on "places" using gist ("position")"#,
        ]
    );
}

#[test]
fn dropping_spatial_indexes() {
    let drop = |t: &mut Blueprint| t.drop_spatial_index("places_area_spatialindex");
    assert_eq!(
        sql(Mysql, false, "places", drop),
        ["alter table `places` drop index `places_area_spatialindex`"]
    );
    assert_eq!(
        sql(Postgres, false, "places", drop),
        [r#"drop index "places_area_spatialindex""#]
    );
    assert_eq!(
        error(Sqlite, false, "places", |t| {
            t.spatial_index("area");
        }),
        "SQLite does not support spatial indexes (`spatial_index`, index `places_area_spatialindex`)"
    );
}

#[test]
fn vector_columns_and_indexes() {
    let documents = |t: &mut Blueprint| {
        t.vector("embedding", 1536).nullable();
        t.vector_index("embedding");
    };
    assert_eq!(
        sql(Postgres, false, "documents", documents),
        [
            r#"alter table "documents" add column "embedding" vector(1536) null"#,
            r#"create index "documents_embedding_vectorindex" on "documents" using hnsw ("embedding" vector_cosine_ops)"#,
        ]
    );
    for (dialect, name) in [(Mysql, "MySQL"), (Sqlite, "SQLite")] {
        assert_eq!(
            error(dialect, false, "documents", documents),
            format!(
                "{name} does not support vector columns, which only PostgreSQL has (with the \
                 pgvector extension) (column `embedding`)"
            )
        );
        assert_eq!(
            error(dialect, false, "documents", |t| {
                t.vector_index("embedding");
            }),
            format!(
                "{name} does not support vector indexes (`vector_index`, index \
                 `documents_embedding_vectorindex`), which only PostgreSQL has (with the \
                 pgvector extension)"
            )
        );
    }
    assert_eq!(
        error(Postgres, false, "documents", |t| {
            t.vector("embedding", 0);
        }),
        "invalid schema: column `embedding`: a vector has 1 to 16000 dimensions (pgvector's \
         limit), not 0"
    );
    assert_eq!(
        sql(Postgres, false, "documents", |t| {
            t.drop_vector_index("documents_embedding_vectorindex");
        }),
        [r#"drop index "documents_embedding_vectorindex""#]
    );
}

//! Spatial columns, as Laravel's Blueprint has them: `geometry` and `geography` with a
//! subtype and an SRID. MySQL and MariaDB have them natively, PostgreSQL through PostGIS
//! (checked on the server before anything runs), SQLite not at all.

use std::fmt;

use super::blueprint::Blueprint;
use super::column::{ColumnDefinition, ColumnType};

/// The kind of shape a spatial column holds (`Geometry`: any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeometryType {
    /// Any shape.
    Geometry,
    /// A point.
    Point,
    /// A line of connected points.
    LineString,
    /// A polygon.
    Polygon,
    /// Several points.
    MultiPoint,
    /// Several lines.
    MultiLineString,
    /// Several polygons.
    MultiPolygon,
    /// Shapes of any kinds.
    GeometryCollection,
}

const ALL: [GeometryType; 8] = [
    GeometryType::Geometry,
    GeometryType::Point,
    GeometryType::LineString,
    GeometryType::Polygon,
    GeometryType::MultiPoint,
    GeometryType::MultiLineString,
    GeometryType::MultiPolygon,
    GeometryType::GeometryCollection,
];

impl GeometryType {
    /// The type's name in SQL, lowercase: `point`, `multipolygon`, ...
    pub fn sql(self) -> &'static str {
        match self {
            GeometryType::Geometry => "geometry",
            GeometryType::Point => "point",
            GeometryType::LineString => "linestring",
            GeometryType::Polygon => "polygon",
            GeometryType::MultiPoint => "multipoint",
            GeometryType::MultiLineString => "multilinestring",
            GeometryType::MultiPolygon => "multipolygon",
            GeometryType::GeometryCollection => "geometrycollection",
        }
    }

    /// The type named `name` in any case (`Point`, `POINT`), if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        ALL.into_iter()
            .find(|t| t.sql().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for GeometryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sql())
    }
}

impl Blueprint {
    /// A spatial column of shapes on a plane: `geometry(point, 4326)` on PostgreSQL
    /// (PostGIS), `point srid 4326` on MySQL (`ref_system_id=4326` on MariaDB, picked when
    /// the statement runs), as Laravel's `geometry($column, $subtype, $srid)`. An `srid` of
    /// 0 says none. PostgreSQL needs the PostGIS extension (`create extension postgis`):
    /// without it the migration is refused before anything runs, naming PostGIS. SQLite has
    /// no spatial types: refused.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect, GeometryType};
    ///
    /// let mut t = Blueprint::alter("places");
    /// t.geometry("position", GeometryType::Point, 4326).spatial_index();
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [
    ///         r#"alter table "places" add column "position" geometry(point, 4326) not null"#,
    ///         r#"create index "places_position_spatialindex" on "places" using gist ("position")"#,
    ///     ],
    /// );
    /// assert_eq!(
    ///     t.to_sql(Dialect::Mysql).unwrap(),
    ///     [
    ///         "alter table `places` add column `position` point srid 4326 not null",
    ///         "create spatial index `places_position_spatialindex` on `places` (`position`)",
    ///     ],
    /// );
    /// ```
    pub fn geometry(
        &mut self,
        name: impl Into<String>,
        subtype: GeometryType,
        srid: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Geometry { subtype, srid })
    }

    /// A spatial column of shapes on the earth's sphere, measured in metres: PostGIS's
    /// `geography(point, 4326)` on PostgreSQL; MySQL and MariaDB have no such type and store
    /// a geometry (as Laravel does). Laravel's default SRID is 4326 (WGS 84). Refused on
    /// SQLite, and on PostgreSQL without PostGIS.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect, GeometryType};
    ///
    /// let mut t = Blueprint::alter("regions");
    /// t.geography("border", GeometryType::Polygon, 4326);
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [r#"alter table "regions" add column "border" geography(polygon, 4326) not null"#],
    /// );
    /// assert_eq!(
    ///     t.to_sql(Dialect::Mysql).unwrap(),
    ///     ["alter table `regions` add column `border` polygon srid 4326 not null"],
    /// );
    /// ```
    pub fn geography(
        &mut self,
        name: impl Into<String>,
        subtype: GeometryType,
        srid: u32,
    ) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Geography { subtype, srid })
    }
}

impl Blueprint {
    /// An embedding of `dimensions` numbers (1 to 16000), for nearest-neighbour search:
    /// pgvector's `vector(n)` on PostgreSQL, as Laravel's `vector($column, $dimensions)`.
    /// PostgreSQL needs the pgvector extension (`create extension vector`): without it the
    /// migration is refused before anything runs, naming pgvector. Refused on MySQL, MariaDB
    /// and SQLite.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::alter("documents");
    /// t.vector("embedding", 1536).nullable();
    /// t.vector_index("embedding");
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [
    ///         r#"alter table "documents" add column "embedding" vector(1536) null"#,
    ///         r#"create index "documents_embedding_vectorindex" on "documents" using hnsw ("embedding" vector_cosine_ops)"#,
    ///     ],
    /// );
    /// assert!(t.to_sql(Dialect::Mysql).is_err());
    /// ```
    pub fn vector(&mut self, name: impl Into<String>, dimensions: u32) -> &mut ColumnDefinition {
        self.add_column(name, ColumnType::Vector { dimensions })
    }

    /// A nearest-neighbour index over the vector column `column` (`"embedding"`), named
    /// `<table>_<column>_vectorindex` unless renamed: pgvector's HNSW index by cosine distance
    /// (`using hnsw (column vector_cosine_ops)`), as Laravel's `vectorIndex`. PostgreSQL with
    /// pgvector only.
    pub fn vector_index(
        &mut self,
        column: impl crate::schema::Columns,
    ) -> &mut crate::schema::IndexDefinition {
        self.add_index(crate::schema::IndexKind::Vector, column.into_columns())
    }

    /// Drops a vector index by name.
    pub fn drop_vector_index(&mut self, name: impl Into<String>) {
        let name = name.into();
        self.push(crate::schema::Command::DropIndex {
            kind: crate::schema::IndexKind::Vector,
            name,
        });
    }
}

/// The spatial type of `reported`, as a database reports it or a grammar writes it:
/// `geometry(Point,4326)`, `geography(point, 4326)` (PostGIS), `point srid 4326`,
/// `point ref_system_id=4326`, `multipolygon` (MySQL, MariaDB).
pub(crate) fn parse(reported: &str) -> Option<ColumnType> {
    let reported = reported.trim().to_lowercase();
    for (prefix, geography) in [("geometry(", false), ("geography(", true)] {
        if let Some(rest) = reported.strip_prefix(prefix) {
            let inner = rest.strip_suffix(')')?;
            let mut parts = inner.split(',');
            let subtype = GeometryType::from_name(parts.next()?)?;
            let srid = match parts.next() {
                Some(srid) => srid.trim().parse().ok()?,
                None if geography => 4326,
                None => 0,
            };
            return Some(match geography {
                true => ColumnType::Geography { subtype, srid },
                false => ColumnType::Geometry { subtype, srid },
            });
        }
    }
    if reported == "geography" {
        return Some(ColumnType::Geography {
            subtype: GeometryType::Geometry,
            srid: 4326,
        });
    }
    let mut words = reported.split([' ', '=']).filter(|w| !w.is_empty());
    let subtype = GeometryType::from_name(words.next()?)?;
    let srid = match (words.next(), words.next()) {
        (Some("srid" | "ref_system_id"), Some(srid)) => srid.parse().ok()?,
        (None, _) => 0,
        _ => return None,
    };
    Some(ColumnType::Geometry { subtype, srid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spatial_types_parse_in_every_spelling() {
        let point = |srid| ColumnType::Geometry {
            subtype: GeometryType::Point,
            srid,
        };
        assert_eq!(parse("geometry(Point,4326)"), Some(point(4326)));
        assert_eq!(parse("geometry(point, 4326)"), Some(point(4326)));
        assert_eq!(parse("point srid 4326"), Some(point(4326)));
        assert_eq!(parse("point ref_system_id=4326"), Some(point(4326)));
        assert_eq!(parse("point"), Some(point(0)));
        assert_eq!(
            parse("geography(MultiPolygon,4326)"),
            Some(ColumnType::Geography {
                subtype: GeometryType::MultiPolygon,
                srid: 4326
            })
        );
        assert_eq!(parse("varchar(10)"), None);
    }
}

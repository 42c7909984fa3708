//! Indexes beyond the plain ones, as Laravel's Blueprint has them: full-text indexes, an
//! index's access method (`algorithm`), PostgreSQL's `nulls not distinct` unique keys and
//! indexes over a raw expression (`raw_index`).

use std::fmt;

use super::blueprint::{Blueprint, Columns};
use super::column::ColumnDefinition;
use super::command::{Command, IndexDefinition, IndexKind};

/// The access method of an index: how the database stores and searches it.
///
/// PostgreSQL has all six (`using hash`, ...); MySQL and MariaDB only `Btree` and `Hash`
/// (`using btree`; InnoDB builds a B-tree when asked for a hash index, only the `MEMORY`
/// engine keeps hash indexes); SQLite has none to choose. A dialect refuses the methods it
/// lacks, naming itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexAlgorithm {
    /// A B-tree, every database's default: equality, ranges, ordering.
    Btree,
    /// A hash table: equality only.
    Hash,
    /// PostgreSQL's generalized search tree (geometry, ranges, nearest neighbour).
    Gist,
    /// PostgreSQL's generalized inverted index (arrays, `jsonb`, `tsvector`).
    Gin,
    /// PostgreSQL's block range index (huge tables ordered on disk by the column).
    Brin,
    /// PostgreSQL's space-partitioned GiST (quadtrees, k-d trees, radix trees).
    SpGist,
}

impl IndexAlgorithm {
    /// The method's name in SQL, lowercase: `btree`, `spgist`, ...
    pub fn sql(self) -> &'static str {
        match self {
            IndexAlgorithm::Btree => "btree",
            IndexAlgorithm::Hash => "hash",
            IndexAlgorithm::Gist => "gist",
            IndexAlgorithm::Gin => "gin",
            IndexAlgorithm::Brin => "brin",
            IndexAlgorithm::SpGist => "spgist",
        }
    }

    /// The method named `name` as a database reports it (`BTREE`, `gin`), if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        let all = [
            IndexAlgorithm::Btree,
            IndexAlgorithm::Hash,
            IndexAlgorithm::Gist,
            IndexAlgorithm::Gin,
            IndexAlgorithm::Brin,
            IndexAlgorithm::SpGist,
        ];
        all.into_iter().find(|a| a.sql().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for IndexAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sql())
    }
}

/// What an index says beyond its kind, name and columns. The model of a schema keeps them
/// too ([`crate::model::IndexModel`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexOptions {
    /// The access method, if chosen ([`IndexDefinition::algorithm`]).
    pub algorithm: Option<IndexAlgorithm>,
    /// The text search configuration of a PostgreSQL full-text index
    /// ([`IndexDefinition::language`]; `english` when `None`).
    pub language: Option<String>,
    /// Whether a unique key treats nulls as equal ([`IndexDefinition::nulls_not_distinct`]).
    pub nulls_not_distinct: bool,
    /// The raw SQL the index is over, instead of columns ([`Blueprint::raw_index`]).
    pub expression: Option<String>,
}

impl IndexDefinition {
    /// The access method of the index: PostgreSQL's `using hash` (any of
    /// [`IndexAlgorithm`]), MySQL's `using btree` or `using hash`, as Laravel's
    /// `->algorithm('hash')`. Refused by SQLite, and by MySQL for the methods it lacks.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect, IndexAlgorithm};
    ///
    /// let mut t = Blueprint::alter("events");
    /// t.index("payload").algorithm(IndexAlgorithm::Gin);
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [r#"create index "events_payload_index" on "events" using gin ("payload")"#],
    /// );
    /// assert!(t.to_sql(Dialect::Mysql).is_err());
    /// ```
    pub fn algorithm(&mut self, algorithm: IndexAlgorithm) -> &mut Self {
        self.options.algorithm = Some(algorithm);
        self
    }

    /// The text search configuration of a full-text index on PostgreSQL
    /// (`to_tsvector('french', ...)`; `english` by default), as Laravel's
    /// `->language('french')`. Refused on MySQL and MariaDB, whose full-text parser has no
    /// language, and on any index that is not full-text.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::alter("articles");
    /// t.fulltext("body").language("french");
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [r#"create index "articles_body_fulltext" on "articles" using gin ((to_tsvector('french', "body")))"#],
    /// );
    /// assert!(t.to_sql(Dialect::Mysql).is_err());
    /// ```
    pub fn language(&mut self, language: impl Into<String>) -> &mut Self {
        self.options.language = Some(language.into());
        self
    }

    /// A unique key that treats nulls as equal, so at most one row may have a null there:
    /// PostgreSQL 15's `unique nulls not distinct`, as Laravel's `->nullsNotDistinct()`.
    /// Refused on the other dialects (and by PostgreSQL before 15), and on an index that is
    /// not unique.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::alter("users");
    /// t.unique("email").nulls_not_distinct();
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [r#"alter table "users" add constraint "users_email_unique" unique nulls not distinct ("email")"#],
    /// );
    /// ```
    pub fn nulls_not_distinct(&mut self) -> &mut Self {
        self.options.nulls_not_distinct = true;
        self
    }

    /// What the index says beyond its kind, name and columns.
    pub fn options(&self) -> &IndexOptions {
        &self.options
    }
}

impl crate::model::IndexModel {
    /// The Blueprint index this model describes, named `name`.
    pub(crate) fn definition(&self, name: &str) -> IndexDefinition {
        let mut definition = IndexDefinition::new(self.kind, name.to_owned(), self.columns.clone());
        definition.options = self.options.clone();
        definition
    }
}

impl Blueprint {
    /// Adds an index defined elsewhere (the schema model's).
    pub(crate) fn push_index(&mut self, index: IndexDefinition) {
        self.push(Command::Index(index));
    }
}

impl ColumnDefinition {
    /// Adds a full-text index on this column alone, named `<table>_<column>_fulltext`, as
    /// Laravel's `->fulltext()` (see [`Blueprint::fulltext`]).
    pub fn fulltext(&mut self) -> &mut Self {
        self.fulltext = true;
        self
    }

    /// Adds a spatial index on this column alone, named `<table>_<column>_spatialindex`, as
    /// Laravel's `->spatialIndex()` (see [`Blueprint::spatial_index`]).
    pub fn spatial_index(&mut self) -> &mut Self {
        self.spatial_index = true;
        self
    }
}

impl Blueprint {
    /// A full-text index over `columns`, named `<table>_<columns>_fulltext` unless renamed,
    /// as Laravel's `fulltext`: MySQL and MariaDB `FULLTEXT` (for `MATCH ... AGAINST`), on
    /// PostgreSQL a GIN index over the columns' `to_tsvector` (in `english` unless
    /// [`IndexDefinition::language`] says otherwise), for `@@` queries written the same way.
    /// SQLite has no full-text index (its FTS5 is a virtual table of its own): refused.
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::alter("posts");
    /// t.fulltext(["title", "body"]);
    /// assert_eq!(
    ///     t.to_sql(Dialect::Mysql).unwrap(),
    ///     ["create fulltext index `posts_title_body_fulltext` on `posts` (`title`, `body`)"],
    /// );
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [r#"create index "posts_title_body_fulltext" on "posts" using gin ((to_tsvector('english', "title") || to_tsvector('english', "body")))"#],
    /// );
    /// assert!(t.to_sql(Dialect::Sqlite).is_err());
    /// ```
    pub fn fulltext(&mut self, columns: impl Columns) -> &mut IndexDefinition {
        self.add_index(IndexKind::Fulltext, columns.into_columns())
    }

    /// Drops a full-text index by name.
    pub fn drop_fulltext(&mut self, name: impl Into<String>) {
        let name = name.into();
        self.push(Command::DropIndex {
            kind: IndexKind::Fulltext,
            name,
        });
    }

    /// A spatial index over `columns` (a geometry column), named
    /// `<table>_<columns>_spatialindex` unless renamed, as Laravel's `spatialIndex`: MySQL
    /// and MariaDB `SPATIAL` (the column must be `NOT NULL`, and on MySQL have an SRID), a
    /// GiST index on PostgreSQL (PostGIS). Refused on SQLite.
    pub fn spatial_index(&mut self, columns: impl Columns) -> &mut IndexDefinition {
        self.add_index(IndexKind::Spatial, columns.into_columns())
    }

    /// Drops a spatial index by name.
    pub fn drop_spatial_index(&mut self, name: impl Into<String>) {
        let name = name.into();
        self.push(Command::DropIndex {
            kind: IndexKind::Spatial,
            name,
        });
    }

    /// An index named `name` over `expression`, raw SQL written verbatim between the
    /// parentheses of `create index` (never build it from user input), as Laravel's
    /// `rawIndex`: an explicit escape hatch for what columns cannot say. The expression is
    /// the dialect's own: PostgreSQL and SQLite index any expression (`lower(email)`),
    /// MySQL 8 one in its own parentheses (`(lower(email))`), MariaDB only columns and
    /// prefixes (`email(10)`).
    ///
    /// ```
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::alter("users");
    /// t.raw_index("lower(email)", "users_email_lower_index");
    /// assert_eq!(
    ///     t.to_sql(Dialect::Postgres).unwrap(),
    ///     [r#"create index "users_email_lower_index" on "users" (lower(email))"#],
    /// );
    /// ```
    pub fn raw_index(
        &mut self,
        expression: impl Into<String>,
        name: impl Into<String>,
    ) -> &mut IndexDefinition {
        let index = self.add_index(IndexKind::Index, Vec::new());
        index.name = name.into();
        index.options.expression = Some(expression.into());
        index
    }
}

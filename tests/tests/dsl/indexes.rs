//! `schema!`'s forms of Laravel's index forms beyond the plain ones: full-text and spatial
//! indexes, access methods, `nulls_not_distinct` and `raw_index`.

use super::*;

same_sql!(
    /// Compiled on MySQL and PostgreSQL: SQLite refuses full-text indexes.
    fulltext_indexes,
    |s| {
        schema!(s => {
            create table posts {
                id: increments,
                title: string(200),
                body: text fulltext,
                fulltext(title, body),
                fulltext(title) name("posts_title_search"),
            }
            alter table posts {
                drop fulltext posts_title_search,
            }
        })
    },
    |s| {
        s.create("posts", |t| {
            t.increments("id");
            t.string("title", 200);
            t.text("body").fulltext();
            t.fulltext(["title", "body"]);
            t.fulltext("title").name("posts_title_search");
        })?;
        s.table("posts", |t| t.drop_fulltext("posts_title_search"))
    }
);

same_sql!(
    /// Compiled on PostgreSQL only: the language of its text search.
    fulltext_languages,
    |s| {
        schema!(s => {
            alter table posts {
                fulltext(title) language("french"),
            }
        })
    },
    |s| {
        s.table("posts", |t| {
            t.fulltext("title").language("french");
        })
    }
);

same_sql!(
    /// Compiled on PostgreSQL (and MySQL for `hash` and `btree`).
    algorithms_nulls_and_raw_indexes,
    |s| {
        schema!(s => {
            alter table users {
                index(email) algorithm(hash),
                unique(code) algorithm(btree) name("users_code"),
                unique(nickname) nulls_not_distinct,
                raw_index("lower(email)", "users_email_lower") algorithm(btree),
            }
        })
    },
    |s| {
        s.table("users", |t| {
            t.index("email").algorithm(IndexAlgorithm::Hash);
            t.unique("code")
                .algorithm(IndexAlgorithm::Btree)
                .name("users_code");
            t.unique("nickname").nulls_not_distinct();
            t.raw_index("lower(email)", "users_email_lower")
                .algorithm(IndexAlgorithm::Btree);
        })
    }
);

same_sql!(
    /// Compiled on SQLite and PostgreSQL: raw SQL, written as given.
    raw_indexes,
    |s| {
        schema!(s => {
            alter table users {
                raw_index("lower(email)", "users_email_lower"),
            }
        })
    },
    |s| {
        s.table("users", |t| {
            t.raw_index("lower(email)", "users_email_lower");
        })
    }
);

same_sql!(
    /// Compiled on MySQL and PostgreSQL: SQLite has no spatial types.
    spatial_columns_and_indexes,
    |s| {
        schema!(s => {
            create table places {
                id: increments,
                position: geometry(point, 4326) spatial_index,
                route: geography(linestring) nullable,
                area: geometry,
                spatial_index(area) name("places_area"),
            }
            alter table places {
                drop spatial_index places_area,
            }
        })
    },
    |s| {
        s.create("places", |t| {
            t.increments("id");
            t.geometry("position", GeometryType::Point, 4326)
                .spatial_index();
            t.geography("route", GeometryType::LineString, 4326)
                .nullable();
            t.geometry("area", GeometryType::Geometry, 0);
            t.spatial_index("area").name("places_area");
        })?;
        s.table("places", |t| t.drop_spatial_index("places_area"))
    }
);

same_sql!(
    /// Compiled on PostgreSQL only: pgvector's columns and indexes.
    vector_columns_and_indexes,
    |s| {
        schema!(s => {
            alter table documents {
                add embedding: vector(1536) nullable,
                vector_index(embedding),
                drop vector_index documents_old_vectorindex,
            }
        })
    },
    |s| {
        s.table("documents", |t| {
            t.vector("embedding", 1536).nullable();
            t.vector_index("embedding");
            t.drop_vector_index("documents_old_vectorindex");
        })
    }
);

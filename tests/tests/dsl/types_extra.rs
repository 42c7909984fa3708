//! `schema!`'s forms of Laravel's remaining column types, helpers and table options.

use super::*;

same_sql!(
    helper_types_and_clauses,
    |s| {
        schema!(s => {
            create table devices {
                id: medium_increments,
                public_id: ulid unique,
                mac: mac_address,
                uuid: native_uuid nullable,
                remember_token,
                morphs(owner),
                nullable_morphs(parent),
            }
            create table scratch {
                temporary,
                n: integer,
            }
        })
    },
    |s| {
        s.create("devices", |t| {
            t.medium_increments("id");
            t.ulid("public_id").unique();
            t.mac_address("mac");
            t.native_uuid("uuid").nullable();
            t.remember_token();
            t.morphs("owner");
            t.nullable_morphs("parent");
        })?;
        s.create("scratch", |t| {
            t.temporary();
            t.integer("n");
        })
    }
);

same_sql!(
    /// Compiled on MySQL only: the others refuse sets and invisible columns.
    sets_and_invisible_columns,
    |s| {
        schema!(s => {
            alter table devices {
                add flags: set("pinned", "hot") default("hot,pinned"),
                add secret: string(20) nullable invisible,
            }
        })
    },
    |s| {
        s.table("devices", |t| {
            t.set("flags", ["pinned", "hot"]).default("hot,pinned");
            t.string("secret", 20).nullable().invisible();
        })
    }
);

same_sql!(
    /// Compiled on PostgreSQL only.
    tsvector_columns,
    |s| {
        schema!(s => {
            alter table posts {
                add search: tsvector nullable,
            }
        })
    },
    |s| {
        s.table("posts", |t| {
            t.tsvector("search").nullable();
        })
    }
);

#[allow(dead_code)] // only the values are used
#[derive(migrate_core::schema::EnumValues)]
#[enum_values(rename_all = "snake_case")]
enum Status {
    Draft,
    InReview,
    #[enum_values(rename = "live")]
    Published,
}

same_sql!(
    enumerations_from_a_rust_enum,
    |s| {
        schema!(s => {
            create table posts {
                status: enumeration(Status) default("in_review"),
            }
        })
    },
    |s| {
        s.create("posts", |t| {
            t.enumeration_of::<Status>("status").default("in_review");
        })
    }
);

#[test]
fn derived_values_follow_the_renames() {
    use migrate_core::schema::EnumValues;
    assert_eq!(Status::VALUES, ["draft", "in_review", "live"]);
}

same_sql!(
    /// Compiled on MySQL only: the others refuse `after` placement.
    after_groups,
    |s| {
        schema!(s => {
            alter table users {
                after(email) {
                    add line1: string(100),
                    add line2: string(100) nullable first,
                    add city: string(100),
                },
                add last: string(10),
            }
        })
    },
    |s| {
        s.table("users", |t| {
            t.after("email", |t| {
                t.string("line1", 100);
                t.string("line2", 100).nullable().first();
                t.string("city", 100);
            });
            t.string("last", 10);
        })
    }
);

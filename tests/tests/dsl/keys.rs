//! `schema!`'s UUID and ULID foreign keys, deferrable keys and helper drops.

use super::*;

same_sql!(
    uuid_and_ulid_foreign_keys_deferred,
    |s| {
        schema!(s => {
            create table posts {
                id: ulid primary,
                author_id: foreign_id references users,
                editor_id: foreign_uuid nullable references editors(uuid) initially_deferred,
                team_id: foreign_ulid references teams on_delete(cascade) deferrable,
                foreign(author_id, team_id) references memberships(user_id, team_id) not_deferrable,
            }
        })
    },
    |s| {
        s.create("posts", |t| {
            t.ulid("id").primary();
            t.foreign_id("author_id");
            t.foreign("author_id").references(["id"]).on("users");
            t.foreign_uuid("editor_id").nullable();
            t.foreign("editor_id")
                .references(["uuid"])
                .on("editors")
                .initially_deferred();
            t.foreign_ulid("team_id");
            t.foreign("team_id")
                .on("teams")
                .on_delete(ReferentialAction::Cascade)
                .deferrable();
            t.foreign(["author_id", "team_id"])
                .references(["user_id", "team_id"])
                .on("memberships")
                .not_deferrable();
        })
    }
);

same_sql!(
    helper_drops,
    |s| {
        schema!(s => {
            alter table users {
                drop morphs(owner),
                drop timestamps_tz,
                drop remember_token,
            }
        })
    },
    |s| {
        s.table("users", |t| {
            t.drop_morphs("owner");
            t.drop_timestamps_tz();
            t.drop_remember_token();
        })
    }
);

//! Golden SQL: the exact statements each grammar writes for every Blueprint operation.

mod indexes;
mod keys;
mod mysql;
mod postgres;
mod spatial;
mod sqlite;
mod types_extra;

use migrate_core::{Blueprint, Dialect};

/// Compiles a Blueprint built by `f` on `table` (created when `create` is true).
pub fn sql(
    dialect: Dialect,
    create: bool,
    table: &str,
    f: impl FnOnce(&mut Blueprint),
) -> Vec<String> {
    let mut blueprint = if create {
        Blueprint::create(table)
    } else {
        Blueprint::alter(table)
    };
    f(&mut blueprint);
    blueprint.to_sql(dialect).unwrap_or_else(|e| panic!("{e}"))
}

/// The error a Blueprint built by `f` gives.
pub fn error(
    dialect: Dialect,
    create: bool,
    table: &str,
    f: impl FnOnce(&mut Blueprint),
) -> String {
    let mut blueprint = if create {
        Blueprint::create(table)
    } else {
        Blueprint::alter(table)
    };
    f(&mut blueprint);
    blueprint.to_sql(dialect).unwrap_err().to_string()
}

/// Blueprints shared by the PostgreSQL and MySQL golden tests.
pub mod scenarios {
    use migrate_core::schema::Command;
    use migrate_core::Blueprint;

    pub fn all_types(t: &mut Blueprint) {
        t.big_increments("id");
        t.char("code", 3);
        t.string("name", 100);
        t.text("body");
        t.medium_text("medium");
        t.long_text("long");
        t.tiny_integer("tiny");
        t.small_integer("small");
        t.medium_integer("medium_int");
        t.integer("int");
        t.big_integer("big");
        t.unsigned_integer("unsigned");
        t.float("f");
        t.float_with("f2", 24);
        t.double("d");
        t.decimal("price", 10, 2);
        t.boolean("flag");
        t.enumeration("status", ["draft", "it's live"]);
        t.json("data");
        t.jsonb("data_b");
        t.date("day");
        t.datetime("at");
        t.datetime_tz("at_tz");
        t.time("clock");
        t.timestamp("ts");
        t.timestamp_tz("ts_tz");
        t.binary("blob");
        t.uuid("uuid");
        t.ip_address("ip");
        t.year("year");
        t.custom("point", "point");
    }

    /// Issue 16: binary float precision, MySQL's double(p, s), fractional seconds.
    pub fn precision(t: &mut Blueprint) {
        t.float_with("single", 24);
        t.datetime_with("at", 3);
        t.time_with("clock", 6);
        t.timestamp_tz_with("seen", 6).use_current();
        t.timestamps_with(6);
        t.soft_deletes_with(6);
    }

    pub fn defaults(t: &mut Blueprint) {
        t.string("title", 200).nullable();
        t.integer("votes").default(0);
        t.double("ratio").default(0.5);
        t.boolean("published").default(true);
        t.string("status", 20).default("it's \\ -- ; draft");
        t.timestamp("created_at").use_current();
        t.timestamp("seen_at").default_raw("CURRENT_TIMESTAMP");
    }

    pub fn keys(t: &mut Blueprint) {
        t.integer("user_id");
        t.integer("team_id");
        t.string("role", 20).index();
        t.string("email", 100).unique();
        t.primary(["user_id", "team_id"]);
        t.unique(["team_id", "role"]).name("one_role_per_team");
        t.index(["role", "email"]);
        t.foreign("user_id").on("users").cascade_on_delete();
        t.foreign("team_id")
            .references(["uuid"])
            .on("teams")
            .null_on_delete()
            .cascade_on_update();
    }

    pub fn foreign_ids_morphs_comments(t: &mut Blueprint) {
        t.increments("id");
        t.foreign_id("user_id").constrained().cascade_on_delete();
        t.morphs("commentable");
        t.string("body", 10).comment("the 'text'");
        t.soft_deletes();
    }

    pub fn alter_add(t: &mut Blueprint) {
        t.string("nickname", 50).nullable();
        t.integer("age").default(0);
        t.index("nickname");
        t.unique(["age", "nickname"]);
        t.foreign("team_id").on("teams");
        t.primary("id");
    }

    pub fn alter_change(t: &mut Blueprint) {
        t.string("name", 300).nullable().default("x").change();
        t.integer("age").change();
    }

    pub fn alter_drop_and_rename(t: &mut Blueprint) {
        t.drop_columns(["a", "b"]);
        t.rename_column("name", "full_name");
        t.drop_index("users_name_index");
        t.drop_unique("users_email_unique");
        t.drop_primary();
        t.drop_foreign("users_team_id_foreign");
        t.rename_index("a_index", "b_index");
    }

    pub fn table_commands(t: &mut Blueprint) {
        t.push(Command::Rename("people".into()));
        t.push(Command::DropIfExists);
    }

    pub fn placement_and_charset(t: &mut Blueprint) {
        t.string("bio", 10)
            .after("name")
            .charset("utf8mb4")
            .collation("utf8mb4_bin");
    }

    pub fn on_update_first(t: &mut Blueprint) {
        t.timestamp("touched_at")
            .use_current()
            .use_current_on_update()
            .first();
    }

    /// The online forms: an index and a unique key built concurrently, a foreign key and a
    /// check added without reading the rows, a check dropped.
    pub fn online(t: &mut Blueprint) {
        t.index("email").concurrently();
        t.unique(["team_id", "role"])
            .name("one_role")
            .concurrently();
        t.foreign("team_id").on("teams").not_valid();
        t.check("positive_age", "age > 0").not_valid();
        t.check("short_role", "length(role) < 20");
        t.drop_check("old_check");
        t.drop_index_concurrently("users_old_index");
    }

    /// An alter under MySQL's online DDL options: columns added, changed, renamed and
    /// dropped, an index, a foreign key, a check.
    pub fn online_ddl(t: &mut Blueprint) {
        t.string("nickname", 40).nullable();
        t.string("bio", 200).nullable().change();
        t.rename_column("name", "full_name");
        t.drop_column("legacy");
        t.index("nickname");
        t.foreign("team_id").on("teams");
        t.check("adult", "age >= 18");
        t.algorithm(migrate_core::schema::Algorithm::Inplace)
            .lock(migrate_core::schema::LockMode::None);
    }

    pub fn hostile(t: &mut Blueprint) {
        t.string("c`d\"e", 10).default("'); drop table x; -- \\");
    }
}

//! `schema!` expands to exactly the builder calls a user would write by hand: for every
//! construct of the DSL, both produce the same SQL on every dialect.
//!
//! Each case runs the DSL and the hand-written calls twice: on a [`Recorder`], which compiles
//! each Blueprint with the grammar of any dialect (no server needed), and on a pretending
//! SQLite [`Schema`], the real path.

use diesel::{Connection, SqliteConnection};
use migrate_core::schema::{Command, GeometryType, IndexAlgorithm, ReferentialAction};
use migrate_core::{schema, Blueprint, Dialect, Result, Schema};

const DIALECTS: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

/// The Schema methods `schema!` calls, compiling each Blueprint for one dialect.
struct Recorder {
    dialect: Dialect,
    statements: Vec<String>,
}

impl Recorder {
    fn create(&mut self, table: &str, build: impl FnOnce(&mut Blueprint)) -> Result<()> {
        let mut blueprint = Blueprint::create(table);
        build(&mut blueprint);
        self.compile(&blueprint)
    }

    fn table(&mut self, table: &str, build: impl FnOnce(&mut Blueprint)) -> Result<()> {
        let mut blueprint = Blueprint::alter(table);
        build(&mut blueprint);
        self.compile(&blueprint)
    }

    fn drop(&mut self, table: &str) -> Result<()> {
        self.command(table, Command::Drop)
    }

    fn drop_if_exists(&mut self, table: &str) -> Result<()> {
        self.command(table, Command::DropIfExists)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        self.command(from, Command::Rename(to.to_owned()))
    }

    fn raw(&mut self, sql: &str) -> Result<()> {
        self.statements.push(sql.to_owned());
        Ok(())
    }

    fn command(&mut self, table: &str, command: Command) -> Result<()> {
        let mut blueprint = Blueprint::alter(table);
        blueprint.push(command);
        self.compile(&blueprint)
    }

    fn compile(&mut self, blueprint: &Blueprint) -> Result<()> {
        self.statements.extend(blueprint.to_sql(self.dialect)?);
        Ok(())
    }
}

/// The statements `f` records for `dialect`, or its error.
fn record(
    dialect: Dialect,
    f: impl FnOnce(&mut Recorder) -> Result<()>,
) -> std::result::Result<Vec<String>, String> {
    let mut recorder = Recorder {
        dialect,
        statements: Vec::new(),
    };
    f(&mut recorder).map_err(|e| e.to_string())?;
    Ok(recorder.statements)
}

/// The statements `f` runs on a pretending SQLite Schema, or its error.
fn pretend(f: impl FnOnce(&mut Schema) -> Result<()>) -> std::result::Result<Vec<String>, String> {
    let mut conn = SqliteConnection::establish(":memory:").unwrap_or_else(|e| panic!("{e}"));
    let mut schema = Schema::pretending(&mut conn);
    f(&mut schema).map_err(|e| e.to_string())?;
    Ok(schema.statements().to_vec())
}

/// A test asserting that the DSL and the hand-written calls give the same SQL everywhere.
macro_rules! same_sql {
    ($(#[$doc:meta])* $name:ident, |$s:ident| $dsl:block, |$h:ident| $hand:block) => {
        $(#[$doc])*
        #[test]
        fn $name() {
            let mut compiled = 0;
            for dialect in DIALECTS {
                let dsl = record(dialect, |$s| $dsl);
                let hand = record(dialect, |$h| $hand);
                assert_eq!(dsl, hand, "{dialect:?}");
                compiled += usize::from(dsl.is_ok());
            }
            assert!(compiled > 0, "no dialect compiled the statements");
            let dsl = pretend(|$s| $dsl);
            let hand = pretend(|$h| $hand);
            assert_eq!(dsl, hand, "pretending on SQLite");
            assert_eq!(dsl, record(Dialect::Sqlite, |$h| $hand), "Schema and Recorder");
        }
    };
}

same_sql!(
    /// The example of the issue.
    issue_example,
    |s| {
        schema!(s => {
            create table users {
                id: increments,
                email: string(255) unique,
                name: string(100) nullable,
                votes: integer default(0),
                team_id: big_integer unsigned nullable references teams(id) on_delete(cascade),
                timestamps,
                index(name, email),
            }
            alter table posts {
                add views: integer default(0),
                rename title to headline,
                drop legacy,
            }
            drop table if exists sessions;
        })
    },
    |s| {
        s.create("users", |t| {
            t.increments("id");
            t.string("email", 255).unique();
            t.string("name", 100).nullable();
            t.integer("votes").default(0);
            t.big_integer("team_id").unsigned().nullable();
            t.foreign("team_id")
                .references(["id"])
                .on("teams")
                .on_delete(ReferentialAction::Cascade);
            t.timestamps();
            t.index(["name", "email"]);
        })?;
        s.table("posts", |t| {
            t.integer("views").default(0);
            t.rename_column("title", "headline");
            t.drop_column("legacy");
        })?;
        s.drop_if_exists("sessions")
    }
);

same_sql!(
    every_column_type,
    |s| {
        schema!(s => {
            create table all_types {
                id: big_increments,
                code: char(3),
                name: string(100),
                body: text,
                medium: medium_text,
                long: long_text,
                tiny: tiny_integer,
                small: small_integer,
                medium_int: medium_integer,
                int: integer,
                big: big_integer,
                u_tiny: unsigned_tiny_integer,
                u_small: unsigned_small_integer,
                u_medium: unsigned_medium_integer,
                u_int: unsigned_integer,
                u_big: unsigned_big_integer,
                f: float,
                f2: float(24),
                d: double,
                price: decimal(10, 2),
                flag: boolean,
                status: enumeration("draft", "it's live"),
                data: json,
                data_b: jsonb,
                day: date,
                at: datetime,
                at_tz: datetime_tz,
                clock: time,
                ts: timestamp,
                ts_tz: timestamp_tz,
                blob: binary,
                uuid: uuid,
                ip: ip_address,
                year: year,
                tsv: custom("text"),
            }
        })
    },
    |s| {
        s.create("all_types", |t| {
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
            t.unsigned_tiny_integer("u_tiny");
            t.unsigned_small_integer("u_small");
            t.unsigned_medium_integer("u_medium");
            t.unsigned_integer("u_int");
            t.unsigned_big_integer("u_big");
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
            t.custom("tsv", "text");
        })
    }
);

same_sql!(
    /// Issue 16: a type's optional precision calls its `_with` method.
    float_double_and_time_precision,
    |s| {
        schema!(s => {
            create table precise {
                single: float(24),
                rate: double(15, 8),
                at: datetime(3),
                at_tz: datetime_tz(6),
                clock: time(6),
                seen: timestamp(6) use_current,
                seen_tz: timestamp_tz(0),
                timestamps(6),
                soft_deletes(6),
            }
            alter table precise {
                timestamps_tz(3),
            }
        })
    },
    |s| {
        s.create("precise", |t| {
            t.float_with("single", 24);
            t.double_with("rate", 15, 8);
            t.datetime_with("at", 3);
            t.datetime_tz_with("at_tz", 6);
            t.time_with("clock", 6);
            t.timestamp_with("seen", 6).use_current();
            t.timestamp_tz_with("seen_tz", 0);
            t.timestamps_with(6);
            t.soft_deletes_with(6);
        })?;
        s.table("precise", |t| t.timestamps_tz_with(3))
    }
);

same_sql!(
    small_increments_and_auto_increment,
    |s| {
        schema!(s => {
            create table a { id: small_increments }
            create table b { id: unsigned_big_integer auto_increment }
            create table c { id: integer auto_increment primary }
        })
    },
    |s| {
        s.create("a", |t| {
            t.small_increments("id");
        })?;
        s.create("b", |t| {
            t.unsigned_big_integer("id").auto_increment();
        })?;
        s.create("c", |t| {
            t.integer("id").auto_increment().primary();
        })
    }
);

same_sql!(
    every_modifier,
    |s| {
        schema!(s => {
            create table things {
                code: string(20) primary,
                a: integer nullable default(-5),
                b: decimal(8, 2) default(1.5),
                c: boolean default(true),
                d: string(10) default("it's") comment("a comment") charset("utf8mb4") collation("utf8mb4_bin"),
                e: text nullable default(null),
                f: timestamp use_current use_current_on_update,
                g: datetime default_raw("CURRENT_TIMESTAMP"),
                h: big_integer unsigned index,
                i: uuid unique,
                j: unsigned_integer default(7),
                k: float default(-0.25),
                l: enumeration("x", "y") default("y"),
                m: year default(2026),
                n: custom("text") default("free"),
            }
        })
    },
    |s| {
        s.create("things", |t| {
            t.string("code", 20).primary();
            t.integer("a").nullable().default(-5);
            t.decimal("b", 8, 2).default(1.5);
            t.boolean("c").default(true);
            t.string("d", 10)
                .default("it's")
                .comment("a comment")
                .charset("utf8mb4")
                .collation("utf8mb4_bin");
            t.text("e")
                .nullable()
                .default(migrate_core::schema::Value::Null);
            t.timestamp("f").use_current().use_current_on_update();
            t.datetime("g").default_raw("CURRENT_TIMESTAMP");
            t.big_integer("h").unsigned().index();
            t.uuid("i").unique();
            t.unsigned_integer("j").default(7);
            t.float("k").default(-0.25);
            t.enumeration("l", ["x", "y"]).default("y");
            t.year("m").default(2026);
            t.custom("n", "text").default("free");
        })
    }
);

same_sql!(
    placement_modifiers,
    |s| {
        schema!(s => {
            alter table users {
                add nickname: string(50) nullable after(name),
                add rank: integer first,
            }
        })
    },
    |s| {
        s.table("users", |t| {
            t.string("nickname", 50).nullable().after("name");
            t.integer("rank").first();
        })
    }
);

same_sql!(
    column_foreign_keys,
    |s| {
        schema!(s => {
            create table posts {
                id: increments,
                user_id: unsigned_integer references users,
                editor_id: unsigned_integer nullable references users(id) on_delete(set_null) on_update(cascade),
                a: integer references t(x) on_delete(restrict) on_update(no_action),
                b: integer references t(y) on_delete(set_default),
            }
        })
    },
    |s| {
        s.create("posts", |t| {
            t.increments("id");
            t.unsigned_integer("user_id");
            t.foreign("user_id").on("users");
            t.unsigned_integer("editor_id").nullable();
            t.foreign("editor_id")
                .references(["id"])
                .on("users")
                .null_on_delete()
                .cascade_on_update();
            t.integer("a");
            t.foreign("a")
                .references(["x"])
                .on("t")
                .restrict_on_delete()
                .on_update(ReferentialAction::NoAction);
            t.integer("b");
            t.foreign("b")
                .references(["y"])
                .on("t")
                .on_delete(ReferentialAction::SetDefault);
        })
    }
);

same_sql!(
    table_clauses,
    |s| {
        schema!(s => {
            create table memberships {
                user_id: unsigned_integer,
                team_id: unsigned_integer,
                role: string(20),
                timestamps,
                soft_deletes,
                primary(user_id, team_id),
                unique(role, team_id) name("one_role_per_team"),
                index(role),
                index(team_id, role) name("by_team"),
                foreign(user_id) references users(id) on_delete(cascade) name("fk_user"),
                foreign(team_id) references teams(id) on_update(restrict),
                engine("InnoDB"),
                charset("utf8mb4"),
                collation("utf8mb4_unicode_ci"),
            }
            create table events { at: timestamp_tz, timestamps_tz }
        })
    },
    |s| {
        s.create("memberships", |t| {
            t.unsigned_integer("user_id");
            t.unsigned_integer("team_id");
            t.string("role", 20);
            t.timestamps();
            t.soft_deletes();
            t.primary(["user_id", "team_id"]);
            t.unique(["role", "team_id"]).name("one_role_per_team");
            t.index("role");
            t.index(["team_id", "role"]).name("by_team");
            t.foreign("user_id")
                .references(["id"])
                .on("users")
                .cascade_on_delete()
                .name("fk_user");
            t.foreign("team_id")
                .references(["id"])
                .on("teams")
                .on_update(ReferentialAction::Restrict);
            t.engine("InnoDB");
            t.charset("utf8mb4");
            t.collation("utf8mb4_unicode_ci");
        })?;
        s.create("events", |t| {
            t.timestamp_tz("at");
            t.timestamps_tz();
        })
    }
);

same_sql!(
    alter_columns,
    |s| {
        schema!(s => {
            alter table posts {
                add views: integer default(0),
                add slug: string(200) nullable unique,
                change title: string(300) nullable,
                rename body to content,
            }
        })
    },
    |s| {
        s.table("posts", |t| {
            t.integer("views").default(0);
            t.string("slug", 200).nullable().unique();
            t.string("title", 300).nullable().change();
            t.rename_column("body", "content");
        })
    }
);

same_sql!(
    alter_drops,
    |s| {
        schema!(s => {
            alter table posts { drop legacy }
            alter table posts { drop (a, b) }
            alter table posts { drop index posts_x_index, drop unique posts_y_unique }
            alter table posts { drop timestamps, drop soft_deletes }
        })
    },
    |s| {
        s.table("posts", |t| {
            t.drop_column("legacy");
        })?;
        s.table("posts", |t| {
            t.drop_columns(["a", "b"]);
        })?;
        s.table("posts", |t| {
            t.drop_index("posts_x_index");
            t.drop_unique("posts_y_unique");
        })?;
        s.table("posts", |t| {
            t.drop_timestamps();
            t.drop_soft_deletes();
        })
    }
);

same_sql!(
    /// SQLite cannot drop keys: both sides fail there with the same error.
    alter_keys,
    |s| {
        schema!(s => {
            alter table posts {
                drop foreign posts_user_id_foreign,
                drop primary,
                rename index posts_a_index to posts_b_index,
                add author_id: unsigned_integer nullable,
                index(author_id),
                unique(author_id, id) name("posts_author"),
                primary(id),
                foreign(author_id) references users(id) on_delete(set_null),
                timestamps,
                soft_deletes,
            }
        })
    },
    |s| {
        s.table("posts", |t| {
            t.drop_foreign("posts_user_id_foreign");
            t.drop_primary();
            t.rename_index("posts_a_index", "posts_b_index");
            t.unsigned_integer("author_id").nullable();
            t.index("author_id");
            t.unique(["author_id", "id"]).name("posts_author");
            t.primary("id");
            t.foreign("author_id").on("users").null_on_delete();
            t.timestamps();
            t.soft_deletes();
        })
    }
);

same_sql!(
    table_statements,
    |s| {
        schema!(s => {
            drop table sessions;
            drop table if exists sessions;
            rename table a to b;
            raw "update b set x = 1";
            rename table b to a
        })
    },
    |s| {
        s.drop("sessions")?;
        s.drop_if_exists("sessions")?;
        s.rename("a", "b")?;
        s.raw("update b set x = 1")?;
        s.rename("b", "a")
    }
);

same_sql!(
    /// Names that are not identifiers, and keywords used as names.
    quoted_and_keyword_names,
    |s| {
        schema!(s => {
            create table "user accounts" {
                "e-mail": string(255),
                type: string(20),
                index: integer,
                r#match: boolean,
                index("e-mail", type),
            }
            alter table "user accounts" { drop "index", rename type to kind }
        })
    },
    |s| {
        s.create("user accounts", |t| {
            t.string("e-mail", 255);
            t.string("type", 20);
            t.integer("index");
            t.boolean("match");
            t.index(["e-mail", "type"]);
        })?;
        s.table("user accounts", |t| {
            t.drop_column("index");
            t.rename_column("type", "kind");
        })
    }
);

/// `schema!` is an expression of type `migrate_core::Result<()>`, usable with `?`.
#[test]
fn is_a_result_expression() -> Result<()> {
    let mut conn = SqliteConnection::establish(":memory:").unwrap_or_else(|e| panic!("{e}"));
    let mut s = Schema::new(&mut conn);
    schema!(&mut s => { create table a { id: increments } })?;
    let result: Result<()> = schema!(&mut s => { alter table a { add b: integer nullable } });
    result?;
    assert!(s.has_column("a", "b")?);
    assert_eq!(s.statements().len(), 2);
    Ok(())
}

same_sql!(
    /// The online forms: `concurrently` after `index(...)`/`unique(...)`, `not_valid` after a
    /// foreign key (PostgreSQL compiles them; the other dialects refuse them alike).
    online_forms,
    |s| {
        schema!(s => {
            alter table users {
                index(email) concurrently,
                unique(name) name("users_name") concurrently,
                foreign(team_id) references teams(id) not_valid,
            }
        })
    },
    |s| {
        s.table("users", |t| {
            t.index(["email"]).concurrently();
            t.unique(["name"]).name("users_name").concurrently();
            t.foreign(["team_id"]).references(["id"]).on("teams").not_valid();
        })
    }
);

same_sql!(
    /// MySQL's online DDL options: `algorithm(...)`, `lock(...)`, and the shorthands
    /// `instant` and `online` (MySQL compiles them; the other dialects refuse them alike).
    online_ddl_options,
    |s| {
        schema!(s => {
            alter table users {
                add nickname: string(40) nullable,
                index(nickname),
                algorithm(inplace),
                lock(shared),
            }
            alter table users {
                rename nickname to handle,
                instant,
            }
            alter table users {
                drop handle,
                online,
            }
        })
    },
    |s| {
        use migrate_core::schema::{Algorithm, LockMode};
        s.table("users", |t| {
            t.string("nickname", 40).nullable();
            t.index(["nickname"]);
            t.algorithm(Algorithm::Inplace).lock(LockMode::Shared);
        })?;
        s.table("users", |t| {
            t.rename_column("nickname", "handle");
            t.instant();
        })?;
        s.table("users", |t| {
            t.drop_column("handle");
            t.online();
        })
    }
);

same_sql!(
    /// Generated columns, starting values, `use_current` on dates and years, and `time_tz`
    /// (PostgreSQL refuses the virtual column alike).
    generated_identity_and_current_dates,
    |s| {
        schema!(s => {
            create table orders {
                id: increments starting_value(1000),
                price: integer,
                meta: json,
                total: integer stored_as("price * 2"),
                note: string(50) virtual_as_json("meta->note"),
                day: date use_current,
                year: year use_current,
                opens: time_tz(3),
                soft_deletes_tz(6),
            }
        })
    },
    |s| {
        s.create("orders", |t| {
            t.increments("id").starting_value(1000);
            t.integer("price");
            t.json("meta");
            t.integer("total").stored_as("price * 2");
            t.string("note", 50).virtual_as_json("meta->note");
            t.date("day").use_current();
            t.year("year").use_current();
            t.time_tz_with("opens", 3);
            t.soft_deletes_tz_with(6);
        })
    }
);

mod indexes;
mod keys;
mod types_extra;

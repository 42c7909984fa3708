//! The reference chapter's SQL tables, generated from the grammars and checked by `cargo test`.
//!
//! Each table sits in `src/reference/*.md` between `<!-- generated: NAME -->` and
//! `<!-- end generated -->`. A test fails when the text there is not what the grammars write
//! today; `MIGRATE_BOOK_BLESS=1 cargo test -p migrate-book` rewrites it.

use std::path::Path;

use diesel::{Connection, SqliteConnection};
use migrate_core::schema::{
    Blueprint, Dialect, GeometryType, Identity, IndexAlgorithm, ReferentialAction,
};
use migrate_core::Schema;

type Build = fn(&mut Blueprint);

const SERVERS: [Dialect; 2] = [Dialect::Postgres, Dialect::Mysql];

/// A cell: the statements as code, or the error the grammar returns.
fn cell(outcome: migrate_core::Result<Vec<String>>) -> String {
    match outcome {
        Ok(statements) if statements.is_empty() => "(nothing)".to_owned(),
        Ok(statements) => statements
            .iter()
            .map(|s| code(s))
            .collect::<Vec<_>>()
            .join("<br>"),
        Err(error) => format!("error: {}", escape(&error.to_string())),
    }
}

/// A code span whatever backticks the SQL holds (MySQL quotes identifiers with them).
fn code(text: &str) -> String {
    let text = escape(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// What a table cell cannot hold as is.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The column definitions of a `create table` statement: what is between its outer parentheses.
fn definitions(create: &str) -> String {
    let Some(open) = create.find('(') else {
        return create.to_owned();
    };
    let mut depth = 0;
    for (i, c) in create[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return create[open + 1..open + i].to_owned();
                }
            }
            _ => {}
        }
    }
    create.to_owned()
}

/// A column row: the definitions `build` adds to a new table, then any further statement.
fn column_cell(dialect: Dialect, build: Build) -> String {
    let mut blueprint = Blueprint::create("t");
    build(&mut blueprint);
    cell(blueprint.to_sql(dialect).map(|mut statements| {
        if let Some(first) = statements.first_mut() {
            *first = definitions(first);
        }
        statements
    }))
}

fn columns_table(rows: &[(&str, Build)]) -> String {
    let mut out =
        String::from("| builder call | SQLite | PostgreSQL | MySQL |\n|---|---|---|---|\n");
    for (call, build) in rows {
        out.push_str(&format!("| {} |", code(call)));
        for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
            out.push_str(&format!(" {} |", column_cell(dialect, *build)));
        }
        out.push('\n');
    }
    out
}

/// The table the key operations alter, on SQLite.
const USERS: &str = "create table \"teams\" (\"id\" integer primary key autoincrement not null); \
    create table \"users\" (\"id\" integer primary key autoincrement not null, \
    \"email\" varchar not null, \"name\" varchar not null, \"team_id\" integer not null, \
    constraint \"users_team_id_foreign\" foreign key (\"team_id\") references \"teams\" (\"id\")); \
    create unique index \"users_email_unique\" on \"users\" (\"email\"); \
    create index \"users_name_index\" on \"users\" (\"name\")";

/// An operation on the existing table `users`: what the Migrator's Schema runs on SQLite (it
/// reads the table, and may rebuild it), and what the grammars write for the servers.
fn alter_row(call: &str, build: Build) -> String {
    let mut conn = SqliteConnection::establish(":memory:").expect("an in-memory database");
    migrate_core::MigrationConnection::batch_execute(&mut conn, USERS).expect("the users table");
    let mut schema = Schema::pretending(&mut conn);
    let sqlite = match schema.table("users", build) {
        Ok(())
            if schema
                .statements()
                .iter()
                .any(|s| s.contains("__migrate_new_")) =>
        {
            "rebuilds the table (`create table \"__migrate_new_users\" …`, `insert … select`, \
             drop, rename, indexes, foreign key check)"
                .to_owned()
        }
        Ok(()) => cell(Ok(schema.statements().to_vec())),
        Err(error) => cell(Err(error)),
    };
    let mut row = format!("| {} | {sqlite} |", code(call));
    for dialect in SERVERS {
        let mut blueprint = Blueprint::alter("users");
        build(&mut blueprint);
        row.push_str(&format!(" {} |", cell(blueprint.to_sql(dialect))));
    }
    row.push('\n');
    row
}

fn alter_table(rows: &[(&str, Build)]) -> String {
    let mut out = String::from(
        "| on the existing `users` | SQLite | PostgreSQL | MySQL |\n|---|---|---|---|\n",
    );
    for (call, build) in rows {
        out.push_str(&alter_row(call, *build));
    }
    out
}

macro_rules! rows {
    ($($call:literal => |$t:ident| $body:expr;)*) => {
        &[$(($call, {
            fn build($t: &mut Blueprint) {
                $body;
            }
            build
        })),*]
    };
}

fn column_types() -> String {
    columns_table(rows! {
        "t.id()" => |t| t.id();
        "t.increments(\"id\")" => |t| t.increments("id");
        "t.big_increments(\"id\")" => |t| t.big_increments("id");
        "t.small_increments(\"id\")" => |t| t.small_increments("id");
        "t.char(\"c\", 2)" => |t| t.char("c", 2);
        "t.string(\"c\", 255)" => |t| t.string("c", 255);
        "t.text(\"c\")" => |t| t.text("c");
        "t.medium_text(\"c\")" => |t| t.medium_text("c");
        "t.long_text(\"c\")" => |t| t.long_text("c");
        "t.tiny_integer(\"c\")" => |t| t.tiny_integer("c");
        "t.small_integer(\"c\")" => |t| t.small_integer("c");
        "t.medium_integer(\"c\")" => |t| t.medium_integer("c");
        "t.integer(\"c\")" => |t| t.integer("c");
        "t.big_integer(\"c\")" => |t| t.big_integer("c");
        "t.unsigned_tiny_integer(\"c\")" => |t| t.unsigned_tiny_integer("c");
        "t.unsigned_small_integer(\"c\")" => |t| t.unsigned_small_integer("c");
        "t.unsigned_medium_integer(\"c\")" => |t| t.unsigned_medium_integer("c");
        "t.unsigned_integer(\"c\")" => |t| t.unsigned_integer("c");
        "t.unsigned_big_integer(\"c\")" => |t| t.unsigned_big_integer("c");
        "t.float(\"c\")" => |t| t.float("c");
        "t.float_with(\"c\", 24)" => |t| t.float_with("c", 24);
        "t.double(\"c\")" => |t| t.double("c");
        "t.double_with(\"c\", 15, 8)" => |t| t.double_with("c", 15, 8);
        "t.decimal(\"c\", 8, 2)" => |t| t.decimal("c", 8, 2);
        "t.boolean(\"c\")" => |t| t.boolean("c");
        "t.enumeration(\"c\", [\"a\", \"b\"])" => |t| t.enumeration("c", ["a", "b"]);
        "t.json(\"c\")" => |t| t.json("c");
        "t.jsonb(\"c\")" => |t| t.jsonb("c");
        "t.date(\"c\")" => |t| t.date("c");
        "t.datetime(\"c\")" => |t| t.datetime("c");
        "t.datetime_with(\"c\", 6)" => |t| t.datetime_with("c", 6);
        "t.datetime_tz(\"c\")" => |t| t.datetime_tz("c");
        "t.time(\"c\")" => |t| t.time("c");
        "t.time_with(\"c\", 3)" => |t| t.time_with("c", 3);
        "t.time_tz(\"c\")" => |t| t.time_tz("c");
        "t.time_tz_with(\"c\", 3)" => |t| t.time_tz_with("c", 3);
        "t.timestamp(\"c\")" => |t| t.timestamp("c");
        "t.timestamp_with(\"c\", 6)" => |t| t.timestamp_with("c", 6);
        "t.timestamp_tz(\"c\")" => |t| t.timestamp_tz("c");
        "t.binary(\"c\")" => |t| t.binary("c");
        "t.uuid(\"c\")" => |t| t.uuid("c");
        "t.ip_address(\"c\")" => |t| t.ip_address("c");
        "t.year(\"c\")" => |t| t.year("c");
        "t.custom(\"c\", \"point\")" => |t| t.custom("c", "point");
        "t.foreign_id(\"user_id\")" => |t| t.foreign_id("user_id");
        "t.timestamps()" => |t| t.timestamps();
        "t.timestamps_with(6)" => |t| t.timestamps_with(6);
        "t.timestamps_not_null()" => |t| t.timestamps_not_null();
        "t.timestamps_tz()" => |t| t.timestamps_tz();
        "t.soft_deletes()" => |t| t.soft_deletes();
        "t.soft_deletes_with(6)" => |t| t.soft_deletes_with(6);
        "t.soft_deletes_tz_with(6)" => |t| t.soft_deletes_tz_with(6);
        "t.morphs(\"owner\")" => |t| t.morphs("owner");
        "t.nullable_morphs(\"owner\")" => |t| t.nullable_morphs("owner");
        "t.medium_increments(\"id\")" => |t| t.medium_increments("id");
        "t.ulid(\"c\")" => |t| t.ulid("c");
        "t.native_uuid(\"c\")" => |t| t.native_uuid("c");
        "t.mac_address(\"c\")" => |t| t.mac_address("c");
        "t.set(\"c\", [\"a\", \"b\"])" => |t| t.set("c", ["a", "b"]);
        "t.tsvector(\"c\")" => |t| t.tsvector("c");
        "t.geometry(\"c\", GeometryType::Point, 4326)" => |t| t.geometry("c", GeometryType::Point, 4326);
        "t.geometry(\"c\", GeometryType::Geometry, 0)" => |t| t.geometry("c", GeometryType::Geometry, 0);
        "t.geography(\"c\", GeometryType::Polygon, 4326)" => |t| t.geography("c", GeometryType::Polygon, 4326);
        "t.vector(\"c\", 1536)" => |t| t.vector("c", 1536);
        "t.foreign_uuid(\"user_id\")" => |t| t.foreign_uuid("user_id");
        "t.foreign_ulid(\"user_id\")" => |t| t.foreign_ulid("user_id");
        "t.remember_token()" => |t| t.remember_token();
    })
}

fn modifiers() -> String {
    columns_table(rows! {
        "t.string(\"c\", 100).nullable()" => |t| t.string("c", 100).nullable();
        "t.integer(\"c\").default(0)" => |t| t.integer("c").default(0);
        "t.string(\"c\", 100).default(\"it's\")" => |t| t.string("c", 100).default("it's");
        "t.boolean(\"c\").default(true)" => |t| t.boolean("c").default(true);
        "t.integer(\"c\").default_raw(\"1 + 1\")" => |t| t.integer("c").default_raw("1 + 1");
        "t.timestamp(\"c\").use_current()" => |t| t.timestamp("c").use_current();
        "t.timestamp(\"c\").use_current_on_update()" => |t| t.timestamp("c").use_current_on_update();
        "t.date(\"c\").use_current()" => |t| t.date("c").use_current();
        "t.year(\"c\").use_current()" => |t| t.year("c").use_current();
        "t.integer(\"c\").unsigned()" => |t| t.integer("c").unsigned();
        "t.integer(\"c\").auto_increment()" => |t| t.integer("c").auto_increment();
        "t.string(\"c\", 100).primary()" => |t| t.string("c", 100).primary();
        "t.string(\"c\", 100).unique()" => |t| t.string("c", 100).unique();
        "t.string(\"c\", 100).index()" => |t| t.string("c", 100).index();
        "t.string(\"c\", 100).comment(\"shown\")" => |t| t.string("c", 100).comment("shown");
        "t.string(\"c\", 100).after(\"id\")" => |t| t.string("c", 100).after("id");
        "t.string(\"c\", 100).first()" => |t| t.string("c", 100).first();
        "t.string(\"c\", 100).charset(\"latin1\")" => |t| t.string("c", 100).charset("latin1");
        "t.string(\"c\", 100).collation(\"C\")" => |t| t.string("c", 100).collation("C");
        "t.string(\"c\", 100).invisible()" => |t| t.string("c", 100).invisible();
    })
}

fn generated_columns() -> String {
    columns_table(rows! {
        "t.integer(\"c\").virtual_as(\"a * 2\")" => |t| t.integer("c").virtual_as("a * 2");
        "t.integer(\"c\").stored_as(\"a * 2\")" => |t| t.integer("c").stored_as("a * 2");
        "t.string(\"c\", 50).virtual_as_json(\"meta->name\")" => |t| t.string("c", 50).virtual_as_json("meta->name");
        "t.string(\"c\", 50).stored_as_json(\"meta->tags[0]\")" => |t| t.string("c", 50).stored_as_json("meta->tags[0]");
        "t.id().generated_as()" => |t| t.id().generated_as();
        "t.integer(\"c\").generated_as().always()" => |t| t.integer("c").generated_as().always();
        "t.integer(\"c\").generated_as_with(Identity::new().start_with(10).increment_by(2))" =>
            |t| t.integer("c").generated_as_with(Identity::new().start_with(10).increment_by(2));
        "t.increments(\"id\").starting_value(1000)" => |t| t.increments("id").starting_value(1000);
    })
}

fn keys() -> String {
    alter_table(rows! {
        "t.index(\"name\")" => |t| t.index("name");
        "t.index([\"name\", \"email\"]).name(\"by_name\")" => |t| t.index(["name", "email"]).name("by_name");
        "t.unique(\"name\")" => |t| t.unique("name");
        "t.drop_primary(); t.primary([\"id\", \"email\"])" => |t| { t.drop_primary(); t.primary(["id", "email"]) };
        "t.foreign(\"team_id\").references([\"id\"]).on(\"teams\").on_delete(ReferentialAction::Cascade)" =>
            |t| t.foreign("team_id").references(["id"]).on("teams").on_delete(ReferentialAction::Cascade);
        "t.foreign_id(\"owner_id\").nullable().constrained_on(\"teams\")" => |t| t.foreign_id("owner_id").nullable().constrained_on("teams");
        "t.drop_index(\"users_name_index\")" => |t| t.drop_index("users_name_index");
        "t.drop_unique(\"users_email_unique\")" => |t| t.drop_unique("users_email_unique");
        "t.drop_primary()" => |t| t.drop_primary();
        "t.drop_foreign(\"users_team_id_foreign\")" => |t| t.drop_foreign("users_team_id_foreign");
        "t.rename_index(\"users_name_index\", \"by_name\")" => |t| t.rename_index("users_name_index", "by_name");
        "t.foreign(\"team_id\").on(\"teams\").initially_deferred()" => |t| t.foreign("team_id").on("teams").initially_deferred();
        "t.foreign_uuid(\"owner_uuid\").constrained_to(\"teams\", \"uuid\").deferrable()" => |t| t.foreign_uuid("owner_uuid").constrained_to("teams", "uuid").deferrable();
    })
}

fn indexes() -> String {
    alter_table(rows! {
        "t.fulltext([\"name\", \"email\"])" => |t| t.fulltext(["name", "email"]);
        "t.fulltext(\"name\").language(\"french\")" => |t| t.fulltext("name").language("french");
        "t.drop_fulltext(\"users_name_fulltext\")" => |t| t.drop_fulltext("users_name_fulltext");
        "t.index(\"email\").algorithm(IndexAlgorithm::Hash)" => |t| t.index("email").algorithm(IndexAlgorithm::Hash);
        "t.index(\"email\").algorithm(IndexAlgorithm::Brin)" => |t| t.index("email").algorithm(IndexAlgorithm::Brin);
        "t.unique(\"email\").nulls_not_distinct()" => |t| t.unique("email").nulls_not_distinct();
        "t.raw_index(\"lower(email)\", \"users_email_lower\")" => |t| t.raw_index("lower(email)", "users_email_lower");
        "t.geometry(\"home\", GeometryType::Point, 4326).spatial_index()" => |t| t.geometry("home", GeometryType::Point, 4326).spatial_index();
        "t.drop_spatial_index(\"users_home_spatialindex\")" => |t| t.drop_spatial_index("users_home_spatialindex");
        "t.vector_index(\"embedding\")" => |t| t.vector_index("embedding");
    })
}

fn alterations() -> String {
    alter_table(rows! {
        "t.string(\"nickname\", 50).nullable()" => |t| t.string("nickname", 50).nullable();
        "t.string(\"name\", 300).nullable().change()" => |t| t.string("name", 300).nullable().change();
        "t.rename_column(\"name\", \"full_name\")" => |t| t.rename_column("name", "full_name");
        "t.drop_column(\"name\")" => |t| t.drop_column("name");
        "t.drop_columns([\"name\", \"email\"])" => |t| t.drop_columns(["name", "email"]);
        "t.drop_timestamps()" => |t| t.drop_timestamps();
        "t.drop_soft_deletes()" => |t| t.drop_soft_deletes();
        "t.drop_timestamps_tz()" => |t| t.drop_timestamps_tz();
        "t.drop_remember_token()" => |t| t.drop_remember_token();
        "t.drop_morphs(\"owner\")" => |t| t.drop_morphs("owner");
    })
}

/// Every generated table: its name in the markers, its chapter, and its text.
fn generated() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("column-types", "src/reference/columns.md", column_types()),
        ("modifiers", "src/reference/modifiers.md", modifiers()),
        (
            "generated-columns",
            "src/reference/modifiers.md",
            generated_columns(),
        ),
        ("keys", "src/reference/keys.md", keys()),
        ("indexes", "src/reference/keys.md", indexes()),
        ("alterations", "src/reference/keys.md", alterations()),
    ]
}

/// `text` with the region `name` replaced by `table`; `None` if the markers are missing.
fn replace_region(text: &str, name: &str, table: &str) -> Option<String> {
    let start_marker = format!("<!-- generated: {name} -->\n");
    let end_marker = "<!-- end generated -->";
    let start = text.find(&start_marker)? + start_marker.len();
    let end = start + text[start..].find(end_marker)?;
    Some(format!("{}{table}{}", &text[..start], &text[end..]))
}

#[test]
fn the_reference_tables_are_what_the_grammars_write() {
    let bless = std::env::var_os("MIGRATE_BOOK_BLESS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (name, chapter, table) in generated() {
        let path = root.join(chapter);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{chapter}: {e}"));
        let updated = replace_region(&text, name, &table)
            .unwrap_or_else(|| panic!("{chapter} has no `<!-- generated: {name} -->` region"));
        if updated != text {
            if bless {
                std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{chapter}: {e}"));
            } else {
                stale.push(format!("{chapter} ({name})"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated tables in {}; rerun with MIGRATE_BOOK_BLESS=1 and review the diff",
        stale.join(", ")
    );
}

//! Every literal the grammar writes means exactly its value, whatever the session's settings:
//! PostgreSQL with `standard_conforming_strings` on and off, MySQL/MariaDB with and without
//! `NO_BACKSLASH_ESCAPES` and `ANSI_QUOTES`. Defaults, comments and enum members are stored
//! byte for byte as described, and nothing in them ever runs as SQL.

use migrate_core::{Bind, Dialect, MigrationConnection, Migrator, Schema};

use crate::fixtures::{self, hostile};
use crate::support::{new_db, TestDb};

/// Values that end a literal early, escape its quote, or smuggle a statement in, under one
/// setting or another.
const VALUES: [&str; 64] = [
    "plain",
    "",
    " ",
    "'",
    "''",
    "'''",
    "\\",
    "\\\\",
    "\\'",
    "\\''",
    "'\\",
    "\\'); drop table canary; --",
    "'); drop table canary; --",
    "\\\\'); drop table canary; --",
    "\\\\\\'); drop table canary; --",
    "x'); drop table canary; --",
    "a\\nb",
    "a\\tb",
    "a\\0b",
    "a\\Zb",
    "a\\%b",
    "a\\_b",
    "a\\bb",
    "a\\rb",
    "a\\\"b",
    "g\\h",
    "C:\\temp\\new",
    "\\x41",
    "\\u0041",
    "\\101",
    "$$",
    "$tag$ drop table canary; $tag$",
    "$1",
    "?",
    "??",
    ":name",
    "%s",
    "%",
    "_",
    "--",
    "-- drop table canary",
    "/*",
    "*/",
    "/* drop table canary */",
    ";",
    "; drop table canary",
    "\"",
    "\"\"",
    "\"); drop table canary; --",
    "`",
    "``",
    "`); drop table canary; --",
    "E'",
    "e'\\''",
    "N'x'",
    "_utf8mb4'x'",
    "line\nbreak",
    "tab\there",
    "cr\rhere",
    "naïve ☃ 名前",
    "emoji 🦀 \\ ' \"",
    "\u{7f}",
    "trailing space ",
    "0x27",
];

/// The session settings each backend is tested under: a label and the SQL that sets them.
fn settings(dialect: Dialect) -> Vec<(&'static str, &'static str)> {
    match dialect {
        Dialect::Sqlite => vec![("default", "")],
        Dialect::Postgres => vec![
            (
                "standard_conforming_strings = on",
                "set standard_conforming_strings = on",
            ),
            (
                "standard_conforming_strings = off",
                "set standard_conforming_strings = off; set escape_string_warning = off",
            ),
        ],
        Dialect::Mysql => vec![
            ("default sql_mode", ""),
            (
                "NO_BACKSLASH_ESCAPES",
                "set session sql_mode = concat_ws(',', nullif(@@session.sql_mode, ''), 'NO_BACKSLASH_ESCAPES')",
            ),
            (
                "ANSI_QUOTES",
                "set session sql_mode = concat_ws(',', nullif(@@session.sql_mode, ''), 'ANSI_QUOTES')",
            ),
            (
                "NO_BACKSLASH_ESCAPES and ANSI_QUOTES",
                "set session sql_mode = concat_ws(',', nullif(@@session.sql_mode, ''), 'NO_BACKSLASH_ESCAPES,ANSI_QUOTES')",
            ),
        ],
    }
}

/// Enum members: MySQL strips trailing spaces from them and compares them ignoring case, so
/// members that would collide there are left to the default and comment checks.
fn members() -> Vec<&'static str> {
    let mut seen: Vec<String> = Vec::new();
    VALUES
        .iter()
        .copied()
        .filter(|v| !v.ends_with(' ') && !v.is_empty())
        .filter(|v| {
            let key = v.to_lowercase();
            let new = !seen.contains(&key);
            seen.push(key);
            new
        })
        .collect()
}

/// Whether the dialect stores `value` as a comment (MySQL's are utf8mb3: no emoji).
fn storable_comment(dialect: Dialect, value: &str) -> bool {
    dialect != Dialect::Mysql || value.chars().all(|c| u32::from(c) <= 0xFFFF)
}

/// The SQL a test reads a column's comment with, binding the table and column names.
fn comment_sql(dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Sqlite => None,
        Dialect::Postgres => Some(
            "select col_description(c.oid, a.attnum) from pg_class c \
             join pg_attribute a on a.attrelid = c.oid \
             where c.relnamespace = current_schema()::regnamespace and c.relname = $1 and a.attname = $2",
        ),
        Dialect::Mysql => Some(
            "select column_comment from information_schema.columns \
             where table_schema = database() and table_name = ? and column_name = ?",
        ),
    }
}

/// Creates a table whose every column defaults to (and is commented with) one of
/// [`VALUES`], plus an enum of them; then checks what the server stored.
fn values_round_trip(db: &mut TestDb, setting: &str) {
    let dialect = db.dialect();
    db.execute("create table canary (x integer)");
    let members = members();
    let mut schema = Schema::new(&mut db.conn);
    schema
        .create("literals", |t| {
            t.increments("id");
            for (i, value) in VALUES.iter().enumerate() {
                let column = t.string(format!("c{i}"), 100).default(*value);
                if dialect != Dialect::Sqlite && storable_comment(dialect, value) {
                    column.comment(*value);
                }
            }
            t.enumeration("e", &members).nullable();
        })
        .unwrap_or_else(|e| panic!("{setting}: {e}"));

    db.execute("insert into literals (id) values (1)");
    let columns: Vec<String> = (0..VALUES.len())
        .map(|i| db.text(&db.quote(&format!("c{i}"))))
        .collect();
    let rows = db.rows(&format!("select {} from literals", columns.join(", ")), &[]);
    let stored: Vec<&str> = rows[0].iter().map(|v| v.as_deref().unwrap()).collect();
    assert_eq!(stored, VALUES, "defaults under {setting}");

    if let Some(sql) = comment_sql(dialect) {
        for (i, value) in VALUES.iter().enumerate() {
            let column = format!("c{i}");
            let rows = db.rows(sql, &["literals", &column]);
            // PostgreSQL reads an empty comment as "no comment".
            let expected = match (dialect, *value) {
                (Dialect::Postgres, "") => None,
                (_, value) if !storable_comment(dialect, value) => Some(String::new()),
                _ => Some(value.to_string()),
            };
            assert_eq!(rows, [[expected]], "comment of {column} under {setting}");
        }
    }

    let grammar = dialect.grammar();
    let insert = format!(
        "insert into literals (id, e) values ({}, {})",
        grammar.placeholder(1),
        grammar.placeholder(2)
    );
    for (i, member) in members.iter().enumerate() {
        let id = i64::try_from(i).unwrap() + 2;
        db.conn
            .execute_with(&insert, &[Bind::Int(id), Bind::Text(member)])
            .unwrap_or_else(|e| panic!("enum member {member:?} refused under {setting}: {e}"));
    }
    let rows = db.rows("select e from literals where id > 1 order by id", &[]);
    let stored: Vec<&str> = rows.iter().map(|r| r[0].as_deref().unwrap()).collect();
    assert_eq!(stored, members, "enum members under {setting}");

    assert!(
        crate::introspect::tables(db).contains(&"canary".to_owned()),
        "the canary table survives under {setting}"
    );
}

/// Runs `check` on a new database of `dialect` under each of its settings.
fn under_every_setting(dialect: Dialect, check: fn(&mut TestDb, &str)) {
    for (label, sql) in settings(dialect) {
        let mut db = new_db(dialect);
        if !sql.is_empty() {
            db.execute(sql);
        }
        check(&mut db, label);
    }
}

/// The hostile fixture (names with every quote character, a default that would end its
/// literal) applied by the Migrator, under the session's setting.
fn hostile_fixture_round_trip(db: &mut TestDb, setting: &str) {
    let migrator = Migrator::new().module(fixtures::module("hostile"));
    migrator
        .run(&mut db.conn)
        .unwrap_or_else(|e| panic!("{setting}: {e}"));
    let t = db.quote(hostile::TABLE);
    let select = db.quote("select");
    db.execute(&format!("insert into {t} ({select}) values ('x')"));
    let rows = db.rows(
        &format!(
            "select {} from {t}",
            db.text(&db.quote(hostile::COLUMNS[0]))
        ),
        &[],
    );
    assert_eq!(
        rows,
        [[Some(hostile::DEFAULT.to_owned())]],
        "under {setting}"
    );
    migrator
        .rollback(&mut db.conn, None)
        .unwrap_or_else(|e| panic!("{setting}: {e}"));
}

macro_rules! every_setting {
    ($name:ident, $check:path) => {
        mod $name {
            use super::*;

            #[test]
            fn sqlite() {
                under_every_setting(Dialect::Sqlite, $check);
            }

            #[cfg(feature = "postgres")]
            #[test]
            fn postgres() {
                under_every_setting(Dialect::Postgres, $check);
            }

            #[cfg(feature = "mysql")]
            #[test]
            fn mysql() {
                under_every_setting(Dialect::Mysql, $check);
            }
        }
    };
}

every_setting!(
    defaults_comments_and_enum_members_are_stored_verbatim,
    values_round_trip
);
every_setting!(
    hostile_names_and_defaults_under_every_setting,
    hostile_fixture_round_trip
);

/// MySQL's `SET` members (at most 64 of them, none with a comma) are stored verbatim under
/// every `sql_mode`, as are its default.
#[cfg(feature = "mysql")]
#[test]
fn set_members_are_stored_verbatim_under_every_sql_mode() {
    under_every_setting(Dialect::Mysql, |db, setting| {
        let members: Vec<&str> = members().into_iter().take(64).collect();
        let hostile = "\\'); drop table canary; --";
        assert!(members.contains(&hostile));
        db.execute("create table canary (x integer)");
        let mut schema = Schema::new(&mut db.conn);
        schema
            .create("sets", |t| {
                t.increments("id");
                t.set("s", &members).nullable();
                t.set("d", [hostile, "x"]).default(hostile);
            })
            .unwrap_or_else(|e| panic!("{setting}: {e}"));
        drop(schema);
        for (i, member) in members.iter().enumerate() {
            let id = i64::try_from(i).unwrap() + 1;
            db.conn
                .execute_with(
                    "insert into sets (id, s) values (?, ?)",
                    &[Bind::Int(id), Bind::Text(member)],
                )
                .unwrap_or_else(|e| panic!("set member {member:?} refused under {setting}: {e}"));
        }
        let rows = db.rows("select s, d from sets order by id", &[]);
        let stored: Vec<&str> = rows.iter().map(|r| r[0].as_deref().unwrap()).collect();
        assert_eq!(stored, members, "set members under {setting}");
        assert!(rows.iter().all(|r| r[1].as_deref() == Some(hostile)));
        assert!(crate::introspect::tables(db).contains(&"canary".to_owned()));
    });
}

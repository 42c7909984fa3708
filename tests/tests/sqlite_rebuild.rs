//! SQLite's table rebuild, on 100,000 rows with `PRAGMA foreign_keys = ON` and children that
//! cascade on delete: every rebuild operation keeps every row of the table and of its children,
//! the AUTOINCREMENT sequence, column order, the untouched indexes, triggers and foreign keys.

use migrate_core::{Blueprint, MigrationConnection, Migrator, Schema};

use crate::fixtures;
use crate::introspect::{describe, ForeignKey, Table};
use crate::support::{self, TestDb};

const USERS: usize = 100_000;

/// `users` (AUTOINCREMENT id, a unique index, an index, a trigger, foreign keys to `teams` and
/// to itself) with 99,990 rows and a sequence at 100,000; `posts` referencing it with
/// `ON DELETE CASCADE`; `legacy`, without a primary key, and `legacy_notes` referencing it.
fn populated(rows: usize) -> TestDb {
    let mut db = support::sqlite();
    db.execute("pragma foreign_keys = on");
    let mut s = Schema::new(&mut db.conn);
    s.create("teams", |t| {
        t.increments("id");
        t.string("name", 50);
    })
    .unwrap();
    s.create("users", |t| {
        t.increments("id");
        t.string("email", 255).unique();
        t.string("name", 100).nullable().index();
        t.integer("score").default(0);
        t.string("status", 20).default("active");
        t.integer("team_id").nullable();
        t.integer("mentor_id").nullable();
        t.enumeration("role", ["admin", "member"]).default("member");
        t.foreign("team_id").on("teams").null_on_delete();
    })
    .unwrap();
    s.create("posts", |t| {
        t.increments("id");
        t.unsigned_integer("user_id").index();
        t.string("title", 100);
        t.foreign("user_id").on("users").cascade_on_delete();
    })
    .unwrap();
    s.create("legacy", |t| {
        t.string("code", 20).unique();
        t.string("label", 50);
    })
    .unwrap();
    s.create("legacy_notes", |t| {
        t.increments("id");
        t.string("code", 20);
        t.foreign("code")
            .references(["code"])
            .on("legacy")
            .cascade_on_delete();
    })
    .unwrap();
    s.create("audit", |t| {
        t.integer("user_id");
    })
    .unwrap();
    db.execute(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < 50) \
         insert into teams (name) select 'team ' || i from n",
    );
    db.execute(&format!(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < {rows}) \
         insert into users (id, email, name, score, status, team_id, mentor_id, role) \
         select i, 'user' || i || '@example.com', case when i % 10 = 0 then null else 'name ' || i end, \
         i % 1000, case when i % 3 = 0 then 'idle' else 'active' end, i % 50 + 1, \
         case when i > 1 then i - 1 end, case when i % 7 = 0 then 'admin' else 'member' end from n"
    ));
    // The sequence stays ahead of the largest id: the rebuild must keep it, not recompute it.
    db.execute(&format!("delete from users where id > {}", rows - 10));
    db.execute("insert into posts (user_id, title) select id, 'post ' || id from users");
    db.execute(
        "insert into posts (user_id, title) select id, 'second ' || id from users where id % 3 = 0",
    );
    db.execute(&format!(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < {rows}) \
         insert into legacy (code, label) select 'c' || i, 'label ' || i from n"
    ));
    db.execute("insert into legacy_notes (code) select code from legacy where rowid % 2 = 0");
    db.execute(
        "create trigger users_audit after insert on users begin \
         insert into audit (user_id) values (new.id); end; \
         create trigger legacy_audit after insert on legacy begin \
         insert into audit (user_id) values (-1); end",
    );
    // Objects that name `users` and some of its columns: a view, a partial index whose
    // condition holds the string 'name' (not the column), an expression index.
    db.execute(
        "create view users_teams as select id, team_id from users where team_id > 25; \
         create index users_partial on users (team_id) where status <> 'name'; \
         create index users_lower_email on users (lower(email))",
    );
    db
}

/// Every view, trigger and index of the database written by hand (name, sql), by name.
fn objects(db: &mut TestDb) -> Vec<(String, String)> {
    db.rows(
        "select name, sql from sqlite_master where type in ('view', 'trigger', 'index') \
         and sql is not null order by name",
        &[],
    )
    .into_iter()
    .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
    .collect()
}

fn one(db: &mut TestDb, sql: &str) -> String {
    db.rows(sql, &[])[0][0].clone().unwrap_or_default()
}

/// Per column: non-null count, total length and total numeric value.
fn checksums(db: &mut TestDb, table: &str) -> Vec<(String, String)> {
    let names: Vec<String> = describe(db, table)
        .column_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    names
        .into_iter()
        .map(|c| {
            let q = db.quote(&c);
            let sql = format!(
                "select count({q}) || ':' || total(length({q})) || ':' || \
                 total(case when typeof({q}) in ('integer', 'real') then {q} else 0 end) \
                 from {}",
                db.quote(table)
            );
            let sum = one(db, &sql);
            (c, sum)
        })
        .collect()
}

/// Everything a rebuild must keep, read from the database.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    table: Table,
    rows: String,
    checksums: Vec<(String, String)>,
    sequence: Option<String>,
    triggers: Vec<String>,
    children: Vec<(String, Table, String)>,
    objects: Vec<(String, String)>,
}

fn snapshot(db: &mut TestDb, table: &str, children: &[&str]) -> Snapshot {
    let sequence = db
        .rows(
            "select cast(seq as text) from sqlite_sequence where name = ?",
            &[table],
        )
        .first()
        .and_then(|r| r[0].clone());
    let triggers = db
        .rows(
            "select name from sqlite_master where type = 'trigger' and tbl_name = ? order by name",
            &[table],
        )
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect();
    let children = children
        .iter()
        .map(|child| {
            let rows = one(
                db,
                &format!(
                    "select count(*) || ':' || total(rowid) from {}",
                    db.quote(child)
                ),
            );
            (child.to_string(), describe(db, child), rows)
        })
        .collect();
    Snapshot {
        table: describe(db, table),
        rows: one(db, &format!("select count(*) from {}", db.quote(table))),
        checksums: checksums(db, table),
        sequence,
        triggers,
        children,
        objects: objects(db),
    }
}

/// Runs `change` on `table` inside a transaction, as a migration does.
fn alter(db: &mut TestDb, table: &str, change: impl FnOnce(&mut Blueprint)) -> Vec<String> {
    db.conn.begin().unwrap();
    let mut s = Schema::new(&mut db.conn);
    s.table(table, change).unwrap_or_else(|e| panic!("{e}"));
    let statements = s.statements().to_vec();
    db.conn.commit().unwrap();
    statements
}

/// The database is sound: no corruption, no violated foreign key, the pragmas as they were.
fn assert_sound(db: &mut TestDb) {
    assert_eq!(
        one(db, "select integrity_check from pragma_integrity_check"),
        "ok"
    );
    assert!(db
        .rows("select * from pragma_foreign_key_check", &[])
        .is_empty());
    assert_eq!(
        one(
            db,
            "select cast(foreign_keys as text) from pragma_foreign_keys"
        ),
        "1"
    );
    assert_eq!(
        one(
            db,
            "select cast(legacy_alter_table as text) from pragma_legacy_alter_table"
        ),
        "0"
    );
    let leftovers = db.rows(
        "select name from sqlite_master where name like '%migrate_%' \
         union all select name from sqlite_temp_master",
        &[],
    );
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Checks what every rebuild of `users` keeps, `dropped` aside, and returns the new shape.
fn assert_users_kept(db: &mut TestDb, before: &Snapshot, dropped: Option<&str>) -> Table {
    let after = snapshot(db, "users", &["posts"]);
    assert_sound(db);
    assert_eq!(after.rows, before.rows);
    assert_eq!(after.rows, (USERS - 10).to_string());
    // Every row of the children, and their foreign keys, untouched.
    assert_eq!(after.children, before.children);
    // Column order and every column's values.
    let kept: Vec<&(String, String)> = before
        .checksums
        .iter()
        .filter(|(c, _)| Some(c.as_str()) != dropped)
        .collect();
    assert_eq!(after.checksums.iter().collect::<Vec<_>>(), kept);
    // The sequence, and the next id continues from it (not from the largest id).
    assert_eq!(after.sequence, before.sequence);
    assert_eq!(after.sequence.as_deref(), Some("100000"));
    let audited = one(db, "select count(*) from audit");
    if after.table.columns.iter().any(|c| c.name == "email") {
        db.execute("insert into users (email) values ('new@example.com')");
    } else {
        db.execute("insert into users default values");
    }
    assert_eq!(one(db, "select max(id) from users"), "100001");
    // The trigger still exists and still fires.
    assert_eq!(after.triggers, ["users_audit"]);
    assert_eq!(
        one(db, "select count(*) from audit"),
        (audited.parse::<usize>().unwrap() + 1).to_string()
    );
    // Views, triggers and the indexes written by hand keep their exact SQL, but for the
    // indexes over the dropped column (a string 'name' in a condition is not the column).
    let gone: &[&str] = match dropped {
        Some("email") => &["users_email_unique", "users_lower_email"],
        Some("name") => &["users_name_index"],
        _ => &[],
    };
    let mut kept = before.objects.clone();
    kept.retain(|(name, _)| !gone.contains(&name.as_str()));
    let now: Vec<_> = after
        .objects
        .iter()
        .filter(|(name, _)| !name.starts_with("users_by_"))
        .cloned()
        .collect();
    assert_eq!(now, kept);
    assert_eq!(
        one(db, "select count(*) from users_teams"),
        one(db, "select count(*) from users where team_id > 25")
    );
    // Untouched indexes are still there.
    let indexes: Vec<_> = before
        .table
        .index_summary()
        .into_iter()
        .filter(|(name, columns, _)| {
            !columns.iter().any(|c| Some(c.as_str()) == dropped) && !gone.contains(&name.as_str())
        })
        .collect();
    assert_eq!(after.table.index_summary(), indexes);
    assert_eq!(after.table.primary_key(), ["id"]);
    // Deleting a user still cascades into its posts: the children still reference `users`.
    db.execute("delete from users where id = 3");
    assert_eq!(one(db, "select count(*) from posts where user_id = 3"), "0");
    after.table
}

#[test]
fn changing_a_column_type_nullability_and_default_keeps_everything() {
    let mut db = populated(USERS);
    let before = snapshot(&mut db, "users", &["posts"]);
    alter(&mut db, "users", |t| {
        t.text("status").nullable().default("new").change();
    });
    let after = assert_users_kept(&mut db, &before, None);
    let status = after.column("status");
    assert_eq!(status.ty, "text");
    assert!(status.nullable);
    assert_eq!(status.default.as_deref(), Some("'new'"));
    let mut untouched = after.columns.clone();
    untouched.retain(|c| c.name != "status");
    let mut expected = before.table.columns.clone();
    expected.retain(|c| c.name != "status");
    assert_eq!(untouched, expected);
    assert_eq!(after.foreign_keys, before.table.foreign_keys);
    // The enumeration's CHECK constraint was kept verbatim.
    let failed = db
        .conn
        .batch_execute("update users set role = 'owner' where id = 1");
    assert!(failed
        .unwrap_err()
        .to_string()
        .contains("CHECK constraint failed"));
}

#[test]
fn dropping_an_indexed_column_keeps_everything_else() {
    let mut db = populated(USERS);
    let before = snapshot(&mut db, "users", &["posts"]);
    let statements = alter(&mut db, "users", |t| t.drop_column("name"));
    assert!(statements[0].starts_with("create table \"__migrate_new_users\""));
    let after = assert_users_kept(&mut db, &before, Some("name"));
    assert!(!after.column_names().contains(&"name"));
    assert!(!after
        .index_summary()
        .iter()
        .any(|(n, _, _)| n == "users_name_index"));
    assert_eq!(after.foreign_keys, before.table.foreign_keys);
}

#[test]
fn dropping_a_unique_column_keeps_everything_else() {
    let mut db = populated(USERS);
    let before = snapshot(&mut db, "users", &["posts"]);
    alter(&mut db, "users", |t| t.drop_column("email"));
    let after = assert_users_kept(&mut db, &before, Some("email"));
    assert!(!after
        .index_summary()
        .iter()
        .any(|(n, _, _)| n == "users_email_unique"));
}

#[test]
fn adding_a_foreign_key_keeps_everything() {
    let mut db = populated(USERS);
    let before = snapshot(&mut db, "users", &["posts"]);
    alter(&mut db, "users", |t| {
        t.foreign("mentor_id").on("users").null_on_delete();
    });
    let after = assert_users_kept(&mut db, &before, None);
    let mut expected = before.table.foreign_keys.clone();
    expected.push(ForeignKey {
        columns: vec!["mentor_id".into()],
        table: "users".into(),
        references: vec!["id".into()],
        on_delete: "set null".into(),
    });
    let mut actual = after.foreign_keys.clone();
    actual.sort_by(|a, b| a.columns.cmp(&b.columns));
    expected.sort_by(|a, b| a.columns.cmp(&b.columns));
    assert_eq!(actual, expected);
    // The new key is enforced.
    let failed = db
        .conn
        .batch_execute("update users set mentor_id = 424242 where id = 5");
    assert!(failed.unwrap_err().to_string().contains("FOREIGN KEY"));
}

#[test]
fn dropping_a_foreign_key_keeps_everything() {
    let mut db = populated(USERS);
    let before = snapshot(&mut db, "users", &["posts"]);
    alter(&mut db, "users", |t| {
        t.drop_foreign("users_team_id_foreign")
    });
    let after = assert_users_kept(&mut db, &before, None);
    assert!(after.foreign_keys.is_empty());
    db.execute("update users set team_id = 424242 where id = 5");
}

#[test]
fn adding_a_primary_key_to_a_table_without_one_keeps_everything() {
    let mut db = populated(USERS);
    let before = snapshot(&mut db, "legacy", &["legacy_notes"]);
    assert!(before.table.primary_key().is_empty());
    alter(&mut db, "legacy", |t| {
        t.primary("code");
    });
    let after = snapshot(&mut db, "legacy", &["legacy_notes"]);
    assert_sound(&mut db);
    assert_eq!(after.table.primary_key(), ["code"]);
    assert_eq!(after.rows, USERS.to_string());
    assert_eq!(after.rows, before.rows);
    assert_eq!(after.checksums, before.checksums);
    assert_eq!(after.children, before.children);
    assert_eq!(after.table.index_summary(), before.table.index_summary());
    assert_eq!(after.triggers, ["legacy_audit"]);
    db.execute("insert into legacy (code, label) values ('new', 'new')");
    assert_eq!(
        one(&mut db, "select count(*) from audit where user_id = -1"),
        "1"
    );
    db.execute("delete from legacy where code = 'c2'");
    assert_eq!(
        one(
            &mut db,
            "select count(*) from legacy_notes where code = 'c2'"
        ),
        "0"
    );
}

#[test]
fn golden_sql_of_a_change_on_a_referenced_table() {
    let mut db = support::sqlite();
    db.execute(
        "pragma foreign_keys = on; \
         create table \"users\" (\"id\" integer primary key autoincrement not null, \
         \"email\" varchar not null, \"status\" varchar not null default 'active'); \
         create unique index \"users_email_unique\" on \"users\" (`email`); \
         create table \"posts\" (\"id\" integer primary key autoincrement not null, \
         \"user_id\" integer not null, constraint \"posts_user_id_foreign\" foreign key \
         (\"user_id\") references \"users\" (\"id\") on delete cascade); \
         create trigger \"users_audit\" after insert on \"users\" begin select 1; end",
    );
    let mut s = Schema::pretending(&mut db.conn);
    s.table("users", |t| {
        t.text("status").nullable().change();
    })
    .unwrap();
    assert_eq!(
        s.statements(),
        [
            r#"create table "__migrate_new_users" ("id" integer primary key autoincrement not null, "email" varchar not null, "status" text null)"#,
            r#"insert into "__migrate_new_users" ("id", "email", "status") select "id", "email", "status" from "users""#,
            "delete from sqlite_sequence where name = '__migrate_new_users'",
            "update sqlite_sequence set name = '__migrate_new_users' where name = 'users'",
            r#"drop index "users_email_unique""#,
            r#"drop trigger "users_audit""#,
            "pragma writable_schema = on",
            r#"update sqlite_master set tbl_name = '__migrate_old_users', name = case when type = 'table' then '__migrate_old_users' else 'sqlite_autoindex_' || '__migrate_old_users' || substr(name, 23) end, sql = case when type = 'table' then 'CREATE TABLE "__migrate_old_users" ("id" integer primary key autoincrement not null, "email" varchar not null, "status" varchar not null default ''active'')' else sql end where tbl_name = 'users' and type in ('table', 'index')"#,
            "pragma writable_schema = reset",
            r#"drop table "__migrate_old_users""#,
            "pragma legacy_alter_table = on",
            r#"alter table "__migrate_new_users" rename to "users""#,
            "pragma legacy_alter_table = off",
            r#"CREATE UNIQUE INDEX "users_email_unique" on "users" (`email`)"#,
            r#"CREATE TRIGGER "users_audit" after insert on "users" begin select 1; end"#,
            r#"create temp table "__migrate_foreign_key_check" ("violations" integer not null constraint "foreign keys violated after rebuilding users" check ("violations" = 0))"#,
            r#"insert into temp."__migrate_foreign_key_check" ("violations") select (select count(*) from pragma_foreign_key_check('users')) + (select count(*) from pragma_foreign_key_check('posts'))"#,
            r#"drop table temp."__migrate_foreign_key_check""#,
        ]
    );
    // Without a connection there is no rebuild: an error, never a silent no-op.
    let mut t = Blueprint::alter("users");
    t.text("status").nullable().change();
    assert!(t.to_sql(migrate_core::Dialect::Sqlite).is_err());
}

/// Rows read as text.
type Rows = Vec<Vec<Option<String>>>;

/// The whole schema and the data of `users`, to compare before and after a failed migration.
fn everything(db: &mut TestDb) -> (Rows, Vec<(String, String)>, String) {
    let schema = db.rows(
        "select type, name, tbl_name, sql from sqlite_master \
         where tbl_name <> 'migrations' order by type, name",
        &[],
    );
    let sums = checksums(db, "users");
    let sequence = one(
        db,
        "select cast(seq as text) from sqlite_sequence where name = 'users'",
    );
    (schema, sums, sequence)
}

fn failing_rebuild_leaves_the_table_as_before(foreign_keys: bool) {
    let mut db = populated(1_000);
    if !foreign_keys {
        db.execute("pragma foreign_keys = off");
    }
    let before = everything(&mut db);
    let error = Migrator::new()
        .module(fixtures::module("rebuild::violating"))
        .run(&mut db.conn)
        .unwrap_err()
        .to_string();
    // Enforced keys stop the copy into the new table; otherwise the final check does.
    let cause = match foreign_keys {
        true => "FOREIGN KEY constraint failed",
        false => "CHECK constraint failed: foreign keys violated after rebuilding users",
    };
    assert!(
        error.contains("m2026_03_01_000001_constrain_users_mentor") && error.contains(cause),
        "{error}"
    );
    assert_eq!(everything(&mut db), before);
    assert_eq!(
        one(
            &mut db,
            "select integrity_check from pragma_integrity_check"
        ),
        "ok"
    );
    let applied = db.rows("select id from migrations", &[]);
    assert!(applied.is_empty());
}

#[test]
fn a_failing_rebuild_fails_the_migration_and_leaves_the_table_as_before() {
    failing_rebuild_leaves_the_table_as_before(true);
}

#[test]
fn a_failing_rebuild_is_caught_by_the_foreign_key_check_when_keys_are_not_enforced() {
    failing_rebuild_leaves_the_table_as_before(false);
}

#[test]
fn renaming_an_index_recreates_it_without_a_rebuild() {
    let mut db = populated(100);
    let statements = alter(&mut db, "users", |t| {
        t.rename_index("users_name_index", "users_by_name");
    });
    assert_eq!(
        statements,
        [
            r#"drop index "users_name_index""#,
            r#"CREATE INDEX "users_by_name" on "users" (`name`)"#,
        ]
    );
    let names: Vec<_> = describe(&mut db, "users")
        .index_summary()
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "users_by_name",
            "users_email_unique",
            "users_lower_email",
            "users_partial"
        ]
    );
}

#[test]
fn dropping_a_plain_column_needs_no_rebuild() {
    let mut db = populated(100);
    let statements = alter(&mut db, "users", |t| t.drop_column("score"));
    assert_eq!(statements, [r#"alter table "users" drop column "score""#]);
}

#[test]
fn a_naive_rebuild_would_cascade_into_the_children() {
    // Why the rebuild detaches the old table: inside a transaction `foreign_keys = off` is
    // ignored, children follow a renamed parent even under `legacy_alter_table`, and dropping
    // the parent deletes their rows.
    let mut db = populated(100);
    db.conn.begin().unwrap();
    db.execute("pragma foreign_keys = off; pragma legacy_alter_table = on");
    db.execute("alter table users rename to users_old");
    let posts = one(
        &mut db,
        "select sql from sqlite_master where name = 'posts'",
    );
    assert!(posts.contains("users_old"), "{posts}");
    db.execute("drop table users_old");
    assert_eq!(one(&mut db, "select count(*) from posts"), "0");
    db.conn.rollback().unwrap();
    db.execute("pragma legacy_alter_table = off");
}

#[test]
fn without_enforced_foreign_keys_the_rebuild_is_the_documented_procedure() {
    let mut db = populated(1_000);
    db.execute("pragma foreign_keys = off");
    let before = snapshot(&mut db, "users", &["posts"]);
    let statements = alter(&mut db, "users", |t| {
        t.text("status").nullable().change();
    });
    assert!(!statements.iter().any(|s| s.contains("writable_schema")));
    assert!(statements.contains(&r#"drop table "users""#.to_owned()));
    db.execute("pragma foreign_keys = on");
    let after = snapshot(&mut db, "users", &["posts"]);
    assert_sound(&mut db);
    assert_eq!(after.children, before.children);
    assert_eq!(after.checksums, before.checksums);
    assert_eq!(after.sequence, before.sequence);
    assert_eq!(after.triggers, before.triggers);
    assert_eq!(after.table.index_summary(), before.table.index_summary());
}

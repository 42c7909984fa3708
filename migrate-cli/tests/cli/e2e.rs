//! End-to-end: `cargo migrate` drives a scratch application through its whole life, and the
//! database's tables and repository rows are checked after every step, on every backend
//! enabled (SQLite always; PostgreSQL / MySQL with this crate's `postgres` / `mysql`
//! features, and then `MIGRATE_TEST_POSTGRES_URL` / `MIGRATE_TEST_MYSQL_URL` must be set).

use migrate_cli::exit_code;
use migrate_core::{AnyConnection, Dialect, MigrationConnection};

use super::help::assert_snapshot;
use super::support::{cargo_migrate, Run, Scratch};

/// A database for one scenario, and a connection of the test's own to inspect it.
pub(super) struct Db {
    pub(super) url: String,
    pub(super) conn: AnyConnection,
    pub(super) features: &'static [&'static str],
    cleanup: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((admin, sql)) = self.cleanup.take() {
            if let Ok(mut admin) = AnyConnection::establish(&admin) {
                let _ = admin.batch_execute(&sql);
            }
        }
    }
}

impl Db {
    pub(super) fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("app.sqlite").display());
        Db {
            conn: AnyConnection::establish(&url).unwrap(),
            url,
            features: &[],
            cleanup: None,
            _dir: Some(dir),
        }
    }

    #[cfg(any(feature = "postgres", feature = "mysql"))]
    fn env_url(var: &str) -> String {
        std::env::var(var).unwrap_or_else(|_| {
            panic!("{var} is not set: this backend's suite was enabled by a cargo feature, so it needs a database (see README)")
        })
    }

    #[cfg(any(feature = "postgres", feature = "mysql"))]
    fn unique_name() -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        format!("migrate_cli_{}_{nanos}", std::process::id())
    }

    /// A new schema, named in the URL's `options` so the runner uses it too.
    #[cfg(feature = "postgres")]
    pub(super) fn postgres() -> Db {
        let admin = Self::env_url("MIGRATE_TEST_POSTGRES_URL");
        let schema = Self::unique_name();
        let mut conn = AnyConnection::establish(&admin).unwrap();
        conn.batch_execute(&format!(
            "create schema \"{schema}\"; set search_path to \"{schema}\""
        ))
        .unwrap();
        let separator = if admin.contains('?') { '&' } else { '?' };
        Db {
            url: format!("{admin}{separator}options=-csearch_path%3D{schema}"),
            conn,
            features: &["postgres"],
            cleanup: Some((admin, format!("drop schema \"{schema}\" cascade"))),
            _dir: None,
        }
    }

    #[cfg(feature = "mysql")]
    pub(super) fn mysql() -> Db {
        let admin = Self::env_url("MIGRATE_TEST_MYSQL_URL");
        let database = Self::unique_name();
        AnyConnection::establish(&admin)
            .unwrap()
            .batch_execute(&format!("create database `{database}`"))
            .unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        let url = format!("{base}/{database}");
        Db {
            conn: AnyConnection::establish(&url).unwrap(),
            url,
            features: &["mysql"],
            cleanup: Some((admin, format!("drop database `{database}`"))),
            _dir: None,
        }
    }

    fn text(&self, expr: &str) -> String {
        match self.conn.dialect() {
            Dialect::Mysql => format!("cast({expr} as char)"),
            _ => format!("cast({expr} as text)"),
        }
    }

    /// The first column of `sql`'s rows, as text, sorted.
    pub(super) fn column(&mut self, sql: &str) -> Vec<String> {
        let mut values: Vec<String> = self
            .conn
            .load_text(sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .into_iter()
            .map(|row| row.0.into_iter().next().flatten().unwrap_or_default())
            .collect();
        values.sort();
        values
    }

    /// Every table, sorted.
    pub(super) fn tables(&mut self) -> Vec<String> {
        let sql = match self.conn.dialect() {
            Dialect::Sqlite => {
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
                    .to_owned()
            }
            Dialect::Postgres => {
                "select tablename::text from pg_tables where schemaname = current_schema()".into()
            }
            Dialect::Mysql => format!(
                "select {} from information_schema.tables where table_schema = database()",
                self.text("table_name")
            ),
        };
        self.column(&sql)
    }

    /// The columns of `table`, sorted.
    fn columns(&mut self, table: &str) -> Vec<String> {
        let sql = match self.conn.dialect() {
            Dialect::Sqlite => format!("select name from pragma_table_info('{table}')"),
            Dialect::Postgres => format!(
                "select column_name::text from information_schema.columns \
                 where table_schema = current_schema() and table_name = '{table}'"
            ),
            Dialect::Mysql => format!(
                "select {} from information_schema.columns \
                 where table_schema = database() and table_name = '{table}'",
                self.text("column_name")
            ),
        };
        self.column(&sql)
    }

    /// The repository's rows as `<name> <batch>`, the id's timestamp left out, sorted by id.
    fn applied(&mut self) -> Vec<String> {
        let sql = format!(
            "select {} from migrations order by id",
            match self.conn.dialect() {
                Dialect::Mysql => "concat(id, ' ', cast(batch as char))".to_owned(),
                _ => format!("id || ' ' || {}", self.text("batch")),
            }
        );
        self.conn
            .load_text(&sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .into_iter()
            .map(|row| {
                let text = row.0.into_iter().next().flatten().unwrap_or_default();
                // m2026_11_25_140312_create_users 1 -> create_users 1
                text.get(19..).unwrap_or_default().to_owned()
            })
            .collect()
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// The whole life of an application's migrations, through the real binary.
fn scenario(mut db: Db) {
    let app = Scratch::new(db.features);
    let url = db.url.clone();
    let database = ["--database", url.as_str()];
    let with_db = |args: &[&str]| -> Vec<String> {
        args.iter()
            .chain(database.iter())
            .map(|a| a.to_string())
            .collect()
    };
    let migrate = |args: &[&str]| {
        let args = with_db(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        app.cargo_migrate(&args)
    };

    // init: scaffolds, records the runner, and is idempotent.
    app.cargo_migrate(&["init"]).ok();
    let manifest = app.read("Cargo.toml");
    assert!(
        manifest.contains("\n[package.metadata.migrate]\nbin = \"migrate\"\n"),
        "{manifest}"
    );
    // Last, the proc macros optimized in the dev profile.
    assert!(
        manifest.ends_with("\n[profile.dev.build-override]\nopt-level = 3\n"),
        "{manifest}"
    );
    assert!(app
        .read("src/bin/migrate.rs")
        .contains("migrate_core::cli::main()"));
    let again = app.cargo_migrate(&["init"]).ok();
    assert!(again.stdout.contains("Kept"), "{}", again.stdout);
    let root_manifest = std::fs::canonicalize(app.path().join("Cargo.toml")).unwrap();
    assert!(
        again.stdout.contains(&format!(
            "\nKept [profile.dev.build-override] in {} (it exists; it sets opt-level = 3)\n",
            root_manifest.display()
        )),
        "{}",
        again.stdout
    );
    assert_eq!(app.read("Cargo.toml"), manifest);

    // new: the three templates, registered in order.
    app.cargo_migrate(&["new", "create_users"]).ok();
    app.cargo_migrate(&["new", "add_bio", "--alter", "users"])
        .ok();
    app.cargo_migrate(&["new", "backfill_names"]).ok();
    app.cargo_migrate(&["new", "posts", "--create", "posts"])
        .ok();
    let add_bio = app.migration("add_bio");
    let text = app
        .read(&add_bio)
        .replace(
            "// t.string(\"nickname\", 100).nullable();",
            "t.text(\"bio\").nullable();",
        )
        .replace("// t.drop_column(\"nickname\");", "t.drop_column(\"bio\");");
    app.write(&add_bio, &text);
    // Found by the build script: `new` wrote the files and nothing else.
    assert!(app
        .read("src/migrations/mod.rs")
        .contains("include!(concat!(env!(\"OUT_DIR\"), \"/migrations.rs\"));"));
    assert_eq!(app.migration_files().len(), 5, "mod.rs and four migrations");

    // The runner's own help, through cargo migrate.
    let help = app.cargo_migrate(&["run", "--help"]).ok();
    assert_snapshot("help-run", &help.stdout);

    // --pretend prints the SQL, bookkeeping included, and changes nothing.
    let pretend = migrate(&["run", "--pretend"]).ok();
    assert!(
        pretend.stdout.contains("create table"),
        "{}",
        pretend.stdout
    );
    assert!(pretend.stdout.contains("insert into"), "{}", pretend.stdout);
    assert!(db.tables().is_empty(), "{:?}", db.tables());

    // run --step: every migration its own batch.
    let run = migrate(&["run", "--step"]).ok();
    assert!(run.stdout.contains("Migrating: m"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Migrated 4 migrations in"),
        "{}",
        run.stdout
    );
    assert_eq!(db.tables(), strings(&["migrations", "posts", "users"]));
    assert!(db.columns("users").contains(&"bio".to_owned()));
    assert_eq!(
        db.applied(),
        strings(&["create_users 1", "add_bio 2", "backfill_names 3", "posts 4"])
    );

    let status = migrate(&["status"]).ok();
    let applied_rows = status
        .stdout
        .lines()
        .filter(|l| l.starts_with('m') && l.contains(" Applied "))
        .count();
    assert_eq!(applied_rows, 4, "{}", status.stdout);
    assert!(
        status.stdout.contains("4 applied, 0 pending."),
        "{}",
        status.stdout
    );

    // rollback: the last batch; --step N: the last N.
    let back = migrate(&["rollback"]).ok();
    assert!(
        back.stdout.contains("Rolled back 1 migration"),
        "{}",
        back.stdout
    );
    assert_eq!(db.tables(), strings(&["migrations", "users"]));
    migrate(&["rollback", "--step", "2", "--pretend"]).ok();
    assert_eq!(db.applied().len(), 3);
    migrate(&["rollback", "--step", "2"]).ok();
    assert_eq!(db.applied(), strings(&["create_users 1"]));
    assert!(!db.columns("users").contains(&"bio".to_owned()));

    let status = migrate(&["status"]).ok();
    assert!(
        status.stdout.contains("1 applied, 3 pending."),
        "{}",
        status.stdout
    );

    // status for scripts: --exit-code fails while something is pending; --format json; -q
    // prints nothing (cargo's build included); --color always colors even under NO_COLOR.
    let json =
        migrate(&["status", "--format", "json", "--exit-code"]).code(exit_code::NOT_UP_TO_DATE);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["counts"],
        serde_json::json!({"applied": 1, "dirty": 0, "pending": 3, "changed": 0, "missing": 0}),
        "{value}"
    );
    assert_eq!(value["up_to_date"], false);
    assert_eq!(value["table"], "migrations");
    let first = &value["migrations"][0];
    assert!(first["id"].as_str().unwrap().ends_with("_create_users"));
    assert_eq!(
        (
            &first["state"],
            &first["batch"],
            &first["changed"],
            &first["missing"]
        ),
        (&"applied".into(), &1.into(), &false.into(), &false.into())
    );
    assert!(
        first["applied_at"].as_str().unwrap().ends_with('Z'),
        "{first}"
    );
    assert!(
        first["location"]
            .as_str()
            .unwrap()
            .contains("_create_users.rs:"),
        "{first}"
    );
    let second = &value["migrations"][1];
    assert_eq!(
        (&second["state"], &second["batch"]),
        (&"pending".into(), &serde_json::Value::Null)
    );
    let quiet = migrate(&["-q", "status", "--exit-code"]).code(exit_code::NOT_UP_TO_DATE);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    let colored = migrate(&["status", "--color", "always"]).ok();
    assert!(colored.stdout.contains("\x1b["), "{}", colored.stdout);

    // run: what is pending, as one batch; -v prints each migration's SQL.
    let verbose = migrate(&["run", "-v"]).ok();
    assert!(
        verbose.stdout.contains("\n    create table"),
        "{}",
        verbose.stdout
    );
    migrate(&["status", "--exit-code"]).ok();
    assert_eq!(
        db.applied(),
        strings(&["create_users 1", "add_bio 2", "backfill_names 2", "posts 2"])
    );
    let nothing = migrate(&["run"]).ok();
    assert_eq!(nothing.stdout, "Nothing to migrate.\n");
    let value: serde_json::Value =
        serde_json::from_str(&migrate(&["status", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(value["up_to_date"], true, "{value}");

    // refresh: everything down and up again, in one batch.
    let refresh = migrate(&["refresh"]).ok();
    assert!(
        refresh.stdout.contains("Rolled back 4 migrations")
            && refresh.stdout.contains("Migrated 4"),
        "{}",
        refresh.stdout
    );
    assert_eq!(
        db.applied(),
        strings(&["create_users 1", "add_bio 1", "backfill_names 1", "posts 1"])
    );

    // reset: --pretend changes nothing, then everything is rolled back.
    migrate(&["reset", "--pretend"]).ok();
    assert_eq!(db.applied().len(), 4);
    migrate(&["reset"]).ok();
    assert_eq!(db.applied(), Vec::<String>::new());
    assert_eq!(db.tables(), strings(&["migrations"]));
    let nothing = migrate(&["rollback"]).ok();
    assert_eq!(nothing.stdout, "Nothing to roll back.\n");

    // --single-transaction: every migration of the command in one transaction, where DDL is
    // transactional; refused before anything runs where it is not.
    if db.url.starts_with("mysql") {
        let refused = migrate(&["run", "--single-transaction"]).code(exit_code::USER_ERROR);
        assert!(
            refused
                .stderr
                .contains("does not support running migrations in a single transaction"),
            "{}",
            refused.stderr
        );
        assert_eq!(db.applied(), Vec::<String>::new());
    } else {
        let together = migrate(&["run", "--single-transaction"]).ok();
        assert!(
            together.stdout.contains("Migrated 4 migrations in"),
            "{}",
            together.stdout
        );
        assert_eq!(db.applied().len(), 4);
        migrate(&["reset", "--single-transaction"]).ok();
        assert_eq!(db.applied(), Vec::<String>::new());
    }
    assert_eq!(db.tables(), strings(&["migrations"]));

    // --commit-window: 0 commits each migration on its own; a window that is not a number
    // of milliseconds is a usage error that changes nothing.
    let bad = migrate(&["run", "--commit-window", "soon"]).code(exit_code::USER_ERROR);
    assert!(
        bad.stderr
            .contains("invalid value 'soon' for '--commit-window <MS>'"),
        "{}",
        bad.stderr
    );
    assert_eq!(db.applied(), Vec::<String>::new());
    migrate(&["run", "--commit-window", "0"]).ok();
    assert_eq!(db.applied().len(), 4);
    migrate(&["reset", "--commit-window", "0"]).ok();
    assert_eq!(db.applied(), Vec::<String>::new());

    // fresh: refuses without a terminal or --force; with --force drops everything (even
    // a table no migration knows) and runs again.
    migrate(&["run"]).ok();
    db.conn
        .batch_execute("create table stray (id integer)")
        .unwrap();
    let refused = migrate(&["fresh"]).code(exit_code::USER_ERROR);
    assert!(
        refused.stderr.contains("pass --force"),
        "{}",
        refused.stderr
    );
    assert!(db.tables().contains(&"stray".to_owned()));
    let fresh = migrate(&["fresh", "--force"]).ok();
    assert!(
        fresh.stdout.starts_with("Dropped 4 tables.\n"),
        "{}",
        fresh.stdout
    );
    assert_eq!(db.tables(), strings(&["migrations", "posts", "users"]));
    assert_eq!(db.applied().len(), 4);

    // install on an installed database.
    let install = migrate(&["install"]).ok();
    assert!(
        install.stdout.contains("already exists"),
        "{}",
        install.stdout
    );

    // Drift: a comment or reformatting does not count; a real edit stops the run until
    // it is reverted or accepted with `repair`.
    let users = app.migration("create_users");
    let original = app.read(&users);
    app.write(
        &users,
        &original.replacen("{", "{ // a comment, and a re-indent\n\n   ", 1),
    );
    let status = migrate(&["status"]).ok();
    assert!(!status.stdout.contains("changed"), "{}", status.stdout);
    app.write(
        &users,
        &original.replacen(
            "t.increments(\"id\");",
            "t.increments(\"id\");\n        t.string(\"nick\", 20).nullable();",
            1,
        ),
    );
    let drift = migrate(&["run"]).code(exit_code::USER_ERROR);
    assert!(
        drift.stderr.contains("was edited after it was applied")
            && error_line(&drift).ends_with(
                "accept it with `repair` if it is deliberate, apply it with `redo` (rolls back \
                 and runs again the newest migration; --step N for more), or go on with a \
                 notice with --allow-drift"
            ),
        "{}",
        drift.stderr
    );
    let status = migrate(&["status"]).ok();
    assert!(
        status.stdout.contains("! changed since it was applied"),
        "{}",
        status.stdout
    );
    let repair = migrate(&["repair"]).ok();
    assert!(
        repair.stdout.starts_with("Repaired: m"),
        "{}",
        repair.stdout
    );
    assert_eq!(migrate(&["run"]).ok().stdout, "Nothing to migrate.\n");

    // baseline: an existing schema adopts the migrations without running them.
    migrate(&["reset"]).ok();
    let baseline = migrate(&["baseline"]).ok();
    let lines: Vec<&str> = baseline.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", baseline.stdout);
    assert!(
        lines[..4]
            .iter()
            .all(|l| l.starts_with("Recorded as applied (not run): m")),
        "{}",
        baseline.stdout
    );
    assert_eq!(lines[4], "Recorded 4 migrations as applied (not run).");
    assert_eq!(db.tables(), strings(&["migrations"]));
    assert_eq!(db.applied().len(), 4);

    // A migration left dirty (by a crash part way on MySQL): runs refuse until `resolve`.
    let posts = db.column(&format!(
        "select {} from migrations where {} like '%_posts'",
        db.text("id"),
        db.text("id")
    ))[0]
        .clone();
    db.conn
        .batch_execute(&format!(
            "update migrations set state = 'dirty' where id = '{posts}'"
        ))
        .unwrap();
    let dirty = migrate(&["run"]).code(exit_code::USER_ERROR);
    assert!(
        dirty
            .stderr
            .contains(&format!("migration `{posts}` failed part way")),
        "{}",
        dirty.stderr
    );
    // status shows it apart, and fails while it is there.
    let status = migrate(&["status"]).code(exit_code::USER_ERROR);
    let row = status
        .stdout
        .lines()
        .find(|l| l.starts_with(&posts))
        .unwrap_or_default();
    assert!(
        row.split_whitespace().take(3).collect::<Vec<_>>() == [posts.as_str(), "Dirty", "1"]
            && row.ends_with("  ! dirty: failed part way, see `resolve`"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .ends_with("\n3 applied, 1 dirty, 0 pending.\n"),
        "{}",
        status.stdout
    );
    assert_eq!(
        error_line(&status),
        "error: 1 migration failed part way and left the schema half changed (marked dirty \
         above): repair the schema by hand, then `resolve ID --applied` or \
         `resolve ID --rolled-back`"
    );
    let resolved = migrate(&["resolve", &posts, "--rolled-back"]).ok();
    assert!(
        resolved.stdout.starts_with(&format!("Resolved: {posts}")),
        "{}",
        resolved.stdout
    );
    assert_eq!(db.applied().len(), 3);
    migrate(&["resolve", &posts]).code(exit_code::USER_ERROR);

    // schema: the migrations replayed without a database, as DDL or diesel's schema.rs.
    let ddl = app.cargo_migrate(&["schema"]).ok();
    assert!(
        ddl.stdout.contains("create table \"users\" ("),
        "{}",
        ddl.stdout
    );
    let pg = app.cargo_migrate(&["schema", "--dialect", "postgres"]).ok();
    assert!(
        pg.stdout.contains("\"id\" serial primary key not null"),
        "{}",
        pg.stdout
    );
    let diesel = app
        .cargo_migrate(&["schema", "--diesel", "--output", "src/schema.rs"])
        .ok();
    assert!(
        diesel.stdout.starts_with("Wrote src/schema.rs"),
        "{}",
        diesel.stdout
    );
    assert!(
        app.read("src/schema.rs").contains("diesel::table! {"),
        "{}",
        app.read("src/schema.rs")
    );
    app.cargo_migrate(&["schema", "--diesel", "--output", "src/schema.rs", "--check"])
        .ok();
    app.write("src/schema.rs", "// stale\n");
    let stale = app
        .cargo_migrate(&["schema", "--diesel", "--output", "src/schema.rs", "--check"])
        .code(exit_code::FAILURE);
    let hint = "cargo migrate schema --dialect sqlite --diesel --output src/schema.rs";
    assert_eq!(
        error_line(&stale),
        format!(
            "error: src/schema.rs is stale: it differs from the schema the migrations produce; \
             rewrite it with `{hint}`"
        )
    );
    // The hint, followed literally, rewrites the file so that the check passes.
    let words: Vec<&str> = hint.split(' ').skip(2).collect();
    app.cargo_migrate(&words).ok();
    app.cargo_migrate(&["schema", "--diesel", "--output", "src/schema.rs", "--check"])
        .ok();

    // Without --dialect, the database URL's dialect (read without connecting).
    let from_url = app
        .cargo_migrate(&[
            "schema",
            "--diesel",
            "--database",
            "postgres://nobody@127.0.0.1:1/x",
        ])
        .ok();
    assert!(
        from_url.stdout.starts_with(
            "// @generated automatically by migrate (`cargo migrate schema --diesel`).\n"
        ) && from_url.stdout.contains("id -> Int4,"),
        "{}",
        from_url.stdout
    );
    let stale = app
        .cargo_migrate(&[
            "schema",
            "--diesel",
            "--output",
            "src/schema.rs",
            "--check",
            "--database",
            "mysql://nobody@127.0.0.1:1/x",
        ])
        .code(exit_code::FAILURE);
    assert!(
        error_line(&stale).ends_with(
            "rewrite it with `cargo migrate schema --dialect mysql --diesel --output src/schema.rs`"
        ),
        "{}",
        stale.stderr
    );

    // check: every down reverses its up, verified on an in-memory scratch database.
    let check = app.cargo_migrate(&["check"]).ok();
    assert!(check.stdout.contains("ok      m"), "{}", check.stdout);

    // A bad URL is a user error; the database is untouched.
    let bad = app
        .cargo_migrate(&["run", "--database", "oracle://scott:tiger@db/x"])
        .code(exit_code::USER_ERROR);
    assert!(
        bad.stderr.contains("unknown scheme `oracle`") && !bad.stderr.contains("tiger"),
        "{}",
        bad.stderr
    );

    // A migration that fails: a database error naming it; the ones before it stay applied.
    app.cargo_migrate(&["new", "broken"]).ok();
    let broken = app.migration("broken");
    let text = app
        .read(&broken)
        .replacen("Ok(())", "s.raw(\"select * from no_such_table\")", 1)
        .replacen("fn up(_s", "fn up(s", 1);
    app.write(&broken, &text);
    let failed = migrate(&["run"]).code(exit_code::DATABASE_ERROR);
    assert!(failed.stderr.contains("_broken"), "{}", failed.stderr);
    assert!(failed.stderr.contains("no_such_table"), "{}", failed.stderr);
    assert_eq!(db.applied().len(), 4);

    // A runner that does not compile: cargo's errors, then BUILD_FAILURE; nothing ran.
    app.write(&broken, "this is not rust\n");
    let build = migrate(&["run"]).code(exit_code::BUILD_FAILURE);
    assert!(
        build
            .stderr
            .contains("could not build the migration runner"),
        "{}",
        build.stderr
    );
    assert_eq!(db.applied().len(), 4);
}

#[test]
fn sqlite() {
    scenario(Db::sqlite());
}

#[test]
fn an_unreachable_sqlite_database_is_a_database_error() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    let run = app
        .cargo_migrate(&["run", "--database", "sqlite:///no/such/dir/app.sqlite"])
        .code(exit_code::DATABASE_ERROR);
    assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);
}

#[test]
fn dotenv_names_the_database() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    let db = app.path().join("from-dotenv.sqlite");
    app.write(".env", &format!("DATABASE_URL=sqlite://{}\n", db.display()));
    let run = app.cargo_migrate(&["install"]).ok();
    assert!(
        run.stdout
            .contains("Created the repository table `migrations`"),
        "{}",
        run.stdout
    );
    assert!(db.is_file());
    let none = {
        std::fs::remove_file(app.path().join(".env")).unwrap();
        app.cargo_migrate(&["status"]).code(exit_code::USER_ERROR)
    };
    assert!(none.stderr.contains("no database URL"), "{}", none.stderr);
}

/// The last line of standard error: the error, after cargo's build messages.
fn error_line(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or_default()
}

#[test]
fn relative_sqlite_paths_start_at_the_package_root() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    app.write(".env", "DATABASE_URL=sqlite://shop.sqlite\n");
    let root = std::fs::canonicalize(app.path()).unwrap();
    let src = root.join("src");

    // Only `run` (with `fresh` and `install`) creates a missing file; the others name it.
    for command in ["status", "rollback", "reset", "baseline"] {
        let missing = cargo_migrate(&src, &[command]).code(exit_code::USER_ERROR);
        assert_eq!(
            error_line(&missing),
            format!(
                "error: the SQLite database {} does not exist (a relative path starts at the \
                 package root, or at the .env file that names it); `run` creates it",
                root.join("shop.sqlite").display()
            )
        );
    }
    // --pretend shows what `run` would do to the file it would create, creating nothing.
    let pretend = cargo_migrate(&src, &["run", "--pretend"]).ok();
    assert!(
        pretend.stdout.contains("create table \"users\""),
        "{}",
        pretend.stdout
    );
    assert!(!root.join("shop.sqlite").exists() && !src.join("shop.sqlite").exists());
    let other = cargo_migrate(&src, &["status", "--database", "sqlite://other.sqlite"])
        .code(exit_code::USER_ERROR);
    assert!(
        error_line(&other).contains(&format!("{} does not", root.join("other.sqlite").display())),
        "{}",
        other.stderr
    );

    // From a subdirectory, `run` creates the file at the root, and `status` finds it there.
    cargo_migrate(&src, &["run"]).ok();
    assert!(root.join("shop.sqlite").is_file() && !src.join("shop.sqlite").exists());
    let status = cargo_migrate(&src, &["status"]).ok();
    assert!(
        status.stdout.ends_with("1 applied, 0 pending.\n"),
        "{}",
        status.stdout
    );

    // --manifest-path from anywhere: that package's .env, and its root.
    let elsewhere = tempfile::tempdir().unwrap();
    let manifest = root.join("Cargo.toml");
    let status = cargo_migrate(
        elsewhere.path(),
        &["status", "--manifest-path", manifest.to_str().unwrap()],
    )
    .ok();
    assert!(
        status.stdout.ends_with("1 applied, 0 pending.\n"),
        "{}",
        status.stdout
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    scenario(Db::postgres());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    scenario(Db::mysql());
}

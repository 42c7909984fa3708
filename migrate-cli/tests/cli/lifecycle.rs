//! `database create | drop | reset` on every enabled backend: SQLite's file always, a
//! uniquely named database on PostgreSQL and MySQL with this crate's features.

use migrate_cli::exit_code;

use super::support::Scratch;

/// Runs the lifecycle on `url`, whose database does not exist yet.
fn lifecycle(url: &str, features: &[&str], gone: impl Fn() -> bool) {
    let app = Scratch::new(features);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    let database = |args: &[&str]| {
        let mut args = args.to_vec();
        args.extend(["--database", url]);
        app.cargo_migrate(&args)
    };
    let drop = database(&["database", "drop", "--force"]).ok();
    assert!(
        drop.stdout.ends_with(" does not exist.\n"),
        "{}",
        drop.stdout
    );
    // --wait retries a refused connection; an available server answers at once.
    let create = database(&["database", "create", "--wait", "30s"]).ok();
    assert!(
        create.stdout.starts_with("Created the "),
        "{}",
        create.stdout
    );
    assert!(!gone());
    let again = database(&["database", "create"]).ok();
    assert!(
        again.stdout.ends_with(" already exists.\n"),
        "{}",
        again.stdout
    );
    database(&["run", "--wait", "30s"]).ok();
    let bad = database(&["status", "--wait", "soon"]).code(exit_code::USER_ERROR);
    assert!(
        bad.stderr
            .contains("invalid value 'soon' for '--wait <DURATION>'"),
        "{}",
        bad.stderr
    );

    // Dropping asks first; without a terminal, --force.
    let refused = database(&["database", "drop"]).code(exit_code::USER_ERROR);
    assert!(
        refused.stderr.contains("pass --force"),
        "{}",
        refused.stderr
    );
    assert!(!gone());

    // reset: drop, create, run.
    let reset = database(&["database", "reset", "--force"]).ok();
    assert!(
        reset.stdout.starts_with("Dropped the ")
            && reset.stdout.contains("\nCreated the ")
            && reset.stdout.contains("Migrated 1 migration in"),
        "{}",
        reset.stdout
    );
    database(&["status", "--exit-code"]).ok();

    let drop = database(&["database", "drop", "--force"]).ok();
    assert!(drop.stdout.starts_with("Dropped the "), "{}", drop.stdout);
    assert!(gone());
}

#[test]
fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let url = format!("sqlite://{}", path.display());
    lifecycle(&url, &[], || !path.exists());
}

/// A database name no other run uses.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("migrate_cli_db_{}_{nanos}", std::process::id())
}

/// `base` (the test server's URL) with its database replaced by `name`.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn with_database(var: &str, name: &str) -> (String, String) {
    let base = std::env::var(var).unwrap_or_else(|_| panic!("{var} is not set"));
    let (server, _) = base.rsplit_once('/').unwrap();
    (base.clone(), format!("{server}/{name}"))
}

/// Whether `sql`, run on the server at `admin`, finds the database.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn exists(admin: &str, sql: &str) -> bool {
    use migrate_core::{AnyConnection, MigrationConnection};
    let mut conn = AnyConnection::establish(admin).unwrap();
    !conn.load_text(sql, &[]).unwrap().is_empty()
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    let name = unique_name();
    let (admin, url) = with_database("MIGRATE_TEST_POSTGRES_URL", &name);
    let sql = format!("select cast(datname as text) from pg_database where datname = '{name}'");
    let cleanup = Cleanup(admin.clone(), format!("drop database if exists \"{name}\""));
    lifecycle(&url, &["postgres"], || !exists(&admin, &sql));
    drop(cleanup);
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    let name = unique_name();
    let (admin, url) = with_database("MIGRATE_TEST_MYSQL_URL", &name);
    let sql = format!(
        "select cast(schema_name as char) from information_schema.schemata where schema_name = '{name}'"
    );
    let cleanup = Cleanup(admin.clone(), format!("drop database if exists `{name}`"));
    lifecycle(&url, &["mysql"], || !exists(&admin, &sql));
    drop(cleanup);
}

/// Drops the test's database even when the test fails.
#[cfg(any(feature = "postgres", feature = "mysql"))]
struct Cleanup(String, String);

#[cfg(any(feature = "postgres", feature = "mysql"))]
impl Drop for Cleanup {
    fn drop(&mut self) {
        use migrate_core::{AnyConnection, MigrationConnection};
        if let Ok(mut conn) = AnyConnection::establish(&self.0) {
            let _ = conn.batch_execute(&self.1);
        }
    }
}

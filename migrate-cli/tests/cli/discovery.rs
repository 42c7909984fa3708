//! Discovery by directory, end to end: a migration file is compiled in because it is in
//! the directory, and adding one touches no shared file.

use std::path::Path;
use std::process::Command;

use migrate_cli::exit_code;

use super::e2e::Db;
use super::support::{Run, Scratch};

/// `cargo migrate status` against an empty database.
fn status(app: &Scratch) -> Run {
    let path = app.path().join("app.sqlite");
    // `status` refuses a database file that does not exist: an empty one stands for it.
    std::fs::write(&path, "").unwrap();
    let url = format!("sqlite://{}", path.display());
    app.cargo_migrate(&["status", "--database", &url]).ok()
}

/// The `status` line counting applied and pending migrations, against an empty database.
fn pending(app: &Scratch) -> String {
    let status = status(app);
    status
        .stdout
        .lines()
        .find(|line| line.ends_with("pending."))
        .unwrap_or_else(|| panic!("no count in\n{}", status.stdout))
        .to_owned()
}

const MIGRATION: &str = "use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create(\"dropped_in\", |t| {
        t.increments(\"id\");
    })
}
";

#[test]
fn a_file_dropped_into_the_directory_is_pending_after_the_next_build() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    let module = app.read("src/migrations/mod.rs");
    assert_eq!(pending(&app), "0 applied, 1 pending.");

    // Copied in by hand: no `mod` line, no `cargo migrate new`, nothing else touched.
    app.write("src/migrations/m2020_01_01_000000_dropped_in.rs", MIGRATION);
    assert_eq!(pending(&app), "0 applied, 2 pending.");
    assert_eq!(app.read("src/migrations/mod.rs"), module);

    // Removed: gone from the next build too.
    std::fs::remove_file(
        app.path()
            .join("src/migrations/m2020_01_01_000000_dropped_in.rs"),
    )
    .unwrap();
    assert_eq!(pending(&app), "0 applied, 1 pending.");

    // A file not named like a migration is a build error naming it, not silently skipped.
    app.write("src/migrations/add_bio.rs", MIGRATION);
    let url = format!("sqlite://{}", app.path().join("app.sqlite").display());
    let run = app.cargo_migrate(&["status", "--database", &url]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("add_bio.rs: the name does not start with a timestamp"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_module_listing_its_migrations_warns_about_those_it_does_not_declare() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    // An application set up before discovery: no build script, a mod.rs of `mod` lines.
    std::fs::remove_file(app.path().join("build.rs")).unwrap();
    app.write("src/migrations/mod.rs", "");
    app.cargo_migrate(&["new", "create_users"]).ok();
    // Copied in by hand, or lost from mod.rs in a merge: not compiled in.
    app.write("src/migrations/m2020_01_01_000000_dropped_in.rs", MIGRATION);
    std::fs::create_dir(
        app.path()
            .join("src/migrations/m2020_01_02_000000_backfill"),
    )
    .unwrap();
    app.write("src/migrations/m2020_01_02_000000_backfill/mod.rs", "");
    let warning = "warning: src/migrations/mod.rs lists its migrations with `mod` lines and \
                   does not declare m2020_01_01_000000_dropped_in.rs, \
                   m2020_01_02_000000_backfill, so they are not compiled in: add a `mod` line \
                   for each, or switch to discovery, which compiles in every migration file of \
                   the directory (remove src/migrations/mod.rs and run `cargo migrate init`)\n";

    let listed = status(&app);
    assert!(listed.stderr.contains(warning), "{}", listed.stderr);
    assert!(
        listed.stdout.contains("0 applied, 1 pending."),
        "{}",
        listed.stdout
    );
    let new = app.cargo_migrate(&["new", "create_posts"]).ok();
    assert!(new.stderr.contains(warning), "{}", new.stderr);
    assert!(app
        .read("src/migrations/mod.rs")
        .contains("_create_posts;\n"));

    // The switch the warning gives: every file is compiled in, and nothing is warned about.
    std::fs::remove_file(app.path().join("src/migrations/mod.rs")).unwrap();
    app.cargo_migrate(&["init"]).ok();
    let discovered = status(&app);
    assert!(
        !discovered.stderr.contains("warning: "),
        "{}",
        discovered.stderr
    );
    assert!(
        discovered.stdout.contains("0 applied, 3 pending."),
        "{}",
        discovered.stdout
    );
}

/// The proofs the build script of `app` wrote last (`$OUT_DIR/migrations.proven`).
fn proofs(app: &Scratch) -> String {
    let manifest = app.read("Cargo.toml");
    let name = manifest
        .lines()
        .find_map(|line| line.strip_prefix("name = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("the package's name");
    let build = super::support::target_dir().join("debug/build");
    let newest = std::fs::read_dir(&build)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let dir = path.file_name()?.to_str()?;
            let hash = dir.strip_prefix(name)?.strip_prefix('-')?;
            let proofs = path.join("out/migrations.proven");
            (!hash.contains('-')).then_some(())?;
            let modified = proofs.metadata().ok()?.modified().ok()?;
            Some((modified, proofs))
        })
        .max()
        .unwrap_or_else(|| panic!("no proofs of {name} in {}", build.display()));
    std::fs::read_to_string(newest.1).unwrap()
}

#[test]
fn a_proven_file_compiles_without_the_set_checks_and_an_invalid_set_is_still_an_error() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    let file = app.migration("create_users");
    let absolute = std::fs::canonicalize(app.path().join(&file)).unwrap();
    assert_eq!(pending(&app), "0 applied, 1 pending.");
    // The template's `up` and `down` are proven: the attribute leaves the checks out.
    let proven = proofs(&app);
    assert!(
        proven.ends_with(&format!(" up:up,down:down {}\n", absolute.display())),
        "{proven}"
    );

    // A second `up` in the file: no proof, and the checked expansion rejects it at its name.
    let template = app.read(&file);
    app.write(
        &file,
        &format!("{template}\n#[migration(up)]\nfn again(s: &mut Schema) -> Result<()> {{\n    Ok(())\n}}\n"),
    );
    let two_ups = status_error(&app);
    assert!(
        two_ups.contains(
            "the name `__this_migration_module_has_two_ups__remove_one_or_move_it_to_a_module_of_its_own` is defined multiple times"
        ),
        "{two_ups}"
    );
    assert!(
        two_ups.contains(&format!("{}:", absolute.display())),
        "{two_ups}"
    );
    let unproven = proofs(&app);
    assert!(
        unproven.ends_with(&format!(" - {}\n", absolute.display())),
        "{unproven}"
    );

    // The `down` alone: its `up` is missing, and rustc says so.
    let down = &template[template
        .find("#[migration]\nfn down")
        .expect("the template's down")..];
    app.write(&file, &format!("use migrate_core::prelude::*;\n\n{down}"));
    let no_up = status_error(&app);
    assert!(
        no_up.contains("this `down` function has no `up`: a migration's `down` reverses the `up` of the same module"),
        "{no_up}"
    );

    // The attribute renamed in another file: the scan cannot see it, the file is proven
    // without it, and the function is an error at its name rather than a lean second `up`.
    // (In the runner, the crate `cargo migrate` compiles the migrations into.)
    let main = app.read("src/bin/migrate.rs");
    app.write(
        "src/bin/migrate.rs",
        &format!(
            "{main}\n#[allow(unused_imports)]\npub(crate) use migrate_core::migration as mig;\n"
        ),
    );
    app.write(
        &file,
        &format!("{template}\n#[crate::mig(up)]\nfn again(s: &mut Schema) -> Result<()> {{\n    Ok(())\n}}\n"),
    );
    let unseen = status_error(&app);
    assert!(
        unseen.contains(
            "discovery did not see this `#[migration]`: it found only `up` (up), `down` (down) in this file"
        ),
        "{unseen}"
    );
    app.write("src/bin/migrate.rs", &main);

    // Fixed: proven again, and registered.
    app.write(&file, &template);
    assert_eq!(pending(&app), "0 applied, 1 pending.");
    assert!(proofs(&app).contains(" up:up,down:down "));
}

/// The standard error of a `cargo migrate status` that fails to build the application.
fn status_error(app: &Scratch) -> String {
    let url = format!("sqlite://{}", app.path().join("app.sqlite").display());
    let run = app.cargo_migrate(&["status", "--database", &url]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    run.stderr
}

/// Runs git in `dir`, asserting it succeeds; returns its standard output.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn two_branches_adding_migrations_merge_without_a_conflict() {
    let app = Scratch::new(&[]);
    let dir = app.path();
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_users"]).ok();
    app.write(".gitignore", "/target\n*.sqlite\n");
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "init"]);

    git(dir, &["checkout", "-qb", "posts"]);
    app.cargo_migrate(&["new", "create_posts"]).ok();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "posts"]);

    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["checkout", "-qb", "tags"]);
    app.cargo_migrate(&["new", "create_tags"]).ok();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "tags"]);

    git(dir, &["merge", "-q", "--no-edit", "posts"]);
    assert_eq!(git(dir, &["status", "--porcelain"]), "", "a clean merge");
    assert_eq!(pending(&app), "0 applied, 3 pending.");
}

/// Writes `files` (path, contents) under `root`.
fn write_files(root: &Path, files: &[(&str, String)]) {
    for (path, contents) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

/// A library package `name` shipping one migration, `create_jobs`.
fn library(name: &str, core: &str, build: &str) -> Vec<(String, String)> {
    vec![
        (
            format!("{name}/Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
                 links = \"migrate-{name}\"\n\n[dependencies]\n\
                 migrate-core = {{ path = {core:?}, default-features = false }}\n\n\
                 [build-dependencies]\nmigrate-build = {{ path = {build:?} }}\n"
            ),
        ),
        (
            format!("{name}/build.rs"),
            "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
             migrate_build::discover_library(\"src/migrations\")?;\n    Ok(())\n}\n"
                .into(),
        ),
        (
            format!("{name}/src/lib.rs"),
            "//! A library shipping migrations; the application never names it.\n\nmod migrations;\n"
                .into(),
        ),
        (
            format!("{name}/src/migrations/mod.rs"),
            "include!(concat!(env!(\"OUT_DIR\"), \"/migrations.rs\"));\n".into(),
        ),
        (
            format!("{name}/src/migrations/m2026_01_01_000000_create_jobs.rs"),
            format!(
                "use migrate_core::prelude::*;\n\n#[migration]\n\
                 fn up(s: &mut Schema) -> Result<()> {{\n    \
                 s.create(\"{name}_jobs\", |t| {{\n        t.increments(\"id\");\n    }})\n}}\n\n\
                 #[migration]\nfn down(s: &mut Schema) -> Result<()> {{\n    \
                 s.drop(\"{name}_jobs\")\n}}\n"
            ),
        ),
    ]
}

/// The application of [`two_libraries`]: it runs what is pending from `main`, as README.md's
/// `main.rs` does, on the database whose URL is its argument.
const APP_MAIN: &str = "mod migrations;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).ok_or(\"usage: app DATABASE_URL\")?;
    let mut conn = migrate_core::AnyConnection::establish(&url)?;
    let report = migrate_core::run_pending(&mut conn)?;
    for ran in &report.migrations {
        println!(\"Migrated: {} ({} ms)\", ran.id, ran.duration.as_millis());
    }
    Ok(())
}
";

/// queue's older migration that needs auth's table: `after` runs it once that table exists
/// (without it, its insert fails); its `down` undoes both.
const CREATE_WORKERS: &str = "use migrate_core::prelude::*;

#[migration(after = \"m2026_01_01_000000_create_jobs.auth\")]
fn up(s: &mut Schema) -> Result<()> {
    s.raw(\"insert into auth_jobs (id) values (1)\")?;
    s.create(\"queue_workers\", |t| {
        t.increments(\"id\");
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.raw(\"delete from auth_jobs where id = 1\")?;
    s.drop(\"queue_workers\")
}
";

/// A workspace of an application `app` (set up by `cargo migrate init`, with its own
/// `create_users`) and two libraries it depends on but never names in code, `auth` and
/// `queue`, each shipping `create_jobs`; queue's [`CREATE_WORKERS`] is to run after auth's.
fn two_libraries() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let core = super::support::migrate_core_dir();
    let build = core.join("../migrate-build");
    let (core, build) = (core.display().to_string(), build.display().to_string());
    let mut files = vec![
        (
            "Cargo.toml".to_owned(),
            "[workspace]\nmembers = [\"app\", \"auth\", \"queue\"]\nresolver = \"2\"\n".to_owned(),
        ),
        (
            "app/Cargo.toml".to_owned(),
            format!(
                "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\nmigrate-core = {{ path = {core:?}, default-features = false, \
                 features = [\"cli\", \"sqlite\"] }}\nauth = {{ path = \"../auth\" }}\n\
                 queue = {{ path = \"../queue\" }}\n\n\
                 [build-dependencies]\nmigrate-build = {{ path = {build:?} }}\n"
            ),
        ),
        ("app/src/main.rs".to_owned(), APP_MAIN.to_owned()),
        (
            "queue/src/migrations/m2025_12_31_000000_create_workers.rs".to_owned(),
            CREATE_WORKERS.to_owned(),
        ),
    ];
    files.extend(library("auth", &core, &build));
    files.extend(library("queue", &core, &build));
    let files: Vec<(&str, String)> = files.iter().map(|(p, c)| (p.as_str(), c.clone())).collect();
    write_files(root, &files);
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).unwrap();

    let app = root.join("app");
    super::support::cargo_migrate(&app, &["init"]).ok();
    super::support::cargo_migrate(&app, &["new", "create_users"]).ok();
    dir
}

/// Runs `cargo migrate <args> --database <db's URL>` in `app`.
fn migrate(app: &Path, db: &Db, args: &[&str]) -> Run {
    let mut args = args.to_vec();
    args.extend(["--database", &db.url]);
    super::support::cargo_migrate(app, &args)
}

/// The repository's rows of `db` as `<id> <batch>`, by id.
fn applied(db: &mut Db) -> Vec<String> {
    db.column("select id || ' ' || cast(batch as text) from migrations")
}

#[test]
fn libraries_ship_namespaced_migrations_the_application_never_names() {
    let workspace = two_libraries();
    let app = workspace.path().join("app");
    let mut db = Db::sqlite();

    // One crate alone, on a fresh database: queue's `create_workers` is to run after auth's
    // `create_jobs`, which is not applied, so nothing runs and both are named.
    let refused = migrate(&app, &db, &["run", "--crate", "queue"]).code(exit_code::USER_ERROR);
    assert!(
        refused.stderr.contains(
            "migration m2025_12_31_000000_create_workers.queue (src/migrations/\
             m2025_12_31_000000_create_workers.rs:4) is to run after \
             `m2026_01_01_000000_create_jobs.auth` of crate `auth`, which is not applied; \
             nothing was run: run crate `auth`'s migrations first (`run --crate auth`), or \
             every crate's at once"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(db.tables(), ["migrations"]);

    // One crate alone: auth's migration, in the repository table the others share.
    let run = migrate(&app, &db, &["run", "--crate", "auth"]).ok().stdout;
    assert!(run.contains("Migrated 1 migration"), "{run}");
    assert!(run.contains("m2026_01_01_000000_create_jobs.auth"), "{run}");
    let queue = migrate(&app, &db, &["status", "--crate", "queue"])
        .ok()
        .stdout;
    assert!(queue.contains("0 applied, 2 pending."), "{queue}");
    assert!(!queue.contains(".auth"), "{queue}");
    let auth = migrate(&app, &db, &["status", "--crate", "auth"])
        .ok()
        .stdout;
    assert!(auth.contains("1 applied, 0 pending."), "{auth}");
    let run = migrate(&app, &db, &["run"]).ok().stdout;
    assert!(run.contains("Migrated 3 migrations"), "{run}");
    let status = migrate(&app, &db, &["status"]).ok().stdout;
    // Both libraries have `create_jobs`: their ids are namespaced by crate, ordered by
    // timestamp with the application's; `create_workers` runs after the `after` it names.
    let ids: Vec<&str> = status
        .lines()
        .filter_map(|line| line.split_whitespace().find(|w| w.starts_with('m')))
        .collect();
    assert_eq!(ids.len(), 4, "{status}");
    assert_eq!(
        ids[..3],
        [
            "m2026_01_01_000000_create_jobs.auth",
            "m2025_12_31_000000_create_workers.queue",
            "m2026_01_01_000000_create_jobs.queue"
        ],
        "{status}"
    );
    assert!(ids[3].ends_with("_create_users"), "{status}");
    assert!(status.contains("4 applied, 0 pending."), "{status}");

    one_crate_rolls_back_alone(&app, &mut db);
    registered_in_dev_and_release_builds(&app);
}

/// `refresh`, `rollback` and `reset` with `--crate`, on the database where every crate's
/// migrations are applied (auth's in batch 1, the rest in batch 2).
fn one_crate_rolls_back_alone(app: &Path, db: &mut Db) {
    let users = applied(db)
        .into_iter()
        .find(|row| row.ends_with("_create_users 2"))
        .unwrap();
    // auth's table is still needed by queue's applied `create_workers`: refused, unchanged.
    let refused = migrate(app, db, &["rollback", "--crate", "auth"]).code(exit_code::USER_ERROR);
    assert!(
        refused.stderr.contains(
            "migration `m2026_01_01_000000_create_jobs.auth` cannot be rolled back while \
             m2025_12_31_000000_create_workers.queue (src/migrations/\
             m2025_12_31_000000_create_workers.rs:4) of crate `queue`, which is to run after \
             it, is applied; nothing was rolled back: roll back crate `queue`'s migrations \
             first (`rollback --crate queue` or `reset --crate queue`)"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(applied(db).len(), 4);

    migrate(app, db, &["refresh", "--crate", "queue"]).ok();
    assert_eq!(
        applied(db),
        [
            "m2025_12_31_000000_create_workers.queue 3",
            "m2026_01_01_000000_create_jobs.auth 1",
            "m2026_01_01_000000_create_jobs.queue 3",
            users.as_str(),
        ]
    );
    assert_eq!(db.column("select cast(id as text) from auth_jobs"), ["1"]);

    migrate(app, db, &["rollback", "--crate", "queue"]).ok();
    assert_eq!(
        applied(db),
        ["m2026_01_01_000000_create_jobs.auth 1", users.as_str()]
    );
    assert_eq!(db.tables(), ["auth_jobs", "migrations", "users"]);
    assert!(db
        .column("select cast(id as text) from auth_jobs")
        .is_empty());

    migrate(app, db, &["reset", "--crate", "auth"]).ok();
    assert_eq!(applied(db), [users.as_str()]);
    assert_eq!(db.tables(), ["migrations", "users"]);
}

/// The libraries' migrations register in the application's own binary, through
/// `run_pending()` (`cargo run`), and in the runner (`cargo migrate`), in dev and release
/// builds, each on a fresh database.
fn registered_in_dev_and_release_builds(app: &Path) {
    for profile in [&[][..], &["--release"][..]] {
        let mut db = Db::sqlite();
        let mut args = vec!["run", "--quiet"];
        args.extend(profile);
        args.extend(["--", &db.url]);
        let run = super::support::cargo(app, &args).ok().stdout;
        for id in [
            "m2026_01_01_000000_create_jobs.auth",
            "m2025_12_31_000000_create_workers.queue",
            "m2026_01_01_000000_create_jobs.queue",
        ] {
            assert!(
                run.contains(&format!("Migrated: {id} (")),
                "{profile:?}\n{run}"
            );
        }
        assert_eq!(
            db.tables(),
            [
                "auth_jobs",
                "migrations",
                "queue_jobs",
                "queue_workers",
                "users"
            ],
            "{profile:?}"
        );
        assert_eq!(db.column("select cast(id as text) from auth_jobs"), ["1"]);

        let mut args = profile.to_vec();
        args.push("status");
        let status = migrate(app, &db, &args).ok().stdout;
        assert!(
            status.contains("4 applied, 0 pending."),
            "{profile:?}\n{status}"
        );
        assert!(
            status.contains("m2026_01_01_000000_create_jobs.queue"),
            "{status}"
        );
    }
}

/// The application's migration modules, from the file names of `app/src/migrations`.
fn own_modules(app: &Path) -> Vec<String> {
    let mut modules: Vec<String> = std::fs::read_dir(app.join("src/migrations"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            Some(name.strip_suffix(".rs")?.to_owned()).filter(|m| m != "mod")
        })
        .collect();
    modules.sort();
    modules
}

#[test]
fn an_application_without_discovery_names_the_libraries_it_does_not_link() {
    let workspace = two_libraries();
    let app = workspace.path().join("app");
    // An application set up before discovery: no build script, a mod.rs of `mod` lines.
    std::fs::remove_file(app.join("build.rs")).unwrap();
    let users = own_modules(&app).remove(0);
    let listing = format!("mod {users};\n");
    std::fs::write(app.join("src/migrations/mod.rs"), &listing).unwrap();
    let db = Db::sqlite();

    let status = migrate(&app, &db, &["status"]).ok();
    assert!(
        status.stderr.contains(
            "warning: src/migrations/mod.rs lists its migrations with `mod` lines, so \
             libraries `auth`, `queue` (dependencies whose build scripts call \
             `migrate_build::discover_library`) are not linked in and their migrations are \
             not compiled in: switch to discovery, which links in every library of \
             migrations the application depends on (remove src/migrations/mod.rs and run \
             `cargo migrate init`)\n"
        ),
        "{}",
        status.stderr
    );
    assert!(
        status.stdout.contains("0 applied, 1 pending."),
        "{}",
        status.stdout
    );
    // The application's own `run_pending()` lacks them just the same.
    let run = super::support::cargo(&app, &["run", "--quiet", "--", &db.url]).ok();
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("Migrated: {users} (")),
        "{}",
        run.stdout
    );

    // A library the application names links it: its migrations are there, so it is not
    // named, but without discovery its ids are not namespaced.
    std::fs::write(
        app.join("src/migrations/mod.rs"),
        format!("{listing}extern crate auth as _;\n"),
    )
    .unwrap();
    let status = migrate(&app, &db, &["status"]).ok();
    assert!(
        status.stderr.contains(
            "so library `queue` (a dependency whose build script calls \
             `migrate_build::discover_library`) is not linked in and its migrations are not \
             compiled in: "
        ),
        "{}",
        status.stderr
    );
    assert!(
        status.stdout.contains("1 applied, 1 pending."),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("m2026_01_01_000000_create_jobs ")
            && !status.stdout.contains(".auth"),
        "{}",
        status.stdout
    );

    // The switch the warning gives: every library is linked in, namespaced, and nothing is
    // warned about.
    std::fs::remove_file(app.join("src/migrations/mod.rs")).unwrap();
    super::support::cargo_migrate(&app, &["init"]).ok();
    let status = migrate(&app, &db, &["status"]).ok();
    assert!(!status.stderr.contains("warning: "), "{}", status.stderr);
    assert!(
        status.stdout.contains("1 applied, 3 pending."),
        "{}",
        status.stdout
    );
    for id in [
        "m2026_01_01_000000_create_jobs.auth",
        "m2025_12_31_000000_create_workers.queue",
        "m2026_01_01_000000_create_jobs.queue",
    ] {
        assert!(status.stdout.contains(id), "{}", status.stdout);
    }
}

#[test]
fn a_library_reached_only_through_another_crate_is_named_until_the_application_depends_on_it() {
    let workspace = two_libraries();
    let root = workspace.path();
    let app = root.join("app");
    // `api`, a plain library (no migrations, no build script) depending on queue, and the
    // application depending on api instead of queue: cargo passes queue's build-script
    // metadata to api alone, so the application's discovery cannot link queue in.
    let manifest = std::fs::read_to_string(root.join("app/Cargo.toml")).unwrap();
    let queue = "queue = { path = \"../queue\" }\n";
    let through_api = manifest.replace(queue, "api = { path = \"../api\" }\n");
    assert_ne!(through_api, manifest);
    write_files(
        root,
        &[
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"app\", \"api\", \"auth\", \"queue\"]\nresolver = \"2\"\n"
                    .to_owned(),
            ),
            (
                "api/Cargo.toml",
                format!(
                    "[package]\nname = \"api\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
                     [dependencies]\n{queue}"
                ),
            ),
            ("api/src/lib.rs", "//! An API with no migrations of its own.\n".to_owned()),
            ("app/Cargo.toml", through_api),
        ],
    );
    let db = Db::sqlite();

    let status = migrate(&app, &db, &["status"]).ok();
    assert!(
        status.stderr.contains(
            "warning: library `queue` (its build script calls \
             `migrate_build::discover_library`) is a dependency of the application only \
             through other crates, so it is not linked in and its migrations are not \
             compiled in: discovery links in the libraries of migrations the application \
             depends on directly; add it to the application's `[dependencies]`\n"
        ),
        "{}",
        status.stderr
    );
    assert!(
        status.stdout.contains("0 applied, 2 pending."),
        "{}",
        status.stdout
    );

    // The fix the warning gives: queue's migrations are there, and nothing is named.
    write_files(
        root,
        &[(
            "app/Cargo.toml",
            manifest.replace(queue, &format!("{queue}api = {{ path = \"../api\" }}\n")),
        )],
    );
    let status = migrate(&app, &db, &["status"]).ok();
    assert!(!status.stderr.contains("warning: "), "{}", status.stderr);
    assert!(
        status.stdout.contains("0 applied, 4 pending."),
        "{}",
        status.stdout
    );
}

//! Where migrate's time goes, at N = 1000, for the analysis in `docs/BENCHMARKS.md`:
//!
//! - `--profile-check BACKEND [ITERATIONS]`: the no-op check, repeated, broken down through
//!   the public API, next to the same reads written differently. Run it under
//!   `valgrind --tool=callgrind` to see the hot spots.
//! - `--profile-boot BACKEND [N] [RUNS]`: the cold boot check split into steps, each child
//!   process (`--profile-boot-child`) timing them in order with `Instant` checkpoints. With
//!   `MIGRATE_BENCH_CHILD_WRAPPER="valgrind --tool=callgrind"` each child runs under callgrind,
//!   for the instructions behind the steps.
//! - `--profile-apply BACKEND [RUNS] [ONLY]`: the fresh apply of the floor, of the floor doing
//!   what migrate's unit of work does (statements one by one, the lock, the re-check), of
//!   migrate and of diesel_migrations, interleaved; `ONLY` keeps the variants whose label
//!   contains it, to profile one under `perf` or `valgrind`. With `TMPDIR=/dev/shm`, SQLite's
//!   fsyncs cost nothing and what is left is CPU.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, RunQueryDsl};

use crate::contenders::{self, Contender, OURS_TABLE};
use crate::report::summary;
use crate::target::{DieselConn, Target};
use crate::workload::{self, Backend};

const N: usize = 1000;

pub fn parse_backend(backend: &str) -> Backend {
    match backend {
        "sqlite" => Backend::Sqlite,
        "postgres" => Backend::Postgres,
        other => {
            eprintln!("unknown backend `{other}` (sqlite or postgres)");
            std::process::exit(2);
        }
    }
}

pub fn check(backend: &str, iterations: usize) {
    let backend = parse_backend(backend);
    let target = Target::fresh(backend, 0);
    Contender::Ours.connect(&target, N).apply();
    let migrator = contenders::ours(N);
    let mut conn = target.diesel();
    let conn: &mut dyn migrate_core::MigrationConnection = match &mut conn {
        DieselConn::Sqlite(c) => c,
        DieselConn::Pg(c) => c,
    };
    let time = |label: &str, f: &mut dyn FnMut()| {
        let samples: Vec<Duration> = (0..iterations)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect();
        let (median, min, max) = summary(&samples);
        println!("{label:<48} median {median:>10.1?}  min {min:>10.1?}  max {max:>10.1?}");
    };
    time("Migrator::migrations (registry)", &mut || {
        migrator.migrations().expect("migrations");
    });
    time("Migrator::install (table exists)", &mut || {
        migrator.install(conn).expect("install");
    });
    time("Migrator::status (registry + records)", &mut || {
        migrator.status(conn).expect("status");
    });
    time("Migrator::run (the no-op check)", &mut || {
        let report = migrator.run(conn).expect("run");
        assert!(report.migrations.is_empty());
    });

    if backend == Backend::Postgres {
        let t = OURS_TABLE;
        let row = "coalesce(id, '') || ' ' || coalesce(checksum, '') || ' ' || coalesce(state, '')";
        for (label, sql) in [
            ("  select count(*) (a round trip)", format!("select count(*)::text from {t}")),
            ("  fingerprint, unordered (as run does)", format!("select count(*) || ':' || coalesce(string_agg({row}, ','), '') from {t}")),
            ("  md5 of the ordered fingerprint", format!("select count(*) || ':' || md5(coalesce(string_agg({row}, ',' order by id collate \"C\"), '')) from {t}")),
        ] {
            time(label, &mut || {
                conn.load_text(&sql, &[]).expect("query");
            });
        }
    }

    // The same reads, written differently: the evidence for the proposed fixes.
    let has_table = match backend {
        Backend::Sqlite => "select name as c0 from sqlite_master where type = 'table' and name = ?",
        Backend::Postgres => {
            "select table_name::text as c0 from information_schema.tables \
             where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name = $1"
        }
    };
    let table = OURS_TABLE;
    time("  has_table (as today)", &mut || {
        conn.load_text(has_table, &[table]).expect("has_table");
    });
    if backend == Backend::Postgres {
        time("  has_table via pg_class (proposed)", &mut || {
            conn.load_text(
                "select c.relname::text as c0 from pg_catalog.pg_class c \
                 join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
                 where n.nspname = current_schema() and c.relname = $1",
                &[table],
            )
            .expect("pg_class");
        });
    }
    let all = format!(
        "select \"id\", \"batch\", \"checksum\", \"applied_at\", \"execution_ms\", \"state\" from \"{table}\""
    );
    time("  records, order by batch, id (as today)", &mut || {
        let rows = conn
            .load_records(&format!("{all} order by \"batch\", \"id\""))
            .expect("records");
        assert_eq!(rows.len(), N);
    });
    time("  records, unordered (sort in Rust)", &mut || {
        let mut rows = conn.load_records(&all).expect("records");
        rows.sort_by(|a, b| (a.batch, &a.id).cmp(&(b.batch, &b.id)));
        assert_eq!(rows.len(), N);
    });
    time("  id, checksum, state as text (no timestamps)", &mut || {
        let rows = conn
            .load_text(
                &format!("select \"id\", \"checksum\", \"state\" from \"{table}\""),
                &[],
            )
            .expect("ids");
        assert_eq!(rows.len(), N);
    });
}

/// How the floor variants of `--profile-apply` run each migration.
#[derive(Debug, Clone, Copy)]
enum Floor {
    /// The benchmark's floor: the statements in one batch, one bound INSERT.
    Batched,
    /// Each statement on its own, as migrate's Schema executes them.
    OneByOne,
    /// One by one, plus migrate's per-migration lock query (PostgreSQL) and re-check SELECT.
    LockAndRecheck,
}

/// The floor variant `how` on a diesel connection, written once per connection type.
macro_rules! floor_variant {
    ($name:ident, $conn:ty, $placeholder:literal, $lock:expr) => {
        fn $name(c: &mut $conn, backend: Backend, how: Floor) {
            c.batch_execute("create table floor_migrations (id varchar(191) primary key not null)")
                .expect("tracking table");
            let insert = format!(
                "insert into floor_migrations (id) values ({})",
                $placeholder
            );
            let recheck = format!(
                "select id from floor_migrations where id = {}",
                $placeholder
            );
            for i in 1..=N {
                let id = workload::id(i);
                c.transaction(|c| {
                    let statements = workload::up_sql(backend, i);
                    match how {
                        Floor::Batched => c.batch_execute(&statements.join(";\n"))?,
                        Floor::OneByOne | Floor::LockAndRecheck => {
                            if let (Floor::LockAndRecheck, Some(lock)) = (how, $lock) {
                                diesel::sql_query(lock)
                                    .bind::<diesel::sql_types::Text, _>(&id)
                                    .execute(c)?;
                            }
                            if let Floor::LockAndRecheck = how {
                                diesel::sql_query(&recheck)
                                    .bind::<diesel::sql_types::Text, _>(&id)
                                    .execute(c)?;
                            }
                            for sql in &statements {
                                c.batch_execute(sql)?;
                            }
                        }
                    }
                    diesel::sql_query(&insert)
                        .bind::<diesel::sql_types::Text, _>(&id)
                        .execute(c)
                })
                .expect("floor variant");
            }
        }
    };
}

floor_variant!(floor_sqlite, diesel::SqliteConnection, "?", None::<&str>);
floor_variant!(
    floor_pg,
    diesel::PgConnection,
    "$1",
    Some("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.' || $1))::text")
);

/// What one `--profile-apply` variant runs.
#[derive(Debug, Clone, Copy)]
enum Variant {
    Floor(Floor),
    Contender(Contender),
    DieselMigrations,
}

/// `only`: run just the variants whose label contains it (to profile one under `perf`).
pub fn apply(backend: &str, runs: usize, only: Option<&str>) {
    let backend = parse_backend(backend);
    let variants: Vec<(&str, Variant)> = [
        (
            "floor: statements batched (the benchmark's)",
            Variant::Floor(Floor::Batched),
        ),
        (
            "floor: statements one by one",
            Variant::Floor(Floor::OneByOne),
        ),
        (
            "floor: one by one + lock + re-check",
            Variant::Floor(Floor::LockAndRecheck),
        ),
        (
            "floor: one round trip per migration",
            Variant::Contender(Contender::FloorOneTrip),
        ),
        (
            "floor: all in one transaction",
            Variant::Contender(Contender::FloorOneTransaction),
        ),
        (
            "migrate: Migrator::run",
            Variant::Contender(Contender::Ours),
        ),
        (
            "migrate: commit_window(0)",
            Variant::Contender(Contender::OursEach),
        ),
        (
            "migrate: single_transaction(true)",
            Variant::Contender(Contender::OursSingle),
        ),
        ("diesel_migrations", Variant::DieselMigrations),
    ]
    .into_iter()
    .filter(|(label, _)| only.is_none_or(|only| label.contains(only)))
    .collect();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); variants.len()];
    for run in 0..runs {
        for (i, (_, variant)) in variants.iter().enumerate() {
            let target = Target::fresh(backend, run * 10 + i + 1);
            let started;
            match variant {
                Variant::Floor(how) => {
                    let mut conn = target.diesel();
                    started = Instant::now();
                    match &mut conn {
                        DieselConn::Sqlite(c) => floor_sqlite(c, backend, *how),
                        DieselConn::Pg(c) => floor_pg(c, backend, *how),
                    }
                }
                Variant::Contender(contender) => {
                    let mut session = contender.connect(&target, N);
                    started = Instant::now();
                    session.apply();
                }
                Variant::DieselMigrations => {
                    let mut session = Contender::Diesel.connect(&target, N);
                    started = Instant::now();
                    session.apply();
                }
            }
            samples[i].push(started.elapsed());
        }
    }
    let Some(first) = samples.first() else {
        eprintln!("no variant matches {only:?}");
        std::process::exit(2);
    };
    let first = summary(first).0;
    for ((label, _), times) in variants.iter().zip(&samples) {
        let (median, min, max) = summary(times);
        println!(
            "{label:<48} median {median:>10.1?}  min {min:>10.1?}  max {max:>10.1?}  {:.2}x",
            median.as_secs_f64() / first.as_secs_f64()
        );
    }
}

/// The steps of the cold boot check, each child timing them in this order.
const BOOT_STEPS: [&str; 6] = [
    "Migrator::is_current, first: the whole boot check (rows read, digests compared)",
    "Migrator::is_current, again",
    "the floor's query (select id of every row), first",
    "the rows' query by hand (select id, batch, checksum, state), first",
    "registry: Migrator::migrations(), first call (gather + validate; not on the boot path)",
    "Migrator::run, after (what a second check in the process pays)",
];

/// `--profile-boot`: an up-to-date database of migrate's, then `runs` children each timing
/// [`BOOT_STEPS`]; medians, in microseconds.
pub fn boot(backend: &str, n: usize, runs: usize) {
    let backend_kind = parse_backend(backend);
    let target = Target::fresh(backend_kind, 800_000 + n);
    Contender::Ours.connect(&target, n).apply();
    let (location, schema) = target.location();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); BOOT_STEPS.len()];
    let mut faults: Vec<Vec<u64>> = vec![Vec::new(); BOOT_STEPS.len()];
    for _ in 0..runs {
        // `MIGRATE_BENCH_CHILD_WRAPPER="valgrind --tool=callgrind"` runs each child under
        // it (its timings then mean little; its profile is the point).
        let wrapper = std::env::var("MIGRATE_BENCH_CHILD_WRAPPER").unwrap_or_default();
        let mut words = wrapper.split_whitespace();
        let own = std::env::current_exe().expect("own path");
        let mut command = match words.next() {
            Some(program) => {
                let mut command = std::process::Command::new(program);
                command.args(words).arg(&own);
                command
            }
            None => std::process::Command::new(&own),
        };
        let output = command
            .args([
                "--profile-boot-child",
                backend,
                &n.to_string(),
                &location,
                &schema,
            ])
            .output()
            .expect("run the profile child");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut lines = stdout.lines();
        for (step, nanos) in lines.next().unwrap_or("").split_whitespace().enumerate() {
            samples[step].push(Duration::from_nanos(nanos.parse().unwrap_or(0)));
        }
        for (step, count) in lines.next().unwrap_or("").split_whitespace().enumerate() {
            faults[step].push(count.parse::<u64>().unwrap_or(0));
        }
    }
    println!(
        "{} N = {n}, {runs} children, medians [min – max]:",
        backend_kind.title()
    );
    for ((label, times), faults) in BOOT_STEPS.iter().zip(&samples).zip(&mut faults) {
        let (median, min, max) = summary(times);
        faults.sort_unstable();
        let faults = faults.get(faults.len() / 2).copied().unwrap_or(0);
        println!(
            "{label:<72} {median:>10.1?}  [{min:>10.1?} – {max:>10.1?}]  {faults:>4} page faults"
        );
    }
}

/// In the child: connect and one catalog query (untimed), then [`BOOT_STEPS`] in order.
pub fn boot_child(args: &[String]) {
    let arg = |i: usize| args.get(i).map_or("", String::as_str);
    let backend = parse_backend(arg(0));
    let n: usize = arg(1).parse().expect("N");
    let target = Target::existing(backend, arg(2), arg(3));
    let migrator = contenders::ours(n);
    let mut conn = target.diesel();
    let conn: &mut dyn migrate_core::MigrationConnection = match &mut conn {
        DieselConn::Sqlite(c) => c,
        DieselConn::Pg(c) => c,
    };
    let catalog = match backend {
        Backend::Sqlite => "select count(*) from sqlite_master",
        Backend::Postgres => "select count(*) from pg_catalog.pg_class",
    };
    conn.batch_execute(catalog).expect("the catalog query");
    let t = OURS_TABLE;
    let rows = format!("select id, cast(batch as text), checksum, state from {t}");
    let ids = format!("select id from {t}");
    let mut times = Vec::new();
    let mut faults = Vec::new();
    let mut step = |f: &mut dyn FnMut()| {
        let before = minor_faults();
        let started = Instant::now();
        f();
        times.push(started.elapsed().as_nanos());
        faults.push(minor_faults() - before);
    };
    step(&mut || assert!(migrator.is_current(conn).expect("is_current")));
    step(&mut || assert!(migrator.is_current(conn).expect("is_current")));
    step(&mut || assert_eq!(conn.load_text(&ids, &[]).expect("ids").len(), n));
    step(&mut || assert_eq!(conn.load_text(&rows, &[]).expect("rows").len(), n));
    step(&mut || assert_eq!(migrator.migrations().expect("registry").len(), n));
    step(&mut || assert!(migrator.run(conn).expect("run").migrations.is_empty()));
    let times: Vec<String> = times.iter().map(u128::to_string).collect();
    let faults: Vec<String> = faults.iter().map(u64::to_string).collect();
    println!("{}", times.join(" "));
    println!("{}", faults.join(" "));
}

/// This process's minor page faults so far (`/proc/self/stat`, field 10): a first touch of a
/// page of the binary or of fresh heap, what a new process pays and a warm loop does not.
fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // The fields after the command name, which is in parentheses.
            let rest = stat.rsplit_once(')')?.1.to_owned();
            rest.split_whitespace().nth(7)?.parse().ok()
        })
        .unwrap_or(0)
}

//! SQLite's table rebuild: `change()` of a column on a 1,000,000-row table through
//! migrate's Schema, against the hand-written rebuild SQL (SQLite's documented procedure).
//!
//! Each rebuild runs in a child process of its own (`--rebuild-child WHO PATH`) on a copy of
//! one populated database, so its peak resident memory (`VmHWM`) is its own; the same is
//! measured at 100,000 rows to show it does not grow with the row count.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use migrate_core::Schema;

/// Rows of the reference table.
pub const ROWS: usize = 1_000_000;
/// Rows of the smaller table, for the peak memory comparison.
pub const FEW_ROWS: usize = 100_000;
/// Timed rebuilds per contender at [`ROWS`].
pub const RUNS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Ours,
    Hand,
}

impl Who {
    fn arg(self) -> &'static str {
        match self {
            Who::Ours => "ours",
            Who::Hand => "hand",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Who::Ours => {
                "migrate: `s.table(\"big\", |t| { t.integer(\"n\").nullable().change(); })`"
            }
            Who::Hand => {
                "hand-written rebuild SQL (create new, insert … select, drop, rename, index)"
            }
        }
    }
}

/// One rebuild: how long it took, and the child's peak resident memory in KiB.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub elapsed: Duration,
    pub peak_kib: u64,
}

pub struct Rebuilds {
    /// Per contender: the timed runs at [`ROWS`], and one run at [`FEW_ROWS`].
    pub samples: Vec<(Who, Vec<Sample>, Sample)>,
    pub statements: Vec<String>,
}

/// The table before: what the workload creates, filled with `rows` rows by SQLite itself.
fn populate(path: &Path, rows: usize) {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy()).expect("open SQLite");
    Schema::new(&mut conn)
        .create("big", |t| {
            t.increments("id");
            t.string("name", 100);
            t.integer("n").default(0);
            t.index("name");
        })
        .expect("create big");
    conn.batch_execute(&format!(
        "insert into \"big\" (\"name\", \"n\") \
         with recursive c(x) as (select 1 union all select x + 1 from c where x < {rows}) \
         select 'name ' || x, x from c"
    ))
    .expect("fill big");
}

/// The hand-written rebuild: SQLite's documented procedure for this table.
const HAND: &str = r#"
begin immediate;
create table "big_new" ("id" integer primary key autoincrement not null, "name" varchar not null, "n" integer null default 0);
insert into "big_new" ("id", "name", "n") select "id", "name", "n" from "big";
drop table "big";
alter table "big_new" rename to "big";
create index "big_name_index" on "big" ("name");
commit;
"#;

/// In the child process: rebuild, then print `elapsed_ns peak_kib` (and ours' statements).
pub fn child(who: &str, path: &str) {
    let mut conn = SqliteConnection::establish(path).expect("open SQLite");
    let started = Instant::now();
    let statements = match who {
        "ours" => {
            conn.batch_execute("begin immediate").expect("begin");
            let mut s = Schema::new(&mut conn);
            s.table("big", |t| {
                t.integer("n").nullable().change();
            })
            .expect("migrate: change()");
            let statements = s.statements().to_vec();
            conn.batch_execute("commit").expect("commit");
            statements
        }
        "hand" => {
            conn.batch_execute(HAND).expect("hand-written rebuild");
            Vec::new()
        }
        other => panic!("unknown rebuild `{other}`"),
    };
    let elapsed = started.elapsed();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .unwrap_or(0);
    println!("{} {peak}", elapsed.as_nanos());
    for statement in statements {
        println!("{statement}");
    }
}

fn spawn(who: Who, template: &Path, work: &Path) -> (Sample, Vec<String>) {
    std::fs::copy(template, work).expect("copy the populated database");
    let output = Command::new(std::env::current_exe().expect("the benchmark's path"))
        .args(["--rebuild-child", who.arg(), &work.to_string_lossy()])
        .output()
        .expect("run the rebuild child");
    assert!(
        output.status.success(),
        "rebuild child failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines();
    let mut first = lines.next().unwrap_or_default().split_whitespace();
    let nanos: u64 = first.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    let peak_kib = first.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    check(work);
    (
        Sample {
            elapsed: Duration::from_nanos(nanos),
            peak_kib,
        },
        lines.map(str::to_owned).collect(),
    )
}

/// The rebuilt table kept every row and now accepts a null `n`.
fn check(path: &Path) {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy()).expect("open SQLite");
    conn.batch_execute("insert into \"big\" (\"name\", \"n\") values ('null n', null)")
        .expect("n is nullable after the rebuild");
}

pub fn measure() -> Rebuilds {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (big, small) = (
        dir.path().join("big.sqlite"),
        dir.path().join("small.sqlite"),
    );
    eprintln!("rebuild: filling {ROWS} and {FEW_ROWS} rows (untimed)");
    populate(&big, ROWS);
    populate(&small, FEW_ROWS);
    let work = dir.path().join("work.sqlite");
    let mut samples: Vec<(Who, Vec<Sample>, Sample)> = Vec::new();
    let mut statements = Vec::new();
    for who in [Who::Ours, Who::Hand] {
        let (few, _) = spawn(who, &small, &work);
        samples.push((who, Vec::new(), few));
    }
    for run in 1..=RUNS {
        for (who, runs, _) in &mut samples {
            eprint!("\rrebuild: run {run}/{RUNS} {}   ", who.arg());
            let (sample, ran) = spawn(*who, &big, &work);
            runs.push(sample);
            if !ran.is_empty() {
                statements = ran;
            }
        }
    }
    eprintln!();
    Rebuilds {
        samples,
        statements,
    }
}

//! The boot check as a deploy pays it: the first check of an up-to-date database in a new
//! process, on a new connection.
//!
//! The warm no-op check of the runtime scenarios repeats the check in the process that applied
//! the migrations: its registry is gathered, its statements prepared, its pages hot. An
//! application checks once, at start. So here every measurement is a child process of its own
//! (`--boot-child CHECKER BACKEND N LOCATION [SCHEMA]`), started after the database is up to
//! date: it connects, runs one untimed catalog query (what an application has usually done on
//! its connection by then), times the first check, then repeats it to give the warm figure
//! beside it. The checkers are interleaved (A B C A B C ...).

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::contenders::Contender;
use crate::contenders::OURS_TABLE;
use crate::report::{ms, summary};
use crate::target::Target;
use crate::workload::{self, Backend};

/// Where `--boot` writes its section of `docs/BENCHMARKS.md`.
pub const BEGIN: &str = "<!-- boot: begin -->";
pub const END: &str = "<!-- boot: end -->";

/// Repetitions after the cold check, in the same child, for the warm figure (their median).
const WARM_ITERATIONS: usize = 21;

/// What a child times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checker {
    /// One plain query of the applied versions, compared with the N ids.
    Floor,
    /// `Migrator::run` on an up-to-date database: what `run_pending()` does at boot.
    Ours,
    /// `Migrator::is_current`: the readiness probe.
    OursIsCurrent,
    Diesel,
    Refinery,
    #[cfg(feature = "sqlx")]
    Sqlx,
}

impl Checker {
    pub const ALL: &'static [Checker] = &[
        Checker::Floor,
        Checker::Ours,
        Checker::OursIsCurrent,
        Checker::Diesel,
        Checker::Refinery,
        #[cfg(feature = "sqlx")]
        Checker::Sqlx,
    ];

    fn arg(self) -> &'static str {
        match self {
            Checker::Floor => "floor",
            Checker::Ours => "ours",
            Checker::OursIsCurrent => "ours-is-current",
            Checker::Diesel => "diesel",
            Checker::Refinery => "refinery",
            #[cfg(feature = "sqlx")]
            Checker::Sqlx => "sqlx",
        }
    }

    fn from_arg(arg: &str) -> Option<Checker> {
        Checker::ALL.iter().copied().find(|c| c.arg() == arg)
    }

    pub fn name(self) -> &'static str {
        match self {
            Checker::Floor => "floor (one query of the applied versions)",
            Checker::Ours => "migrate (ours): `run`, as `run_pending()`",
            Checker::OursIsCurrent => "migrate (ours): `is_current`",
            Checker::Diesel => "diesel_migrations 2.3: `run_pending_migrations`",
            Checker::Refinery => "refinery 0.10: `run`",
            #[cfg(feature = "sqlx")]
            Checker::Sqlx => "sqlx 0.9 migrate!: `run`",
        }
    }

    /// The contender whose database and connection this checker uses.
    fn contender(self) -> Contender {
        match self {
            Checker::Floor => Contender::Floor,
            Checker::Ours | Checker::OursIsCurrent => Contender::Ours,
            Checker::Diesel => Contender::Diesel,
            Checker::Refinery => Contender::Refinery,
            #[cfg(feature = "sqlx")]
            Checker::Sqlx => Contender::Sqlx,
        }
    }

    /// The checkers measured at `n` migrations: at the sizes only the boot check has (10,000),
    /// the floor and migrate; the peers' sets of that size (10,000 embedded SQL files each, per
    /// backend) would make the benchmark's build take longer than the rest of it.
    fn at(n: usize) -> Vec<Checker> {
        Checker::ALL
            .iter()
            .copied()
            .filter(|c| workload::SIZES.contains(&n) || *c == Checker::Floor || c.is_ours())
            .collect()
    }

    fn is_ours(self) -> bool {
        matches!(self, Checker::Ours | Checker::OursIsCurrent)
    }
}

/// One child's figures.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// The first check in the process.
    pub cold: Duration,
    /// The median of the checks after it.
    pub warm: Duration,
}

pub struct Series {
    pub backend: Backend,
    pub n: usize,
    pub checker: Checker,
    pub samples: Vec<Sample>,
}

/// In the child: connect, one catalog query, the timed first check, then the warm ones.
/// Prints `cold_ns warm_ns`.
pub fn child(args: &[String]) {
    let arg = |i: usize| args.get(i).map_or("", String::as_str);
    let Some(checker) = Checker::from_arg(arg(0)) else {
        eprintln!("unknown checker `{}`", arg(0));
        std::process::exit(2);
    };
    let backend = crate::profile::parse_backend(arg(1));
    let n: usize = arg(2).parse().expect("N");
    let target = Target::existing(backend, arg(3), arg(4));
    let mut session = checker.contender().connect(&target, n);
    session.warm_up();
    let mut check = || match checker {
        Checker::OursIsCurrent => session.is_current(),
        _ => session.check(),
    };
    let started = Instant::now();
    check();
    let cold = started.elapsed();
    let warm: Vec<Duration> = (0..WARM_ITERATIONS)
        .map(|_| {
            let started = Instant::now();
            check();
            started.elapsed()
        })
        .collect();
    println!("{} {}", cold.as_nanos(), summary(&warm).0.as_nanos());
}

/// migrate's child for `n` migrations: a binary of its own per set (`boot_ours_<N>`), built
/// beside this one.
fn ours_child(n: usize) -> Command {
    let own = std::env::current_exe().expect("the benchmark's path");
    let path = own.with_file_name(format!("boot_ours_{n}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: build the benchmark with `cargo build -p migrate-bench --release`",
        path.display()
    );
    Command::new(path)
}

/// Applies migrate's set of `n` to `target`, through its child binary.
fn apply_ours(backend: Backend, n: usize, target: &Target) {
    let (location, schema) = target.location();
    let output = ours_child(n)
        .args(["apply", backend.slug(), &location, &schema, OURS_TABLE])
        .output()
        .expect("run the boot child");
    assert!(
        output.status.success(),
        "applying migrate's {n} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn spawn(checker: Checker, backend: Backend, n: usize, target: &Target) -> Sample {
    let (location, schema) = target.location();
    let output = match checker {
        Checker::Ours | Checker::OursIsCurrent => {
            let command = if checker == Checker::Ours {
                "run"
            } else {
                "is-current"
            };
            ours_child(n)
                .args([command, backend.slug(), &location, &schema, OURS_TABLE])
                .output()
        }
        _ => Command::new(std::env::current_exe().expect("the benchmark's path"))
            .args([
                "--boot-child",
                checker.arg(),
                backend.slug(),
                &n.to_string(),
                &location,
                &schema,
            ])
            .output(),
    }
    .expect("run the boot child");
    assert!(
        output.status.success(),
        "boot child {checker:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut figures = stdout.split_whitespace().map(|v| v.parse::<u64>().ok());
    let mut next = || Duration::from_nanos(figures.next().flatten().unwrap_or(0));
    Sample {
        cold: next(),
        warm: next(),
    }
}

/// Every checker at every size on every backend, `runs` children each, interleaved.
pub fn measure(sizes: &[usize], runs: usize) -> Vec<Series> {
    let mut all = Vec::new();
    for backend in Backend::ALL {
        for &n in sizes {
            // One up-to-date database per contender (untimed); `run` and `is_current` share
            // migrate's, since both only read.
            let mut targets: Vec<(Contender, Target)> = Vec::new();
            let checkers = Checker::at(n);
            for &checker in &checkers {
                let contender = checker.contender();
                if targets.iter().any(|(c, _)| *c == contender) {
                    continue;
                }
                eprint!(
                    "\rboot: {} N={n}: applying for {:<28}",
                    backend.slug(),
                    contender.name()
                );
                let target = Target::fresh(backend, 900_000 + n + targets.len());
                if contender == Contender::Ours {
                    apply_ours(backend, n, &target);
                } else {
                    contender.connect(&target, n).apply();
                }
                targets.push((contender, target));
            }
            let mut series: Vec<Series> = checkers
                .iter()
                .map(|&checker| Series {
                    backend,
                    n,
                    checker,
                    samples: Vec::new(),
                })
                .collect();
            for run in 1..=runs {
                for series in &mut series {
                    eprint!(
                        "\rboot: {} N={n} run {run}/{runs} {:<40}",
                        backend.slug(),
                        series.checker.arg()
                    );
                    let target = targets
                        .iter()
                        .find(|(c, _)| *c == series.checker.contender())
                        .map(|(_, t)| t)
                        .expect("a database per contender");
                    series
                        .samples
                        .push(spawn(series.checker, backend, n, target));
                }
            }
            eprintln!();
            all.extend(series);
        }
    }
    all
}

fn median(series: &[Series], backend: Backend, n: usize, checker: Checker) -> Option<Duration> {
    series
        .iter()
        .find(|s| s.backend == backend && s.n == n && s.checker == checker)
        .filter(|s| !s.samples.is_empty())
        .map(|s| summary(&s.samples.iter().map(|s| s.cold).collect::<Vec<_>>()).0)
}

/// The section of `docs/BENCHMARKS.md`, between [`BEGIN`] and [`END`].
pub fn markdown(
    series: &[Series],
    sizes: &[usize],
    runs: usize,
    machine: &crate::machine::Machine,
) -> String {
    let (load, commit) = (&machine.load, &machine.commit);
    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(w, "{BEGIN}\n");
    let _ = writeln!(
        w,
        "## Boot check: the first check in a new process (cold)\n"
    );
    let _ = writeln!(
        w,
        "What a deploy pays: `run_pending()` once, at start. Each figure is a child process of \
         its own, started after the database is up to date: it connects (untimed), runs one \
         catalog query (untimed), then times its first check (**cold**), then repeats it {WARM_ITERATIONS} times (**warm**: their \
         median, the same child). Checkers interleaved, {runs} children each; figures: median of \
         the children [min – max], and the cold median's ratio to the floor's from the same \
         interleaved run. Re-measure with `cargo run -p migrate-bench --release -- --boot`. \
         migrate at {commit}; load average when measured: {load} ({} cores shared with other \
         builds, so compare ratios within this run, not absolute times across runs).\n",
        machine.cpus
    );
    let _ = writeln!(
        w,
        "- **floor**: one plain query of the applied versions (`select id from` the tracking \
         table) compared with the N ids in a `HashSet`, on a diesel connection.\n\
         - **migrate `run`**: `Migrator::new().module(..).table(..).run(conn)`, what \
         `run_pending()` does; **`is_current`** the readiness probe. Its child is a binary with \
         only that set of migrations compiled in (`boot_ours_<N>`), as an application has.\n\
         - the peers: their whole no-op `run` (diesel_migrations `run_pending_migrations`, \
         refinery `runner().run`, sqlx `Migrator::run` on a current-thread tokio runtime).\n"
    );
    for backend in Backend::ALL {
        let _ = writeln!(w, "### {}\n", backend.title());
        let mut header = String::from("| checker |");
        let mut rule = String::from("|---|");
        for n in sizes {
            let _ = write!(header, " {n} applied, cold | warm |");
            rule.push_str("---|---|");
        }
        let _ = writeln!(w, "{header}\n{rule}");
        for &checker in Checker::ALL {
            let _ = write!(w, "| {} |", checker.name());
            for &n in sizes {
                let found = series
                    .iter()
                    .find(|s| s.backend == backend && s.n == n && s.checker == checker)
                    .filter(|s| !s.samples.is_empty());
                let floor = median(series, backend, n, Checker::Floor);
                match (found, floor) {
                    (Some(s), Some(floor)) => {
                        let cold: Vec<Duration> = s.samples.iter().map(|s| s.cold).collect();
                        let warm: Vec<Duration> = s.samples.iter().map(|s| s.warm).collect();
                        let (median, min, max) = summary(&cold);
                        let _ = write!(
                            w,
                            " **{}** [{} – {}] {:.2}x | {} |",
                            ms(median),
                            ms(min),
                            ms(max),
                            median.as_secs_f64() / floor.as_secs_f64(),
                            ms(summary(&warm).0)
                        );
                    }
                    _ => {
                        let _ = write!(w, " n/a | n/a |");
                    }
                }
            }
            let _ = writeln!(w);
        }
        let _ = writeln!(w);
    }
    targets(w, series, sizes);
    let _ = writeln!(w, "{END}\n");
    md
}

/// The boot-check targets, judged from these figures.
fn targets(w: &mut String, series: &[Series], sizes: &[usize]) {
    let _ = writeln!(w, "| boot-check target (cold) | measured | verdict |");
    let _ = writeln!(w, "|---|---|---|");
    for (backend, n, limit) in [(Backend::Sqlite, 1000, 1.5), (Backend::Postgres, 1000, 1.2)] {
        if !sizes.contains(&n) {
            continue;
        }
        for checker in [Checker::Ours, Checker::OursIsCurrent] {
            let (Some(ours), Some(floor)) = (
                median(series, backend, n, checker),
                median(series, backend, n, Checker::Floor),
            ) else {
                continue;
            };
            let best_peer = Checker::ALL
                .iter()
                .filter(|c| **c != Checker::Floor && !c.is_ours())
                .filter_map(|&c| median(series, backend, n, c).map(|m| (c, m)))
                .min_by_key(|(_, m)| *m);
            let r = ours.as_secs_f64() / floor.as_secs_f64();
            let (peer, peer_time) =
                best_peer.map_or(("no peer", Duration::MAX), |(c, m)| (c.arg(), m));
            let _ = writeln!(
                w,
                "| {} {n} applied, {}: ≤ {limit}x floor, fastest | {r:.2}x ({} vs floor {}); fastest peer {peer} {} | {} |",
                backend.title(),
                checker.arg(),
                ms(ours),
                ms(floor),
                ms(peer_time),
                if r <= limit && ours < peer_time {
                    "met"
                } else {
                    "**missed**"
                }
            );
        }
    }
    if let (Some(&small), Some(&large)) = (sizes.iter().min(), sizes.iter().max()) {
        for backend in Backend::ALL {
            let growth = |checker| {
                Some(
                    median(series, backend, large, checker)?.as_secs_f64()
                        / median(series, backend, small, checker)?.as_secs_f64(),
                )
            };
            if let (Some(ours), Some(floor)) = (growth(Checker::Ours), growth(Checker::Floor)) {
                // Within 10% of the floor's growth: the noise of a loaded machine.
                let _ = writeln!(
                    w,
                    "| {}: cost grows no more than the floor's, {small} → {large} applied | ours ×{ours:.2}, floor ×{floor:.2} | {} |",
                    backend.title(),
                    if ours <= floor * 1.1 { "met" } else { "**missed**" }
                );
            }
        }
    }
    let _ = writeln!(w);
}

//! Benchmarks migrate against the floor, diesel_migrations, refinery and sqlx, and writes
//! `docs/BENCHMARKS.md`.
//!
//! ```text
//! cargo run -p migrate-bench --release            # everything (about 5–10 minutes)
//! cargo run -p migrate-bench --release -- --quick # N = 100, printed only, docs untouched
//! cargo run -p migrate-bench --release -- --profile-check sqlite|postgres [ITERATIONS]
//! cargo run -p migrate-bench --release -- --profile-apply sqlite|postgres [RUNS] [ONLY]
//! ```
//! PostgreSQL: `MIGRATE_BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`);
//! each run gets a schema of its own, dropped afterwards.

mod build_time;
mod contenders;
mod machine;
mod profile;
mod rebuild;
mod report;
mod runs;
mod target;
mod workload;

/// migrate's migrations, one module per size (written by `build.rs`).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/ours.rs"));

    pub const N100: &str = concat!(module_path!(), "::n100");
    pub const N1000: &str = concat!(module_path!(), "::n1000");
}

use std::path::Path;

/// Where the generated part of `docs/BENCHMARKS.md` ends and the kept analysis begins.
const ANALYSIS: &str =
    "<!-- analysis: written by hand, kept when the benchmark rewrites the figures above -->";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--rebuild-child") {
        rebuild::child(
            args.get(1).map_or("", String::as_str),
            args.get(2).map_or("", String::as_str),
        );
        return;
    }
    if args.first().map(String::as_str) == Some("--profile-apply") {
        let backend = args.get(1).map_or("sqlite", String::as_str);
        let runs = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(3);
        profile::apply(backend, runs, args.get(3).map(String::as_str));
        return;
    }
    if args.first().map(String::as_str) == Some("--profile-check") {
        let backend = args.get(1).map_or("sqlite", String::as_str);
        let iterations = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(201);
        profile::check(backend, iterations);
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let build_times = !quick && !args.iter().any(|a| a == "--no-build-times");
    if let Some(unknown) = args
        .iter()
        .find(|a| !matches!(a.as_str(), "--quick" | "--no-build-times"))
    {
        eprintln!("unknown argument `{unknown}` (try --quick or --no-build-times)");
        std::process::exit(2);
    }
    let plan = runs::Plan {
        sizes: if quick {
            vec![workload::SIZES[0]]
        } else {
            workload::SIZES.to_vec()
        },
        runs: if quick { 3 } else { 7 },
        check_iterations: if quick { 21 } else { 51 },
    };
    runs::check_workload_matches_ours();
    let runtime = runs::run(&plan);
    let rebuilds = (!quick).then(rebuild::measure);
    let build = build_time::measure(build_times);
    let machine = machine::describe();
    let markdown = report::markdown(&machine, &plan, &runtime, rebuilds.as_ref(), &build, quick);
    println!("{markdown}");
    if quick {
        // A smoke test never replaces the reference figures.
        eprintln!("--quick: docs/BENCHMARKS.md left as it is");
        return;
    }
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/BENCHMARKS.md");
    // The hand-written analysis below the marker survives a rerun.
    let kept = std::fs::read_to_string(&doc)
        .ok()
        .and_then(|old| old.find(ANALYSIS).map(|at| old[at..].to_owned()))
        .unwrap_or_else(|| format!("{ANALYSIS}\n"));
    std::fs::write(&doc, format!("{markdown}{kept}")).expect("write docs/BENCHMARKS.md");
    eprintln!("wrote {}", doc.display());
}

//! Benchmarks migrate against the floor, diesel_migrations, refinery and sqlx, and writes
//! `docs/BENCHMARKS.md`.
//!
//! ```text
//! cargo run -p migrate-bench --release            # everything (about 5–10 minutes)
//! cargo run -p migrate-bench --release -- --quick # N = 100, printed only, docs untouched
//! cargo run -p migrate-bench --release -- --boot [RUNS] # the cold boot check alone
//! cargo run -p migrate-bench --release -- --edit-check [ROUNDS] # the edit-compile loop alone
//! cargo run -p migrate-bench --release -- --profile-boot sqlite|postgres [N] [RUNS]
//! cargo run -p migrate-bench --release -- --profile-check sqlite|postgres [ITERATIONS]
//! cargo run -p migrate-bench --release -- --profile-apply sqlite|postgres [RUNS] [ONLY]
//! ```
//! PostgreSQL: `MIGRATE_BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`);
//! each run gets a schema of its own, dropped afterwards.

mod boot;
mod build_time;
mod contenders;
mod edit_check;
mod lint;
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

/// Children per checker in the cold boot check.
const BOOT_RUNS: usize = 9;

fn doc_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/BENCHMARKS.md")
}

/// Replaces the boot-check section of `docs/BENCHMARKS.md` (or adds it before the analysis),
/// leaving every other figure as the last full run wrote it.
fn write_boot_section(section: &str) {
    write_section(section, boot::BEGIN, boot::END);
}

/// Replaces the section between `begin` and `end` of `docs/BENCHMARKS.md` (or adds it
/// before the analysis), leaving every other figure as the last full run wrote it.
fn write_section(section: &str, begin: &str, end: &str) {
    let doc = doc_path();
    let Ok(old) = std::fs::read_to_string(&doc) else {
        eprintln!("{} not found; printed only", doc.display());
        return;
    };
    let new = match (old.find(begin), old.find(end)) {
        (Some(begin), Some(at)) if begin < at => {
            let end = at + end.len();
            let end = end + old[end..].len() - old[end..].trim_start_matches('\n').len();
            format!("{}{section}{}", &old[..begin], &old[end..])
        }
        _ => match old.find(ANALYSIS) {
            Some(at) => format!("{}{section}{}", &old[..at], &old[at..]),
            None => format!("{old}\n{section}"),
        },
    };
    std::fs::write(&doc, new).expect("write docs/BENCHMARKS.md");
    eprintln!("wrote a section of {}", doc.display());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--rebuild-child") {
        rebuild::child(
            args.get(1).map_or("", String::as_str),
            args.get(2).map_or("", String::as_str),
        );
        return;
    }
    if args.first().map(String::as_str) == Some("--boot-child") {
        boot::child(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("--profile-boot-child") {
        profile::boot_child(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("--boot") {
        let runs = args
            .get(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(BOOT_RUNS);
        let series = boot::measure(&workload::BOOT_SIZES, runs);
        let section = boot::markdown(&series, &workload::BOOT_SIZES, runs, &machine::describe());
        println!("{section}");
        write_boot_section(&section);
        return;
    }
    if args.first().map(String::as_str) == Some("--edit-check") {
        let rounds = args
            .get(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(edit_check::ROUNDS);
        let load = machine::describe().load;
        match edit_check::measure(rounds) {
            Ok(samples) => {
                let section = edit_check::markdown(&samples, &load);
                println!("{section}");
                write_section(&section, edit_check::BEGIN, edit_check::END);
            }
            Err(error) => eprintln!("edit-check failed: {error}"),
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--lint") {
        lint::measure(args.get(1).and_then(|n| n.parse().ok()).unwrap_or(7));
        return;
    }
    if args.first().map(String::as_str) == Some("--profile-boot") {
        let backend = args.get(1).map_or("sqlite", String::as_str);
        let n = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
        let runs = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(7);
        profile::boot(backend, n, runs);
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
    let boot_runs = if quick { 3 } else { BOOT_RUNS };
    let boot = boot::measure(&plan.sizes, boot_runs);
    let boot_machine = machine::describe();
    let rebuilds = (!quick).then(rebuild::measure);
    let build = build_time::measure(build_times);
    let machine = machine::describe();
    let markdown = report::markdown(&machine, &plan, &runtime, rebuilds.as_ref(), &build, quick)
        + &boot::markdown(&boot, &plan.sizes, boot_runs, &boot_machine);
    println!("{markdown}");
    if quick {
        // A smoke test never replaces the reference figures.
        eprintln!("--quick: docs/BENCHMARKS.md left as it is");
        return;
    }
    let doc = doc_path();
    // The hand-written analysis below the marker survives a rerun.
    let kept = std::fs::read_to_string(&doc)
        .ok()
        .and_then(|old| old.find(ANALYSIS).map(|at| old[at..].to_owned()))
        .unwrap_or_else(|| format!("{ANALYSIS}\n"));
    std::fs::write(&doc, format!("{markdown}{kept}")).expect("write docs/BENCHMARKS.md");
    eprintln!("wrote {}", doc.display());
}

//! `--lint [RUNS]`: how long `Migrator::lint_all` takes over the generated workloads (100 and
//! 1000 migrations), for PostgreSQL, whose rules are the most numerous. No database: the
//! linter replays the migrations into a model. Printed only; not part of BENCHMARKS.md.

use std::time::{Duration, Instant};

use migrate_core::{Dialect, Migrator};

/// Lints each workload `runs` times and prints the median, minimum and maximum.
pub fn measure(runs: usize) {
    for (n, module) in [
        (100, crate::generated::N100),
        (1000, crate::generated::N1000),
    ] {
        let migrator = Migrator::new().module(module);
        let mut times: Vec<Duration> = (0..runs.max(1))
            .map(|_| {
                let start = Instant::now();
                let report = migrator
                    .lint_all(Dialect::Postgres)
                    .expect("the generated migrations lint");
                assert_eq!(report.linted.len(), n, "every migration is linted");
                start.elapsed()
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "lint_all, {n} migrations: median {:.1} ms [{:.1} – {:.1}] over {} runs",
            median.as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            times.len()
        );
    }
}

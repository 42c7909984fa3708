//! The runtime scenarios: fresh apply, no-op check and full rollback, contenders interleaved.

use std::time::{Duration, Instant};

use crate::contenders::{self, Contender};
use crate::target::Target;
use crate::workload::{self, Backend};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Fresh,
    Check,
    Rollback,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Fresh, Scenario::Check, Scenario::Rollback];
}

pub struct Plan {
    pub sizes: Vec<usize>,
    pub runs: usize,
    /// Iterations of the no-op check per run; the run's figure is their median.
    pub check_iterations: usize,
}

/// The timings of one contender in one scenario, one per run.
pub struct Series {
    pub backend: Backend,
    pub n: usize,
    pub scenario: Scenario,
    pub contender: Contender,
    pub samples: Vec<Duration>,
}

/// Every scenario, backend and size; within each, runs of the contenders interleaved.
pub fn run(plan: &Plan) -> Vec<Series> {
    let mut all = Vec::new();
    let mut serial = 0;
    for backend in Backend::ALL {
        for &n in &plan.sizes {
            let mut series: Vec<Series> = Scenario::ALL
                .iter()
                .flat_map(|&scenario| {
                    Contender::ALL.iter().map(move |&contender| Series {
                        backend,
                        n,
                        scenario,
                        contender,
                        samples: Vec::new(),
                    })
                })
                .collect();
            for run in 1..=plan.runs {
                for &contender in Contender::ALL {
                    serial += 1;
                    eprint!(
                        "\r{} N={n} run {run}/{} {:<28}",
                        backend.slug(),
                        plan.runs,
                        contender.name()
                    );
                    let timings = one_run(contender, backend, n, plan.check_iterations, serial);
                    for (scenario, time) in timings {
                        series
                            .iter_mut()
                            .find(|s| s.scenario == scenario && s.contender == contender)
                            .expect("a series per scenario and contender")
                            .samples
                            .push(time);
                    }
                }
            }
            eprintln!();
            all.extend(series);
        }
    }
    all
}

/// One contender's run on a fresh database: apply, check, roll back.
fn one_run(
    contender: Contender,
    backend: Backend,
    n: usize,
    check_iterations: usize,
    serial: usize,
) -> Vec<(Scenario, Duration)> {
    let target = Target::fresh(backend, serial);
    let mut session = contender.connect(&target, n);
    let mut timings = Vec::new();

    let started = Instant::now();
    session.apply();
    timings.push((Scenario::Fresh, started.elapsed()));
    assert_eq!(
        target.workload_tables(),
        n as i64,
        "{contender:?} applied all"
    );

    let mut checks: Vec<Duration> = (0..check_iterations)
        .map(|_| {
            let started = Instant::now();
            session.check();
            started.elapsed()
        })
        .collect();
    checks.sort();
    timings.push((Scenario::Check, checks[checks.len() / 2]));

    if contender.can_roll_back() {
        let started = Instant::now();
        session.roll_back();
        timings.push((Scenario::Rollback, started.elapsed()));
        assert_eq!(target.workload_tables(), 0, "{contender:?} rolled back all");
    }
    drop(session);
    timings
}

/// Fails when the SQL files the peers and the floor run differ from what migrate's grammar
/// compiles the builder calls to, so every contender runs the same statements.
pub fn check_workload_matches_ours() {
    for backend in Backend::ALL {
        let target = Target::fresh(backend, 0);
        let report = match target.diesel() {
            crate::target::DieselConn::Sqlite(mut c) => {
                contenders::ours(100).pretend(true).run(&mut c)
            }
            crate::target::DieselConn::Pg(mut c) => contenders::ours(100).pretend(true).run(&mut c),
        }
        .expect("migrate: pretend");
        let ran = &report.migrations[0];
        let ours = &ran.statements[..ran.statements.len() - 1];
        assert_eq!(
            ours,
            workload::up_sql(backend, 1).as_slice(),
            "the generated SQL of {backend:?} must match migrate's grammar"
        );
    }
}

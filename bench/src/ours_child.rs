//! The boot check's child for migrate: a process with one set of migrations compiled in and
//! nothing else of the benchmark's, as an application is (a registry holding other sets
//! would make every check walk them too).
//!
//! `boot_ours_<N> COMMAND BACKEND LOCATION SCHEMA TABLE`: connect (untimed), one catalog
//! query (untimed), then COMMAND: `apply` runs the set; `run` or `is-current` times the first
//! check, then its median over the warm repetitions, and prints `cold_ns warm_ns`.

use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, SqliteConnection};
use migrate_core::{MigrationConnection, Migrator};

/// Repetitions after the cold check, for the warm figure (as the main benchmark's child).
const WARM_ITERATIONS: usize = 21;

/// Runs the child for the migrations registered under `module`.
pub fn main(module: &str) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map_or("", String::as_str);
    let (command, backend, location, schema, table) = (arg(0), arg(1), arg(2), arg(3), arg(4));
    let mut sqlite;
    let mut pg;
    let conn: &mut dyn MigrationConnection = match backend {
        "sqlite" => {
            sqlite = SqliteConnection::establish(location).expect("open SQLite");
            sqlite
                .batch_execute("select count(*) from sqlite_master")
                .expect("the catalog query");
            &mut sqlite
        }
        "postgres" => {
            pg = PgConnection::establish(location).expect("connect to PostgreSQL");
            pg.batch_execute(&format!("set search_path to {schema}"))
                .expect("set search_path");
            pg.batch_execute("select count(*) from pg_catalog.pg_class")
                .expect("the catalog query");
            &mut pg
        }
        other => panic!("unknown backend `{other}`"),
    };
    let migrator = Migrator::new().module(module).table(table);
    let check = |conn: &mut dyn MigrationConnection| match command {
        "run" => assert!(migrator.run(conn).expect("run").migrations.is_empty()),
        "is-current" => assert!(migrator.is_current(conn).expect("is_current")),
        other => panic!("unknown command `{other}`"),
    };
    if command == "apply" {
        let report = migrator.run(conn).expect("apply");
        println!("{}", report.migrations.len());
        return;
    }
    let started = Instant::now();
    check(conn);
    let cold = started.elapsed();
    let mut warm: Vec<Duration> = (0..WARM_ITERATIONS)
        .map(|_| {
            let started = Instant::now();
            check(conn);
            started.elapsed()
        })
        .collect();
    warm.sort_unstable();
    println!("{} {}", cold.as_nanos(), warm[warm.len() / 2].as_nanos());
}

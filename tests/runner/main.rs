//! A migration runner process for the concurrency and crash tests: applies a dozen
//! migrations to the database named on its command line.
//!
//! `migrate-test-runner URL [SETUP_SQL]`: SETUP_SQL runs first (a PostgreSQL test's
//! `set search_path`). `RUNNER_SLEEP_MS` makes each migration take that long, so a test can
//! kill the process in the middle of a run; `RUNNER_LOCK_TIMEOUT_MS` bounds the lock wait.
//! `RUNNER_COMMAND` is `run` (the default), `rollback` or `reset`. `RUNNER_UNCHECKED` makes
//! the migrations create their tables without looking first, so that a runner repeating
//! another's work fails on it. `RUNNER_OPTED_OUT` applies another set instead, whose middle
//! migration opted out of transactions. Prints `finished ID` as each migration is announced
//! done ([`migrate_core::Event::Finished`]).

use std::process::ExitCode;

use migrate_core::{AnyConnection, MigrationConnection, Migrator};

/// Twelve migrations, each creating one table `t01` … `t12` and writing one row into it.
/// They check before creating, so a re-run after a crash on MySQL (whose DDL cannot be
/// rolled back) finishes the job.
mod migrations {
    macro_rules! table_migrations {
        ($($module:ident => $table:literal),* $(,)?) => {$(
            pub mod $module {
                use migrate_core::prelude::*;

                #[migration]
                fn up(s: &mut Schema) -> Result<()> {
                    if std::env::var_os("RUNNER_UNCHECKED").is_some() || !s.has_table($table)? {
                        s.create($table, |t| {
                            t.increments("id");
                            t.string("note", 20);
                        })?;
                    }
                    if let Some(ms) = std::env::var("RUNNER_SLEEP_MS").ok().and_then(|v| v.parse().ok()) {
                        std::thread::sleep(std::time::Duration::from_millis(ms));
                    }
                    s.raw(&format!("insert into {} (note) values ('done')", $table))
                }

                #[migration]
                fn down(s: &mut Schema) -> Result<()> {
                    s.drop($table)
                }
            }
        )*};
    }

    table_migrations! {
        m2026_05_01_000001_t01 => "t01", m2026_05_01_000002_t02 => "t02",
        m2026_05_01_000003_t03 => "t03", m2026_05_01_000004_t04 => "t04",
        m2026_05_01_000005_t05 => "t05", m2026_05_01_000006_t06 => "t06",
        m2026_05_01_000007_t07 => "t07", m2026_05_01_000008_t08 => "t08",
        m2026_05_01_000009_t09 => "t09", m2026_05_01_000010_t10 => "t10",
        m2026_05_01_000011_t11 => "t11", m2026_05_01_000012_t12 => "t12",
    }
}

/// Three migrations, the second outside a transaction (on PostgreSQL it creates an index
/// concurrently, which cannot run in one).
mod opted_out {
    pub mod m2026_05_02_000001_o01 {
        use migrate_core::prelude::*;

        #[migration]
        fn up(s: &mut Schema) -> Result<()> {
            s.create("o01", |t| {
                t.increments("id");
                t.string("note", 20);
            })?;
            s.raw("insert into o01 (note) values ('done')")
        }

        #[migration]
        fn down(s: &mut Schema) -> Result<()> {
            s.drop("o01")
        }
    }

    pub mod m2026_05_02_000002_o02 {
        use migrate_core::prelude::*;

        #[migration(transaction = false)]
        fn up(s: &mut Schema) -> Result<()> {
            if s.dialect() == migrate_core::Dialect::Postgres {
                s.raw("create index concurrently o01_note_index on o01 (note)")?;
            }
            s.create("o02", |t| {
                t.increments("id");
                t.string("note", 20);
            })?;
            if let Some(ms) = std::env::var("RUNNER_SLEEP_MS")
                .ok()
                .and_then(|v| v.parse().ok())
            {
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
            s.raw("insert into o02 (note) values ('done')")
        }

        #[migration(transaction = false)]
        fn down(s: &mut Schema) -> Result<()> {
            s.drop("o02")
        }
    }

    pub mod m2026_05_02_000003_o03 {
        use migrate_core::prelude::*;

        #[migration]
        fn up(s: &mut Schema) -> Result<()> {
            s.create("o03", |t| {
                t.increments("id");
                t.string("note", 20);
            })?;
            s.raw("insert into o03 (note) values ('done')")
        }

        #[migration]
        fn down(s: &mut Schema) -> Result<()> {
            s.drop("o03")
        }
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(url) = args.next() else {
        eprintln!("usage: migrate-test-runner URL [SETUP_SQL]");
        return ExitCode::from(2);
    };
    let result = AnyConnection::establish(&url).and_then(|mut conn| {
        if let Some(setup) = args.next() {
            conn.batch_execute(&setup)
                .map_err(migrate_core::Error::Diesel)?;
        }
        let timeout_ms = std::env::var("RUNNER_LOCK_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(120_000);
        let single_transaction = std::env::var_os("RUNNER_SINGLE_TRANSACTION").is_some();
        let set = if std::env::var_os("RUNNER_OPTED_OUT").is_some() {
            "opted_out"
        } else {
            "migrations"
        };
        // Each migration announced as done, as it is: what a log would show when killed.
        let migrator = Migrator::new()
            .on_event(|event| {
                if let migrate_core::Event::Finished(ran) = event {
                    println!("finished {}", ran.id);
                }
            })
            .module(format!("{}::{set}", module_path!()))
            .lock_timeout(std::time::Duration::from_millis(timeout_ms))
            .single_transaction(single_transaction);
        match std::env::var("RUNNER_COMMAND").as_deref() {
            Ok("rollback") => migrator.rollback(&mut conn, None),
            Ok("reset") => migrator.reset(&mut conn),
            _ => migrator.run(&mut conn),
        }
    });
    match result {
        Ok(report) => {
            println!("ran {}", report.migrations.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

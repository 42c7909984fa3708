//! Quickstart: an application whose migrations live in its own `migrations` module.
//!
//! ```text
//! cargo run -p migrate-examples --bin quickstart               # apply what is pending
//! cargo run -p migrate-examples --bin quickstart -- --rollback # undo the last batch
//! cargo run -p migrate-examples --bin quickstart -- --reset    # undo everything
//! ```
//! The database is `quickstart.sqlite` in the current directory, or the path in
//! `QUICKSTART_DATABASE`.

mod migrations;

use std::process::ExitCode;

use diesel::{Connection, SqliteConnection};
use migrate_core::{Migrator, Report};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::var("QUICKSTART_DATABASE").unwrap_or_else(|_| "quickstart.sqlite".into());
    let mut conn = SqliteConnection::establish(&path)?;
    let migrator = Migrator::new();

    let report = match std::env::args().nth(1).as_deref() {
        None => migrate_core::run_pending(&mut conn)?,
        Some("--rollback") => migrator.rollback(&mut conn, None)?,
        Some("--reset") => migrator.reset(&mut conn)?,
        Some("--pretend") => migrator.pretend(true).run(&mut conn)?,
        Some(other) => {
            return Err(format!(
                "unknown argument `{other}` (try --rollback, --reset or --pretend)"
            )
            .into())
        }
    };
    print_report(&report);

    println!("\nStatus of {path}:");
    for status in Migrator::new().status(&mut conn)? {
        match &status.applied {
            Some(applied) => println!(
                "  [applied, batch {}] {} at {}",
                applied.batch,
                status.id,
                applied.applied_at.format("%Y-%m-%d %H:%M:%S")
            ),
            None => println!("  [pending]          {}", status.id),
        }
    }
    Ok(())
}

fn print_report(report: &Report) {
    if report.is_empty() {
        println!("Nothing to do.");
    }
    for ran in &report.migrations {
        let verb = match ran.direction {
            migrate_core::Direction::Up => "Migrated",
            migrate_core::Direction::Down => "Rolled back",
        };
        if report.pretend {
            println!("Would run {}:", ran.id);
            for sql in &ran.statements {
                println!("    {sql};");
            }
        } else {
            println!("{verb}: {} ({} ms)", ran.id, ran.duration.as_millis());
        }
    }
}

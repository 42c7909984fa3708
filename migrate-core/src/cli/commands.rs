//! Each command of the runner: connect, drive the [`Migrator`], print what happened.

use std::collections::HashSet;
use std::io;
use std::time::Duration;

use super::args::{Cli, Command};
use super::output::{self, Color, Painter};
use super::{database, fresh, CliError};
use crate::{AnyConnection, Direction, Migrator, DEFAULT_TABLE};

/// Runs one parsed command line to completion, printing to standard output.
pub(crate) fn execute(cli: Cli) -> Result<(), CliError> {
    let url = database::resolve_url(cli.global.database.as_deref())?;
    let table = cli
        .global
        .table
        .clone()
        .unwrap_or_else(|| DEFAULT_TABLE.to_owned());
    let mut conn = AnyConnection::establish(&url)?;
    let migrator = Migrator::new().table(table.clone());
    let mut out = Painter::stdout();

    match cli.command {
        Command::Run(args) => {
            let migrator = migrator.step(args.step).pretend(args.pretend);
            run(&migrator, &mut conn, &mut out)?;
        }
        Command::Rollback(args) => {
            let steps = args.step.map(|n| n as usize);
            let report = migrator.pretend(args.pretend).rollback(&mut conn, steps)?;
            out.report(&report, "Nothing to roll back.")?;
        }
        Command::Reset(args) => {
            let report = migrator.pretend(args.pretend).reset(&mut conn)?;
            out.report(&report, "Nothing to roll back.")?;
        }
        Command::Refresh(args) => {
            let mut report = match args.step {
                None => migrator.reset(&mut conn)?,
                Some(n) => migrator.rollback(&mut conn, Some(n as usize))?,
            };
            report
                .migrations
                .extend(migrator.run(&mut conn)?.migrations);
            out.report(&report, "Nothing to migrate.")?;
        }
        Command::Fresh(args) => {
            fresh::confirm(args.force, &database::masked(&url))?;
            let dropped = fresh::drop_all_tables(&mut conn)?;
            let noun = if dropped.len() == 1 {
                "table"
            } else {
                "tables"
            };
            out.line(&format!(
                "{} {} {noun}.",
                out.paint(Color::Green, "Dropped"),
                dropped.len()
            ))?;
            run(&migrator.step(args.step), &mut conn, &mut out)?;
        }
        Command::Status => {
            let status = migrator.status(&mut conn)?;
            out.status(&table, &status)?;
        }
        Command::Install => {
            let message = if migrator.install(&mut conn)? {
                format!("Created the repository table `{table}`.")
            } else {
                format!("The repository table `{table}` already exists.")
            };
            out.line(&message)?;
        }
    }
    Ok(())
}

/// `run`: applies what is pending. When a migration fails, the ones applied before it are
/// still printed (read back from the repository) before the error.
fn run(
    migrator: &Migrator,
    conn: &mut AnyConnection,
    out: &mut Painter<io::Stdout>,
) -> Result<(), CliError> {
    let applied_before: HashSet<String> = migrator
        .status(conn)?
        .into_iter()
        .filter(|s| s.is_applied())
        .map(|s| s.id)
        .collect();
    match migrator.run(conn) {
        Ok(report) => Ok(out.report(&report, "Nothing to migrate.")?),
        Err(error) => {
            // Best effort: the error is what matters, the partial report is a courtesy.
            if let Ok(status) = migrator.status(conn) {
                let mut done = Vec::new();
                for s in status.iter().filter(|s| !applied_before.contains(&s.id)) {
                    if let Some(applied) = &s.applied {
                        let ms = u64::try_from(applied.execution_ms).unwrap_or(0);
                        let duration = Duration::from_millis(ms);
                        out.ran(&s.id, Direction::Up, duration)?;
                        done.push((Direction::Up, duration));
                    }
                }
                if !done.is_empty() {
                    out.line(&output::summary(&done))?;
                }
            }
            Err(error.into())
        }
    }
}

//! `fresh`: drop every table of the database (after confirmation), then run every migration.

use std::io::{self, BufRead, IsTerminal, Write};

use super::CliError;
use crate::{Dialect, Error, MigrationConnection, Schema};

/// Asks whether to drop every table of `database`, unless `force`.
///
/// Without a terminal to ask on, it refuses rather than guess: scripts pass `--force`.
pub(crate) fn confirm(force: bool, database: &str) -> Result<(), CliError> {
    if force {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(CliError::ConfirmationRequired);
    }
    let mut stderr = io::stderr();
    write!(
        stderr,
        "Drop every table of {database}, with all its data? [y/N] "
    )?;
    stderr.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(CliError::Aborted),
    }
}

/// Drops every table of the connection's database (schema, on PostgreSQL); returns their names.
///
/// Tables are dropped in rounds: one that another still references fails and is retried
/// after the others are gone, so foreign keys need no dialect-specific cascade.
pub(crate) fn drop_all_tables(conn: &mut dyn MigrationConnection) -> Result<Vec<String>, CliError> {
    let dialect = conn.dialect();
    let sql = dialect.grammar().list_tables_sql();
    let rows = conn
        .load_text(&sql, &[])
        .map_err(|source| CliError::from(Error::Database { sql, source }))?;
    let mut remaining: Vec<String> = rows
        .into_iter()
        .filter_map(|row| row.0.into_iter().next().flatten())
        .collect();
    remaining.sort();
    if dialect == Dialect::Mysql {
        // Lets tables that reference each other in a cycle go too.
        set_mysql_foreign_key_checks(conn, false)?;
    }
    let mut dropped = Vec::with_capacity(remaining.len());
    let outcome = loop {
        let before = remaining.len();
        let mut first_error = None;
        let mut failed = Vec::new();
        for table in remaining {
            match Schema::new(conn).drop(&table) {
                Ok(()) => dropped.push(table),
                Err(error) => {
                    first_error.get_or_insert(CliError::from(error));
                    failed.push(table);
                }
            }
        }
        match first_error {
            None => break Ok(()),
            Some(error) if failed.len() == before => break Err(error),
            Some(_) => remaining = failed,
        }
    };
    if dialect == Dialect::Mysql {
        set_mysql_foreign_key_checks(conn, true)?;
    }
    outcome.map(|()| dropped)
}

fn set_mysql_foreign_key_checks(
    conn: &mut dyn MigrationConnection,
    on: bool,
) -> Result<(), CliError> {
    let sql = format!("set foreign_key_checks = {}", u8::from(on));
    conn.batch_execute(&sql)
        .map_err(|source| CliError::from(Error::Database { sql, source }))
}

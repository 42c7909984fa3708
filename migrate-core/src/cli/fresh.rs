//! `fresh`: drop every table of the database (after confirmation), then run every migration;
//! and the confirmation that `fresh` and `forget` ask for.

use std::io::{self, BufRead, IsTerminal, Write};

use super::CliError;
use crate::schema::grammar::list_tables;
use crate::{MigrationConnection, Schema};

/// Asks `question` (`Drop every table of ...`), unless `force`; `action` names what is
/// refused (`drop every table`) when there is no terminal to ask on.
///
/// Without a terminal to ask on, it refuses rather than guess: scripts pass `--force`.
pub(crate) fn confirm(force: bool, action: &str, question: &str) -> Result<(), CliError> {
    if force {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(CliError::ConfirmationRequired(action.to_owned()));
    }
    let mut stderr = io::stderr();
    write!(stderr, "{question} [y/N] ")?;
    stderr.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(CliError::Aborted),
    }
}

/// Drops every table of the connection's database (schema, on PostgreSQL); returns how many.
///
/// Then looks again: a table still there (one the listing missed, or one a statement could
/// not drop) is an error naming it, so that `fresh` never reports a clean database that is not.
pub(crate) fn drop_all_tables(conn: &mut dyn MigrationConnection) -> Result<usize, CliError> {
    let grammar = conn.dialect().grammar();
    let tables = list_tables(grammar, conn)?;
    Schema::new(conn).drop_all_tables()?;
    let remaining = list_tables(grammar, conn)?;
    if !remaining.is_empty() {
        return Err(CliError::TablesRemain(remaining));
    }
    Ok(tables.len())
}

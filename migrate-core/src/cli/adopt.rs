//! `adopt diesel|sqlx|refinery`: record another tool's history, and say what was done.

use std::io::Write;

use super::output::{Color, Painter};
use super::CliError;
use crate::{MigrationConnection, Migrator, Tool};

/// Adopts `tool`'s history and prints each version recorded, those already recorded, and how
/// to drop the old table.
pub(crate) fn adopt<W: Write>(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    tool: Tool,
    out: &mut Painter<W>,
) -> Result<(), CliError> {
    let adoption = migrator.adopt(conn, tool)?;
    for adopted in &adoption.adopted {
        out.line(&format!(
            "{} {} as {} (applied {}, batch {})",
            out.paint(Color::Green, "Adopted:"),
            adopted.version,
            adopted.id,
            adopted.applied_at.format("%Y-%m-%d %H:%M:%S"),
            adopted.batch
        ))?;
    }
    for id in &adoption.already_recorded {
        out.line(&format!("Already recorded: {id}"))?;
    }
    if adoption.adopted.is_empty() && adoption.already_recorded.is_empty() {
        out.line(&format!("Nothing to adopt: the {tool} history is empty."))?;
    }
    let table = tool.table();
    out.line(&format!(
        "The `{table}` table is left as it was; once nothing reads it, drop it with \
         `drop table {table}`."
    ))?;
    Ok(())
}

//! `seed`, and the seeding that `run --seed` and `fresh --seed` end with: run the seeders,
//! print each as it is done.

use std::io::Write;

use super::output::{Color, Painter};
use super::CliError;
use crate::{MigrationConnection, Migrator};

/// Runs the seeders (only `only`, if given) and prints `Seeded: <name> (12 ms)` as each is
/// done, or `Nothing to seed.` when none is registered.
pub(crate) fn seed<W: Write>(
    migrator: &Migrator,
    conn: &mut dyn MigrationConnection,
    only: Option<&str>,
    out: &mut Painter<W>,
) -> Result<(), CliError> {
    let names: Vec<String> = match only {
        Some(name) => vec![name.to_owned()],
        None => migrator
            .seeders()?
            .iter()
            .map(|s| s.name().to_owned())
            .collect(),
    };
    if names.is_empty() {
        out.line("Nothing to seed.")?;
    }
    // One at a time, so that each is printed as it is done, before a later one fails.
    for name in &names {
        for done in migrator.seed(conn, Some(name))? {
            out.line(&format!(
                "{} {} ({} ms)",
                out.paint(Color::Green, "Seeded:"),
                done.name,
                done.duration.as_millis()
            ))?;
        }
    }
    Ok(())
}

//! `cargo migrate generate --from-database URL`: migration files that recreate an existing
//! database's tables, for adopting `migrate` on a database that predates it.

use std::path::Path;

use migrate_core::{introspect, AnyConnection, DEFAULT_TABLE};

use crate::{creator, CliError, GenerateArgs, MigrationCreator};

/// Reads the database, writes one migration per table (and one for the foreign keys of a
/// cycle) into the package at `root`, and says how to record them as applied there.
pub(crate) fn generate(root: &Path, args: &GenerateArgs, quiet: bool) -> Result<(), CliError> {
    let mut conn = AnyConnection::establish(&args.from_database).map_err(CliError::Database)?;
    let mut model = introspect(&mut conn).map_err(CliError::Database)?;
    let table = args.table.as_deref().unwrap_or(DEFAULT_TABLE);
    model.tables.remove(table);
    let creator = MigrationCreator::new(root);
    let now = creator::now();
    let mut written = Vec::new();
    for migration in model.to_migrations() {
        // Each a second after the newest: the files sort in dependency order.
        let path = creator.create_with_source(&migration.name, &migration.source, now)?;
        written.push(path);
    }
    if quiet {
        return Ok(());
    }
    if written.is_empty() {
        println!("The database has no tables: nothing to generate.");
        return Ok(());
    }
    for path in &written {
        let shown = path.strip_prefix(root).unwrap_or(path);
        println!("Created migration: {}", shown.display());
    }
    println!(
        "Generated {} migrations from the database's tables, columns, keys, indexes and \
         foreign keys (views, triggers, functions and data are not generated).\n\
         That database already has them: record them as applied there with\n  \
         cargo migrate baseline --database <URL>\n\
         and check them first on an empty database with `cargo migrate check`.",
        written.len()
    );
    Ok(())
}

//! `diff`: a migration from the schema the registered migrations produce to a live
//! database's, written into the package's `src/migrations/`.

use chrono::{Duration, NaiveDateTime, Utc};

use super::args::DiffArgs;
use super::database::{self, Missing};
use super::migration_file;
use super::CliError;
use crate::{introspect, MigrationConnection, Migrator, DEFAULT_TABLE};

/// The timestamp of a migration file name: `m2026_11_25_140312_...`.
const STAMP: &str = "%Y_%m_%d_%H%M%S";

/// Compares, writes the migration (unless nothing differs) and says what it does not express.
pub(super) fn diff(args: &DiffArgs) -> Result<(), CliError> {
    let url = database::resolve_url(args.db.url.database.as_deref(), Missing::Refuse)?;
    let mut conn = database::connect(&url, args.db.url.wait)?;
    let table = args.db.table.as_deref().unwrap_or(DEFAULT_TABLE);
    let dialect = conn.dialect();
    let migrator = Migrator::new().table(table);
    let model = migrator
        .schema_model_for(dialect, None)?
        .normalized(dialect)?;
    let mut live = introspect(&mut conn)?;
    live.tables.remove(table);
    let change = model.migration_to(&live);
    if change.is_empty {
        println!("Nothing differs: the database has the schema the migrations produce.");
        return Ok(());
    }
    let newest = migrator
        .migrations()?
        .iter()
        .filter_map(|m| NaiveDateTime::parse_from_str(m.id().get(1..18)?, STAMP).ok())
        .max();
    let now = Utc::now().naive_utc();
    let stamp = match newest {
        Some(newest) if newest >= now => newest + Duration::seconds(1),
        _ => now,
    };
    let module = format!("m{}_{}", stamp.format(STAMP), args.name);
    let relative = migration_file::write_new(&module, &change.source)?;
    println!("Created migration: {relative}");
    for note in &change.unexpressed {
        println!("Not expressed (see the file's comments): {note}");
    }
    println!(
        "Views, triggers and functions are not compared. A migrations module that lists its \
         migrations needs `mod {module};`."
    );
    Ok(())
}

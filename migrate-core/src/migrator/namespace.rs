//! One namespace alone: the migrations of one crate (a library's, whose ids end in
//! `.<crate>`, or the application's own), while the rest of the set stays known, so that one
//! shared repository table works: the other crates' rows are still checked, not run, rolled
//! back or listed.

use super::Migrator;
use crate::connection::Record;
use crate::registry::Migration;
use crate::Result;

impl Migrator {
    /// Runs, rolls back and lists only the migrations of the crate `name` (`"auth"` for a
    /// library's `m2026_01_01_000000_create_users.auth`, or the application's own crate
    /// name; `-` and `_` are the same). Unlike [`Migrator::module`], every other
    /// registered migration is still known, so the crates can share one repository table.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use diesel::{Connection, SqliteConnection};
    /// use migrate_core::Migrator;
    ///
    /// let mut conn = SqliteConnection::establish(":memory:").unwrap();
    /// let report = Migrator::new().namespace("no_such_crate").run(&mut conn)?;
    /// assert!(report.migrations.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn namespace(mut self, name: impl Into<String>) -> Self {
        self.namespace = Some(name.into().replace('-', "_"));
        self
    }

    /// Whether `migration` is in the chosen namespace (every one is, when none is chosen).
    pub(super) fn in_namespace(&self, migration: &Migration) -> bool {
        self.namespace
            .as_deref()
            .is_none_or(|name| crate_of(migration.module_path()) == name)
    }

    /// The records of the chosen namespace, in their order (all of them without one).
    pub(super) fn namespace_records(&self, records: &[Record]) -> Result<Vec<Record>> {
        if self.namespace.is_none() {
            return Ok(records.to_vec());
        }
        let migrations = self.migrations()?;
        Ok(records
            .iter()
            .filter(|r| self.records_in_namespace(&r.id, &migrations))
            .cloned()
            .collect())
    }

    /// Whether the migration recorded as `id` is in the chosen namespace: that of the
    /// registered migration with this id, else the crate its id ends with.
    pub(super) fn records_in_namespace(&self, id: &str, migrations: &[Migration]) -> bool {
        let Some(name) = self.namespace.as_deref() else {
            return true;
        };
        match migrations.iter().find(|m| m.id() == id) {
            Some(migration) => crate_of(migration.module_path()) == name,
            None => id.rsplit_once('.').is_some_and(|(_, krate)| krate == name),
        }
    }
}

/// The crate a module path is in: its first segment.
fn crate_of(module_path: &str) -> &str {
    module_path.split("::").next().unwrap_or(module_path)
}

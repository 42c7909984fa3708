//! One namespace alone: the migrations of one crate (a library's, whose ids end in
//! `.<crate>`, or the application's own), while the rest of the set stays known, so that one
//! shared repository table works: the other crates' rows are still checked, not run, rolled
//! back or listed.

use std::collections::HashSet;

use super::{origin, Migrator};
use crate::connection::Record;
use crate::registry::Migration;
use crate::{Error, Result};

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

impl Migrator {
    /// Keeps in `pending` the migrations whose `after` is applied or runs before them in
    /// this plan: one that `--to` leaves pending makes the migration after it wait. With one
    /// crate chosen, an `after` in another crate that is not applied is an error: running
    /// that crate's migrations without it would run them before the table they need.
    pub(super) fn wait_for_after(
        &self,
        migrations: &[Migration],
        applied: &HashSet<&str>,
        pending: &mut Vec<&Migration>,
    ) -> Result<()> {
        let mut planned: HashSet<&str> = HashSet::new();
        for migration in pending.iter() {
            let Some(after) = migration.after() else {
                planned.insert(migration.id());
                continue;
            };
            if applied.contains(after) || planned.contains(after) {
                planned.insert(migration.id());
                continue;
            }
            let target = migrations.iter().find(|m| m.id() == after);
            if let Some(target) = target.filter(|t| !self.in_namespace(t)) {
                return Err(Error::AfterOtherCrate {
                    origin: origin(migration),
                    after: after.to_owned(),
                    after_crate: crate_of(target.module_path()).to_owned(),
                });
            }
        }
        pending.retain(|m| planned.contains(m.id()));
        Ok(())
    }

    /// With one crate chosen, refuses to roll back `chosen` while an applied migration of
    /// another crate is to run after one of them (its table would go from under it).
    pub(super) fn check_dependents(&self, records: &[Record], chosen: &[Record]) -> Result<()> {
        if self.namespace.is_none() {
            return Ok(());
        }
        let applied: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        let leaving: HashSet<&str> = chosen.iter().map(|r| r.id.as_str()).collect();
        for dependent in self.migrations()? {
            let Some(after) = dependent.after().filter(|after| leaving.contains(after)) else {
                continue;
            };
            if applied.contains(dependent.id()) && !leaving.contains(dependent.id()) {
                return Err(Error::NeededByOtherCrate {
                    id: after.to_owned(),
                    dependent: origin(&dependent),
                    dependent_crate: crate_of(dependent.module_path()).to_owned(),
                });
            }
        }
        Ok(())
    }
}

/// The crate a module path is in: its first segment.
fn crate_of(module_path: &str) -> &str {
    module_path.split("::").next().unwrap_or(module_path)
}

//! `Migrator::adopt`: record another tool's applied migrations in the repository.

use std::collections::HashSet;

use super::{transaction, Migrator};
use crate::adopt::{self, Adopted, Adoption, Tool};
use crate::connection::Record;
use crate::repository::APPLIED;
use crate::{Error, MigrationConnection, Result};

impl Migrator {
    /// Adopts the history `tool` recorded in this database: each version it applied is
    /// matched to the migration ported from it (see [`Tool`] for how) and recorded as applied,
    /// with the time the old tool applied it and a batch of its own, without running anything.
    /// Migrations the old tool never ran stay pending, for the next `run`.
    ///
    /// Before anything is written, the whole history is checked: a version no migration of
    /// this program matches, or a failed sqlx migration (`success = false`), refuses the
    /// adoption with [`Error::CannotAdopt`], listing every problem. Versions already recorded
    /// (a second `adopt`) are left as they are. The old tool's table is never changed: drop it
    /// when it is no longer wanted.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use migrate_core::{AnyConnection, Error, Migrator, Tool};
    ///
    /// let mut conn = AnyConnection::establish("sqlite://:memory:")?;
    /// let refused = Migrator::new().adopt(&mut conn, Tool::Sqlx).unwrap_err();
    /// assert!(matches!(refused, Error::CannotAdopt { .. }), "no _sqlx_migrations table");
    /// # Ok(())
    /// # }
    /// ```
    pub fn adopt(&self, conn: &mut dyn MigrationConnection, tool: Tool) -> Result<Adoption> {
        let migrations = self.migrations()?;
        let entries = self.waiting(conn, |conn| adopt::read(conn, tool))?;
        let plan =
            adopt::plan(tool, &entries, &migrations).map_err(|problems| Error::CannotAdopt {
                tool: tool.to_string(),
                problems,
            })?;
        self.install(conn)?;
        let repository = self.repository(conn.dialect());
        transaction::locked(self, conn, true, |conn| {
            let records = repository.records(conn)?;
            let recorded: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
            let mut batch = records.iter().map(|r| r.batch).max().unwrap_or(0);
            let mut adoption = Adoption::default();
            for (migration, entry) in &plan {
                if recorded.contains(migration.id()) {
                    adoption.already_recorded.push(migration.id().to_owned());
                    continue;
                }
                batch += 1;
                repository.insert(
                    conn,
                    &Record {
                        id: migration.id().to_owned(),
                        batch,
                        checksum: migration.checksum().to_owned(),
                        applied_at: entry.applied_at,
                        execution_ms: entry.execution_ms,
                        state: APPLIED.to_owned(),
                    },
                )?;
                adoption.adopted.push(Adopted {
                    version: entry.label(),
                    id: migration.id().to_owned(),
                    batch,
                    applied_at: entry.applied_at,
                });
            }
            Ok(adoption)
        })
    }
}

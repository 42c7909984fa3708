//! The Migrator without a database: the schema its migrations produce, and whether every
//! `down` really reverses its `up`.

use std::fmt;

use super::{origin, reverse, squash, Migrator};
use crate::connection::MigrationConnection;
use crate::error::Action;
use crate::migration::Kind;
use crate::model::{introspect, SchemaModel};
use crate::registry::Migration;
use crate::schema::grammar::list_tables;
use crate::schema::{Dialect, Schema};
use crate::{Error, Result};

/// What [`Migrator::check`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckReport {
    /// The migrations whose `down` restored the schema, in order.
    pub passed: Vec<String>,
    /// The migrations whose `down` did not, with the differences.
    pub failures: Vec<RollbackFailure>,
    /// Migrations that could not be checked (no `down` function), with the reason.
    pub skipped: Vec<(String, String)>,
}

/// One migration whose `down` does not restore the schema its `up` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollbackFailure {
    /// The migration id.
    pub id: String,
    /// `file:line` of its `up` function.
    pub location: String,
    /// What differs between the schema before `up` and after `down`, one line each.
    pub differences: Vec<String>,
}

impl CheckReport {
    /// Whether every checked migration's `down` restored the schema.
    pub fn is_ok(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for id in &self.passed {
            writeln!(f, "ok      {id}")?;
        }
        for (id, why) in &self.skipped {
            writeln!(f, "skipped {id}: {why}")?;
        }
        for failure in &self.failures {
            writeln!(
                f,
                "FAILED  {} ({}): down does not restore the schema",
                failure.id, failure.location
            )?;
            for difference in &failure.differences {
                writeln!(f, "          {difference}")?;
            }
        }
        Ok(())
    }
}

impl Migrator {
    /// The schema the registered migrations produce, replayed without a database, up to and
    /// including the migration `up_to` (every migration when `None`).
    ///
    /// Migrations that ask [`Schema::dialect`] see SQLite; see
    /// [`Migrator::schema_model_for`] to replay as another dialect.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use migrate_core::prelude::*;
    /// use migrate_core::schema::Dialect;
    /// use migrate_core::Migrator;
    ///
    /// #[migration(id = "m2026_11_25_140312_create_users")]
    /// fn up(s: &mut Schema) -> Result<()> {
    ///     s.create("users", |t| {
    ///         t.increments("id");
    ///         t.string("email", 255).unique();
    ///     })
    /// }
    ///
    /// let model = Migrator::new().schema_model(None)?;
    /// assert!(model.tables["users"].column("email").is_some());
    /// assert_eq!(model.to_ddl(Dialect::Mysql)?.len(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn schema_model(&self, up_to: Option<&str>) -> Result<SchemaModel> {
        self.schema_model_for(Dialect::Sqlite, up_to)
    }

    /// [`Migrator::schema_model`], with migrations seeing `dialect` as [`Schema::dialect`].
    pub fn schema_model_for(&self, dialect: Dialect, up_to: Option<&str>) -> Result<SchemaModel> {
        let migrations = self.migrations()?;
        if let Some(id) = up_to {
            if !migrations.iter().any(|m| m.id() == id) {
                return Err(Error::Registry(format!(
                    "there is no migration `{id}` to stop at"
                )));
            }
        }
        let left_out = squash::left_out_of_replays(&migrations);
        let mut model = SchemaModel::default();
        for migration in &migrations {
            if !left_out.contains(migration.id()) {
                replay(&mut model, dialect, migration)?;
            }
            if up_to == Some(migration.id()) {
                break;
            }
        }
        Ok(model)
    }

    /// Checks that every migration's `down` reverses its `up`, on a scratch database (every
    /// change is real: never point it at a database that matters).
    ///
    /// For each migration in order: introspect, apply `up`, apply `down`, introspect again
    /// and compare with the first reading, then apply `up` again so the next migration finds
    /// its predecessors. Tables, columns, types, nullability, defaults, indexes and keys are
    /// compared; the repository table is left out. Nothing is recorded in the repository.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use migrate_core::{AnyConnection, Migrator};
    ///
    /// let mut scratch = AnyConnection::establish("sqlite://:memory:")?;
    /// let report = Migrator::new().check(&mut scratch)?;
    /// assert!(report.is_ok(), "{report}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn check(&self, conn: &mut dyn MigrationConnection) -> Result<CheckReport> {
        let mut migrations = self.migrations()?;
        // A squash next to the migrations it replaces would create their tables again.
        let left_out = squash::left_out_of_replays(&migrations);
        migrations.retain(|m| !left_out.contains(m.id()));
        let tables = list_tables(conn.dialect().grammar(), conn)?;
        if !tables.is_empty() {
            return Err(Error::NotEmpty(tables));
        }
        // Every `change`'s down is derived first: an irreversible one fails the check before
        // anything runs.
        let all: Vec<(&Migration, i32)> = migrations.iter().map(|m| (m, 0)).collect();
        let migrator = reverse::deriving(self, conn.dialect(), &all)?;
        let checked = migrator.check_each(conn, &migrations);
        // The scratch database is left as empty as it was given, whatever happened.
        let emptied = Schema::new(conn).drop_all_tables();
        let report = checked?;
        emptied?;
        Ok(report)
    }

    /// Up, down and up again for each migration, on an empty database.
    fn check_each(
        &self,
        conn: &mut dyn MigrationConnection,
        migrations: &[Migration],
    ) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        for migration in migrations {
            if !migration.is_reversible() {
                report.skipped.push((
                    migration.id().to_owned(),
                    "it has no `down` function".into(),
                ));
                self.run_half(conn, migration, Kind::Up)?;
                continue;
            }
            let before = self.read(conn)?;
            self.run_half(conn, migration, Kind::Up)?;
            self.run_half(conn, migration, Kind::Down)?;
            let after = self.read(conn)?;
            let differences = before.diff(&after);
            if differences.is_empty() {
                report.passed.push(migration.id().to_owned());
            } else {
                report.failures.push(RollbackFailure {
                    id: migration.id().to_owned(),
                    location: migration.location(),
                    differences,
                });
                // Start the next migration from a known state: rebuild what the broken down
                // left behind by dropping everything and re-applying the ones before.
                Schema::new(conn).drop_all_tables()?;
                for earlier in migrations.iter().take_while(|m| m.id() != migration.id()) {
                    self.run_half(conn, earlier, Kind::Up)?;
                }
            }
            self.run_half(conn, migration, Kind::Up)?;
        }
        Ok(report)
    }

    /// The database's schema without the repository table.
    fn read(&self, conn: &mut dyn MigrationConnection) -> Result<SchemaModel> {
        let mut model = introspect(conn)?;
        model.tables.remove(&self.table);
        Ok(model)
    }
}

/// Replays one migration's `up` into the model.
pub(super) fn replay(
    model: &mut SchemaModel,
    dialect: Dialect,
    migration: &Migration,
) -> Result<()> {
    let Some((function, _)) = migration.function(Kind::Up) else {
        return Ok(());
    };
    let mut schema = Schema::replaying(model, dialect);
    // The replay's own errors say that no database was involved.
    function(&mut schema).map_err(|source| Error::Migration {
        action: Action::Applying,
        origin: origin(migration),
        source: Box::new(source),
    })
}

impl Migrator {
    /// Runs one half of a migration on the scratch database, outside the repository (a
    /// `change`'s down is the derived one).
    fn run_half(
        &self,
        conn: &mut dyn MigrationConnection,
        migration: &Migration,
        kind: Kind,
    ) -> Result<()> {
        let action = match kind {
            Kind::Up => Action::Applying,
            Kind::Down => Action::RollingBack,
        };
        let (body, _) = reverse::body(self, migration, kind, conn.dialect())?;
        let mut schema = Schema::new(conn);
        body.run(&mut schema)
            .map_err(|source| failed(action, migration, source))
    }
}

/// The error of a migration that failed on the scratch database.
fn failed(action: Action, migration: &Migration, source: Error) -> Error {
    match source {
        Error::Database { sql, source } => Error::Statement {
            action,
            origin: origin(migration),
            sql,
            source,
        },
        other => Error::Migration {
            action,
            origin: origin(migration),
            source: Box::new(other),
        },
    }
}

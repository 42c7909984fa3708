//! `Migrator::seed`: run the registered seeders, each in a transaction of its own.

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::Migrator;
use crate::seed::{self, Seeder};
use crate::{Error, MigrationConnection, Result};

/// A seeder that ran, as [`Migrator::seed`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    /// The seeder's name.
    pub name: String,
    /// How long it took.
    pub duration: Duration,
}

impl Migrator {
    /// The registered seeders (of [`Migrator::module`], if set), in the order they run: by
    /// `order`, then by name.
    pub fn seeders(&self) -> Result<Vec<Seeder>> {
        seed::collect(self.module.as_deref())
    }

    /// Runs every seeder in order, or only the one named `only`; each in a transaction of its
    /// own, committed before the next starts. A failing seeder is rolled back (on MySQL,
    /// statements that commit implicitly, as DDL does, stay) and named in the error; the
    /// ones before it stay committed. Nothing is recorded: seeders are meant to run on a
    /// fresh database, or to be idempotent.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use migrate_core::{AnyConnection, Migrator};
    ///
    /// let mut conn = AnyConnection::establish("sqlite://:memory:")?;
    /// let migrator = Migrator::new();
    /// migrator.run(&mut conn)?;
    /// let seeded = migrator.seed(&mut conn, None)?;
    /// assert!(seeded.is_empty(), "this example registers no seeder");
    /// # Ok(())
    /// # }
    /// ```
    pub fn seed(
        &self,
        conn: &mut dyn MigrationConnection,
        only: Option<&str>,
    ) -> Result<Vec<Seeded>> {
        let seeders = self.seeders()?;
        let chosen: Vec<&Seeder> = match only {
            None => seeders.iter().collect(),
            Some(name) => match seeders.iter().find(|s| s.name() == name) {
                Some(seeder) => vec![seeder],
                None => {
                    return Err(Error::UnknownSeeder {
                        name: name.to_owned(),
                        known: seeders.iter().map(|s| s.name().to_owned()).collect(),
                    })
                }
            },
        };
        if conn.in_transaction() {
            return Err(Error::InTransaction);
        }
        chosen
            .into_iter()
            .map(|seeder| run_one(conn, seeder))
            .collect()
    }
}

/// Runs one seeder in its own transaction: committed if it succeeds, rolled back if it fails
/// or panics (the panic then goes on).
fn run_one(conn: &mut dyn MigrationConnection, seeder: &Seeder) -> Result<Seeded> {
    let failed = |source: Error| Error::Seeder {
        name: seeder.name().to_owned(),
        location: seeder.location().to_owned(),
        source: Box::new(source),
    };
    let started = Instant::now();
    conn.begin().map_err(|e| failed(e.into()))?;
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| (seeder.run())(&mut *conn)));
    match outcome {
        Ok(Ok(())) => {
            conn.commit().map_err(|e| failed(e.into()))?;
            Ok(Seeded {
                name: seeder.name().to_owned(),
                duration: started.elapsed(),
            })
        }
        Ok(Err(error)) => {
            // The seeder's error says more than a failed rollback would.
            let _ = conn.rollback();
            Err(failed(error))
        }
        Err(panicked) => {
            let _ = conn.rollback();
            panic::resume_unwind(panicked)
        }
    }
}

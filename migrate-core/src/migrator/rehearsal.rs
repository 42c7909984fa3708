//! Pretending by rehearsal: where the grammar offers one (SQLite), a pretend operation is the
//! real operation on a copy of the database's schema and repository. So what it shows is
//! exactly what a real run would execute, each step seeing the schema the steps before it
//! left (a `change()` of a table an earlier pending migration creates, a rollback of several
//! steps), and data steps run on the copy, never on the database.

use std::time::Duration;

use super::{Migrator, Report};
use crate::connection::MigrationConnection;
use crate::Result;

impl Migrator {
    /// `operation` rehearsed on a copy of `conn`'s database, when pretending where the
    /// dialect can rehearse; `None` otherwise (the operation then pretends on `conn`).
    pub(super) fn rehearsed(
        &self,
        conn: &mut dyn MigrationConnection,
        operation: impl FnOnce(&Migrator, &mut dyn MigrationConnection) -> Result<Report>,
    ) -> Result<Option<Report>> {
        if !self.pretend {
            return Ok(None);
        }
        let Some(mut copy) = conn.dialect().grammar().rehearsal(conn)? else {
            return Ok(None);
        };
        // The copy has the repository table (it is part of the schema): its rows too.
        let repository = self.repository(conn.dialect());
        if repository.exists(conn)? {
            for record in repository.records(conn)? {
                repository.insert(copy.as_mut(), &record)?;
            }
        }
        let mut real = self.clone();
        real.pretend = false;
        real.observer = None;
        real.rehearsing = true;
        let mut report = operation(&real, copy.as_mut())?;
        report.pretend = true;
        for ran in &mut report.migrations {
            ran.duration = Duration::ZERO;
        }
        Ok(Some(report))
    }
}

//! Connections checked out of an r2d2 pool (cargo feature `r2d2`): diesel's
//! `PooledConnection<ConnectionManager<C>>` runs migrations as the connection inside it does.

use std::any::Any;

use diesel::r2d2::{ConnectionManager, PooledConnection, R2D2Connection};
use diesel::result::QueryResult;

use super::{sealed, Bind, Entry, MigrationConnection, Record, TextRow};
use crate::schema::Dialect;

impl<C> sealed::Sealed for PooledConnection<ConnectionManager<C>> where
    C: MigrationConnection + R2D2Connection
{
}

/// Every call goes to the pooled connection; `as_any_mut` too, so a data migration downcasts
/// to the diesel connection type (`s.connection::<PgConnection>()`), not to the pool's wrapper.
impl<C> MigrationConnection for PooledConnection<ConnectionManager<C>>
where
    C: MigrationConnection + R2D2Connection,
{
    fn dialect(&self) -> Dialect {
        (**self).dialect()
    }
    fn batch_execute(&mut self, sql: &str) -> QueryResult<()> {
        MigrationConnection::batch_execute(&mut **self, sql)
    }
    fn execute_with(&mut self, sql: &str, binds: &[Bind<'_>]) -> QueryResult<usize> {
        (**self).execute_with(sql, binds)
    }
    fn load_text(&mut self, sql: &str, binds: &[&str]) -> QueryResult<Vec<TextRow>> {
        (**self).load_text(sql, binds)
    }
    fn load_records(&mut self, sql: &str) -> QueryResult<Vec<Record>> {
        (**self).load_records(sql)
    }
    fn load_entries(&mut self, sql: &str) -> QueryResult<Vec<Entry>> {
        (**self).load_entries(sql)
    }
    fn visit_pairs(
        &mut self,
        sql: &str,
        visit: &mut dyn FnMut(&str, Option<&str>),
    ) -> QueryResult<()> {
        (**self).visit_pairs(sql, visit)
    }
    fn execute_prepared(&mut self, pieces: &[String], binds: &[Bind<'_>]) -> QueryResult<usize> {
        (**self).execute_prepared(pieces, binds)
    }
    fn begin_with(&mut self, sql: &str) -> QueryResult<()> {
        (**self).begin_with(sql)
    }
    fn in_transaction(&mut self) -> bool {
        (**self).in_transaction()
    }
    fn commit(&mut self) -> QueryResult<()> {
        (**self).commit()
    }
    fn rollback(&mut self) -> QueryResult<()> {
        (**self).rollback()
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        (**self).as_any_mut()
    }
}

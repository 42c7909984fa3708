//! `migrate`'s own statements (the repository's), kept prepared in diesel's statement cache.
//!
//! diesel never caches a `sql_query`: its text may be built from values, so caching it could
//! grow without bound. The repository's statements are few and fixed per Migrator, so they
//! are handed to diesel as a query fragment whose text is the cache key: prepared once per
//! connection, then only bound and run (on SQLite that spares a parse and a plan per
//! migration, on MySQL a parse on the server). PostgreSQL does not keep them (see
//! `Grammar::keeps_statements_prepared`): a transaction-pooling proxy such as PgBouncer
//! before 1.21 would hand the next transaction a server connection without them.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, Text, Timestamp};

use super::Bind;

/// A statement written as the text between its bind parameters: `pieces` has one more
/// element than `binds`, and diesel writes the placeholders (`?`, or `$1`... on PostgreSQL).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prepared<'a> {
    pieces: &'a [String],
    binds: &'a [Bind<'a>],
}

impl<'a> Prepared<'a> {
    /// `None` unless `pieces` has exactly one more element than `binds`.
    pub(crate) fn new(pieces: &'a [String], binds: &'a [Bind<'a>]) -> Option<Self> {
        (pieces.len() == binds.len() + 1).then_some(Prepared { pieces, binds })
    }
}

impl QueryId for Prepared<'_> {
    type QueryId = ();
    // No static id: diesel keys the cache by the statement's text and bind types.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB> QueryFragment<DB> for Prepared<'_>
where
    DB: Backend + HasSqlType<Text> + HasSqlType<BigInt> + HasSqlType<Timestamp>,
    str: ToSql<Text, DB>,
    i64: ToSql<BigInt, DB>,
    chrono::NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let (last, pieces) = self.pieces.split_last().expect("checked by Prepared::new");
        for (piece, bind) in pieces.iter().zip(self.binds) {
            out.push_sql(piece);
            match bind {
                Bind::Text(text) => out.push_bind_param::<Text, str>(text)?,
                Bind::Int(int) => out.push_bind_param::<BigInt, i64>(int)?,
                Bind::Timestamp(at) => out.push_bind_param::<Timestamp, _>(at)?,
            }
        }
        out.push_sql(last);
        Ok(())
    }
}

impl<Conn> diesel::RunQueryDsl<Conn> for Prepared<'_> {}

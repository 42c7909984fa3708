//! The database connections migrations run on: diesel's `SqliteConnection`, `PgConnection`,
//! `MysqlConnection`, and [`AnyConnection`], chosen at run time from a URL.

use std::any::Any;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, QueryableByName};
use diesel::result::QueryResult;
use diesel::row::NamedRow;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use crate::schema::Dialect;

/// One row of the repository table.
#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct Record {
    /// The migration id.
    #[diesel(sql_type = Text)]
    pub id: String,
    /// The batch it was applied in.
    #[diesel(sql_type = Integer)]
    pub batch: i32,
    /// The checksum of its `up` function when it was applied.
    #[diesel(sql_type = Text)]
    pub checksum: String,
    /// When it was applied (UTC).
    #[diesel(sql_type = Timestamp)]
    pub applied_at: chrono::NaiveDateTime,
    /// How long it took, in milliseconds.
    #[diesel(sql_type = BigInt)]
    pub execution_ms: i64,
    /// `applied`, or `dirty` for a migration that failed part way outside a transaction.
    #[diesel(sql_type = Text)]
    pub state: String,
}

/// The part of a repository row that deciding what is pending needs (the boot-time check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The migration id.
    pub id: String,
    /// The batch it was applied in.
    pub batch: i32,
    /// The checksum of its `up` function when it was applied.
    pub checksum: String,
    /// `applied` or `dirty`.
    pub state: String,
}

/// A row of text columns, read by position: what introspection queries return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRow(pub Vec<Option<String>>);

impl<DB> QueryableByName<DB> for TextRow
where
    DB: Backend,
    Option<String>: FromSql<Nullable<Text>, DB>,
{
    fn build<'a>(row: &impl NamedRow<'a, DB>) -> deserialize::Result<Self> {
        let values = (0..row.field_count())
            .map(|i| row.get_value::<Nullable<Text>, Option<String>, usize>(i))
            .collect::<deserialize::Result<_>>()?;
        Ok(TextRow(values))
    }
}

/// A value bound to a placeholder of [`MigrationConnection::execute_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bind<'a> {
    /// A text value.
    Text(&'a str),
    /// An integer value (bound as `BIGINT`).
    Int(i64),
    /// A date and time without a time zone (bound as `TIMESTAMP`; `DATETIME` on MySQL).
    Timestamp(chrono::NaiveDateTime),
}

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A connection `migrate` can run migrations on.
///
/// Implemented for diesel's `SqliteConnection`, `PgConnection` and `MysqlConnection` (each
/// behind its cargo feature) and for [`AnyConnection`]; sealed, so the set stays known.
pub trait MigrationConnection: sealed::Sealed + Any {
    /// The SQL dialect of this connection.
    fn dialect(&self) -> Dialect;
    /// Executes one or more statements without results.
    fn batch_execute(&mut self, sql: &str) -> QueryResult<()>;
    /// Executes a statement with parameters bound in order; returns the affected row count.
    fn execute_with(&mut self, sql: &str, binds: &[Bind<'_>]) -> QueryResult<usize>;
    /// Runs a query with text parameters bound in order, reading every column as text.
    ///
    /// Every selected column must have a text type: cast others (`cast(x as text)`, or
    /// `cast(x as char)` on MySQL), since diesel reads values in the database's binary format.
    fn load_text(&mut self, sql: &str, binds: &[&str]) -> QueryResult<Vec<TextRow>>;
    /// Reads repository rows with `sql` (which selects the columns of [`Record`]).
    fn load_records(&mut self, sql: &str) -> QueryResult<Vec<Record>>;
    /// Reads repository entries with `sql` (which selects the columns of [`Entry`], in order).
    fn load_entries(&mut self, sql: &str) -> QueryResult<Vec<Entry>>;
    /// Runs `sql`, which selects two text columns (the second nullable), and calls `visit`
    /// with each row as it is read, keeping none: the boot-time check reads every repository
    /// row this way.
    #[doc(hidden)]
    fn visit_pairs(
        &mut self,
        sql: &str,
        visit: &mut dyn FnMut(&str, Option<&str>),
    ) -> QueryResult<()> {
        for row in self.load_text(sql, &[])? {
            let mut columns = row.0.into_iter();
            let first = columns.next().flatten().unwrap_or_default();
            visit(&first, columns.next().flatten().as_deref());
        }
        Ok(())
    }
    /// Executes a statement kept prepared for the connection's lifetime (the repository's
    /// own, which run once per migration): its SQL given as the text between its bind
    /// parameters, so `pieces` has one more element than `binds`. Returns the affected row
    /// count.
    ///
    /// Unlike [`MigrationConnection::execute_with`], every distinct statement stays in the
    /// connection's cache: keep this for statements whose text does not vary with values.
    /// `migrate` uses it for its repository table; a data migration wants `execute_with`.
    #[doc(hidden)]
    fn execute_prepared(&mut self, pieces: &[String], binds: &[Bind<'_>]) -> QueryResult<usize>;
    /// Begins a transaction with the dialect's `BEGIN` ([`crate::schema::Grammar::begin_sql`]).
    fn begin(&mut self) -> QueryResult<()> {
        let sql = self.dialect().grammar().begin_sql();
        self.begin_with(sql)
    }
    /// Begins a transaction with `sql`: a `BEGIN` and, in the same round trip, whatever
    /// should follow it at once. If `sql` fails, no transaction is open as far as the
    /// connection's transaction manager knows; the server may still be in one.
    fn begin_with(&mut self, sql: &str) -> QueryResult<()>;
    /// Whether a transaction is open on this connection as far as diesel knows (begun by
    /// the application, say, around a call to `run`). Then `migrate` sends no `BEGIN` or
    /// `COMMIT` of its own behind diesel's back.
    fn in_transaction(&mut self) -> bool;
    /// Commits the transaction begun by [`MigrationConnection::begin`].
    fn commit(&mut self) -> QueryResult<()>;
    /// Rolls back the transaction begun by [`MigrationConnection::begin`].
    fn rollback(&mut self) -> QueryResult<()>;
    /// The concrete connection, for data migrations that downcast to it.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// Implements [`MigrationConnection`] for one of diesel's connection types; the body is the
/// same for all, only the type and dialect differ.
macro_rules! diesel_connection {
    ($feature:literal, $conn:ty, $dialect:expr) => {
        #[cfg(feature = $feature)]
        impl sealed::Sealed for $conn {}

        #[cfg(feature = $feature)]
        impl MigrationConnection for $conn {
            fn dialect(&self) -> Dialect {
                $dialect
            }

            fn batch_execute(&mut self, sql: &str) -> QueryResult<()> {
                diesel::connection::SimpleConnection::batch_execute(self, sql)
            }

            fn execute_with(&mut self, sql: &str, binds: &[Bind<'_>]) -> QueryResult<usize> {
                use diesel::RunQueryDsl;
                let mut query = diesel::sql_query(sql).into_boxed();
                for bind in binds {
                    query = match *bind {
                        Bind::Text(text) => query.bind::<Text, _>(text.to_owned()),
                        Bind::Int(int) => query.bind::<BigInt, _>(int),
                        Bind::Timestamp(at) => query.bind::<Timestamp, _>(at),
                    };
                }
                query.execute(self)
            }

            fn load_text(&mut self, sql: &str, binds: &[&str]) -> QueryResult<Vec<TextRow>> {
                use diesel::RunQueryDsl;
                let mut query = diesel::sql_query(sql).into_boxed();
                for bind in binds {
                    query = query.bind::<Text, _>(bind.to_string());
                }
                query.load(self)
            }

            fn load_records(&mut self, sql: &str) -> QueryResult<Vec<Record>> {
                use diesel::RunQueryDsl;
                diesel::sql_query(sql).load(self)
            }

            fn load_entries(&mut self, sql: &str) -> QueryResult<Vec<Entry>> {
                use diesel::RunQueryDsl;
                // Read by position, not by name: this is the boot-time query.
                let rows: Vec<(String, i32, String, String)> =
                    diesel::dsl::sql::<(Text, Integer, Text, Text)>(sql).load(self)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, batch, checksum, state)| Entry {
                        id,
                        batch,
                        checksum,
                        state,
                    })
                    .collect())
            }

            fn visit_pairs(
                &mut self,
                sql: &str,
                visit: &mut dyn FnMut(&str, Option<&str>),
            ) -> QueryResult<()> {
                use diesel::connection::DefaultLoadingMode;
                use diesel::RunQueryDsl;
                // Row by row: each row's strings are freed before the next is read.
                let rows =
                    diesel::dsl::sql::<(Text, Nullable<Text>)>(sql)
                        .load_iter::<(String, Option<String>), DefaultLoadingMode>(self)?;
                for row in rows {
                    let (first, second) = row?;
                    visit(&first, second.as_deref());
                }
                Ok(())
            }

            fn execute_prepared(
                &mut self,
                pieces: &[String],
                binds: &[Bind<'_>],
            ) -> QueryResult<usize> {
                use diesel::RunQueryDsl;
                prepared::Prepared::new(pieces, binds)
                    .ok_or_else(|| {
                        diesel::result::Error::QueryBuilderError(
                            format!(
                                "a prepared statement in {} pieces cannot take {} binds",
                                pieces.len(),
                                binds.len()
                            )
                            .into(),
                        )
                    })?
                    .execute(self)
            }

            fn begin_with(&mut self, sql: &str) -> QueryResult<()> {
                diesel::connection::AnsiTransactionManager::begin_transaction_sql(self, sql)
            }

            fn in_transaction(&mut self) -> bool {
                use diesel::connection::TransactionManager;
                diesel::connection::AnsiTransactionManager::transaction_manager_status_mut(self)
                    .transaction_depth()
                    .map_or(true, |depth| depth.is_some())
            }

            fn commit(&mut self) -> QueryResult<()> {
                use diesel::connection::TransactionManager;
                diesel::connection::AnsiTransactionManager::commit_transaction(self)
            }

            fn rollback(&mut self) -> QueryResult<()> {
                use diesel::connection::TransactionManager;
                diesel::connection::AnsiTransactionManager::rollback_transaction(self)
            }

            fn as_any_mut(&mut self) -> &mut dyn Any {
                self
            }
        }
    };
}

diesel_connection!("sqlite", diesel::SqliteConnection, Dialect::Sqlite);
diesel_connection!("postgres", diesel::PgConnection, Dialect::Postgres);
diesel_connection!("mysql", diesel::MysqlConnection, Dialect::Mysql);

mod any;
#[cfg(feature = "r2d2")]
mod pooled;
mod prepared;
mod url;
pub use any::AnyConnection;
#[cfg(any(feature = "cli", feature = "tokio"))]
pub(crate) use url::mask_password;
#[cfg(feature = "cli")]
pub(crate) use url::parse_url;

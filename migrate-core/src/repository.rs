//! The repository table: which migrations ran, in which batch, when, and with which checksum.
//!
//! Its name is chosen at run time, so its SQL is built here from the grammar's quoting (the
//! table and column names) and bind placeholders (every value). The one exception is the row a
//! PostgreSQL migration sends in its last batch ([`Repository::insert_literal_sql`]), written
//! with literals only when every value is made of characters no quoting can get wrong.

use std::cell::OnceCell;

use crate::connection::{Bind, Entry, MigrationConnection, Record};
use crate::schema::grammar::TextHash;
use crate::schema::{Blueprint, Grammar};
use crate::{Error, Result};

/// The columns, in [`Record`]'s field order.
const COLUMNS: [&str; 6] = [
    "id",
    "batch",
    "checksum",
    "applied_at",
    "execution_ms",
    "state",
];

/// The state of a migration that completed.
pub(crate) const APPLIED: &str = "applied";
/// The state of a migration that failed part way outside a transaction.
pub(crate) const DIRTY: &str = "dirty";

/// The `execution_ms` of a dirty marker stands for "still running" when it is negative: a
/// migration outside a transaction claimed by a runner that has not finished it (or died
/// doing it), rather than one that failed. A rollback's marker keeps the time the migration
/// took as `-1 - execution_ms`, so that it can be put back: the function is its own inverse.
pub(crate) fn running_ms(execution_ms: i64) -> i64 {
    -1 - execution_ms
}

/// The repository table of one Migrator, on one connection's dialect.
pub(crate) struct Repository<'a> {
    table: &'a str,
    grammar: &'static dyn Grammar,
    /// The statements every migration runs, built on first use.
    per_migration: OnceCell<PerMigration>,
}

/// The statements run once per migration, and their SQL as reported.
struct PerMigration {
    insert: Statement,
    insert_sql: String,
    delete: Statement,
    delete_sql: String,
    /// The re-check of one migration's state under the lock ([`Repository::state_of`]).
    state_of_sql: String,
}

impl<'a> Repository<'a> {
    pub(crate) fn new(table: &'a str, grammar: &'static dyn Grammar) -> Self {
        Repository {
            table,
            grammar,
            per_migration: OnceCell::new(),
        }
    }

    fn per_migration(&self) -> Result<&PerMigration> {
        if let Some(built) = self.per_migration.get() {
            return Ok(built);
        }
        let (insert, delete) = (self.insert_statement()?, self.delete_statement()?);
        let state_of_sql = format!(
            "select {state} from {} where {id} = {}",
            self.grammar.wrap(self.table)?,
            self.grammar.placeholder(1),
            id = self.grammar.wrap("id")?,
            state = self.grammar.wrap("state")?,
        );
        Ok(self.per_migration.get_or_init(|| PerMigration {
            insert_sql: insert.sql(self.grammar),
            delete_sql: delete.sql(self.grammar),
            insert,
            delete,
            state_of_sql,
        }))
    }

    /// The table's definition, written with the same Blueprint users write.
    fn blueprint(&self) -> Blueprint {
        let mut t = Blueprint::create(self.table);
        t.string("id", 191).primary();
        t.integer("batch");
        t.string("checksum", 64);
        t.datetime("applied_at");
        t.big_integer("execution_ms");
        t.string("state", 16).default(APPLIED);
        t
    }

    /// Whether the table exists; a table of its name that lacks a repository's columns is
    /// an error ([`Error::NotARepository`]), so that nothing is read from or written to it.
    pub(crate) fn exists(&self, conn: &mut dyn MigrationConnection) -> Result<bool> {
        let sql = self.grammar.has_table_sql();
        let rows = conn
            .load_text(&sql, &[self.table])
            .map_err(|source| Error::Database { sql, source })?;
        if rows.is_empty() {
            return Ok(false);
        }
        self.check_shape(conn)?;
        Ok(true)
    }

    /// Refuses an existing table that lacks one of the repository's columns, naming the
    /// columns it has.
    fn check_shape(&self, conn: &mut dyn MigrationConnection) -> Result<()> {
        let sql = self.grammar.has_column_sql();
        for column in COLUMNS {
            let rows = conn
                .load_text(&sql, &[self.table, column])
                .map_err(|source| Error::Database {
                    sql: sql.clone(),
                    source,
                })?;
            if rows.is_empty() {
                let columns = crate::introspect(conn)
                    .ok()
                    .and_then(|mut model| model.tables.remove(self.table))
                    .map(|table| table.columns.into_iter().map(|c| c.name).collect())
                    .unwrap_or_default();
                return Err(Error::NotARepository {
                    table: self.table.to_owned(),
                    columns,
                    expected: COLUMNS.iter().map(|c| c.to_string()).collect(),
                });
            }
        }
        Ok(())
    }

    /// Creates the table unless it exists.
    pub(crate) fn install(&self, conn: &mut dyn MigrationConnection) -> Result<bool> {
        if self.exists(conn)? {
            return Ok(false);
        }
        for sql in self.grammar.compile(&self.blueprint())? {
            conn.batch_execute(&sql)
                .map_err(|source| Error::Database { sql, source })?;
        }
        Ok(true)
    }

    fn columns(&self) -> Result<String> {
        let columns: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        self.grammar.columnize(&columns)
    }

    /// `<table>.<column>` for reading: SQLite takes an unknown unqualified `"column"` for a
    /// string, so a table that is not a repository would read as one; qualified, it fails.
    fn qualified(&self, column: &str) -> Result<String> {
        Ok(format!(
            "{}.{}",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap(column)?
        ))
    }

    /// [`Repository::qualified`] columns, joined with `, `.
    fn qualified_list(&self, columns: &[&str]) -> Result<String> {
        let qualified: Result<Vec<String>> = columns.iter().map(|c| self.qualified(c)).collect();
        Ok(qualified?.join(", "))
    }

    /// Every record, oldest batch first, ids ascending within a batch. Empty if the table
    /// does not exist yet.
    pub(crate) fn records(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<Record>> {
        if !self.exists(conn)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "select {} from {} order by {}, {}",
            self.qualified_list(&COLUMNS)?,
            self.grammar.wrap(self.table)?,
            self.grammar.wrap("batch")?,
            self.grammar.wrap("id")?
        );
        conn.load_records(&sql)
            .map_err(|source| Error::Database { sql, source })
    }

    /// The entries of an existing table, unordered: what deciding what is pending needs,
    /// without parsing timestamps.
    pub(crate) fn entries(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<Entry>> {
        let sql = format!(
            "select {} from {}",
            self.qualified_list(&["id", "batch", "checksum", "state"])?,
            self.grammar.wrap(self.table)?
        );
        conn.load_entries(&sql)
            .map_err(|source| Error::Database { sql, source })
    }

    /// The boot-time check's query: each row's id and, when it is `applied`, its checksum
    /// (NULL otherwise), so that two columns say all the check needs.
    pub(crate) fn boot_sql(&self) -> Result<String> {
        let state = self.qualified("state")?;
        Ok(format!(
            "select {}, case when {state} = '{APPLIED}' then {} end from {}",
            self.qualified("id")?,
            self.qualified("checksum")?,
            self.grammar.wrap(self.table)?
        ))
    }

    /// The boot check's query where the server hashes text like this process does
    /// ([`Grammar::text_hash`]): one row of the number of rows and the sum of the chained
    /// hashes of each row's id, checksum and state (as text, each; a row without a checksum
    /// adds nothing, so its sum differs), with the hash to compare them with. Nothing in it
    /// but the hash function and two aggregates, which a new server session resolves
    /// quickly. `None` where the dialect has no such hash.
    pub(crate) fn boot_digest_sql(&self) -> Result<Option<(String, TextHash)>> {
        let Some(hash) = self.grammar.text_hash() else {
            return Ok(None);
        };
        let columns = [
            self.qualified("id")?,
            self.qualified("checksum")?,
            self.qualified("state")?,
        ];
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let sql = format!(
            "select cast(count(*) as text), cast(sum({}) as text) from {}",
            (hash.sql)(&columns),
            self.grammar.wrap(self.table)?
        );
        Ok(Some((sql, hash)))
    }

    /// `insert into <table> (<columns>) values (?, ...)`, binding [`Record`]'s fields.
    fn insert_statement(&self) -> Result<Statement> {
        let mut statement = Statement::new(format!(
            "insert into {} ({}) values (",
            self.grammar.wrap(self.table)?,
            self.columns()?
        ));
        for n in 0..COLUMNS.len() {
            if n > 0 {
                statement.push(", ");
            }
            statement.bind();
        }
        statement.push(")");
        Ok(statement)
    }

    /// `delete from <table> where id = ?`.
    fn delete_statement(&self) -> Result<Statement> {
        let mut statement = Statement::new(format!(
            "delete from {} where {} = ",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap("id")?
        ));
        statement.bind();
        Ok(statement)
    }

    /// `update <table> set <column> = ?, ... where id = ?`.
    fn update_statement(&self, columns: &[&str]) -> Result<Statement> {
        let mut statement =
            Statement::new(format!("update {} set ", self.grammar.wrap(self.table)?));
        for (n, column) in columns.iter().enumerate() {
            if n > 0 {
                statement.push(", ");
            }
            statement.push(&format!("{} = ", self.grammar.wrap(column)?));
            statement.bind();
        }
        statement.push(&format!(" where {} = ", self.grammar.wrap("id")?));
        statement.bind();
        Ok(statement)
    }

    /// The insert of `record` as one self-contained statement, to travel in a migration's
    /// last batch (see [`Grammar::elapsed_ms_sql`]); `None` where the dialect cannot time
    /// the migration itself, or a value holds anything but ASCII letters, digits and
    /// `_-.: ` (ids, hex checksums, timestamps), which are then only bound, never written.
    pub(crate) fn insert_literal_sql(&self, record: &Record) -> Result<Option<String>> {
        let Some(elapsed) = self.grammar.elapsed_ms_sql() else {
            return Ok(None);
        };
        let g = self.grammar;
        let applied_at = record
            .applied_at
            .format("%Y-%m-%d %H:%M:%S%.6f")
            .to_string();
        // Ids are validated and checksums are hex, but a `Registration` can be written by
        // hand: anything else goes through the bound insert.
        if ![&record.id, &record.checksum, &applied_at, &record.state]
            .iter()
            .all(|value| plain(value))
        {
            return Ok(None);
        }
        let values = [
            g.quote_string(&record.id)?,
            record.batch.to_string(),
            g.quote_string(&record.checksum)?,
            g.quote_string(&applied_at)?,
            elapsed.to_owned(),
            g.quote_string(&record.state)?,
        ];
        Ok(Some(format!(
            "insert into {} ({}) values ({})",
            g.wrap(self.table)?,
            self.columns()?,
            values.join(", ")
        )))
    }

    /// The delete of `id`'s row as one self-contained statement that fails unless it deletes
    /// the row, to travel in a rollback's last batch (see [`Grammar::one_row_or_fail_sql`]);
    /// `None` where the dialect has no such statement or `id` is not plain.
    pub(crate) fn delete_literal_sql(&self, id: &str) -> Result<Option<String>> {
        if !plain(id) {
            return Ok(None);
        }
        let delete = format!(
            "delete from {} where {} = {}",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap("id")?,
            self.grammar.quote_string(id)?
        );
        Ok(self.grammar.one_row_or_fail_sql(&delete))
    }

    /// The delete of the rows of `ids` as one statement, to run in the transaction of the
    /// migration that accounts for them (a squash rolled back takes the rows of the
    /// migrations it replaced with it).
    pub(crate) fn forget_sql(&self, ids: &[&str]) -> Result<String> {
        let quoted: Result<Vec<String>> =
            ids.iter().map(|id| self.grammar.quote_string(id)).collect();
        Ok(format!(
            "delete from {} where {} in ({})",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap("id")?,
            quoted?.join(", ")
        ))
    }

    /// A statement that fails unless `id`'s row is present (`recorded`) or absent (not
    /// `recorded`), reading no result (a division by zero, like the lock taken at once of
    /// [`Grammar::lock_at_once_sql`]): the re-check of a migration under the lock, in the
    /// first batch that takes it. `None` when `id` is not plain.
    pub(crate) fn unless_recorded_fail_sql(
        &self,
        id: &str,
        recorded: bool,
    ) -> Result<Option<String>> {
        if !plain(id) {
            return Ok(None);
        }
        let divisor = if recorded { "count(*)" } else { "1 - count(*)" };
        Ok(Some(format!(
            "select 1 / ({divisor}) from {} where {} = {}",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap("id")?,
            self.grammar.quote_string(id)?
        )))
    }

    /// The insert's SQL, as reported (`--pretend`, the statements a migration ran).
    pub(crate) fn insert_sql(&self) -> Result<String> {
        Ok(self.per_migration()?.insert_sql.clone())
    }

    /// The delete's SQL, as reported.
    pub(crate) fn delete_sql(&self) -> Result<String> {
        Ok(self.per_migration()?.delete_sql.clone())
    }

    /// Runs one of the statements above, kept prepared on the connection where the dialect
    /// keeps statements prepared ([`Grammar::keeps_statements_prepared`]).
    fn execute(
        &self,
        conn: &mut dyn MigrationConnection,
        statement: &Statement,
        binds: &[Bind<'_>],
    ) -> Result<usize> {
        let executed = if self.grammar.keeps_statements_prepared() {
            conn.execute_prepared(&statement.pieces, binds)
        } else {
            conn.execute_with(&statement.sql(self.grammar), binds)
        };
        executed.map_err(|source| Error::Database {
            sql: statement.sql(self.grammar),
            source,
        })
    }

    /// The state of `id`'s row, if it has one (read inside the caller's lock, so concurrent
    /// runners agree).
    pub(crate) fn state_of(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
    ) -> Result<Option<String>> {
        let sql = &self.per_migration()?.state_of_sql;
        let rows = conn
            .load_text(sql, &[id])
            .map_err(|source| Error::Database {
                sql: sql.clone(),
                source,
            })?;
        Ok(rows
            .into_iter()
            .next()
            .map(|row| row.0.into_iter().next().flatten().unwrap_or_default()))
    }

    /// Sets the checksum of `id` (after a deliberate edit: `repair`).
    pub(crate) fn set_checksum(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
        checksum: &str,
    ) -> Result<()> {
        self.update(conn, "checksum", id, checksum)
    }

    /// Marks a dirty migration as applied after the operator repaired the schema.
    pub(crate) fn set_state(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
        state: &str,
    ) -> Result<()> {
        self.update(conn, "state", id, state)
    }

    /// Sets the state and time of `id`'s row (its claim, or the end of one: see
    /// [`running_ms`]).
    pub(crate) fn mark(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
        state: &str,
        execution_ms: i64,
    ) -> Result<()> {
        let statement = self.update_statement(&["state", "execution_ms"])?;
        let binds = [Bind::Text(state), Bind::Int(execution_ms), Bind::Text(id)];
        self.execute(conn, &statement, &binds).map(drop)
    }

    /// Marks a pre-recorded (dirty) migration as applied once it completed.
    pub(crate) fn complete(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
        execution_ms: i64,
    ) -> Result<()> {
        let statement = self.update_statement(&["state", "execution_ms"])?;
        let binds = [Bind::Text(APPLIED), Bind::Int(execution_ms), Bind::Text(id)];
        self.execute(conn, &statement, &binds).map(drop)
    }

    fn update(
        &self,
        conn: &mut dyn MigrationConnection,
        column: &str,
        id: &str,
        value: &str,
    ) -> Result<()> {
        let statement = self.update_statement(&[column])?;
        let binds = [Bind::Text(value), Bind::Text(id)];
        self.execute(conn, &statement, &binds).map(drop)
    }

    pub(crate) fn insert(&self, conn: &mut dyn MigrationConnection, record: &Record) -> Result<()> {
        let binds = [
            Bind::Text(&record.id),
            Bind::Int(i64::from(record.batch)),
            Bind::Text(&record.checksum),
            Bind::Timestamp(record.applied_at),
            Bind::Int(record.execution_ms),
            Bind::Text(&record.state),
        ];
        self.execute(conn, &self.per_migration()?.insert, &binds)
            .map(drop)
    }

    /// Deletes `id`'s row; returns how many rows went (0 when another runner was first).
    pub(crate) fn delete(&self, conn: &mut dyn MigrationConnection, id: &str) -> Result<usize> {
        self.execute(conn, &self.per_migration()?.delete, &[Bind::Text(id)])
    }
}

/// Whether `value` is made only of characters that no string quoting can get wrong: ASCII
/// letters, digits and `_-.: ` (what ids, hex checksums and timestamps are made of).
fn plain(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | ' '))
}

/// One of the repository's statements, as the text between its bind parameters: what
/// [`MigrationConnection::execute_prepared`] keeps prepared.
struct Statement {
    pieces: Vec<String>,
}

impl Statement {
    fn new(start: String) -> Self {
        Statement {
            pieces: vec![start],
        }
    }

    fn push(&mut self, sql: &str) {
        self.pieces
            .last_mut()
            .expect("a statement has a piece")
            .push_str(sql);
    }

    fn bind(&mut self) {
        self.pieces.push(String::new());
    }

    /// The SQL with `grammar`'s placeholders, as diesel sends it.
    fn sql(&self, grammar: &dyn Grammar) -> String {
        let mut sql = self.pieces[0].clone();
        for (n, piece) in self.pieces[1..].iter().enumerate() {
            sql.push_str(&grammar.placeholder(n + 1));
            sql.push_str(piece);
        }
        sql
    }
}

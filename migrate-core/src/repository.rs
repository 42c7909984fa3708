//! The repository table: which migrations ran, in which batch, when, and with which checksum.
//!
//! Its name is chosen at run time, so its SQL is built here from the grammar's quoting (the
//! table and column names) and bind placeholders (every value) — never from formatted values.

use crate::connection::{Bind, Entry, MigrationConnection, Record};
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

/// The repository table of one Migrator, on one connection's dialect.
pub(crate) struct Repository<'a> {
    table: &'a str,
    grammar: &'static dyn Grammar,
}

impl<'a> Repository<'a> {
    pub(crate) fn new(table: &'a str, grammar: &'static dyn Grammar) -> Self {
        Repository { table, grammar }
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

    pub(crate) fn exists(&self, conn: &mut dyn MigrationConnection) -> Result<bool> {
        let sql = self.grammar.has_table_sql();
        let rows = conn
            .load_text(&sql, &[self.table])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(!rows.is_empty())
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

    /// Every record, oldest batch first, ids ascending within a batch. Empty if the table
    /// does not exist yet.
    pub(crate) fn records(&self, conn: &mut dyn MigrationConnection) -> Result<Vec<Record>> {
        if !self.exists(conn)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "select {} from {} order by {}, {}",
            self.columns()?,
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
        let columns: Vec<String> = ["id", "batch", "checksum", "state"]
            .iter()
            .map(|c| c.to_string())
            .collect();
        let sql = format!(
            "select {} from {}",
            self.grammar.columnize(&columns)?,
            self.grammar.wrap(self.table)?
        );
        conn.load_entries(&sql)
            .map_err(|source| Error::Database { sql, source })
    }

    /// The repository's fingerprint, computed by the database in one single-row query:
    /// `<row count>:<rows>`, each row as `id checksum state`, joined with `,` in no
    /// particular order. What the boot-time check compares with the registry
    /// (`Registered::is_fingerprint_of_all_applied`) instead of reading every row.
    pub(crate) fn fingerprint(&self, conn: &mut dyn MigrationConnection) -> Result<String> {
        let g = self.grammar;
        let value =
            |column: &str| -> Result<String> { Ok(format!("coalesce({}, '')", g.wrap(column)?)) };
        let row = g.concat_sql(&[
            value("id")?,
            "' '".into(),
            value("checksum")?,
            "' '".into(),
            value("state")?,
        ]);
        let rows = format!("coalesce({}, '')", g.string_agg_sql(&row, "','"));
        let sql = format!(
            "select {} from {}",
            g.concat_sql(&["count(*)".into(), "':'".into(), rows]),
            g.wrap(self.table)?
        );
        let rows = conn
            .load_text(&sql, &[])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(rows
            .into_iter()
            .next()
            .and_then(|row| row.0.into_iter().next().flatten())
            .unwrap_or_default())
    }

    pub(crate) fn insert_sql(&self) -> Result<String> {
        let placeholders: Vec<String> = (1..=COLUMNS.len())
            .map(|n| self.grammar.placeholder(n))
            .collect();
        Ok(format!(
            "insert into {} ({}) values ({})",
            self.grammar.wrap(self.table)?,
            self.columns()?,
            placeholders.join(", ")
        ))
    }

    pub(crate) fn delete_sql(&self) -> Result<String> {
        Ok(format!(
            "delete from {} where {} = {}",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap("id")?,
            self.grammar.placeholder(1)
        ))
    }

    /// The state of `id`'s row, if it has one (read inside the caller's lock, so concurrent
    /// runners agree).
    pub(crate) fn state_of(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
    ) -> Result<Option<String>> {
        let sql = format!(
            "select {state} from {} where {id} = {}",
            self.grammar.wrap(self.table)?,
            self.grammar.placeholder(1),
            id = self.grammar.wrap("id")?,
            state = self.grammar.wrap("state")?,
        );
        let rows = conn
            .load_text(&sql, &[id])
            .map_err(|source| Error::Database { sql, source })?;
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

    /// Marks a pre-recorded (dirty) migration as applied once it completed.
    pub(crate) fn complete(
        &self,
        conn: &mut dyn MigrationConnection,
        id: &str,
        execution_ms: i64,
    ) -> Result<()> {
        let sql = format!(
            "update {} set {} = {}, {} = {} where {} = {}",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap("state")?,
            self.grammar.placeholder(1),
            self.grammar.wrap("execution_ms")?,
            self.grammar.placeholder(2),
            self.grammar.wrap("id")?,
            self.grammar.placeholder(3)
        );
        conn.execute_with(
            &sql,
            &[Bind::Text(APPLIED), Bind::Int(execution_ms), Bind::Text(id)],
        )
        .map(drop)
        .map_err(|source| Error::Database { sql, source })
    }

    fn update(
        &self,
        conn: &mut dyn MigrationConnection,
        column: &str,
        id: &str,
        value: &str,
    ) -> Result<()> {
        let sql = format!(
            "update {} set {} = {} where {} = {}",
            self.grammar.wrap(self.table)?,
            self.grammar.wrap(column)?,
            self.grammar.placeholder(1),
            self.grammar.wrap("id")?,
            self.grammar.placeholder(2)
        );
        conn.execute_with(&sql, &[Bind::Text(value), Bind::Text(id)])
            .map(drop)
            .map_err(|source| Error::Database { sql, source })
    }

    pub(crate) fn insert(&self, conn: &mut dyn MigrationConnection, record: &Record) -> Result<()> {
        let sql = self.insert_sql()?;
        conn.insert_record(&sql, record)
            .map_err(|source| Error::Database { sql, source })
    }

    /// Deletes `id`'s row; returns how many rows went (0 when another runner was first).
    pub(crate) fn delete(&self, conn: &mut dyn MigrationConnection, id: &str) -> Result<usize> {
        let sql = self.delete_sql()?;
        conn.execute_with(&sql, &[Bind::Text(id)])
            .map_err(|source| Error::Database { sql, source })
    }
}

//! The schema as data: what the migrations produce, without a database.
//!
//! A [`SchemaModel`] is built two ways that meet in one type: by replaying the migrations'
//! Blueprint commands ([`crate::Migrator::schema_model`]), and by reading a live database
//! ([`introspect`]). From a model come the squashed DDL ([`SchemaModel::to_ddl`]), diesel's
//! `schema.rs` ([`SchemaModel::to_diesel`]) and the differences to another model
//! ([`SchemaModel::diff`]).
//!
//! What cannot be replayed — raw SQL, data steps that reach for the connection — is never
//! guessed: the tables it touches (or, when that is unknown, the whole model) are marked
//! [opaque](TableModel::opaque), and every output says so.

mod changes;
mod codegen;
mod ddl;
mod diesel;
mod diff;
mod introspect;
mod replay;
mod reverse;
mod squash;

use std::collections::BTreeMap;

pub use changes::GeneratedChange;
pub use codegen::GeneratedMigration;
pub use introspect::introspect;
pub(crate) use replay::ModelConnection;
pub(crate) use reverse::{data_step, raw_sql, Recorder};

use crate::schema::{
    ColumnType, DefaultValue, Deferrable, Generation, IndexKind, IndexOptions, ReferentialAction,
};

/// The tables of a schema, by name.
///
/// ```
/// use migrate_core::model::SchemaModel;
/// use migrate_core::schema::Dialect;
///
/// let model = SchemaModel::default();
/// assert!(model.tables.is_empty());
/// assert!(model.to_ddl(Dialect::Sqlite).unwrap().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaModel {
    /// Every table, by name.
    pub tables: BTreeMap<String, TableModel>,
    /// Whether something the replay could not follow may have changed any table, or created
    /// tables the model does not know (raw SQL naming no known table, a data step).
    pub opaque: bool,
    /// Why the model or some of its tables are opaque, for the operator.
    pub notes: Vec<String>,
}

/// One table: ordered columns, primary key, indexes and foreign keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableModel {
    /// The columns, in table order.
    pub columns: Vec<ColumnModel>,
    /// The primary key's columns, in key order (empty: none).
    pub primary_key: Vec<String>,
    /// Unique and plain indexes (not the primary key), by name.
    pub indexes: BTreeMap<String, IndexModel>,
    /// Foreign keys, in the order they were added.
    pub foreign_keys: Vec<ForeignKeyModel>,
    /// Whether raw SQL or a data step touched this table: its shape may differ from the model.
    pub opaque: bool,
    /// Whether it is a temporary table, gone when the migration's connection closes.
    pub temporary: bool,
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnModel {
    /// Its name.
    pub name: String,
    /// Its abstract type.
    pub ty: ColumnType,
    /// Whether it accepts `NULL`.
    pub nullable: bool,
    /// Its default (`use_current()` is the raw `CURRENT_TIMESTAMP`).
    pub default: Option<DefaultValue>,
    /// Whether it auto-increments (and is then the primary key).
    pub auto_increment: bool,
    /// Whether it is an unsigned integer (MySQL).
    pub unsigned: bool,
    /// Whether `SELECT *` leaves it out (MySQL and MariaDB `INVISIBLE`).
    pub invisible: bool,
    /// How the database fills it itself, if it does: a generated column's expression (as the
    /// Blueprint wrote it, or as the database reports it) or an identity.
    pub generation: Option<Generation>,
    /// The first value of its auto-increment counter, where a migration set one. Never read
    /// back from a database, whose counter moves with every insert (an identity's `start
    /// with` is read back, in [`ColumnModel::generation`]).
    pub starting_value: Option<u64>,
}

/// A unique, plain, full-text or spatial index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexModel {
    /// Its columns, in index order (empty for an index over a raw expression).
    pub columns: Vec<String>,
    /// Unique, plain, full-text or spatial (never the primary key, kept apart).
    pub kind: IndexKind,
    /// Its access method, language, null handling or raw expression, where it has any.
    pub options: IndexOptions,
}

impl IndexModel {
    /// An index of `kind` over `columns`, without options.
    pub fn new(kind: IndexKind, columns: Vec<String>) -> Self {
        IndexModel {
            columns,
            kind,
            options: IndexOptions::default(),
        }
    }

    /// Whether it is a unique index.
    pub fn is_unique(&self) -> bool {
        self.kind == IndexKind::Unique
    }
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKeyModel {
    /// The constraint's name (empty where the database does not keep it: SQLite).
    pub name: String,
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub on: String,
    /// The referenced columns.
    pub references: Vec<String>,
    /// What a delete of the referenced row does (`None`: the database's default, no action).
    pub on_delete: Option<ReferentialAction>,
    /// What an update of the referenced key does (`None`: the database's default, no action).
    pub on_update: Option<ReferentialAction>,
    /// When it is checked (not deferrable by default).
    pub deferrable: Deferrable,
}

impl SchemaModel {
    /// The table named `name`, if the model has it.
    pub fn table(&self, name: &str) -> Option<&TableModel> {
        self.tables.get(name)
    }

    /// The names of the opaque tables.
    pub fn opaque_tables(&self) -> Vec<&str> {
        self.tables
            .iter()
            .filter(|(_, t)| t.opaque)
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// Whether the model is exact: nothing in it, nor the model as a whole, is opaque.
    pub fn is_exact(&self) -> bool {
        !self.opaque && self.tables.values().all(|t| !t.opaque)
    }

    /// One line per reason the model is not exact (empty when it is), for every output.
    pub fn opacity_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.opaque {
            notes.push(
                "the schema is opaque: a migration ran raw SQL or a data step on tables the \
                 model cannot name, so tables may exist or differ beyond what is shown"
                    .to_owned(),
            );
        }
        for table in self.opaque_tables() {
            notes.push(format!(
                "table `{table}` is opaque: raw SQL or a data step touched it, so its real \
                 shape may differ from what is shown"
            ));
        }
        notes.extend(self.notes.iter().cloned());
        notes
    }
}

impl TableModel {
    /// The column named `name`, if the table has it.
    pub fn column(&self, name: &str) -> Option<&ColumnModel> {
        self.columns.iter().find(|c| c.name == name)
    }

    fn column_mut(&mut self, name: &str) -> Option<&mut ColumnModel> {
        self.columns.iter_mut().find(|c| c.name == name)
    }
}

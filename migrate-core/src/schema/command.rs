//! Table-level commands of a Blueprint: indexes, keys, foreign keys, drops and renames.

/// The kind of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// The primary key.
    Primary,
    /// A unique index.
    Unique,
    /// A plain index.
    Index,
    /// A full-text index (MySQL and MariaDB `FULLTEXT`, PostgreSQL GIN over `to_tsvector`).
    Fulltext,
    /// A spatial index (MySQL and MariaDB `SPATIAL`, PostgreSQL GiST through PostGIS).
    Spatial,
    /// A nearest-neighbour index over a vector column (PostgreSQL HNSW through pgvector).
    Vector,
}

impl IndexKind {
    /// The suffix of generated names: `<table>_<columns>_<suffix>`.
    pub fn suffix(self) -> &'static str {
        match self {
            IndexKind::Primary => "primary",
            IndexKind::Unique => "unique",
            IndexKind::Index => "index",
            IndexKind::Fulltext => "fulltext",
            IndexKind::Spatial => "spatialindex",
            IndexKind::Vector => "vectorindex",
        }
    }
}

/// An index or key on one or more columns.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDefinition {
    pub(crate) kind: IndexKind,
    pub(crate) name: String,
    pub(crate) columns: Vec<String>,
    /// Built without blocking writes (`CONCURRENTLY`, PostgreSQL).
    pub(crate) concurrently: bool,
    /// Access method, language, null handling, raw expression (see `indexes.rs`).
    pub(crate) options: super::indexes::IndexOptions,
}

impl IndexDefinition {
    /// An index of `kind` named `name` over `columns`, without options.
    pub(crate) fn new(kind: IndexKind, name: String, columns: Vec<String>) -> Self {
        IndexDefinition {
            kind,
            name,
            columns,
            concurrently: false,
            options: super::indexes::IndexOptions::default(),
        }
    }

    /// Gives the index a name of your choice instead of `<table>_<columns>_<kind>`.
    pub fn name(&mut self, name: impl Into<String>) -> &mut Self {
        self.name = name.into();
        self
    }

    /// Builds the index without blocking writes: `CREATE INDEX CONCURRENTLY` (PostgreSQL). A
    /// unique key is built as a unique index concurrently, then added as a constraint `using
    /// index`. PostgreSQL refuses it inside a transaction: the migration needs
    /// `#[migration(transaction = false)]`. Refused on the other dialects (MySQL builds
    /// secondary indexes online already).
    pub fn concurrently(&mut self) -> &mut Self {
        self.concurrently = true;
        self
    }
}

/// What a foreign key does when the referenced row is deleted or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferentialAction {
    /// `CASCADE`
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT`
    SetDefault,
    /// `RESTRICT`
    Restrict,
    /// `NO ACTION`
    NoAction,
}

impl ReferentialAction {
    /// The SQL keywords.
    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "cascade",
            ReferentialAction::SetNull => "set null",
            ReferentialAction::SetDefault => "set default",
            ReferentialAction::Restrict => "restrict",
            ReferentialAction::NoAction => "no action",
        }
    }
}

/// A foreign key: `foreign(cols).references(cols).on(table)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeyDefinition {
    pub(crate) name: String,
    pub(crate) columns: Vec<String>,
    pub(crate) references: Vec<String>,
    pub(crate) on: String,
    pub(crate) on_delete: Option<ReferentialAction>,
    pub(crate) on_update: Option<ReferentialAction>,
    /// Added without checking the existing rows (`NOT VALID`, PostgreSQL).
    pub(crate) not_valid: bool,
    /// When the key is checked (see `keys.rs`); `None`: as the database decides by default.
    pub(crate) deferrable: Option<super::keys::Deferrable>,
}

impl ForeignKeyDefinition {
    /// A key over `columns` referencing `on.id`, named `name`, without options.
    pub(crate) fn new(name: String, columns: Vec<String>, on: String) -> Self {
        ForeignKeyDefinition {
            name,
            columns,
            references: vec!["id".to_owned()],
            on,
            on_delete: None,
            on_update: None,
            not_valid: false,
            deferrable: None,
        }
    }

    /// The referenced columns (default: `id`).
    pub fn references<S: AsRef<str>>(&mut self, columns: impl IntoIterator<Item = S>) -> &mut Self {
        self.references = columns.into_iter().map(|c| c.as_ref().to_owned()).collect();
        self
    }

    /// The referenced table.
    pub fn on(&mut self, table: impl Into<String>) -> &mut Self {
        self.on = table.into();
        self
    }

    /// What happens to this row when the referenced one is deleted.
    pub fn on_delete(&mut self, action: ReferentialAction) -> &mut Self {
        self.on_delete = Some(action);
        self
    }

    /// What happens to this row when the referenced key is updated.
    pub fn on_update(&mut self, action: ReferentialAction) -> &mut Self {
        self.on_update = Some(action);
        self
    }

    /// Shorthand for `.on_delete(ReferentialAction::Cascade)`.
    pub fn cascade_on_delete(&mut self) -> &mut Self {
        self.on_delete(ReferentialAction::Cascade)
    }

    /// Shorthand for `.on_delete(ReferentialAction::SetNull)`.
    pub fn null_on_delete(&mut self) -> &mut Self {
        self.on_delete(ReferentialAction::SetNull)
    }

    /// Shorthand for `.on_delete(ReferentialAction::Restrict)`.
    pub fn restrict_on_delete(&mut self) -> &mut Self {
        self.on_delete(ReferentialAction::Restrict)
    }

    /// Shorthand for `.on_update(ReferentialAction::Cascade)`.
    pub fn cascade_on_update(&mut self) -> &mut Self {
        self.on_update(ReferentialAction::Cascade)
    }

    /// Gives the constraint a name of your choice instead of `<table>_<columns>_foreign`.
    pub fn name(&mut self, name: impl Into<String>) -> &mut Self {
        self.name = name.into();
        self
    }

    /// Adds the key without checking the existing rows (`NOT VALID`, PostgreSQL): new and
    /// updated rows are checked at once, and a later [`crate::Schema::validate_foreign`]
    /// checks the rest while writes go on. Refused on the other dialects.
    pub fn not_valid(&mut self) -> &mut Self {
        self.not_valid = true;
        self
    }
}

/// A check constraint: `t.check("price_positive", "price > 0")`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckDefinition {
    pub(crate) name: String,
    /// Raw SQL, written verbatim: never build it from user input.
    pub(crate) expression: String,
    pub(crate) not_valid: bool,
}

impl CheckDefinition {
    /// Adds the constraint without checking the existing rows (`NOT VALID`, PostgreSQL): new
    /// and updated rows are checked at once, and a later [`crate::Schema::validate_check`]
    /// checks the rest while writes go on. Refused on the other dialects.
    pub fn not_valid(&mut self) -> &mut Self {
        self.not_valid = true;
        self
    }
}

/// One command of a Blueprint, compiled to SQL by a grammar.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Command {
    /// Create the table with the Blueprint's columns.
    Create,
    /// Add the Blueprint's columns to an existing table (those not marked `change()`).
    AddColumns,
    /// Change the Blueprint's columns marked `change()`.
    ChangeColumns,
    /// Drop the table.
    Drop,
    /// Drop the table if it exists.
    DropIfExists,
    /// Rename the table.
    Rename(String),
    /// Drop columns.
    DropColumns(Vec<String>),
    /// Rename a column.
    RenameColumn {
        /// Current name.
        from: String,
        /// New name.
        to: String,
    },
    /// Add an index or key.
    Index(IndexDefinition),
    /// Drop an index or key by name.
    DropIndex {
        /// Which kind of index.
        kind: IndexKind,
        /// Its name.
        name: String,
    },
    /// Rename an index.
    RenameIndex {
        /// Current name.
        from: String,
        /// New name.
        to: String,
    },
    /// Add a foreign key.
    Foreign(ForeignKeyDefinition),
    /// Drop a foreign key by name.
    DropForeign(String),
    /// Drop an index by name without blocking writes (PostgreSQL).
    DropIndexConcurrently(String),
    /// Add a check constraint.
    Check(CheckDefinition),
    /// Drop a check constraint by name.
    DropCheck(String),
    /// Check the existing rows against a constraint added `not_valid()` (PostgreSQL).
    ValidateConstraint(String),
}

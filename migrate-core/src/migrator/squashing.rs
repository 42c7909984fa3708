//! Writing a squash (`cargo migrate squash --up-to ID`): the registered migrations up to an
//! id, replayed into the schema model, as one migration that replaces them.

use super::model::replay;
use super::Migrator;
use crate::model::SchemaModel;
use crate::registry::MAX_ID_LENGTH;
use crate::schema::Dialect;
use crate::{Error, Result};

/// A squash of registered migrations, ready to be written as a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedSquash {
    /// Its id, and the name of its file (`<id>.rs`): the last replaced id followed by
    /// `_squashed`, so that it sorts right after it, before any migration created later.
    pub id: String,
    /// The ids it replaces, in the order they ran.
    pub replaces: Vec<String>,
    /// The file's Rust source, rustfmt-clean.
    pub source: String,
    /// What the squash does not carry over, one line each naming the migration (raw SQL, data
    /// steps, a schema that depends on the dialect); also comments at the top of the source.
    pub not_carried: Vec<String>,
}

impl Migrator {
    /// A squash of every registered migration up to and including `up_to`, in run order:
    /// their schema replayed without a database, as one migration marked
    /// `#[migration(replaces = [...])]`.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use migrate_core::prelude::*;
    /// use migrate_core::Migrator;
    ///
    /// #[migration(id = "m2026_11_25_140312_create_users")]
    /// fn up(s: &mut Schema) -> Result<()> {
    ///     s.create("users", |t| {
    ///         t.increments("id");
    ///     })
    /// }
    ///
    /// let squash = Migrator::new().squash("m2026_11_25_140312_create_users")?;
    /// assert_eq!(squash.id, "m2026_11_25_140312_create_users_squashed");
    /// assert!(squash.source.contains(r#"s.create("users", |t| {"#));
    /// # Ok(())
    /// # }
    /// ```
    pub fn squash(&self, up_to: &str) -> Result<GeneratedSquash> {
        let migrations = self.migrations()?;
        let Some(last) = migrations.iter().position(|m| m.id() == up_to) else {
            return Err(Error::Registry(format!(
                "there is no migration `{up_to}` to squash up to"
            )));
        };
        let squashed = &migrations[..=last];
        if let Some(squash) = squashed.iter().find(|m| !m.replaces().is_empty()) {
            return Err(Error::Registry(format!(
                "`{}` ({}) is itself a squash: squash up to a migration before it, or delete \
                 the files it replaces and its `replaces` once every database has it",
                squash.id(),
                squash.location()
            )));
        }
        let id = format!("{up_to}_squashed");
        if id.len() > MAX_ID_LENGTH {
            return Err(Error::Registry(format!(
                "the squash's id `{id}` would be longer than {MAX_ID_LENGTH} characters"
            )));
        }
        let mut model = SchemaModel::default();
        let mut not_carried = Vec::new();
        for migration in squashed {
            let known = model.notes.len();
            replay(&mut model, Dialect::Sqlite, migration)?;
            not_carried.extend(
                model.notes[known..]
                    .iter()
                    .map(|note| format!("{} ({}): {note}", migration.id(), migration.location())),
            );
        }
        for dialect in [Dialect::Postgres, Dialect::Mysql] {
            let mut other = SchemaModel::default();
            for migration in squashed {
                replay(&mut other, dialect, migration)?;
            }
            if other.tables != model.tables {
                not_carried.push(format!(
                    "the migrations produce another schema on {dialect} (they ask \
                     `s.dialect()`): this squash is SQLite's; write what differs under `if \
                     s.dialect() == Dialect::{dialect:?}`"
                ));
            }
        }
        let replaces: Vec<&str> = squashed.iter().map(|m| m.id()).collect();
        Ok(GeneratedSquash {
            source: model.squash_source(&replaces, &not_carried),
            id,
            replaces: replaces.into_iter().map(str::to_owned).collect(),
            not_carried,
        })
    }
}

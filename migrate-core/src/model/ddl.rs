//! The final schema as DDL: one create Blueprint per table, compiled by the dialect's grammar
//! (the same path to SQL as a migration's, never a second one).

use std::collections::BTreeSet;

use super::{SchemaModel, TableModel};
use crate::schema::{Blueprint, Deferrable, Dialect};
use crate::Result;

impl SchemaModel {
    /// The statements that create this schema from nothing, in one go (the "squashed" form of
    /// the migrations): every table with its columns, keys and indexes, referenced tables
    /// before the tables that reference them.
    ///
    /// Entries starting with `--` are comments saying which tables (or the whole schema) are
    /// opaque; skip them to execute the rest.
    ///
    /// ```
    /// use migrate_core::model::SchemaModel;
    /// use migrate_core::schema::{Blueprint, Dialect};
    ///
    /// let mut t = Blueprint::create("users");
    /// t.increments("id");
    /// t.string("email", 255).unique();
    /// let model = SchemaModel::from_blueprints([t]).unwrap();
    /// assert_eq!(
    ///     model.to_ddl(Dialect::Postgres).unwrap(),
    ///     [
    ///         r#"create table "users" ("id" serial primary key not null, "email" varchar(255) not null)"#,
    ///         r#"alter table "users" add constraint "users_email_unique" unique ("email")"#,
    ///     ]
    /// );
    /// ```
    pub fn to_ddl(&self, dialect: Dialect) -> Result<Vec<String>> {
        let mut statements: Vec<String> = self
            .opacity_notes()
            .into_iter()
            .map(|note| format!("-- {note}"))
            .collect();
        let grammar = dialect.grammar();
        for name in self.creation_order() {
            let blueprint = self.tables[name].create_blueprint(name);
            statements.extend(grammar.compile(&blueprint)?);
        }
        Ok(statements)
    }

    /// A model of the tables the Blueprints create and alter, in order (for tests and examples).
    pub fn from_blueprints(blueprints: impl IntoIterator<Item = Blueprint>) -> Result<Self> {
        let mut model = SchemaModel::default();
        for blueprint in blueprints {
            model.apply(&blueprint)?;
        }
        Ok(model)
    }

    /// Table names with every referenced table before its referencing ones; tables in a cycle
    /// of foreign keys follow in name order.
    pub(crate) fn creation_order(&self) -> Vec<&str> {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut order = Vec::with_capacity(self.tables.len());
        while order.len() < self.tables.len() {
            let ready = self.tables.iter().find(|(name, table)| {
                !done.contains(name.as_str())
                    && table.foreign_keys.iter().all(|f| {
                        f.on == **name
                            || done.contains(f.on.as_str())
                            || !self.tables.contains_key(&f.on)
                    })
            });
            let next = match ready {
                Some((name, _)) => name.as_str(),
                None => match self.tables.keys().find(|n| !done.contains(n.as_str())) {
                    Some(name) => name.as_str(),
                    None => break,
                },
            };
            done.insert(next);
            order.push(next);
        }
        order
    }
}

impl TableModel {
    /// The Blueprint that creates this table as it is.
    pub(crate) fn create_blueprint(&self, name: &str) -> Blueprint {
        let mut blueprint = Blueprint::create(name);
        blueprint.temporary = self.temporary;
        for column in &self.columns {
            blueprint.push_column(column.definition());
        }
        let implied_by_increment = self.primary_key.len() == 1
            && self
                .column(&self.primary_key[0])
                .is_some_and(|c| c.auto_increment);
        if !self.primary_key.is_empty() && !implied_by_increment {
            blueprint.primary(self.primary_key.clone());
        }
        for (index_name, index) in &self.indexes {
            blueprint.push_index(index.definition(index_name));
        }
        for foreign in &self.foreign_keys {
            let definition = blueprint.foreign(foreign.columns.clone());
            definition
                .references(&foreign.references)
                .on(foreign.on.clone());
            if !foreign.name.is_empty() {
                definition.name(foreign.name.clone());
            }
            if let Some(action) = foreign.on_delete {
                definition.on_delete(action);
            }
            if let Some(action) = foreign.on_update {
                definition.on_update(action);
            }
            if foreign.deferrable != Deferrable::NotDeferrable {
                definition.deferrable = Some(foreign.deferrable);
            }
        }
        blueprint
    }
}

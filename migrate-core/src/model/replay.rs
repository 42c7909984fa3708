//! Applying a Blueprint's commands to a [`SchemaModel`]: what a migration does to the schema,
//! without a database.
//!
//! The replay follows what the three databases agree on. Where they differ it takes the
//! strictest reading, and the fixtures that compare replay with real databases avoid the rest:
//! dropping a column drops every index and foreign key that includes it (PostgreSQL; MySQL
//! would only shrink a multi-column index), and renaming a table or column carries the
//! foreign keys of other tables along (as all three do).

use std::any::Any;

use diesel::result::QueryResult;

use super::{ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel};
use crate::connection::{sealed, Bind, MigrationConnection, Record, TextRow};
use crate::schema::{Blueprint, ColumnDefinition, Command, DefaultValue, Dialect, IndexKind};
use crate::{Error, Result};

impl SchemaModel {
    /// Applies every command of `blueprint` to the model, in the order a grammar compiles them.
    ///
    /// Fails where the database would: creating a table that exists, altering one that does
    /// not, dropping a column, index or key that is not there — unless the model is opaque,
    /// where such tables may exist beyond its knowledge.
    pub(crate) fn apply(&mut self, blueprint: &Blueprint) -> Result<()> {
        let name = blueprint.table_name().to_owned();
        for command in blueprint.commands() {
            self.apply_command(&name, blueprint, &command)?;
        }
        Ok(())
    }

    fn apply_command(
        &mut self,
        name: &str,
        blueprint: &Blueprint,
        command: &Command,
    ) -> Result<()> {
        match command {
            Command::Create => {
                if self.tables.contains_key(name) {
                    return Err(schema_error(format!("table `{name}` already exists")));
                }
                let mut table = TableModel {
                    temporary: blueprint.temporary,
                    ..TableModel::default()
                };
                for column in blueprint.columns() {
                    if column.auto_increment {
                        table.primary_key = vec![column.name().to_owned()];
                    }
                    table.columns.push(column_model(column));
                }
                self.tables.insert(name.to_owned(), table);
            }
            Command::AddColumns => {
                let table = self.table_mut(name)?;
                for column in blueprint.columns().iter().filter(|c| !c.change) {
                    if table.column(column.name()).is_some() {
                        return Err(schema_error(format!(
                            "column `{name}.{}` already exists",
                            column.name()
                        )));
                    }
                    let position = if column.first {
                        0
                    } else if let Some(after) = &column.after {
                        table
                            .columns
                            .iter()
                            .position(|c| &c.name == after)
                            .map_or(table.columns.len(), |i| i + 1)
                    } else {
                        table.columns.len()
                    };
                    if column.auto_increment {
                        table.primary_key = vec![column.name().to_owned()];
                    }
                    table.columns.insert(position, column_model(column));
                }
            }
            Command::ChangeColumns => {
                let table = self.table_mut(name)?;
                for column in blueprint.columns().iter().filter(|c| c.change) {
                    let existing = table.column_mut(column.name()).ok_or_else(|| {
                        schema_error(format!("column `{name}.{}` does not exist", column.name()))
                    })?;
                    *existing = column_model(column);
                }
            }
            Command::Drop => {
                if self.tables.remove(name).is_none() && !self.opaque {
                    return Err(schema_error(format!("table `{name}` does not exist")));
                }
            }
            Command::DropIfExists => {
                self.tables.remove(name);
            }
            Command::Rename(to) => {
                let table = self.tables.remove(name).ok_or_else(|| missing(name))?;
                if self.tables.contains_key(to) {
                    return Err(schema_error(format!("table `{to}` already exists")));
                }
                self.tables.insert(to.clone(), table);
                for other in self.tables.values_mut() {
                    for foreign in &mut other.foreign_keys {
                        if foreign.on == name {
                            foreign.on = to.clone();
                        }
                    }
                }
            }
            Command::DropColumns(columns) => {
                let table = self.table_mut(name)?;
                for column in columns {
                    let before = table.columns.len();
                    table.columns.retain(|c| &c.name != column);
                    if table.columns.len() == before {
                        return Err(schema_error(format!(
                            "column `{name}.{column}` does not exist"
                        )));
                    }
                    table.indexes.retain(|_, i| !i.columns.contains(column));
                    table.foreign_keys.retain(|f| !f.columns.contains(column));
                    if table.primary_key.contains(column) {
                        table.primary_key.clear();
                    }
                }
            }
            Command::RenameColumn { from, to } => {
                let table = self.table_mut(name)?;
                let column = table.column_mut(from).ok_or_else(|| {
                    schema_error(format!("column `{name}.{from}` does not exist"))
                })?;
                column.name = to.clone();
                let rename = |columns: &mut Vec<String>| {
                    for c in columns.iter_mut().filter(|c| *c == from) {
                        *c = to.clone();
                    }
                };
                rename(&mut table.primary_key);
                table
                    .indexes
                    .values_mut()
                    .for_each(|i| rename(&mut i.columns));
                table
                    .foreign_keys
                    .iter_mut()
                    .for_each(|f| rename(&mut f.columns));
                for other in self.tables.values_mut() {
                    for foreign in other.foreign_keys.iter_mut().filter(|f| f.on == name) {
                        rename(&mut foreign.references);
                    }
                }
            }
            Command::Index(index) => {
                let table = self.table_mut(name)?;
                for column in &index.columns {
                    if table.column(column).is_none() {
                        return Err(schema_error(format!(
                            "index `{}` names the missing column `{name}.{column}`",
                            index.name
                        )));
                    }
                }
                match index.kind {
                    IndexKind::Primary => {
                        // A key added to an existing table makes its columns NOT NULL on
                        // every dialect (SQLite's rebuild declares it so).
                        if !blueprint.creating() {
                            for column in &mut table.columns {
                                if index.columns.contains(&column.name) {
                                    column.nullable = false;
                                }
                            }
                        }
                        table.primary_key = index.columns.clone();
                    }
                    kind => {
                        if table.indexes.contains_key(&index.name) {
                            return Err(schema_error(format!(
                                "index `{}` already exists",
                                index.name
                            )));
                        }
                        table.indexes.insert(
                            index.name.clone(),
                            IndexModel {
                                columns: index.columns.clone(),
                                kind,
                                options: index.options().clone(),
                            },
                        );
                    }
                }
            }
            Command::DropIndex { kind, name: index } => {
                let table = self.table_mut(name)?;
                if *kind == IndexKind::Primary {
                    table.primary_key.clear();
                    for column in &mut table.columns {
                        column.auto_increment = false;
                    }
                } else if table.indexes.remove(index).is_none() {
                    return Err(schema_error(format!(
                        "index `{index}` of table `{name}` does not exist"
                    )));
                }
            }
            Command::RenameIndex { from, to } => {
                let table = self.table_mut(name)?;
                let index = table.indexes.remove(from).ok_or_else(|| {
                    schema_error(format!("index `{from}` of table `{name}` does not exist"))
                })?;
                table.indexes.insert(to.clone(), index);
            }
            Command::Foreign(foreign) => {
                let table = self.table_mut(name)?;
                table.foreign_keys.push(ForeignKeyModel {
                    name: foreign.name.clone(),
                    columns: foreign.columns.clone(),
                    on: foreign.on.clone(),
                    references: foreign.references.clone(),
                    on_delete: foreign.on_delete,
                    on_update: foreign.on_update,
                    deferrable: foreign.deferrability().unwrap_or_default(),
                });
            }
            Command::DropIndexConcurrently(index) => {
                let table = self.table_mut(name)?;
                if table.indexes.remove(index).is_none() {
                    return Err(schema_error(format!(
                        "index `{index}` of table `{name}` does not exist"
                    )));
                }
            }
            // The model keeps no check constraints, nor whether a constraint is validated.
            Command::Check(_) | Command::DropCheck(_) | Command::ValidateConstraint(_) => {
                self.table_mut(name)?;
            }
            Command::DropForeign(foreign) => {
                let table = self.table_mut(name)?;
                let before = table.foreign_keys.len();
                table.foreign_keys.retain(|f| &f.name != foreign);
                if table.foreign_keys.len() == before {
                    return Err(schema_error(format!(
                        "foreign key `{foreign}` of table `{name}` does not exist"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Records raw SQL: the known tables it names become opaque; naming none, it may touch
    /// anything, and the whole model becomes opaque.
    pub(crate) fn apply_raw(&mut self, sql: &str) {
        let lowered = sql.to_lowercase();
        let named: Vec<String> = self
            .tables
            .keys()
            .filter(|table| mentions(&lowered, &table.to_lowercase()))
            .cloned()
            .collect();
        let excerpt: String = sql.chars().take(60).collect();
        if named.is_empty() {
            self.mark_opaque(format!("raw SQL `{excerpt}` names no known table"));
        } else {
            for table in named {
                self.mark_table_opaque(&table, format!("raw SQL `{excerpt}`"));
            }
        }
    }

    /// Marks the whole model opaque, saying why.
    pub(crate) fn mark_opaque(&mut self, why: String) {
        self.opaque = true;
        self.notes.push(why);
    }

    fn mark_table_opaque(&mut self, table: &str, why: String) {
        if let Some(model) = self.tables.get_mut(table) {
            model.opaque = true;
            self.notes.push(format!("table `{table}`: {why}"));
        } else {
            self.mark_opaque(why);
        }
    }

    fn table_mut(&mut self, name: &str) -> Result<&mut TableModel> {
        self.tables.get_mut(name).ok_or_else(|| missing(name))
    }
}

/// Whether `sql` (lowercase) names `table` (lowercase) as a whole word.
fn mentions(sql: &str, table: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    sql.match_indices(table).any(|(at, _)| {
        let before = sql[..at].chars().next_back();
        let after = sql[at + table.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

fn schema_error(message: String) -> Error {
    Error::Schema(format!("replaying without a database: {message}"))
}

fn missing(table: &str) -> Error {
    schema_error(format!("table `{table}` does not exist"))
}

/// The model of a column as a Blueprint defines it.
fn column_model(column: &ColumnDefinition) -> ColumnModel {
    let default = if column.use_current {
        Some(DefaultValue::Raw("CURRENT_TIMESTAMP".to_owned()))
    } else {
        column.default.clone()
    };
    ColumnModel {
        name: column.name().to_owned(),
        ty: column.column_type().clone(),
        nullable: column.nullable,
        default,
        auto_increment: column.auto_increment,
        unsigned: column.unsigned,
        invisible: column.invisible,
        generation: column.generation().cloned(),
        starting_value: column.starting_value,
    }
}

/// What [`crate::Schema::migration_connection`] hands out while replaying: there is no
/// database, so every statement fails and says so.
#[derive(Debug)]
pub(crate) struct ModelConnection(pub(crate) Dialect);

fn no_database<T>() -> QueryResult<T> {
    Err(diesel::result::Error::QueryBuilderError(
        "there is no database while migrations are replayed into a schema model".into(),
    ))
}

impl sealed::Sealed for ModelConnection {}

impl MigrationConnection for ModelConnection {
    fn dialect(&self) -> Dialect {
        self.0
    }
    fn batch_execute(&mut self, _sql: &str) -> QueryResult<()> {
        no_database()
    }
    fn execute_with(&mut self, _sql: &str, _binds: &[Bind<'_>]) -> QueryResult<usize> {
        no_database()
    }
    fn load_text(&mut self, _sql: &str, _binds: &[&str]) -> QueryResult<Vec<TextRow>> {
        no_database()
    }
    fn load_records(&mut self, _sql: &str) -> QueryResult<Vec<Record>> {
        no_database()
    }
    fn load_entries(&mut self, _sql: &str) -> QueryResult<Vec<crate::connection::Entry>> {
        no_database()
    }
    fn execute_prepared(&mut self, _pieces: &[String], _binds: &[Bind<'_>]) -> QueryResult<usize> {
        no_database()
    }
    fn begin_with(&mut self, _sql: &str) -> QueryResult<()> {
        no_database()
    }
    fn in_transaction(&mut self) -> bool {
        false
    }
    fn commit(&mut self) -> QueryResult<()> {
        no_database()
    }
    fn rollback(&mut self) -> QueryResult<()> {
        no_database()
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_sql_marks_the_tables_it_names_or_everything() {
        let mut model = SchemaModel::default();
        model
            .apply(&{
                let mut t = Blueprint::create("users");
                t.increments("id");
                t
            })
            .unwrap();
        model.apply_raw("update users set id = id");
        assert!(model.tables["users"].opaque && !model.opaque);
        model.apply_raw("create table other (x int)");
        assert!(model.opaque);
        assert!(!mentions("select * from users_old", "users"));
    }
}

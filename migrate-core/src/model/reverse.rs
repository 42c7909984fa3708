//! Inverting what a `change` migration does: each Blueprint it builds, read against the
//! schema model as it was just before, gives the Blueprints that undo it (Rails' `change`).
//!
//! | Command | Inverse |
//! |---|---|
//! | create a table | drop it |
//! | add columns | drop them (their indexes and keys first) |
//! | `change()` a column | change it back to its definition in the model |
//! | rename a table, a column, an index | rename it back |
//! | add an index, a unique index, a foreign key | drop it |
//! | add a primary key | drop it, and give its columns back their nullability |
//!
//! Everything else cannot be inverted: dropping a table, a column, an index or a key (its
//! definition and data are gone), raw SQL and data steps (their effect is unknown), and a
//! `change()` of a column the model does not know exactly.

use super::SchemaModel;
use crate::schema::{Blueprint, Command, IndexKind};

/// What a `change` migration did, step by step, while it was replayed into the model: the
/// inverse of each step, or the first step that has none.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    /// The inverse of each Blueprint, in the order they were built.
    inverses: Vec<Blueprint>,
    /// The first command that cannot be inverted, described for the operator.
    irreversible: Option<String>,
}

impl Recorder {
    /// Records `blueprint`, about to be applied to `before`.
    pub(crate) fn record(&mut self, before: &SchemaModel, blueprint: &Blueprint) {
        if self.irreversible.is_some() {
            return;
        }
        match invert(before, blueprint) {
            Ok(inverses) => self.inverses.extend(inverses),
            Err(why) => self.irreversible = Some(why),
        }
    }

    /// Records something that cannot be inverted (raw SQL, a data step).
    pub(crate) fn refuse(&mut self, what: String) {
        self.irreversible.get_or_insert(what);
    }

    /// The Blueprints that undo everything recorded, in the order to run them (the last
    /// step's inverse first); or what cannot be inverted.
    pub(crate) fn finish(self) -> Result<Vec<Blueprint>, String> {
        match self.irreversible {
            Some(why) => Err(why),
            None => Ok(self.inverses.into_iter().rev().collect()),
        }
    }
}

/// The Blueprints that undo `blueprint` applied to `before`, in the order they were caused
/// (to be run in reverse).
fn invert(before: &SchemaModel, blueprint: &Blueprint) -> Result<Vec<Blueprint>, String> {
    let table = blueprint.table_name();
    if blueprint.creating() {
        // Dropping the table drops its indexes and keys with it.
        return Ok(vec![single(table, Command::Drop)]);
    }
    let mut inverses = Vec::new();
    for command in blueprint.commands() {
        match command {
            Command::AddColumns => {
                let added = blueprint
                    .columns()
                    .iter()
                    .filter(|c| !c.change)
                    .map(|c| c.name().to_owned())
                    .collect();
                inverses.push(single(table, Command::DropColumns(added)));
            }
            Command::ChangeColumns => inverses.push(changed_back(before, blueprint)?),
            Command::Rename(to) => inverses.push(single(&to, Command::Rename(table.to_owned()))),
            Command::RenameColumn { from, to } => {
                inverses.push(single(table, Command::RenameColumn { from: to, to: from }))
            }
            Command::RenameIndex { from, to } => {
                inverses.push(single(table, Command::RenameIndex { from: to, to: from }))
            }
            Command::Index(index) if index.kind == IndexKind::Primary => {
                // Run after the key is dropped: adding it made its columns NOT NULL.
                if let Some(nullable) = nullable_again(before, table, &index.columns) {
                    inverses.push(nullable);
                }
                let mut drop = Blueprint::alter(table);
                drop.drop_primary();
                inverses.push(drop);
            }
            Command::Index(index) => inverses.push(single(
                table,
                Command::DropIndex {
                    kind: index.kind,
                    name: index.name,
                },
            )),
            Command::Foreign(foreign) => {
                inverses.push(single(table, Command::DropForeign(foreign.name)))
            }
            other => return Err(describe_irreversible(table, &other)),
        }
    }
    Ok(inverses)
}

/// A Blueprint altering `table` with one command.
fn single(table: &str, command: Command) -> Blueprint {
    let mut blueprint = Blueprint::alter(table);
    blueprint.push(command);
    blueprint
}

/// Changes the columns `blueprint` changes back to their definitions in `before`.
fn changed_back(before: &SchemaModel, blueprint: &Blueprint) -> Result<Blueprint, String> {
    let table = blueprint.table_name();
    let mut back = Blueprint::alter(table);
    for column in blueprint.columns().iter().filter(|c| c.change) {
        let name = column.name();
        let unknown =
            |why: &str| format!("`change()` of column `{table}.{name}` cannot be undone: {why}");
        let model = before.table(table).ok_or_else(|| {
            unknown("the schema model has no such table, so its previous definition is unknown")
        })?;
        if model.opaque {
            return Err(unknown(
                "raw SQL or a data step touched the table before, so the schema model does \
                 not know its previous definition exactly",
            ));
        }
        let previous = model.column(name).ok_or_else(|| {
            unknown("the schema model has no such column, so its previous definition is unknown")
        })?;
        back.push_column(previous.definition()).change();
    }
    Ok(back)
}

/// Changes the columns of a primary key that were nullable in `before` back to nullable.
fn nullable_again(before: &SchemaModel, table: &str, columns: &[String]) -> Option<Blueprint> {
    let model = before.table(table)?;
    let mut back = Blueprint::alter(table);
    for column in columns {
        if let Some(previous) = model.column(column).filter(|c| c.nullable) {
            back.push_column(previous.definition()).change();
        }
    }
    (!back.columns().is_empty()).then_some(back)
}

/// What cannot be inverted, and why, as the error shows it.
fn describe_irreversible(table: &str, command: &Command) -> String {
    let what = match command {
        Command::Drop => format!("`drop(\"{table}\")`"),
        Command::DropIfExists => format!("`drop_if_exists(\"{table}\")`"),
        Command::DropColumns(columns) => format!(
            "dropping column{} {} of `{table}`",
            if columns.len() == 1 { "" } else { "s" },
            columns
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Command::DropIndex { kind, name } => match kind {
            IndexKind::Primary => format!("dropping the primary key of `{table}`"),
            IndexKind::Unique => format!("dropping unique index `{name}` of `{table}`"),
            IndexKind::Index => format!("dropping index `{name}` of `{table}`"),
            IndexKind::Fulltext => format!("dropping full-text index `{name}` of `{table}`"),
            IndexKind::Spatial => format!("dropping spatial index `{name}` of `{table}`"),
            IndexKind::Vector => format!("dropping vector index `{name}` of `{table}`"),
        },
        Command::DropForeign(name) => format!("dropping foreign key `{name}` of `{table}`"),
        other => format!("{other:?} on `{table}`"),
    };
    format!("{what} cannot be undone (what it drops is gone, definition and data)")
}

/// What a raw SQL statement in a `change` is called in the error.
pub(crate) fn raw_sql(sql: &str) -> String {
    let excerpt: String = sql.chars().take(60).collect();
    let more = if sql.chars().count() > 60 { "…" } else { "" };
    format!("raw SQL `{excerpt}{more}` cannot be undone (what it does is unknown)")
}

/// What a data step in a `change` is called in the error.
pub(crate) fn data_step(asked: &str) -> String {
    format!("a data step (`{asked}`) cannot be undone (what it does is unknown)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> SchemaModel {
        let mut users = Blueprint::create("users");
        users.increments("id");
        users.string("name", 100).nullable();
        users.string("code", 10).nullable();
        SchemaModel::from_blueprints([users]).unwrap()
    }

    fn inverse(blueprint: Blueprint) -> Result<Vec<Blueprint>, String> {
        let mut recorder = Recorder::default();
        recorder.record(&model(), &blueprint);
        recorder.finish()
    }

    #[test]
    fn each_invertible_command_is_undone_by_its_opposite() {
        let mut alter = Blueprint::alter("users");
        alter.string("email", 255).unique();
        alter.string("name", 200).change();
        alter.rename_column("code", "sku");
        let undo = inverse(alter).unwrap();
        let commands: Vec<Vec<Command>> = undo.iter().map(Blueprint::commands).collect();
        assert_eq!(
            commands,
            [
                vec![Command::DropIndex {
                    kind: IndexKind::Unique,
                    name: "users_email_unique".into()
                }],
                vec![Command::RenameColumn {
                    from: "sku".into(),
                    to: "code".into()
                }],
                vec![Command::ChangeColumns],
                vec![Command::DropColumns(vec!["email".into()])],
            ]
        );
        assert_eq!(
            undo[2].columns()[0].column_type(),
            &crate::schema::ColumnType::String(100)
        );
        assert!(undo[2].columns()[0].nullable);
    }

    #[test]
    fn drops_are_refused_naming_what_they_drop() {
        let mut alter = Blueprint::alter("users");
        alter.drop_column("name");
        assert_eq!(
            inverse(alter).unwrap_err(),
            "dropping column `name` of `users` cannot be undone (what it drops is gone, \
             definition and data)"
        );
        let mut changed = Blueprint::alter("ghosts");
        changed.string("name", 10).change();
        assert!(inverse(changed)
            .unwrap_err()
            .starts_with("`change()` of column `ghosts.name` cannot be undone"));
    }
}

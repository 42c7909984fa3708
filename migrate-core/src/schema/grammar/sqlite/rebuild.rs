//! SQLite's table rebuild: what `ALTER TABLE` cannot do in place (`change()`, dropping a key
//! or indexed column, adding or dropping a primary or foreign key) done by SQLite's documented
//! procedure (<https://sqlite.org/lang_altertable.html#otheralter>) — and adding an
//! auto-increment column, which `ALTER TABLE ADD COLUMN` refuses — inside the migration's
//! transaction:
//!
//! 1. `create table "__migrate_new_t"` with the new definition: untouched columns and table
//!    constraints copied verbatim from `sqlite_master`, changed and added ones from the Blueprint;
//! 2. `insert into "__migrate_new_t" (cols) select cols from "t"`: rows never leave SQLite;
//! 3. the `sqlite_sequence` row moves to the new table, so AUTOINCREMENT continues;
//! 4. the old table is dropped, the new one renamed to `t` (under `legacy_alter_table`, so
//!    views and triggers elsewhere that name `t` are left alone);
//! 5. the untouched indexes and triggers are recreated from their original SQL;
//! 6. `pragma_foreign_key_check` of the table and of every table referencing it must be empty,
//!    or the migration fails.
//!
//! **Child rows are never deleted.** With `PRAGMA foreign_keys = ON` (the default of the
//! bundled SQLite, and impossible to turn off inside a transaction), `DROP TABLE t` first
//! deletes every row of `t`, which fires `ON DELETE CASCADE` (or `SET NULL`) in the tables
//! referencing `t`. Renaming `t` out of the way does not help: with foreign keys on, SQLite
//! rewrites the children's `REFERENCES` to follow the renamed table, whatever
//! `legacy_alter_table` says. So when foreign keys are enforced and other tables reference
//! `t`, the old table is *detached* before it is dropped: its own indexes and triggers are
//! dropped, then under `PRAGMA writable_schema` only its own `sqlite_master` rows (table and
//! constraint indexes) are renamed to `__migrate_old_t`, exactly as `ALTER TABLE RENAME` would
//! rename them but leaving every other table's `REFERENCES "t"` untouched, and the schema is
//! reloaded (`writable_schema = reset`). Dropping `__migrate_old_t` then has no children to
//! cascade into, and the new table takes the name `t` the children point to.

use super::super::Grammar;
use super::introspect::{self, Shape};
use super::parse;
use super::SqliteGrammar;
use crate::connection::MigrationConnection;
use crate::schema::blueprint::Blueprint;
use crate::schema::column::ColumnDefinition;
use crate::schema::command::{Command, ForeignKeyDefinition, IndexDefinition, IndexKind};
use crate::{Error, Result};

/// Whether a command may need the table's current shape (a rebuild, or an index rename).
fn may_need_shape(command: &Command) -> bool {
    match command {
        Command::ChangeColumns
        | Command::DropColumns(_)
        | Command::Foreign(_)
        | Command::DropForeign(_)
        | Command::RenameIndex { .. } => true,
        Command::Index(index) => index.kind == IndexKind::Primary,
        Command::DropIndex { kind, .. } => *kind == IndexKind::Primary,
        _ => false,
    }
}

/// Whether a command needs the whole table rebuilt.
fn needs_rebuild(command: &Command, shape: &Shape) -> bool {
    match command {
        Command::DropColumns(columns) => columns.iter().any(|c| shape.is_keyed(c)),
        Command::RenameIndex { .. } => false,
        other => may_need_shape(other),
    }
}

/// Whether `blueprint` adds an auto-increment column or a stored generated one: SQLite cannot
/// add a `PRIMARY KEY` or `STORED` column in place, so the table is rebuilt with it (every row
/// kept, numbered in rowid order).
fn adds_auto_increment(blueprint: &Blueprint) -> bool {
    blueprint.columns().iter().any(|c| {
        !c.change
            && (c.auto_increment
                || matches!(c.generation(), Some(crate::schema::Generation::Stored(_))))
    })
}

/// Whether compiling `blueprint` reads the table's current shape from the database.
pub(super) fn reads_shape(blueprint: &Blueprint) -> bool {
    !blueprint.creating()
        && (adds_auto_increment(blueprint) || blueprint.commands().iter().any(may_need_shape))
}

/// The statements for `blueprint`, or `None` when [`Grammar::compile`] can apply it in place.
pub(super) fn compile(
    grammar: &SqliteGrammar,
    blueprint: &Blueprint,
    connection: &mut dyn MigrationConnection,
) -> Result<Option<Vec<String>>> {
    if !reads_shape(blueprint) {
        return Ok(None);
    }
    let commands = blueprint.commands();
    // Without the table there is nothing to rebuild: the in-place SQL and its errors apply.
    let Some(shape) = introspect::read(connection, blueprint.table_name())? else {
        return Ok(None);
    };
    if adds_auto_increment(blueprint) || commands.iter().any(|c| needs_rebuild(c, &shape)) {
        if let Some(column) = blueprint
            .columns()
            .iter()
            .find(|c| c.starting_value.is_some())
        {
            return Err(grammar.unsupported(format!(
                "a starting value for the column `{}` added to the existing table `{}`",
                column.name(),
                blueprint.table_name()
            )));
        }
        return Rebuild::new(grammar, blueprint, &shape)?
            .apply(&commands)?
            .statements()
            .map(Some);
    }
    // Only index renames need the shape: drop and recreate the index under its new name.
    let mut statements = Vec::new();
    for command in &commands {
        match command {
            Command::RenameIndex { from, to } => {
                let index = shape
                    .indexes
                    .iter()
                    .find(|i| i.name.eq_ignore_ascii_case(from))
                    .ok_or_else(|| no_index(&shape.name, from))?;
                let sql = index.sql.as_deref().ok_or_else(|| constraint_index(from))?;
                statements.push(format!("drop index {}", grammar.wrap(&index.name)?));
                statements.push(rename_index_sql(grammar, sql, to)?);
            }
            other => statements.extend(grammar.compile_command(blueprint, other)?),
        }
    }
    Ok(Some(statements))
}

fn no_index(table: &str, name: &str) -> Error {
    Error::Schema(format!("table `{table}` has no index named `{name}`"))
}

fn constraint_index(name: &str) -> Error {
    Error::Schema(format!(
        "index `{name}` belongs to a UNIQUE or PRIMARY KEY constraint of its table, so it has no \
         name of its own to change"
    ))
}

/// `sql` (a `CREATE INDEX`) with the index named `to`.
fn rename_index_sql(grammar: &SqliteGrammar, sql: &str, to: &str) -> Result<String> {
    let (start, end) = parse::index_name_range(sql)?;
    Ok(format!(
        "{}{}{}",
        &sql[..start],
        grammar.wrap(to)?,
        &sql[end..]
    ))
}

/// One column of the new table.
#[derive(Debug)]
struct Column {
    name: String,
    sql: String,
    /// Whether its values are copied from the old table (it exists there and is not generated).
    copy: bool,
}

/// The new table, built from the old one's shape by applying the Blueprint's commands.
struct Rebuild<'a> {
    grammar: &'a SqliteGrammar,
    blueprint: &'a Blueprint,
    shape: &'a Shape,
    /// The byte range of the name in the old `CREATE TABLE`, and what follows its body.
    name_range: (usize, usize),
    options: String,
    columns: Vec<Column>,
    /// Table constraints, verbatim or compiled.
    constraints: Vec<String>,
    /// Indexes to create after the rebuild: (name, sql).
    indexes: Vec<(String, String)>,
    /// Statements that run after the rebuild (column and table renames).
    after: Vec<String>,
}

impl<'a> Rebuild<'a> {
    fn new(grammar: &'a SqliteGrammar, blueprint: &'a Blueprint, shape: &'a Shape) -> Result<Self> {
        let create = parse::create_table(&shape.sql)?;
        let mut columns = Vec::new();
        let mut constraints = Vec::new();
        for item in create.items {
            match item.column {
                Some(name) => {
                    let generated = shape
                        .columns
                        .iter()
                        .any(|(c, generated)| *generated && c.eq_ignore_ascii_case(&name));
                    columns.push(Column {
                        name,
                        sql: item.sql,
                        copy: !generated,
                    });
                }
                None => constraints.push(item.sql),
            }
        }
        let indexes = shape
            .indexes
            .iter()
            .filter_map(|i| Some((i.name.clone(), i.sql.clone()?)))
            .collect();
        Ok(Rebuild {
            grammar,
            blueprint,
            shape,
            name_range: create.name,
            options: create.options,
            columns,
            constraints,
            indexes,
            after: Vec::new(),
        })
    }

    fn table(&self) -> &str {
        &self.shape.name
    }

    fn column_position(&self, name: &str) -> Result<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::Schema(format!("table `{}` has no column `{name}`", self.table()))
            })
    }

    fn apply(mut self, commands: &[Command]) -> Result<Self> {
        let table = self.blueprint.table_name();
        for command in commands {
            match command {
                Command::AddColumns => {
                    for column in self.blueprint.columns().iter().filter(|c| !c.change) {
                        self.add_column(column)?;
                    }
                }
                Command::ChangeColumns => {
                    for column in self.blueprint.columns().iter().filter(|c| c.change) {
                        let at = self.column_position(&column.name)?;
                        self.columns[at].sql = self.grammar.column_sql(column)?;
                    }
                }
                Command::DropColumns(columns) => {
                    for column in columns {
                        self.drop_column(column)?;
                    }
                }
                Command::Index(index) if index.kind == IndexKind::Primary => {
                    self.add_primary(index)?;
                }
                Command::Index(index) => {
                    let sql = self.grammar.compile_index(table, index)?;
                    for statement in sql {
                        self.indexes.push((index.name.clone(), statement));
                    }
                }
                Command::DropIndex {
                    kind: IndexKind::Primary,
                    ..
                } => self.drop_primary()?,
                Command::DropIndex { kind, name } => self.drop_index(*kind, name)?,
                Command::RenameIndex { from, to } => {
                    let index = self
                        .indexes
                        .iter_mut()
                        .find(|(n, _)| n.eq_ignore_ascii_case(from));
                    let Some(index) = index else {
                        return Err(match self.shape.indexes.iter().any(|i| i.name == *from) {
                            true => constraint_index(from),
                            false => no_index(self.table(), from),
                        });
                    };
                    index.1 = rename_index_sql(self.grammar, &index.1, to)?;
                    index.0.clone_from(to);
                }
                Command::Foreign(foreign) => self.add_foreign(foreign)?,
                Command::DropForeign(name) => self.drop_foreign(name)?,
                other => {
                    let sql = self.grammar.compile_command(self.blueprint, other)?;
                    self.after.extend(sql);
                }
            }
        }
        Ok(self)
    }

    fn add_column(&mut self, column: &ColumnDefinition) -> Result<()> {
        if self.column_position(&column.name).is_ok() {
            return Err(Error::Schema(format!(
                "table `{}` already has a column `{}`",
                self.table(),
                column.name
            )));
        }
        if column.auto_increment {
            if let Some(existing) = self.primary_key() {
                return Err(Error::Schema(format!(
                    "cannot add the auto-increment column `{}`: table `{}` already has a primary \
                     key ({}); drop it first with drop_primary()",
                    column.name,
                    self.table(),
                    existing.join(", ")
                )));
            }
        }
        self.columns.push(Column {
            name: column.name.clone(),
            sql: self.grammar.column_sql(column)?,
            copy: false,
        });
        Ok(())
    }

    /// Drops a column with the indexes, keys and foreign keys over it.
    fn drop_column(&mut self, name: &str) -> Result<()> {
        let at = self.column_position(name)?;
        if self.shape.is_referenced(name) {
            let children = self.shape.child_tables().join("`, `");
            return Err(Error::Schema(format!(
                "cannot drop column `{name}` of `{}`: a foreign key of `{children}` references it \
                 (drop that foreign key first)",
                self.table()
            )));
        }
        if let Some(dependent) = self.shape.dependent_on(name) {
            return Err(Error::Schema(format!(
                "cannot drop column `{name}` of `{}`: {dependent} uses it (drop or change it \
                 first, in this migration)",
                self.table()
            )));
        }
        self.columns.remove(at);
        self.constraints.retain(|sql| {
            let (keyword, _) = parse::constraint_head(sql);
            let keyed = matches!(keyword.as_str(), "primary" | "unique" | "foreign");
            !(keyed
                && parse::constraint_columns(sql)
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(name)))
        });
        self.indexes
            .retain(|(_, sql)| !parse::index_mentions(sql, name));
        Ok(())
    }

    /// The columns of the new table's primary key, if it has one.
    fn primary_key(&self) -> Option<Vec<String>> {
        for sql in &self.constraints {
            if parse::constraint_head(sql).0 == "primary" {
                return Some(parse::constraint_columns(sql));
            }
        }
        self.columns
            .iter()
            .find(|c| {
                parse::column_constraints(&c.sql)
                    .iter()
                    .any(|(k, _, _)| k == "primary")
            })
            .map(|c| vec![c.name.clone()])
    }

    fn add_primary(&mut self, index: &IndexDefinition) -> Result<()> {
        match self.primary_key() {
            Some(existing)
                if existing.len() == index.columns.len()
                    && existing
                        .iter()
                        .zip(&index.columns)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b)) =>
            {
                Ok(())
            }
            Some(existing) => Err(Error::Schema(format!(
                "table `{}` already has a primary key ({}); drop it first with drop_primary()",
                self.table(),
                existing.join(", ")
            ))),
            None => {
                let sql = self.grammar.primary_key_constraint(index)?;
                self.constraints.push(sql);
                self.make_not_null(&index.columns)
            }
        }
    }

    /// Declares `columns` `NOT NULL`, as PostgreSQL and MySQL make a primary key's columns
    /// (SQLite lets a key that is not an `INTEGER PRIMARY KEY` hold NULL otherwise), and keep
    /// them after the key is dropped.
    fn make_not_null(&mut self, columns: &[String]) -> Result<()> {
        for name in columns {
            let at = self.column_position(name)?;
            let column = &mut self.columns[at];
            let constraints = parse::column_constraints(&column.sql);
            if constraints.iter().any(|(keyword, _, _)| keyword == "not") {
                continue;
            }
            let nullable = parse::strip_column_constraint(&column.sql, "null");
            column.sql = format!("{nullable} not null");
        }
        Ok(())
    }

    fn drop_primary(&mut self) -> Result<()> {
        if let Some(columns) = self.primary_key() {
            self.make_not_null(&columns)?;
        }
        let before = self.constraints.len();
        self.constraints
            .retain(|sql| parse::constraint_head(sql).0 != "primary");
        let mut found = before != self.constraints.len();
        for column in &mut self.columns {
            let stripped = parse::strip_column_constraint(&column.sql, "primary");
            if stripped != column.sql {
                column.sql = stripped;
                found = true;
            }
        }
        if !found {
            return Err(Error::Schema(format!(
                "table `{}` has no primary key to drop",
                self.table()
            )));
        }
        Ok(())
    }

    fn drop_index(&mut self, kind: IndexKind, name: &str) -> Result<()> {
        let before = self.indexes.len();
        self.indexes.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if before != self.indexes.len() {
            return Ok(());
        }
        match self
            .shape
            .indexes
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name))
        {
            // Already gone with a dropped column.
            Some(index) if index.sql.is_some() => Ok(()),
            Some(_) => Err(constraint_index(name)),
            None => {
                let table = self.blueprint.table_name();
                let sql = self.grammar.compile_drop_index(table, kind, name)?;
                self.after.extend(sql);
                Ok(())
            }
        }
    }

    fn add_foreign(&mut self, foreign: &ForeignKeyDefinition) -> Result<()> {
        let sql = self.grammar.foreign_key_constraint(foreign)?;
        self.constraints.push(sql);
        Ok(())
    }

    /// Drops a foreign key by its `CONSTRAINT` name, or by the conventional name
    /// `<table>_<columns>_foreign` of an unnamed one (SQLite keeps no other names).
    fn drop_foreign(&mut self, name: &str) -> Result<()> {
        let conventional = |columns: &[String]| self.blueprint.index_name("foreign", columns);
        let matches = |explicit: Option<String>, columns: &[String]| {
            explicit
                .unwrap_or_else(|| conventional(columns))
                .eq_ignore_ascii_case(name)
        };
        let before = self.constraints.len();
        self.constraints.retain(|sql| {
            let (keyword, explicit) = parse::constraint_head(sql);
            !(keyword == "foreign" && matches(explicit, &parse::constraint_columns(sql)))
        });
        let mut found = before != self.constraints.len();
        for column in &mut self.columns {
            for (keyword, start, end) in parse::column_constraints(&column.sql) {
                let (_, explicit) = parse::constraint_head(&column.sql[start..end]);
                if keyword == "references" && matches(explicit, std::slice::from_ref(&column.name))
                {
                    let sql = &column.sql;
                    column.sql = format!("{} {}", sql[..start].trim_end(), &sql[end..])
                        .trim()
                        .to_owned();
                    found = true;
                    break;
                }
            }
        }
        if !found {
            return Err(Error::Schema(format!(
                "table `{}` has no foreign key named `{name}` (unnamed foreign keys are named \
                 `<table>_<columns>_foreign`)",
                self.table()
            )));
        }
        Ok(())
    }

    /// The rebuild, in order.
    fn statements(self) -> Result<Vec<String>> {
        let g = self.grammar;
        let shape = self.shape;
        let table = shape.name.as_str();
        let new_name = format!("__migrate_new_{table}");
        let (old, new) = (g.wrap(table)?, g.wrap(&new_name)?);
        let mut out = Vec::new();

        // 1. The new table.
        let mut parts: Vec<&str> = self.columns.iter().map(|c| c.sql.as_str()).collect();
        parts.extend(self.constraints.iter().map(String::as_str));
        if self.columns.is_empty() {
            return Err(Error::Schema(format!(
                "table `{table}` would have no column left"
            )));
        }
        out.push(format!(
            "create table {new} ({}){}",
            parts.join(", "),
            self.options
        ));

        // 2. Its rows.
        let copied: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.copy)
            .map(|c| c.name.clone())
            .collect();
        if !copied.is_empty() {
            let columns = g.columnize(&copied)?;
            out.push(format!(
                "insert into {new} ({columns}) select {columns} from {old}"
            ));
        }

        // 3. The AUTOINCREMENT sequence.
        let autoincrement = parts.iter().any(|p| parse::has_keyword(p, "autoincrement"));
        if autoincrement {
            out.push(format!(
                "delete from sqlite_sequence where name = {}",
                g.quote_string(&new_name)?
            ));
            out.push(format!(
                "update sqlite_sequence set name = {} where name = {}",
                g.quote_string(&new_name)?,
                g.quote_string(table)?
            ));
        } else if parse::has_keyword(&shape.sql, "autoincrement") {
            out.push(format!(
                "delete from sqlite_sequence where name = {}",
                g.quote_string(table)?
            ));
        }

        // 4. Drop the old table (detached first if dropping it would cascade), rename the new.
        // A new table whose foreign key references the table's own name is such a child: the
        // old table's rows are its parents until the rename.
        let references_itself = parts.iter().any(|p| parse::references_table(p, table));
        if shape.foreign_keys_enforced && (!shape.children.is_empty() || references_itself) {
            for index in shape.indexes.iter().filter(|i| i.sql.is_some()) {
                out.push(format!("drop index {}", g.wrap(&index.name)?));
            }
            for (trigger, _) in &shape.triggers {
                out.push(format!("drop trigger {}", g.wrap(trigger)?));
            }
            let detached = format!("__migrate_old_{table}");
            let (start, end) = self.name_range;
            let detached_sql = format!(
                "{}{}{}",
                &shape.sql[..start],
                g.wrap(&detached)?,
                &shape.sql[end..]
            );
            out.push("pragma writable_schema = on".into());
            out.push(format!(
                "update sqlite_master set tbl_name = {d}, \
                 name = case when type = 'table' then {d} \
                 else 'sqlite_autoindex_' || {d} || substr(name, {n}) end, \
                 sql = case when type = 'table' then {sql} else sql end \
                 where tbl_name = {t} and type in ('table', 'index')",
                d = g.quote_string(&detached)?,
                n = table.chars().count() + 18,
                sql = g.quote_string(&detached_sql)?,
                t = g.quote_string(table)?,
            ));
            out.push("pragma writable_schema = reset".into());
            out.push(format!("drop table {}", g.wrap(&detached)?));
        } else {
            out.push(format!("drop table {old}"));
        }
        if !shape.legacy_alter_table {
            out.push("pragma legacy_alter_table = on".into());
        }
        out.push(format!("alter table {new} rename to {old}"));
        if !shape.legacy_alter_table {
            out.push("pragma legacy_alter_table = off".into());
        }

        // 5. Indexes and triggers.
        out.extend(self.indexes.into_iter().map(|(_, sql)| sql));
        out.extend(shape.triggers.iter().map(|(_, sql)| sql.clone()));

        // 6. No foreign key of the table, or into it, may be violated.
        let check = g.wrap("__migrate_foreign_key_check")?;
        let violations = g.wrap("violations")?;
        let mut tables = vec![table];
        tables.extend(shape.child_tables());
        let counts: Result<Vec<String>> = tables
            .iter()
            .map(|t| {
                Ok(format!(
                    "(select count(*) from pragma_foreign_key_check({}))",
                    g.quote_string(t)?
                ))
            })
            .collect();
        out.push(format!(
            "create temp table {check} ({violations} integer not null constraint {} check ({violations} = 0))",
            g.wrap(&format!("foreign keys violated after rebuilding {table}"))?
        ));
        out.push(format!(
            "insert into temp.{check} ({violations}) select {}",
            counts?.join(" + ")
        ));
        out.push(format!("drop table temp.{check}"));

        out.extend(self.after);
        Ok(out)
    }
}

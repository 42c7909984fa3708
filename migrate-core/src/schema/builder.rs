//! The Schema builder: what a migration function receives.

use std::any::Any;

use super::blueprint::Blueprint;
use super::command::Command;
use super::grammar::{Dialect, Grammar};
use crate::connection::MigrationConnection;
use crate::{Error, Result};

/// The entry point of a migration: creates, alters and drops tables on one connection.
///
/// Each call compiles a [`Blueprint`] with the connection's grammar and executes the SQL at
/// once (or, when pretending, only records it). Every statement is kept, so a failure can say
/// what ran.
///
/// ```
/// use migrate_core::prelude::*;
///
/// fn up(s: &mut Schema) -> Result<()> {
///     s.create("users", |t| {
///         t.increments("id");
///         t.string("email", 255).unique();
///         t.timestamps();
///     })
/// }
/// # let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(":memory:").unwrap();
/// # let mut schema = Schema::new(&mut conn);
/// # up(&mut schema).unwrap();
/// # assert!(schema.has_table("users").unwrap());
/// ```
pub struct Schema<'c> {
    connection: &'c mut dyn MigrationConnection,
    grammar: &'static dyn Grammar,
    pretend: bool,
    statements: Vec<String>,
}

impl std::fmt::Debug for Schema<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("dialect", &self.dialect())
            .field("pretend", &self.pretend)
            .field("statements", &self.statements)
            .finish()
    }
}

impl<'c> Schema<'c> {
    /// A Schema that executes on `connection`.
    pub fn new(connection: &'c mut dyn MigrationConnection) -> Self {
        let grammar = connection.dialect().grammar();
        Schema {
            connection,
            grammar,
            pretend: false,
            statements: Vec::new(),
        }
    }

    /// A Schema that only records the SQL it would run (queries such as
    /// [`Schema::has_table`] still read the database).
    pub fn pretending(connection: &'c mut dyn MigrationConnection) -> Self {
        let mut schema = Schema::new(connection);
        schema.pretend = true;
        schema
    }

    /// The dialect of the connection.
    pub fn dialect(&self) -> Dialect {
        self.grammar.dialect()
    }

    /// Whether statements are only recorded, not executed.
    pub fn is_pretending(&self) -> bool {
        self.pretend
    }

    /// Every statement executed (or recorded) so far, in order.
    pub fn statements(&self) -> &[String] {
        &self.statements
    }

    pub(crate) fn into_statements(self) -> Vec<String> {
        self.statements
    }

    /// Creates a table.
    pub fn create(&mut self, table: &str, build: impl FnOnce(&mut Blueprint)) -> Result<()> {
        let mut blueprint = Blueprint::create(table);
        build(&mut blueprint);
        self.build(&blueprint)
    }

    /// Alters an existing table: adds columns, indexes and keys, drops or renames them.
    pub fn table(&mut self, table: &str, build: impl FnOnce(&mut Blueprint)) -> Result<()> {
        let mut blueprint = Blueprint::alter(table);
        build(&mut blueprint);
        self.build(&blueprint)
    }

    /// Drops a table.
    pub fn drop(&mut self, table: &str) -> Result<()> {
        self.command(table, Command::Drop)
    }

    /// Drops a table if it exists.
    pub fn drop_if_exists(&mut self, table: &str) -> Result<()> {
        self.command(table, Command::DropIfExists)
    }

    /// Renames a table.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        self.command(from, Command::Rename(to.to_owned()))
    }

    /// Whether a table exists.
    pub fn has_table(&mut self, table: &str) -> Result<bool> {
        let sql = self.grammar.has_table_sql();
        let rows = self
            .connection
            .load_text(&sql, &[table])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(!rows.is_empty())
    }

    /// Whether a table has a column.
    pub fn has_column(&mut self, table: &str, column: &str) -> Result<bool> {
        let sql = self.grammar.has_column_sql();
        let rows = self
            .connection
            .load_text(&sql, &[table, column])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(!rows.is_empty())
    }

    /// Whether a table has an index (or unique index) of that name.
    pub fn has_index(&mut self, table: &str, index: &str) -> Result<bool> {
        let sql = self.grammar.has_index_sql();
        let rows = self
            .connection
            .load_text(&sql, &[table, index])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(!rows.is_empty())
    }

    /// Drops every table of the database (or of the current schema on PostgreSQL), the
    /// repository table included: what `fresh` does before running every migration.
    pub fn drop_all_tables(&mut self) -> Result<()> {
        for statement in self.grammar.compile_drop_all_tables(self.connection)? {
            self.execute(statement)?;
        }
        Ok(())
    }

    /// Runs SQL written by hand: the explicit escape hatch for what the builder cannot say.
    ///
    /// The text is executed verbatim; never build it from user input.
    pub fn raw(&mut self, sql: &str) -> Result<()> {
        self.execute(sql.to_owned())
    }

    /// Executes a Blueprint built by hand.
    pub fn build(&mut self, blueprint: &Blueprint) -> Result<()> {
        let statements = match self.grammar.compile_rebuild(blueprint, self.connection)? {
            Some(statements) => statements,
            None => self.grammar.compile(blueprint)?,
        };
        for statement in statements {
            self.execute(statement)?;
        }
        Ok(())
    }

    /// The concrete diesel connection, for data migrations:
    /// `s.connection::<SqliteConnection>()`. `None` if the connection is of another type.
    pub fn connection<C: Any>(&mut self) -> Option<&mut C> {
        self.connection.as_any_mut().downcast_mut::<C>()
    }

    /// The connection as a [`MigrationConnection`], whatever its type.
    pub fn migration_connection(&mut self) -> &mut dyn MigrationConnection {
        self.connection
    }

    fn command(&mut self, table: &str, command: Command) -> Result<()> {
        let mut blueprint = Blueprint::alter(table);
        blueprint.push(command);
        self.build(&blueprint)
    }

    fn execute(&mut self, sql: String) -> Result<()> {
        if !self.pretend {
            if let Err(source) = self.connection.batch_execute(&sql) {
                return Err(Error::Database { sql, source });
            }
        }
        self.statements.push(sql);
        Ok(())
    }
}

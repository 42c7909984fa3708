//! The Schema builder: what a migration function receives.

use std::any::Any;
use std::panic::Location;

use super::batch::{Batch, Ending, Opening};
use super::blueprint::Blueprint;
use super::command::Command;
use super::grammar::{Dialect, Grammar};
use super::table_name;
use crate::connection::MigrationConnection;
use crate::lint::journal::{Journal, Step};
use crate::model::{data_step, raw_sql, ModelConnection, Recorder, SchemaModel};
use crate::{Error, Result};

/// The entry point of a migration: creates, alters and drops tables on one connection.
///
/// Each call compiles a [`Blueprint`] with the connection's grammar and executes the SQL at
/// once (or, when pretending, only records it). Every statement is kept, so a failure can say
/// what ran. In a migration that runs in a transaction on a server database (PostgreSQL), the
/// Migrator's Schema sends the statements in batches instead: before each read of the database ([`Schema::has_table`],
/// a rebuild) or hand-out of the connection, and when the function returns. A failing
/// statement then fails the migration when its batch is sent, with the same error.
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
    target: Target<'c>,
    grammar: &'static dyn Grammar,
    statements: Vec<String>,
    /// Executing on a copy of the database for a pretend run: it says it is pretending, so
    /// that a data step with effects outside the database can skip itself.
    rehearsing: bool,
    /// Statements wait here to be sent together, in a transactional migration.
    batch: Option<Batch>,
    /// A batch that failed where no error could be returned (handing out the connection).
    failed: Option<Error>,
    /// While replaying a `change` migration to derive its down: what undoes each step.
    recorder: Option<Recorder>,
}

/// What a Schema works on: a database, or a model that records what the migrations describe.
enum Target<'c> {
    /// Statements execute on the connection (or, when pretending, are only recorded).
    Connection {
        connection: &'c mut dyn MigrationConnection,
        pretend: bool,
    },
    /// Blueprints apply to the model; there is no database (see [`Schema::replaying`]).
    Model {
        model: &'c mut SchemaModel,
        connection: ModelConnection,
        /// What the migration did, for the linter (see [`Schema::recording`]).
        journal: Option<&'c mut Journal>,
    },
}

impl std::fmt::Debug for Schema<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("dialect", &self.dialect())
            .field("pretend", &self.is_pretending())
            .field("replaying", &matches!(self.target, Target::Model { .. }))
            .field("statements", &self.statements)
            .finish()
    }
}

impl<'c> Schema<'c> {
    /// A Schema that executes on `connection`.
    pub fn new(connection: &'c mut dyn MigrationConnection) -> Self {
        let grammar = connection.dialect().grammar();
        Schema {
            target: Target::Connection {
                connection,
                pretend: false,
            },
            grammar,
            statements: Vec::new(),
            batch: None,
            failed: None,
            rehearsing: false,
            recorder: None,
        }
    }

    /// A Schema that queues statements and sends them in batches: when the database is read
    /// or the connection handed out, and at [`Schema::finish`]. `opening` begins the
    /// transaction with the first batch. For migrations that run in a transaction, where a
    /// failure undoes everything anyway.
    pub(crate) fn batched(
        connection: &'c mut dyn MigrationConnection,
        opening: Option<Opening>,
    ) -> Self {
        let mut schema = Schema::new(connection);
        schema.batch = Some(Batch::new(opening));
        schema
    }

    /// Ends a batched migration whose function returned `ran`: sends what is queued (and the
    /// opening, if not sent yet). A batch that failed while the connection was handed out is
    /// the error, even when the function then failed too: its later errors ("transaction
    /// aborted") only follow from it.
    pub(crate) fn finish(&mut self, ran: Result<()>) -> Result<()> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        ran?;
        self.flush()
    }

    /// [`Schema::finish`], letting the last batch record the migration (`closing`) and
    /// commit when it is the only one: see [`Batch::send_last`].
    pub(crate) fn finish_committing(&mut self, ran: Result<()>, closing: &str) -> Result<Ending> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        ran?;
        match self.batching() {
            Some((connection, batch, statements)) => {
                batch.send_last(connection, statements, closing)
            }
            None => Ok(Ending::Open),
        }
    }

    /// The connection, batch and statements of a batched Schema that executes.
    fn batching(&mut self) -> Option<(&mut dyn MigrationConnection, &mut Batch, &[String])> {
        match (&mut self.target, &mut self.batch) {
            (
                Target::Connection {
                    connection,
                    pretend: false,
                },
                Some(batch),
            ) => Some((&mut **connection, batch, &self.statements)),
            _ => None,
        }
    }

    /// Sends the queued statements, before the database is read or handed out.
    fn flush(&mut self) -> Result<()> {
        match self.batching() {
            Some((connection, batch, statements)) => batch.send(connection, statements),
            None => Ok(()),
        }
    }

    /// [`Schema::flush`] where no error can be returned: kept for [`Schema::finish`].
    fn flush_or_keep_error(&mut self) {
        if let Err(error) = self.flush() {
            self.failed.get_or_insert(error);
        }
    }

    /// A Schema without a database that applies every Blueprint to `model` instead: what
    /// [`crate::Migrator::schema_model`] runs migrations on. Queries such as
    /// [`Schema::has_table`] answer from the model, [`Schema::raw`] marks what it touches
    /// opaque, and [`Schema::connection`] is `None`.
    pub(crate) fn replaying(model: &'c mut SchemaModel, dialect: Dialect) -> Self {
        Schema {
            target: Target::Model {
                model,
                connection: ModelConnection(dialect),
                journal: None,
            },
            grammar: dialect.grammar(),
            statements: Vec::new(),
            batch: None,
            failed: None,
            rehearsing: false,
            recorder: None,
        }
    }

    /// [`Schema::replaying`] a `change` migration: each step is also inverted against the
    /// model as it was before it; [`Schema::into_recorder`] gives what undoes them.
    pub(crate) fn recording(model: &'c mut SchemaModel, dialect: Dialect) -> Self {
        let mut schema = Schema::replaying(model, dialect);
        schema.recorder = Some(Recorder::default());
        schema
    }

    /// What [`Schema::recording`] recorded.
    pub(crate) fn into_recorder(self) -> Option<Recorder> {
        self.recorder
    }

    /// Tells the recorder, if any, of a step that cannot be inverted.
    fn refuse(&mut self, what: impl FnOnce() -> String) {
        if let Some(recorder) = &mut self.recorder {
            recorder.refuse(what());
        }
    }

    /// [`Schema::replaying`], also writing down in `journal` each step the migration takes,
    /// with the table each Blueprint finds: what the linter reads.
    pub(crate) fn journaling(
        model: &'c mut SchemaModel,
        dialect: Dialect,
        journal: &'c mut Journal,
    ) -> Self {
        let mut schema = Schema::replaying(model, dialect);
        if let Target::Model { journal: slot, .. } = &mut schema.target {
            *slot = Some(journal);
        }
        schema
    }

    /// A Schema that only records the SQL it would run (queries such as
    /// [`Schema::has_table`] still read the database).
    pub fn pretending(connection: &'c mut dyn MigrationConnection) -> Self {
        let mut schema = Schema::new(connection);
        if let Target::Connection { pretend, .. } = &mut schema.target {
            *pretend = true;
        }
        schema
    }

    /// The dialect of the connection.
    pub fn dialect(&self) -> Dialect {
        self.grammar.dialect()
    }

    /// Whether statements are only recorded, not executed (also while replaying into a
    /// model, where nothing executes).
    pub fn is_pretending(&self) -> bool {
        match self.target {
            Target::Connection { pretend, .. } => pretend || self.rehearsing,
            Target::Model { .. } => true,
        }
    }

    /// Marks a Schema that executes on a copy of the database for a pretend run.
    pub(crate) fn mark_rehearsing(&mut self) {
        self.rehearsing = true;
    }

    /// Every statement executed (or recorded, or queued to be sent) so far, in order.
    pub fn statements(&self) -> &[String] {
        &self.statements
    }

    pub(crate) fn into_statements(self) -> Vec<String> {
        self.statements
    }

    /// Creates a table.
    #[track_caller]
    pub fn create(&mut self, table: &str, build: impl FnOnce(&mut Blueprint)) -> Result<()> {
        let mut blueprint = Blueprint::create(table);
        build(&mut blueprint);
        self.build(&blueprint)
    }

    /// Alters an existing table: adds columns, indexes and keys, drops or renames them.
    #[track_caller]
    pub fn table(&mut self, table: &str, build: impl FnOnce(&mut Blueprint)) -> Result<()> {
        let mut blueprint = Blueprint::alter(table);
        build(&mut blueprint);
        self.build(&blueprint)
    }

    /// Drops a table.
    #[track_caller]
    pub fn drop(&mut self, table: &str) -> Result<()> {
        self.command(table, Command::Drop)
    }

    /// Drops a table if it exists.
    #[track_caller]
    pub fn drop_if_exists(&mut self, table: &str) -> Result<()> {
        self.command(table, Command::DropIfExists)
    }

    /// Renames a table.
    #[track_caller]
    pub fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        let to = table_name::resolve(self.dialect(), to, "rename")?;
        self.command(from, Command::Rename(to))
    }

    /// Checks the existing rows of `table` against the foreign key `name`, added with
    /// `.not_valid()`: `ALTER TABLE ... VALIDATE CONSTRAINT` (PostgreSQL), which lets reads
    /// and writes go on while it reads the table. Refused on the other dialects.
    #[track_caller]
    pub fn validate_foreign(&mut self, table: &str, name: &str) -> Result<()> {
        self.command(table, Command::ValidateConstraint(name.to_owned()))
    }

    /// Checks the existing rows of `table` against the check constraint `name`, added with
    /// `.not_valid()` (PostgreSQL), as [`Schema::validate_foreign`].
    #[track_caller]
    pub fn validate_check(&mut self, table: &str, name: &str) -> Result<()> {
        self.command(table, Command::ValidateConstraint(name.to_owned()))
    }

    /// Whether a table exists.
    pub fn has_table(&mut self, table: &str) -> Result<bool> {
        let table = &table_name::resolve(self.dialect(), table, "has_table")?;
        self.flush()?;
        let connection = match &mut self.target {
            Target::Connection { connection, .. } => &mut **connection,
            Target::Model { model, .. } => return Ok(model.tables.contains_key(table)),
        };
        let sql = self.grammar.has_table_sql();
        let rows = connection
            .load_text(&sql, &[table])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(!rows.is_empty())
    }

    /// Whether a table has a column.
    pub fn has_column(&mut self, table: &str, column: &str) -> Result<bool> {
        let table = &table_name::resolve(self.dialect(), table, "has_column")?;
        self.flush()?;
        let connection = match &mut self.target {
            Target::Connection { connection, .. } => &mut **connection,
            Target::Model { model, .. } => {
                return Ok(model
                    .table(table)
                    .is_some_and(|t| t.column(column).is_some()))
            }
        };
        let sql = self.grammar.has_column_sql();
        let rows = connection
            .load_text(&sql, &[table, column])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(!rows.is_empty())
    }

    /// Whether a table has an index (or unique index) of that name.
    pub fn has_index(&mut self, table: &str, index: &str) -> Result<bool> {
        let table = &table_name::resolve(self.dialect(), table, "has_index")?;
        self.flush()?;
        let connection = match &mut self.target {
            Target::Connection { connection, .. } => &mut **connection,
            Target::Model { model, .. } => {
                return Ok(model
                    .table(table)
                    .is_some_and(|t| t.indexes.contains_key(index)))
            }
        };
        let sql = self.grammar.has_index_sql();
        let rows = connection
            .load_text(&sql, &[table, index])
            .map_err(|source| Error::Database { sql, source })?;
        Ok(!rows.is_empty())
    }

    /// Drops every table of the database (or of the current schema on PostgreSQL), the
    /// repository table included: what `fresh` does before running every migration.
    pub fn drop_all_tables(&mut self) -> Result<()> {
        self.refuse(|| "`drop_all_tables()` cannot be undone".to_owned());
        self.flush()?;
        let connection = match &mut self.target {
            Target::Connection { connection, .. } => &mut **connection,
            Target::Model { model, .. } => {
                model.tables.clear();
                return Ok(());
            }
        };
        for statement in self.grammar.compile_drop_all_tables(connection)? {
            self.execute(statement)?;
        }
        Ok(())
    }

    /// Runs SQL written by hand: the explicit escape hatch for what the builder cannot say.
    ///
    /// The text is executed verbatim; never build it from user input.
    #[track_caller]
    pub fn raw(&mut self, sql: &str) -> Result<()> {
        self.refuse(|| raw_sql(sql));
        if let Target::Model { model, journal, .. } = &mut self.target {
            if let Some(journal) = journal {
                let site = Location::caller();
                journal.steps.push(Step::Raw {
                    sql: sql.to_owned(),
                    site,
                });
            }
            model.apply_raw(sql);
            return Ok(());
        }
        self.execute(sql.to_owned())
    }

    /// Executes a Blueprint built by hand.
    #[track_caller]
    pub fn build(&mut self, blueprint: &Blueprint) -> Result<()> {
        blueprint.check_table_name(self.dialect())?;
        let prerequisites = match &self.target {
            Target::Connection { .. } => self.grammar.prerequisites(blueprint),
            Target::Model { .. } => Vec::new(),
        };
        if self.grammar.rebuild_reads_schema(blueprint) || !prerequisites.is_empty() {
            self.flush()?;
        }
        let connection = match &mut self.target {
            Target::Connection { connection, .. } => &mut **connection,
            Target::Model { model, journal, .. } => {
                if let Some(recorder) = &mut self.recorder {
                    recorder.record(model, blueprint);
                }
                if let Some(journal) = journal {
                    journal.steps.push(Step::Build {
                        blueprint: Box::new(blueprint.clone()),
                        before: model.table(blueprint.table_name()).cloned(),
                        site: Location::caller(),
                    });
                }
                return model.apply(blueprint);
            }
        };
        if blueprint.is_concurrent() && (self.batch.is_some() || connection.in_transaction()) {
            return Err(Error::Schema(format!(
                "an index on `{}` is built or dropped concurrently inside a transaction, which \
                 the database refuses: mark the migration #[migration(transaction = false)]",
                blueprint.table_name()
            )));
        }
        for prerequisite in prerequisites {
            let rows = connection
                .load_text(&prerequisite.query, &[])
                .map_err(|source| Error::Database {
                    sql: prerequisite.query.clone(),
                    source,
                })?;
            if rows.is_empty() {
                return Err(prerequisite.refusal);
            }
        }
        let mut statements = compile(self.grammar, blueprint, connection)?;
        if let Some(grammar) = self.grammar.for_session(&statements, connection)? {
            // The session reads literals differently: write them again for it, and use that
            // grammar for the rest of this Schema.
            self.grammar = grammar;
            statements = compile(grammar, blueprint, connection)?;
        }
        for statement in statements {
            self.execute(statement)?;
        }
        Ok(())
    }

    /// The concrete diesel connection, for data migrations:
    /// `s.connection::<SqliteConnection>()`. `None` if the connection is of another type.
    ///
    /// While replaying into a model there is no database: `None`, and the whole model is
    /// marked opaque, since the data step cannot be followed.
    #[track_caller]
    pub fn connection<C: Any>(&mut self) -> Option<&mut C> {
        self.refuse(|| data_step("connection()"));
        self.flush_or_keep_error();
        match &mut self.target {
            Target::Connection { connection, .. } => connection.as_any_mut().downcast_mut::<C>(),
            Target::Model { model, journal, .. } => {
                model.mark_opaque("a data step asked for the database connection".into());
                if let Some(journal) = journal {
                    let site = Location::caller();
                    journal.steps.push(Step::Data { site });
                }
                None
            }
        }
    }

    /// The connection as a [`MigrationConnection`], whatever its type.
    ///
    /// While replaying into a model, a stand-in whose every statement fails; the whole model
    /// is marked opaque.
    #[track_caller]
    pub fn migration_connection(&mut self) -> &mut dyn MigrationConnection {
        self.refuse(|| data_step("migration_connection()"));
        self.flush_or_keep_error();
        match &mut self.target {
            Target::Connection { connection, .. } => &mut **connection,
            Target::Model {
                model,
                connection,
                journal,
            } => {
                model.mark_opaque("a data step asked for the database connection".into());
                if let Some(journal) = journal {
                    let site = Location::caller();
                    journal.steps.push(Step::Data { site });
                }
                connection
            }
        }
    }

    #[track_caller]
    fn command(&mut self, table: &str, command: Command) -> Result<()> {
        let mut blueprint = Blueprint::alter(table);
        blueprint.push(command);
        self.build(&blueprint)
    }

    fn execute(&mut self, sql: String) -> Result<()> {
        if let Target::Connection {
            connection,
            pretend: false,
        } = &mut self.target
        {
            if self.batch.is_some() {
                self.statements.push(sql);
                return Ok(());
            }
            if let Err(source) = connection.batch_execute(&sql) {
                return Err(Error::Database { sql, source });
            }
        }
        self.statements.push(sql);
        Ok(())
    }
}

/// The statements of a Blueprint: a rebuild where the grammar needs one, else its commands.
/// Online DDL options go straight to the commands: a grammar that rebuilds has none, and
/// refuses them there.
fn compile(
    grammar: &dyn Grammar,
    blueprint: &Blueprint,
    connection: &mut dyn MigrationConnection,
) -> Result<Vec<String>> {
    if !blueprint.online_ddl().is_empty() {
        return grammar.compile(blueprint);
    }
    match grammar.compile_rebuild(blueprint, connection)? {
        Some(statements) => Ok(statements),
        None => grammar.compile(blueprint),
    }
}

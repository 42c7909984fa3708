//! Code-first database migrations for Rust.
//!
//! Write each schema change as a pair of functions annotated with `#[migration]`; they are
//! registered at compile time, ordered by id (the module's name, `m<timestamp>_<name>`), and
//! applied by [`run_pending`] or a configured [`Migrator`] on SQLite, PostgreSQL or MySQL.
//!
//! ```
//! use migrate_core::prelude::*;
//!
//! #[migration(id = "m2026_11_25_140312_create_users")]
//! fn up(s: &mut Schema) -> Result<()> {
//!     s.create("users", |t| {
//!         t.increments("id");
//!         t.string("email", 255).unique();
//!         t.string("name", 100).nullable();
//!         t.timestamps();
//!     })
//! }
//!
//! #[migration(id = "m2026_11_25_140312_create_users")]
//! fn down(s: &mut Schema) -> Result<()> {
//!     s.drop("users")
//! }
//!
//! # fn main() -> migrate_core::Result<()> {
//! let mut conn = migrate_core::AnyConnection::establish("sqlite://:memory:")?;
//! let report = migrate_core::run_pending(&mut conn)?;
//! assert_eq!(report.ids(), ["m2026_11_25_140312_create_users"]);
//! # Ok(())
//! # }
//! ```
//!
//! # A tour
//!
//! - **Builder and DSL**: [`Schema`] and [`Blueprint`] have Laravel's column types,
//!   modifiers and keys; [`schema!`] is the declarative form, checked at compile time. One
//!   grammar per [`Dialect`] writes the SQL: identifiers quoted, every literal meaning its
//!   value under any server setting, a dialect's limits an error naming it.
//! - **No list to keep**: `migrate_build::discover` in `build.rs` compiles in every file of
//!   `src/migrations/`; library crates ship their own, with namespaced ids. `#[migration]`
//!   checks ids and the set at compile time.
//! - **Safe at boot on every instance**: [`run_pending`] and [`Migrator::run`] take a database
//!   lock (also behind PgBouncer in transaction mode), run each migration and its repository
//!   row all or nothing where the dialect allows, mark dirty where it does not, and stop on
//!   drift ([`Error::Drift`]) and missing migrations; [`Migrator::is_current`] is the
//!   readiness probe.
//! - **Pretend and baseline**: [`Migrator::pretend`] shows the exact SQL (rehearsed on a copy
//!   of the schema on SQLite); [`Migrator::fake`] records pending migrations as applied.
//! - **Schema without a database**: [`Migrator::schema_model`] replays the migrations into a
//!   [`SchemaModel`] (DDL, diesel's `schema.rs`); [`Migrator::check`] runs up, down and up on
//!   a scratch database; [`introspect`] reads the same model from a live one.
//! - **The command line**: with the `cli` feature, `cli::main` is the runner behind
//!   `cargo migrate`.
//!
//! The guide (`book/` in the repository) has a chapter on each, every example compiled.
#![warn(missing_docs)]

mod adopt;
#[cfg(feature = "tokio")]
mod asynchronous;
#[cfg(feature = "cli")]
pub mod cli;
mod connection;
mod error;
pub mod lint;
mod migration;
mod migrator;
pub mod model;
mod registry;
mod repository;
pub mod schema;
mod seed;

pub use adopt::{Adopted, Adoption, Tool};
#[cfg(feature = "tokio")]
pub use asynchronous::{run_pending_async, Database};
pub use connection::{AnyConnection, Bind, Entry, MigrationConnection, Record, TextRow};
pub use error::{Action, Error, LockedOut, Origin, PartialFailure, Result, StatementTimedOut};
pub use migrate_macros::migration;
pub use migrate_macros::schema;
pub use migrate_macros::seeder;
pub use migrator::model::{CheckReport, RollbackFailure};
pub use migrator::{
    run_pending, Applied, Direction, Event, GeneratedSquash, MigrationStatus, Migrator, Ran,
    Report, Resolution, Seeded, DEFAULT_COMMIT_WINDOW, DEFAULT_DDL_LOCK_RETRIES,
    DEFAULT_DDL_LOCK_TIMEOUT, DEFAULT_DDL_RETRY_DELAY, DEFAULT_TABLE,
};
pub use model::{introspect, SchemaModel};
pub use registry::{validate_id, Migration};
pub use schema::{Blueprint, Dialect, Schema};
pub use seed::{SeedConnection, Seeder};

/// What a migration file needs: `use migrate_core::prelude::*;`.
pub mod prelude {
    pub use crate::migration;
    pub use crate::schema::{Blueprint, EnumValues, Identity, ReferentialAction, Schema};
    pub use crate::{schema, seeder, Error, Result};
}

/// Not public API: what the macros expand to.
#[doc(hidden)]
pub mod __private {
    pub use crate::__migrate_registration as registration;
    pub use crate::__migrate_submit as submit;
    pub use crate::migration::checks::*;
    pub use crate::migration::{Kind, Library, MigrationFn, Registration};
    pub use crate::schema::enum_values_has_value as has_value;
    pub use crate::seed::{seed_with, SeederRegistration};
    pub use crate::MigrationConnection;
    pub use inventory;

    /// What `schema!` binds each table written as an identifier to: when a `const` of that
    /// name is in scope, the binding is a pattern, and rustc reports at the name that the
    /// const is not what the table is called (`schema!` takes names literally).
    #[allow(non_camel_case_types)]
    pub struct schema_takes_table_names_literally__for_a_const_call_the_builder;
}

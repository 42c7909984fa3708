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
#![warn(missing_docs)]

#[cfg(feature = "cli")]
pub mod cli;
mod connection;
mod error;
mod migration;
mod migrator;
pub mod model;
mod registry;
mod repository;
pub mod schema;

pub use connection::{AnyConnection, Bind, Entry, MigrationConnection, Record, TextRow};
pub use error::{Action, Error, Origin, PartialFailure, Result};
pub use migrate_macros::migration;
pub use migrate_macros::schema;
pub use migrator::model::{CheckReport, RollbackFailure};
pub use migrator::{
    run_pending, Applied, Direction, Event, MigrationStatus, Migrator, Ran, Report, Resolution,
    DEFAULT_COMMIT_WINDOW, DEFAULT_TABLE,
};
pub use model::{introspect, SchemaModel};
pub use registry::{validate_id, Migration};
pub use schema::{Blueprint, Dialect, Schema};

/// What a migration file needs: `use migrate_core::prelude::*;`.
pub mod prelude {
    pub use crate::migration;
    pub use crate::schema::{Blueprint, ReferentialAction, Schema};
    pub use crate::{schema, Error, Result};
}

/// Not public API: what the macros expand to.
#[doc(hidden)]
pub mod __private {
    pub use crate::migration::checks::*;
    pub use crate::migration::{Kind, Library, MigrationFn, Registration};
    pub use inventory;
}

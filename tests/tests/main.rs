//! The workspace's integration tests: one binary, so diesel is linked once.

mod support;

#[cfg(feature = "postgres")]
mod claims;
mod dml_failures;
mod dsl;
#[cfg(feature = "postgres")]
mod durability;
mod fixtures;
mod grammar;
mod injection;
mod introspect;
mod locks;
mod migrator;
mod model;
#[cfg(feature = "postgres")]
mod pgbouncer;
mod processes;
mod registry;
mod safety;
mod schema_ops;
mod shared_commits;
mod sqlite_rebuild;
mod ui;

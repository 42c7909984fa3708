//! The workspace's integration tests: one binary, so diesel is linked once.

mod support;

mod dsl;
#[cfg(feature = "postgres")]
mod durability;
mod fidelity;
mod fixtures;
mod grammar;
mod injection;
mod introspect;
mod literals;
mod migrator;
mod model;
mod processes;
mod registry;
mod safety;
mod schema_ops;
mod shared_commits;
mod sqlite_rebuild;
mod sqlite_rebuild_edges;
mod ui;

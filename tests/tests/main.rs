//! The workspace's integration tests: one binary, so diesel is linked once.

mod support;

mod fixtures;
mod grammar;
mod injection;
mod introspect;
mod migrator;
mod registry;
mod schema_ops;
mod ui;

//! The workspace's integration tests: one binary, so diesel is linked once.

mod support;

mod adopt;
#[cfg(feature = "tokio")]
mod asynchronous;
#[cfg(feature = "postgres")]
mod boot_digest;
#[cfg(feature = "postgres")]
mod claims;
mod connection_urls;
mod dml_failures;
mod drop_all_tables;
mod drop_primary;
mod dsl;
#[cfg(feature = "postgres")]
mod durability;
mod fidelity;
mod fixtures;
mod generated_columns;
mod grammar;
mod identifier_limits;
mod indexes;
mod injection;
mod introspect;
mod keys;
mod lint;
mod literals;
#[cfg(any(feature = "postgres", feature = "mysql"))]
mod lock_timeouts;
mod locks;
mod migrator;
mod model;
#[cfg(feature = "postgres")]
mod online;
#[cfg(feature = "mysql")]
mod online_ddl;
#[cfg(feature = "postgres")]
mod pgbouncer;
#[cfg(feature = "r2d2")]
mod pooled;
mod pretend;
mod processes;
mod registry;
mod repository_shape;
mod reversible;
mod safety;
mod schema_ops;
mod seeding;
mod shared_commits;
mod spatial;
mod sqlite_rebuild;
mod sqlite_rebuild_edges;
mod squash;
#[cfg(any(feature = "postgres", feature = "mysql"))]
mod statement_timeouts;
mod temporal_defaults;
mod types_extra;
mod ui;

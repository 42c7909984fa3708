//! The linter: which operations of pending migrations lock or rewrite a table that is in
//! use, and what to write instead.
//!
//! A migration here is typed data before it is SQL: the linter replays each migration's
//! `up` into a [schema model](crate::model) (no database involved), reads the Blueprints it
//! described, and knows the operation, the table, whether the same migration created that
//! table, and the dialect, without parsing SQL. [`crate::Migrator::lint`] checks the pending
//! migrations of a database, [`crate::Migrator::lint_all`] every migration.

pub(crate) mod journal;
mod report;
mod rule;
pub(crate) mod rules;
pub(crate) mod suppression;
mod texts;

pub use report::{Allowance, AllowedBy, Finding, LintReport};
pub use rule::Rule;

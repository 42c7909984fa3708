//! Seeders: `#[seeder]` functions that fill a database with test or demo data, as Laravel's
//! and Orator's `db:seed`. Registered like migrations, run by [`Migrator::seed`] in order,
//! each in a transaction of its own, and never recorded: a seeder is meant to run on a fresh
//! database, or to be idempotent.
//!
//! [`Migrator::seed`]: crate::Migrator::seed

mod connection;
mod registration;
mod registry;

pub use connection::{seed_with, SeedConnection};
pub use registration::SeederRegistration;
pub(crate) use registry::collect;
pub use registry::Seeder;

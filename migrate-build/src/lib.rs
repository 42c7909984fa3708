//! Discovery by directory: every migration file in a directory is compiled in, without a
//! hand-kept list of `mod` lines.
//!
//! In `build.rs`:
//!
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     migrate_build::discover("src/migrations")?;
//!     Ok(())
//! }
//! ```
//!
//! and `src/migrations/mod.rs` is one line:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
//! ```
//!
//! [`discover`] writes a `mod` declaration with an absolute `#[path]` for each migration
//! file into `$OUT_DIR/migrations.rs`, and tells cargo to run the build script again when
//! anything in the directory changes (`cargo::rerun-if-changed` on a directory watches
//! every entry in it), so adding, removing or renaming a file rebuilds the package. Since
//! no shared file is edited when a migration is added, two branches that each add one
//! merge without a conflict.
//!
//! A library crate ships migrations the same way, calling [`discover_library`] (and adding
//! a `links` key to its Cargo.toml): an application that depends on it runs them without a
//! line of its own, their ids namespaced by the library's crate name
//! (`m2026_01_01_000000_create_jobs.queue`).
#![warn(missing_docs)]

mod discover;
mod error;
mod library;
#[doc(hidden)]
pub mod proven;

pub use discover::{discover, discover_in, Discovered};
pub use error::Error;
pub use library::{discover_library, shipped_library};

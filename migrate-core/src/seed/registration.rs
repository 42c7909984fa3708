//! What `#[seeder]` registers.

use crate::{MigrationConnection, Result};

/// The type every seeder is called through: the generated shim that hands the seeder the
/// connection type it takes.
pub type SeederFn = fn(&mut dyn MigrationConnection) -> Result<()>;

/// One function registered by `#[seeder]`, gathered through `inventory`.
///
/// Not public API: only the macro constructs it.
#[doc(hidden)]
#[derive(Debug)]
pub struct SeederRegistration {
    /// `#[seeder(name = "...")]`, else the function's name.
    pub name: &'static str,
    /// `#[seeder(order = N)]`, else 0: seeders run by order, then name.
    pub order: i32,
    /// The shim calling the function.
    pub run: SeederFn,
    /// `module_path!()` where the function is defined.
    pub module_path: &'static str,
    /// `file!()` of the function.
    pub file: &'static str,
    /// `CARGO_MANIFEST_DIR` of the crate that defines it.
    pub package_root: &'static str,
    /// The line of the function's name.
    pub line: u32,
}

inventory::collect!(SeederRegistration);

//! What `#[seeder]` is made of, once parsed and checked.

use syn::{ItemFn, LitInt, LitStr, Path};

/// The arguments as written: each optional.
#[derive(Default)]
pub(super) struct Args {
    /// `name = "..."`.
    pub(super) name: Option<LitStr>,
    /// `order = N`.
    pub(super) order: Option<LitInt>,
    /// `crate = path`.
    pub(super) krate: Option<Path>,
}

/// A checked seeder: its name, order, the path to `migrate_core`, and the function.
pub(super) struct Seeder {
    pub(super) name: String,
    pub(super) order: i32,
    pub(super) krate: Path,
    pub(super) function: ItemFn,
}

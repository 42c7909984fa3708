// A crate that re-exports migrate_core under another name.
mod reexport {
    pub use migrate_core as mc;
}

use mc::{Result, Schema};
use reexport::mc;

#[mc::migration(crate = mc)]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[mc::migration(crate = crate::reexport::mc)]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {}

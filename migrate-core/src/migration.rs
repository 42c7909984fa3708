//! What `#[migration]` registers: one descriptor per `up` or `down` function.

use crate::schema::Schema;
use crate::Result;

/// The type every migration function is coerced to by `#[migration]`.
pub type MigrationFn = for<'a, 'b> fn(&'a mut Schema<'b>) -> Result<()>;

/// Which half of a migration a registered function is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Applies the change.
    Up,
    /// Reverses the change.
    Down,
}

/// One function registered by `#[migration]`, gathered through `inventory`.
///
/// Not public API: only the macro constructs it.
#[derive(Debug)]
pub struct Registration {
    /// The id given by `#[migration(id = "...")]`, if any.
    pub id: Option<&'static str>,
    /// `module_path!()` where the function is defined; its last segment is the default id.
    pub module_path: &'static str,
    /// `up` or `down`.
    pub kind: Kind,
    /// The function itself.
    pub function: MigrationFn,
    /// Hex digest of the function's tokens (whitespace and comments do not count).
    pub checksum: &'static str,
    /// `file!()` of the function.
    pub file: &'static str,
    /// The line of the function's name.
    pub line: u32,
    /// Whether the function runs inside a transaction (`#[migration(transaction = false)]` opts out).
    pub transaction: bool,
}

impl Registration {
    /// The migration id: the explicit one, else the last segment of the module path.
    pub fn id(&self) -> &'static str {
        self.id.unwrap_or_else(|| {
            self.module_path
                .rsplit("::")
                .next()
                .unwrap_or(self.module_path)
        })
    }

    /// `file:line`, for messages.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

inventory::collect!(Registration);

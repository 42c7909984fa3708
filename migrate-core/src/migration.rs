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

/// The compile-time checks `#[migration]` expands to; not public API.
///
/// A proc macro does not know the module it expands in, nor the other migrations of the
/// crate, so it leaves these checks to rustc: a `const` evaluation of `module_path!()`, and
/// items named after the migration that collide, or are missing, when the set is invalid.
pub mod checks {
    use crate::registry::MAX_ID_LENGTH;

    /// `m<YYYY>_<MM>_<DD>_<HHMMSS>_`: 19 bytes, then the name.
    const PREFIX_LENGTH: usize = 19;

    /// Why the last segment of `module_path` cannot be a migration id, if it cannot. The
    /// expansion panics with it in a `const`, which fails the build at the function.
    pub const fn module_id_problem(module_path: &str) -> Option<&'static str> {
        let path = module_path.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i + 1 < path.len() {
            if path[i] == b':' && path[i + 1] == b':' {
                start = i + 2;
            }
            i += 1;
        }
        if start == 0 {
            return Some(
                "a #[migration] at the crate root needs an explicit id: its id is its module's \
                 name, and the crate root has none. Move it into a module named \
                 `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>` (a file in src/migrations/), or write \
                 #[migration(id = \"m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>\")]",
            );
        }
        let (_, name) = path.split_at(start);
        if name.len() >= 2 && name[0] == b'r' && name[1] == b'#' {
            return Some(
                "a migration's module cannot be a raw identifier (`mod r#...`): its id, the \
                 module's name, would start with `r#`. Rename the module, or give the id \
                 with #[migration(id = \"...\")]",
            );
        }
        let mut i = 0;
        while i < name.len() {
            if !name[i].is_ascii() {
                return Some(
                    "a migration's module name must be ASCII: it is the migration's id, \
                     stored in the database and typed on command lines. Rename the module, \
                     or give the id with #[migration(id = \"...\")]",
                );
            }
            i += 1;
        }
        if !has_timestamp_prefix(name) {
            return Some(
                "a migration's module name must start with `m<YYYY>_<MM>_<DD>_<HHMMSS>_` (like \
                 `m2026_11_25_140312_create_users`): it is the migration's id, and ids order \
                 migrations. Rename the module (`cargo migrate new NAME` writes such names), \
                 or give the id with #[migration(id = \"...\")]",
            );
        }
        if name.len() > MAX_ID_LENGTH {
            return Some(
                "a migration's module name is longer than 191 characters, the longest id the \
                 repository table can hold: shorten the module's name",
            );
        }
        None
    }

    /// Whether `name` is `m<YYYY>_<MM>_<DD>_<HHMMSS>_<something>`, with a plausible date
    /// and time.
    pub(crate) const fn has_timestamp_prefix(name: &[u8]) -> bool {
        if name.len() <= PREFIX_LENGTH || name[0] != b'm' {
            return false;
        }
        // Positions of the separators; every other byte of the prefix is a digit.
        let mut i = 1;
        while i < PREFIX_LENGTH {
            let separator = matches!(i, 5 | 8 | 11 | 18);
            let ok = if separator {
                name[i] == b'_'
            } else {
                name[i].is_ascii_digit()
            };
            if !ok {
                return false;
            }
            i += 1;
        }
        let (month, day) = (two_digits(name, 6), two_digits(name, 9));
        let (hour, minute) = (two_digits(name, 12), two_digits(name, 14));
        let second = two_digits(name, 16);
        matches!(month, 1..=12) && matches!(day, 1..=31) && hour < 24 && minute < 60 && second < 60
    }

    /// The number the two ASCII digits at `at` spell.
    const fn two_digits(name: &[u8], at: usize) -> u8 {
        (name[at] - b'0') * 10 + (name[at + 1] - b'0')
    }

    /// What the `up` of a migration whose id comes from its module stands for, found
    /// by the `down`'s check. Implements [`HasUp`].
    pub struct Up;

    /// What a module without an `up` has in its place: see [`no_up`].
    pub struct NoUp;

    /// Whether a module has an `up` function.
    #[diagnostic::on_unimplemented(
        message = "this `down` function has no `up`: a migration's `down` reverses the `up` of the same module",
        label = "no `up` function for this migration in this module",
        note = "define `fn up` next to it (or write #[migration(up)] on the function that applies the change), or delete this `down`"
    )]
    pub trait HasUp {}

    impl HasUp for Up {}

    /// The `down` of a migration whose id comes from its module glob-imports this module, a
    /// fallback that the `up`'s own alias of the same name (an item, which wins over a glob)
    /// replaces.
    pub mod no_up {
        /// The `up` of a module without one.
        #[allow(non_camel_case_types)]
        pub type __migrate_up_of_this_module = super::NoUp;
    }

    /// Fails to compile unless `T` is [`Up`], i.e. the module has an `up`.
    pub const fn assert_up<T: HasUp>() {}
}

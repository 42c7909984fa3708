//! What `#[migration]` registers: one descriptor per `up` or `down` function.

use crate::schema::Schema;
use crate::Result;

mod expansion;

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
    /// `CARGO_MANIFEST_DIR` of the crate that defines it: files found by
    /// `migrate_build::discover` are compiled in by absolute path, and shown relative to it.
    pub package_root: &'static str,
    /// The line of the function's name.
    pub line: u32,
    /// Whether the function runs inside a transaction (`#[migration(transaction = false)]` opts out).
    pub transaction: bool,
    /// The id of the migration this one runs after (`#[migration(after = "...")]`), if any.
    pub after: Option<&'static str>,
    /// The ids of the migrations this one replaces (`#[migration(replaces = [...])]`): a
    /// squash of them (see `migrator/squash.rs`). Empty for an ordinary migration.
    pub replaces: &'static [&'static str],
    /// Whether it is a `change` function (registered as the `up`): its `down` is derived by
    /// inverting what it does (see `migrator/reverse.rs`).
    pub change: bool,
    /// The lint rules `#[migration(allow(...))]` allows for this function (an `up`).
    pub lint_allow: &'static [&'static str],
    /// The reason given with them (`reason = "..."`), required by the macro with `allow`.
    pub lint_reason: Option<&'static str>,
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

    /// The function's file, relative to its package when it is inside it
    /// (`src/migrations/m2026_11_25_140312_create_users.rs`).
    pub fn file(&self) -> &'static str {
        self.shown(self.file)
    }

    /// `file` (a `file!()` of the same crate) relative to the package, when it is inside it.
    pub(crate) fn shown(&self, file: &'static str) -> &'static str {
        let root = self.package_root.trim_end_matches(['/', '\\']);
        match file.strip_prefix(root) {
            Some(rest) if !root.is_empty() && rest.starts_with(['/', '\\']) => &rest[1..],
            _ => file,
        }
    }

    /// `file:line`, for messages.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file(), self.line)
    }
}

inventory::collect!(Registration);

/// A library crate whose migrations the application includes, registered by the
/// application's `migrate_build::discover` (which also links the library in).
///
/// Not public API: only the generated code constructs it. The library's ids are
/// namespaced: `<id>.<crate>`, so two libraries can both have `create_jobs`, and ids still
/// sort by their timestamp first.
#[derive(Debug)]
pub struct Library {
    /// The library's crate name, the first segment of its migrations' module paths.
    pub crate_name: &'static str,
}

inventory::collect!(Library);

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
    /// expansion panics with it while evaluating the registration, which fails the build at
    /// the function.
    ///
    /// Constant evaluation is slow (about a microsecond a step), and it runs once per
    /// migration on every `cargo check`: the scan starts from the end and stops early.
    pub const fn module_id_problem(module_path: &str) -> Option<&'static str> {
        let path = module_path.as_bytes();
        // One pass from the end: the last segment starts after the last `::` (an identifier
        // has no `:`); a non-ASCII byte in it is noted on the way.
        let mut start = path.len();
        let mut ascii = true;
        while start > 0 {
            let byte = path[start - 1];
            if byte == b':' {
                break;
            }
            ascii &= byte < 0x80;
            start -= 1;
        }
        if start == 0 {
            return Some(
                "a #[migration] at the crate root needs an explicit id: its id is its module's \
                 name, and the crate root has none. Move it into a module named \
                 `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>` (a file in src/migrations/), or write \
                 #[migration(id = \"m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>\")]",
            );
        }
        let length = path.len() - start;
        if length >= 2 && path[start] == b'r' && path[start + 1] == b'#' {
            return Some(
                "a migration's module cannot be a raw identifier (`mod r#...`): its id, the \
                 module's name, would start with `r#`. Rename the module, or give the id \
                 with #[migration(id = \"...\")]",
            );
        }
        if length <= PREFIX_LENGTH || !has_timestamp_prefix(path, start) {
            return Some(
                "a migration's module name must start with `m<YYYY>_<MM>_<DD>_<HHMMSS>_` (like \
                 `m2026_11_25_140312_create_users`): it is the migration's id, and ids order \
                 migrations. Rename the module (`cargo migrate new NAME` writes such names), \
                 or give the id with #[migration(id = \"...\")]",
            );
        }
        if !ascii {
            return Some(
                "a migration's module name must be ASCII: it is the migration's id, \
                 stored in the database and typed on command lines. Rename the module, \
                 or give the id with #[migration(id = \"...\")]",
            );
        }
        if length > MAX_ID_LENGTH {
            return Some(
                "a migration's module name is longer than 191 characters, the longest id the \
                 repository table can hold: shorten the module's name",
            );
        }
        None
    }

    /// `module_path`, if its last segment can be a migration id; else a build error, as
    /// the registration's evaluation panics.
    pub const fn checked_module_path(module_path: &'static str) -> &'static str {
        match module_id_problem(module_path) {
            None => module_path,
            Some(problem) => panic!("{}", problem),
        }
    }

    /// Whether `path[at..]` starts with `m<YYYY>_<MM>_<DD>_<HHMMSS>_` with a plausible date
    /// and time (the caller checked that it is long enough).
    const fn has_timestamp_prefix(path: &[u8], at: usize) -> bool {
        // Written out, without a loop or a call: the interpreter pays for every step.
        macro_rules! digit {
            ($i:literal) => {
                path[at + $i].wrapping_sub(b'0')
            };
        }
        let shape = path[at] == b'm'
            && path[at + 5] == b'_'
            && path[at + 8] == b'_'
            && path[at + 11] == b'_'
            && path[at + 18] == b'_';
        let digits = digit!(1) < 10
            && digit!(2) < 10
            && digit!(3) < 10
            && digit!(4) < 10
            && digit!(6) < 10
            && digit!(7) < 10
            && digit!(9) < 10
            && digit!(10) < 10
            && digit!(12) < 10
            && digit!(13) < 10
            && digit!(14) < 10
            && digit!(15) < 10
            && digit!(16) < 10
            && digit!(17) < 10;
        if !shape || !digits {
            return false;
        }
        let (month, day) = (digit!(6) * 10 + digit!(7), digit!(9) * 10 + digit!(10));
        let (hour, minute) = (digit!(12) * 10 + digit!(13), digit!(14) * 10 + digit!(15));
        let second = digit!(16) * 10 + digit!(17);
        matches!(month, 1..=12) && matches!(day, 1..=31) && hour < 24 && minute < 60 && second < 60
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
    pub trait HasUp {
        /// `()`: a `down`'s registration declares a `let _: <up as HasUp>::Checked;`, a
        /// type rustc resolves only where the module has an `up`, and nothing to evaluate.
        type Checked;
    }

    impl HasUp for Up {
        type Checked = ();
    }

    /// The `down` of a migration whose id comes from its module glob-imports this module, a
    /// fallback that the `up`'s own alias of the same name (an item, which wins over a glob)
    /// replaces.
    pub mod no_up {
        /// The `up` of a module without one.
        #[allow(non_camel_case_types)]
        pub type __this_migration_module_has_two_ups__remove_one_or_move_it_to_a_module_of_its_own =
            super::NoUp;
    }

    /// The parameter type of a migration function: `&mut Schema`. See [`migration_signature`].
    #[diagnostic::on_unimplemented(
        message = "a migration function takes `&mut Schema`, not `{Self}`",
        label = "expected `&mut Schema`",
        note = "the signature of a migration function is `fn up(s: &mut Schema) -> Result<()>` (`use migrate_core::prelude::*;` brings both names)"
    )]
    pub trait SchemaParam {}

    impl SchemaParam for &mut crate::Schema<'_> {}

    /// The return type of a migration function: `Result<()>`, i.e. `migrate_core::Result<()>`.
    /// See [`migration_signature`].
    #[diagnostic::on_unimplemented(
        message = "a migration function returns `Result<()>`, not `{Self}`",
        label = "expected `Result<()>` (`migrate_core::Result<()>`)",
        note = "the signature of a migration function is `fn up(s: &mut Schema) -> Result<()>` (`use migrate_core::prelude::*;` brings both names)"
    )]
    pub trait MigrationReturn {}

    impl MigrationReturn for crate::Result<()> {}

    /// Fails to compile unless `P` is `&mut Schema` and `R` is `Result<()>`. The expansion
    /// calls it with the function's own parameter and return types, as written, before it
    /// coerces the function to [`MigrationFn`](super::MigrationFn): rustc then reports a
    /// wrong type at that type, with the expected signature, before its own mismatch of
    /// the whole function.
    pub const fn migration_signature<P: SchemaParam, R: MigrationReturn>() {}
}

#[cfg(test)]
mod tests {
    use super::checks::module_id_problem;

    #[test]
    fn module_paths_give_ids_or_say_why_not() {
        assert_eq!(
            module_id_problem("app::m2026_11_25_140312_create_users"),
            None
        );
        assert_eq!(
            module_id_problem("app::migrations::m2026_12_31_235959_x"),
            None
        );
        let problem = |path| module_id_problem(path).unwrap_or_default();
        assert!(problem("app").contains("crate root"));
        assert!(problem("app::r#match").contains("raw identifier"));
        assert!(problem("app::m2026_11_25_140312_créer").contains("ASCII"));
        for path in [
            "app::add_bio_to_users",
            "app::m2026_11_25_140312_",
            "app::m2026_00_25_140312_x",
            "app::m2026_11_32_140312_x",
            "app::m2026_11_25_240000_x",
            "app::m2026_11_25_146000_x",
            "app::m2026_11_25_140360_x",
            "app::m2026-11-25_140312_x",
            "app::M2026_11_25_140312_x",
        ] {
            assert!(problem(path).contains("must start with"), "{path}");
        }
        let long = format!("app::m2026_11_25_140312_{}", "x".repeat(180));
        assert!(problem(&long).contains("191"));
    }
}

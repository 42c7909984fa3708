//! The module-derived id, checked without constant evaluation when the file says it.
//!
//! A migration without `id = "..."` takes its module's name as its id, and a proc macro does
//! not know its module: the expansion has rustc check `module_path!()` in a constant, which
//! costs about a third of a millisecond of rustc's interpreter per migration, on every
//! `cargo check` that recompiles the migrations. A migration file is almost always its own
//! module (`mod <file stem>;`, which is what discovery declares), so when the file's stem is
//! a well-formed id the macro checks that name itself, and rustc only has to resolve
//! `super::<stem>` from the function's module, which fails where the two differ (a module
//! inside the file, or the file declared under another name with `#[path]`). Anything else
//! (a crate root, `mod.rs`, a file of another name, no file) keeps the constant check.

use std::path::Path;

use proc_macro2::{Ident, Span};

/// `m<YYYY>_<MM>_<DD>_<HHMMSS>_`: 19 bytes, then the name.
const PREFIX_LENGTH: usize = 19;

/// The longest id the repository holds (as `migrate_core`'s registry allows).
const MAX_ID_LENGTH: usize = 191;

/// The module name the function's file stands for, if the file's stem is a migration id
/// the constant check would accept too (this check is never the more lenient one).
///
/// The crate's root file (a binary's `src/bin/<name>.rs`, which the compiler is given on its
/// command line, as the macro sees it) is no module of that name: for it the constant check
/// says that a migration at the crate root needs an explicit id.
pub(super) fn stem_module(file: Option<&Path>) -> Option<Ident> {
    let file = file?;
    let stem = file.file_stem()?.to_str()?;
    let crate_root = || std::env::args_os().any(|arg| Path::new(&arg) == file);
    (is_migration_module_name(stem) && !crate_root()).then(|| Ident::new(stem, Span::call_site()))
}

/// `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>` with a plausible date and time, the name of
/// lowercase ASCII letters, digits and `_`, at most [`MAX_ID_LENGTH`] bytes in all.
fn is_migration_module_name(stem: &str) -> bool {
    let bytes = stem.as_bytes();
    if bytes.len() <= PREFIX_LENGTH || bytes.len() > MAX_ID_LENGTH || bytes[0] != b'm' {
        return false;
    }
    let shape = bytes[1..PREFIX_LENGTH]
        .iter()
        .enumerate()
        .all(|(i, &b)| match i + 1 {
            5 | 8 | 11 | 18 => b == b'_',
            _ => b.is_ascii_digit(),
        });
    let name = bytes[PREFIX_LENGTH..]
        .iter()
        .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !shape || !name {
        return false;
    }
    let number = |at: usize| (bytes[at] - b'0') * 10 + (bytes[at + 1] - b'0');
    matches!(number(6), 1..=12)
        && matches!(number(9), 1..=31)
        && number(12) < 24
        && number(14) < 60
        && number(16) < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_well_formed_migration_file_names() {
        for good in [
            "m2026_11_25_140312_create_users",
            "m2026_01_01_000000_x",
            "m2026_12_31_235959_add_2fa_to_users",
        ] {
            assert!(is_migration_module_name(good), "{good}");
        }
        let long = format!("m2026_11_25_140312_{}", "a".repeat(MAX_ID_LENGTH));
        for bad in [
            "lib",
            "mod",
            "add_bio_to_users",
            "m2026_11_25_140312_",
            "m2026_13_25_140312_create_users",
            "m2026_11_32_140312_create_users",
            "m2026_11_25_240312_create_users",
            "m2026_11_25_146012_create_users",
            "m2026-11-25_140312_create_users",
            "m2026_11_25_140312_Créer",
            "m2026_11_25_140312_Create",
            "r#m2026_11_25_140312_x",
            long.as_str(),
        ] {
            assert!(!is_migration_module_name(bad), "{bad}");
        }
    }

    #[test]
    fn reads_the_stem_of_the_file() {
        let file = Path::new("/app/src/migrations/m2026_11_25_140312_create_users.rs");
        let module = stem_module(Some(file)).map(|m| m.to_string());
        assert_eq!(module.as_deref(), Some("m2026_11_25_140312_create_users"));
        assert!(stem_module(Some(Path::new("/app/src/migrations/mod.rs"))).is_none());
        assert!(stem_module(None).is_none());
    }
}

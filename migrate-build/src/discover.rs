//! Scanning the migrations directory and writing the `mod` declarations.

use std::fs;
use std::path::{Path, PathBuf};

use crate::library::{libraries, library_declarations};
use crate::proven::{self, Proofs};
use crate::Error;

/// The longest migration id the repository table holds (a MySQL utf8mb4 key).
const MAX_ID_LENGTH: usize = 191;
/// `m<YYYY>_<MM>_<DD>_<HHMMSS>_`.
const PREFIX_LENGTH: usize = 19;
/// The file [`discover`] writes in `OUT_DIR`.
const OUTPUT: &str = "migrations.rs";

/// What [`discover`] found and wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The migrations' module names (their ids), sorted.
    pub modules: Vec<String>,
    /// The file of `mod` declarations.
    pub output: PathBuf,
}

/// Compiles every migration file of `dir` (relative to the package root) into the package:
/// call it from `build.rs`, and make the directory's `mod.rs`
/// `include!(concat!(env!("OUT_DIR"), "/migrations.rs"));`.
///
/// A migration is a file `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>.rs`, or a directory of that name
/// with a `mod.rs`. `mod.rs` itself, hidden entries (`.name`), files not ending in `.rs` and
/// directories without a `mod.rs` are left alone; any other `.rs` file or directory with a
/// `mod.rs` is an error naming it, so that no module is present but silently not compiled,
/// and so is a migration written both as a file and as a directory.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     migrate_build::discover("src/migrations")?;
///     Ok(())
/// }
/// ```
pub fn discover(dir: impl AsRef<Path>) -> Result<Discovered, Error> {
    let out_dir = std::env::var_os("OUT_DIR").ok_or(Error::NotInABuildScript)?;
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let dir = root.join(dir);
    // On a directory, cargo compares the newest modification time of everything inside it:
    // adding, removing, renaming or editing a migration runs the build script again.
    println!("cargo::rerun-if-changed={}", dir.display());
    generate(&dir, &Path::new(&out_dir).join(OUTPUT), &libraries())
}

/// [`discover`] without the build-script environment: scans `dir` and writes the `mod`
/// declarations of its migrations to `output`.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let migrations = dir.path().join("migrations");
/// std::fs::create_dir(&migrations)?;
/// std::fs::write(migrations.join("m2026_11_25_140312_create_users.rs"), "")?;
/// std::fs::write(migrations.join("mod.rs"), "")?;
///
/// let found = migrate_build::discover_in(&migrations, &dir.path().join("out.rs"))?;
/// assert_eq!(found.modules, ["m2026_11_25_140312_create_users"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn discover_in(dir: &Path, output: &Path) -> Result<Discovered, Error> {
    generate(dir, output, &[])
}

/// Scans `dir` and writes the declarations of its migrations and of `libraries`.
fn generate(dir: &Path, output: &Path, libraries: &[String]) -> Result<Discovered, Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            if path.extension().is_some_and(|e| e == "rs") {
                return Err(Error::InvalidFileName {
                    path,
                    reason: "the name is not valid UTF-8",
                });
            }
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            let module_file = path.join("mod.rs");
            match check_module_name(name) {
                Ok(()) if module_file.is_file() => found.push((name.to_owned(), module_file)),
                Ok(()) => return Err(Error::MissingModRs(path)),
                // A module that is not a migration, as a `.rs` file not named like one is.
                Err(reason) if module_file.is_file() => {
                    return Err(Error::InvalidDirectoryName { path, reason })
                }
                // Not a module: data, or a file left out.
                Err(_) => {}
            }
            continue;
        }
        let Some(stem) = name.strip_suffix(".rs") else {
            continue;
        };
        if stem == "mod" {
            continue;
        }
        check_module_name(stem).map_err(|reason| Error::InvalidFileName {
            path: path.clone(),
            reason,
        })?;
        found.push((stem.to_owned(), path));
    }
    found.sort();
    if let Some(pair) = found.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        // A directory's module file is `<name>/mod.rs`, a file's `<name>.rs`.
        let (dir, file) = if pair[0].1.ends_with("mod.rs") {
            (&pair[0].1, &pair[1].1)
        } else {
            (&pair[1].1, &pair[0].1)
        };
        return Err(Error::FileAndDirectory {
            file: file.clone(),
            dir: dir.parent().unwrap_or(dir).to_owned(),
        });
    }
    let mut text = declarations(dir, &found);
    text.push_str(&library_declarations(libraries));
    let proofs = output.with_file_name(proven::FILE);
    let previous = fs::read_to_string(&proofs).unwrap_or_default();
    let proven = prove_files(&found, &Proofs::from_text(&previous)).to_text();
    if proven != previous {
        fs::write(&proofs, proven).map_err(io(&proofs))?;
    }
    fs::write(output, text).map_err(io(output))?;
    Ok(Discovered {
        modules: found.into_iter().map(|(module, _)| module).collect(),
        output: output.to_owned(),
    })
}

/// The `mod` declarations, with absolute paths (a `#[path]` in an `include!`d file would
/// otherwise be relative to a directory that depends on where it is included).
fn declarations(dir: &Path, found: &[(String, PathBuf)]) -> String {
    let mut text = format!(
        "// @generated by migrate_build::discover: one module per migration in {}.\n",
        dir.display()
    );
    for (module, path) in found {
        let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        // `{:?}` of a str is a valid Rust string literal.
        let literal = format!("{:?}", absolute.to_string_lossy());
        text.push_str(&format!("#[path = {literal}]\nmod {module};\n"));
    }
    text
}

/// The proofs of the migration files (not directories) in `found`, at the paths the `mod`
/// declarations give them, reusing the `previous` scan of unchanged files. A file that cannot
/// be read is left unproven: rustc reports it.
fn prove_files(found: &[(String, PathBuf)], previous: &Proofs) -> Proofs {
    let mut proofs = Proofs::default();
    for (_, path) in found {
        if path.ends_with("mod.rs") {
            continue;
        }
        if let (Ok(absolute), Ok(source)) = (fs::canonicalize(path), fs::read(path)) {
            proofs.add(&absolute, &source, previous);
        }
    }
    proofs
}

/// Why `name` cannot be a migration's module, if it cannot: the rules `#[migration]` checks
/// for an id taken from the module, checked here first so the error names the file.
fn check_module_name(name: &str) -> Result<(), &'static str> {
    let bytes = name.as_bytes();
    if let Some(&byte) = bytes
        .iter()
        .find(|b| !(b.is_ascii_alphanumeric() || **b == b'_'))
    {
        return Err(if byte.is_ascii() {
            "the name has a character other than ASCII letters, digits and `_`"
        } else {
            "the name is not ASCII"
        });
    }
    if bytes.len() <= PREFIX_LENGTH || !has_timestamp(bytes) {
        return Err("the name does not start with a timestamp `m<YYYY>_<MM>_<DD>_<HHMMSS>_`");
    }
    if bytes.len() > MAX_ID_LENGTH {
        return Err("the name is longer than 191 characters, the longest id the repository holds");
    }
    Ok(())
}

/// Whether `name` starts with `m<YYYY>_<MM>_<DD>_<HHMMSS>_` with a plausible date and time.
fn has_timestamp(name: &[u8]) -> bool {
    let shape = name[0] == b'm'
        && (1..PREFIX_LENGTH).all(|i| match i {
            5 | 8 | 11 | 18 => name[i] == b'_',
            _ => name[i].is_ascii_digit(),
        });
    let two = |at: usize| (name[at] - b'0') * 10 + (name[at + 1] - b'0');
    shape
        && (1..=12).contains(&two(6))
        && (1..=31).contains(&two(9))
        && two(12) < 24
        && two(14) < 60
        && two(16) < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_names_follow_the_macro_s_rules() {
        assert_eq!(check_module_name("m2026_11_25_140312_create_users"), Ok(()));
        assert_eq!(check_module_name("m2026_11_25_140312_V2"), Ok(()));
        for bad in [
            "create_users",
            "m2026_11_25_140312_",
            "m2026_11_25_140312",
            "m2026_13_25_140312_x",
            "m2026_11_25_250000_x",
            "m2026_11_25_140312_créer",
            "m2026_11_25_140312_create-users",
            "m2026-11-25_140312_x",
        ] {
            assert!(check_module_name(bad).is_err(), "{bad}");
        }
        let long = format!("m2026_11_25_140312_{}", "x".repeat(MAX_ID_LENGTH));
        assert!(check_module_name(&long).is_err_and(|e| e.contains("191")));
    }

    fn scratch(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("migrations")).unwrap();
        for file in files {
            let path = dir.path().join("migrations").join(file);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).unwrap();
            }
            fs::write(path, "").unwrap();
        }
        dir
    }

    #[test]
    fn declares_every_migration_sorted_and_leaves_the_rest_alone() {
        let dir = scratch(&[
            "mod.rs",
            "m2026_11_26_091500_add_bio.rs",
            "m2026_11_25_140312_create_users.rs",
            "m2026_11_27_000000_backfill/mod.rs",
            "m2026_11_27_000000_backfill/data.rs",
            "helpers/shared.rs",
            ".m2026_11_28_000000_draft.rs.swp",
            "README.md",
            "m2026_11_28_000000_off.rs.off",
        ]);
        let output = dir.path().join("out.rs");
        let found = discover_in(&dir.path().join("migrations"), &output).unwrap();
        assert_eq!(
            found.modules,
            [
                "m2026_11_25_140312_create_users",
                "m2026_11_26_091500_add_bio",
                "m2026_11_27_000000_backfill"
            ]
        );
        let text = fs::read_to_string(&output).unwrap();
        let root = fs::canonicalize(dir.path().join("migrations")).unwrap();
        let users = root.join("m2026_11_25_140312_create_users.rs");
        let declaration = format!(
            "#[path = {:?}]\nmod m2026_11_25_140312_create_users;\n",
            users.to_string_lossy()
        );
        assert!(text.contains(&declaration), "{text}");
        assert!(text
            .contains("m2026_11_27_000000_backfill/mod.rs\"]\nmod m2026_11_27_000000_backfill;"));
        assert_eq!(text.matches("\nmod ").count(), 3, "{text}");
    }

    #[test]
    fn a_file_not_named_like_a_migration_is_an_error_naming_it() {
        let dir = scratch(&["m2026_11_25_140312_create_users.rs", "add_bio.rs"]);
        let error = discover_in(&dir.path().join("migrations"), &dir.path().join("out.rs"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("add_bio.rs: the name does not start with a timestamp"),
            "{error}"
        );
        assert!(error.contains("cargo migrate new NAME"), "{error}");
    }

    #[test]
    fn a_migration_directory_needs_a_mod_rs() {
        let dir = scratch(&["m2026_11_25_140312_create_users/data.rs"]);
        let error =
            discover_in(&dir.path().join("migrations"), &dir.path().join("out.rs")).unwrap_err();
        assert!(matches!(error, Error::MissingModRs(_)), "{error}");
    }

    #[test]
    fn a_module_directory_not_named_like_a_migration_is_an_error_naming_it() {
        let dir = scratch(&["m2026_11_25_140312_create_users.rs", "helpers/mod.rs"]);
        let migrations = dir.path().join("migrations");
        let error = discover_in(&migrations, &dir.path().join("out.rs")).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: the name does not start with a timestamp `m<YYYY>_<MM>_<DD>_<HHMMSS>_`; \
                 a directory with a `mod.rs` in the migrations directory is a migration, \
                 named `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>` like a migration file: rename it, \
                 or move a module that is not a migration out of the directory",
                migrations.join("helpers").display()
            )
        );
    }

    #[test]
    fn a_migration_both_a_file_and_a_directory_is_an_error_naming_both() {
        let dir = scratch(&[
            "m2026_11_25_140312_create_users.rs",
            "m2026_11_25_140312_create_users/mod.rs",
        ]);
        let migrations = dir.path().join("migrations");
        let output = dir.path().join("out.rs");
        let error = discover_in(&migrations, &output).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{} and {} are the same migration module: keep one (a migration with \
                 submodules is the directory alone, with its `mod.rs`)",
                migrations
                    .join("m2026_11_25_140312_create_users.rs")
                    .display(),
                migrations.join("m2026_11_25_140312_create_users").display()
            )
        );
        assert!(!output.exists(), "nothing written for rustc to reject");
    }

    #[test]
    fn outside_a_build_script_it_says_so() {
        if std::env::var_os("OUT_DIR").is_none() {
            let error = discover("src/migrations").unwrap_err();
            assert!(error.to_string().contains("build script"), "{error}");
        }
    }
}

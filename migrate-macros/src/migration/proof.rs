//! Whether the build script proved the set of the function's file valid
//! (`migrate_build::proven`), so that the registration can leave the set checks out.
//!
//! The proofs are in `$OUT_DIR`, which cargo sets for the compiler when the package has a
//! build script; they hold for a file only while its contents have the fingerprint the
//! build script recorded. Without a build script that discovers the file, outside cargo,
//! or where the compiler does not say which file the function is in (rust-analyzer), nothing
//! is proven and the registration checks the set itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use migrate_build::proven::{fingerprint, Kind, Proofs, FILE};

/// The proofs read last, with the path and modification time they were read at: a
/// compiler process can expand more than one package (rust-analyzer's proc-macro server).
type Cached = (PathBuf, Option<SystemTime>, Proofs);

static PROOFS: Mutex<Option<Cached>> = Mutex::new(None);

/// A file's modification time and length when read, and the fingerprint of its contents.
type Stamped = (SystemTime, u64, u64);

/// Fingerprints of the files read, by path.
static FINGERPRINTS: Mutex<Option<HashMap<PathBuf, Stamped>>> = Mutex::new(None);

/// What the build script's proofs say of a migration function.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Proof {
    /// Its file's set is proven, and it is in it.
    Proven,
    /// Nothing is proven of its file (or the file changed since).
    Unproven,
    /// Its file's set is proven without it: discovery's scan did not see its `#[migration]`
    /// (renamed, or written by a macro), so the proof is wrong. Holds the proven functions,
    /// as `name (kind)`.
    Unseen(Vec<String>),
}

/// What the proofs say of the function `name` of `kind` in `file`.
pub(super) fn proof(file: &Path, name: &str, kind: Kind) -> Proof {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return Proof::Unproven;
    };
    let proofs_file = Path::new(&out_dir).join(FILE);
    let Some(now) = current_fingerprint(file) else {
        return Proof::Unproven;
    };
    let mut cached = PROOFS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let modified = modified(&proofs_file);
    let stale = !matches!(&*cached, Some((path, at, _)) if *path == proofs_file && *at == modified);
    if stale {
        let Ok(text) = std::fs::read_to_string(&proofs_file) else {
            *cached = None;
            return Proof::Unproven;
        };
        *cached = Some((proofs_file, modified, Proofs::from_text(&text)));
    }
    let Some(functions) = cached
        .as_ref()
        .and_then(|(_, _, proofs)| proofs.functions(file, now))
    else {
        return Proof::Unproven;
    };
    if functions.iter().any(|f| f.0 == name && f.1 == kind) {
        Proof::Proven
    } else {
        Proof::Unseen(
            functions
                .iter()
                .map(|(name, kind)| format!("`{name}` ({})", kind.name()))
                .collect(),
        )
    }
}

/// The modification time of `path`, if it can be read.
fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The fingerprint of `file`'s contents now, read once per modification.
fn current_fingerprint(file: &Path) -> Option<u64> {
    let metadata = std::fs::metadata(file).ok()?;
    let stamp = (metadata.modified().ok()?, metadata.len());
    let mut cache = FINGERPRINTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(&(at, len, value)) = cache.get(file) {
        if (at, len) == stamp {
            return Some(value);
        }
    }
    let value = fingerprint(&std::fs::read(file).ok()?);
    cache.insert(file.to_owned(), (stamp.0, stamp.1, value));
    Some(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::str::FromStr;

    use proc_macro2::TokenStream;

    /// The expansion of `#[migration]` on `item` in `file`, with `proofs` as the build
    /// script's output in the folder `case`; `OUT_DIR` is set for this test alone (the only
    /// one that reads it). A folder per case: the proofs read are kept by path and time.
    fn expand_in(file: &std::path::Path, case: &str, proofs: &str, item: &str) -> String {
        let out_dir = file.parent().unwrap().join(case);
        std::fs::create_dir_all(&out_dir).unwrap();
        std::fs::write(out_dir.join(super::FILE), proofs).unwrap();
        std::env::set_var("OUT_DIR", &out_dir);
        let item = TokenStream::from_str(item).unwrap();
        super::super::expand(TokenStream::new(), item, Some(file)).to_string()
    }

    #[test]
    fn only_a_function_of_a_proven_file_with_its_contents_unchanged_skips_the_checks() {
        let dir = std::env::temp_dir().join(format!("migrate-proof-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("m2026_11_25_140312_create_users.rs");
        let source = "#[migration]\nfn up(s: &mut Schema) -> Result<()> { Ok(()) }\n";
        std::fs::write(&file, source).unwrap();
        let mut proofs = migrate_build::proven::Proofs::default();
        proofs.add(&file, source.as_bytes(), &Default::default());
        let proofs = proofs.to_text();
        let item = "fn up(s: &mut Schema) -> Result<()> { Ok(()) }";

        let proven = expand_in(&file, "proven", &proofs, item);
        assert!(proven.contains(":: submit !"), "{proven}");
        assert!(!proven.contains("has_two_ups"), "{proven}");

        // Without proofs, or with proofs of other contents: the checked expansion.
        let other = proofs.replacen(|c: char| c.is_ascii_hexdigit(), "f", 16);
        for (case, proofs) in [("none", ""), ("other", other.as_str())] {
            let checked = expand_in(&file, case, proofs, item);
            assert!(checked.contains(":: registration !"), "{checked}");
            assert!(checked.contains("has_two_ups"), "{checked}");
        }
        // A function of the proven file that the scan did not see (a renamed attribute):
        // the proof is wrong, and the function is an error at its name.
        let unseen = expand_in(
            &file,
            "unseen",
            &proofs,
            "fn down(s: &mut Schema) -> Result<()> { Ok(()) }",
        );
        assert!(
            unseen.contains("discovery did not see this `#[migration]`"),
            "{unseen}"
        );
        assert!(unseen.contains("`up` (up)"), "{unseen}");
        // The file edited since the build script proved it.
        let mut edited = migrate_build::proven::Proofs::default();
        edited.add(&file, b"#[migration]\nfn up() {}", &Default::default());
        let checked = expand_in(&file, "edited", &edited.to_text(), item);
        assert!(checked.contains(":: registration !"), "{checked}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

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

/// Fingerprints of the files read, by path, with the modification time and length read at.
static FINGERPRINTS: Mutex<Option<HashMap<PathBuf, (SystemTime, u64, u64)>>> = Mutex::new(None);

/// Whether the function `name` of `kind` in `file` is proven.
pub(super) fn proven(file: &Path, name: &str, kind: Kind) -> bool {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return false;
    };
    let proofs_file = Path::new(&out_dir).join(FILE);
    let Some(now) = current_fingerprint(file) else {
        return false;
    };
    let mut cached = PROOFS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let modified = modified(&proofs_file);
    let stale = !matches!(&*cached, Some((path, at, _)) if *path == proofs_file && *at == modified);
    if stale {
        let Ok(text) = std::fs::read_to_string(&proofs_file) else {
            *cached = None;
            return false;
        };
        *cached = Some((proofs_file, modified, Proofs::from_text(&text)));
    }
    cached
        .as_ref()
        .is_some_and(|(_, _, proofs)| proofs.proves(file, now, name, kind))
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

//! What can go wrong while discovering migrations.

use std::fmt;
use std::path::PathBuf;

/// Why [`discover`](crate::discover) failed; each names the file to fix.
///
/// Its `Debug` is its message: a build script's `main` returning the error prints it with
/// `Debug`, and the user should read the sentence, not the struct.
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A `.rs` file in the directory is not named like a migration.
    InvalidFileName {
        /// The file.
        path: PathBuf,
        /// Which rule the name breaks.
        reason: &'static str,
    },
    /// A directory in the migrations directory has a `mod.rs`, so it is a module, but is not
    /// named like a migration.
    InvalidDirectoryName {
        /// The directory.
        path: PathBuf,
        /// Which rule the name breaks.
        reason: &'static str,
    },
    /// A file and a directory are the same migration module (`<name>.rs` and `<name>/`).
    FileAndDirectory {
        /// The file `<name>.rs`.
        file: PathBuf,
        /// The directory `<name>`.
        dir: PathBuf,
    },
    /// A migration directory (a module with submodules) has no `mod.rs`.
    MissingModRs(PathBuf),
    /// `OUT_DIR` is not set: [`discover`](crate::discover) runs only in a build script.
    NotInABuildScript,
    /// A library calling [`discover_library`](crate::discover_library) has no `links` key,
    /// without which cargo does not tell its dependents about its migrations.
    NoLinks(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "while reading {}: {source}", path.display()),
            Error::InvalidFileName { path, reason } => write!(
                f,
                "{}: {reason}; a migration file is named \
                 `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>.rs` (`cargo migrate new NAME` writes one), \
                 and every `.rs` file in the migrations directory is a migration (rename a file \
                 to `.rs.off` to leave it out)",
                path.display()
            ),
            Error::InvalidDirectoryName { path, reason } => write!(
                f,
                "{}: {reason}; a directory with a `mod.rs` in the migrations directory is a \
                 migration, named `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>` like a migration file: \
                 rename it, or move a module that is not a migration out of the directory",
                path.display()
            ),
            Error::FileAndDirectory { file, dir } => write!(
                f,
                "{} and {} are the same migration module: keep one (a migration with \
                 submodules is the directory alone, with its `mod.rs`)",
                file.display(),
                dir.display()
            ),
            Error::MissingModRs(dir) => write!(
                f,
                "{}: a migration written as a directory needs a `mod.rs`",
                dir.display()
            ),
            Error::NoLinks(package) => write!(
                f,
                "add `links = \"migrate-{package}\"` under [package] in {package}'s Cargo.toml: \
                 cargo tells the applications depending on a library about its migrations \
                 only through a `links` key"
            ),
            Error::NotInABuildScript => write!(
                f,
                "OUT_DIR is not set: call migrate_build::discover from a build script (build.rs)"
            ),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

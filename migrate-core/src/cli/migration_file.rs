//! Writing a generated migration (`diff`, `squash`) into the package's `src/migrations/`.

use std::fs::OpenOptions;
use std::io::Write;

use super::database;
use super::CliError;

/// Writes `source` as `src/migrations/<module>.rs` of the package, never over an existing
/// file; returns the path relative to the package.
pub(super) fn write_new(module: &str, source: &str) -> Result<String, CliError> {
    let relative = format!("src/migrations/{module}.rs");
    let path = database::package_root()?.join(&relative);
    if path.parent().is_none_or(|dir| !dir.is_dir()) {
        return Err(CliError::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "src/migrations does not exist in the package: run `cargo migrate init` first",
        )));
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    file.write_all(source.as_bytes())?;
    Ok(relative)
}

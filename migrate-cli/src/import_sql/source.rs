//! Finding the migrations of a diesel or sqlx migrations directory.

use std::fs;
use std::path::{Path, PathBuf};

use crate::CliError;

/// One migration of the old directory: its timestamp (14 digits), name, and SQL files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OldMigration {
    /// `20260102120000`.
    pub(crate) stamp: String,
    /// As written in the file or folder name (`create_users`).
    pub(crate) name: String,
    /// The `up` SQL file.
    pub(crate) up: PathBuf,
    /// The `down` SQL file, if there is one.
    pub(crate) down: Option<PathBuf>,
}

/// What was found, and what was not imported and why.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) migrations: Vec<OldMigration>,
    pub(crate) skipped: Vec<(PathBuf, String)>,
}

/// The 14 digits of a diesel (`2026-01-02-120000`) or sqlx (`20260102120000`) version.
fn stamp(version: &str) -> Option<String> {
    let digits: String = version.chars().filter(|c| *c != '-').collect();
    let valid = digits.len() == 14 && digits.chars().all(|c| c.is_ascii_digit());
    (valid && &digits[4..6] != "00" && &digits[6..8] != "00").then_some(digits)
}

/// The migrations in `dir`: diesel's folders (`<version>_<name>/up.sql`, `down.sql`) and
/// sqlx's files (`<version>_<name>.up.sql` with `.down.sql`, or `<version>_<name>.sql`).
pub(crate) fn scan(dir: &Path) -> Result<Found, CliError> {
    let mut found = Found::default();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(CliError::io(dir))?
        .map(|e| e.map(|e| e.path()).map_err(CliError::io(dir)))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        let Some(file) = path.file_name().and_then(|f| f.to_str()).map(str::to_owned) else {
            found
                .skipped
                .push((path, "its name is not UTF-8".to_owned()));
            continue;
        };
        if path.is_dir() {
            let Some((version, name)) = file.split_once('_') else {
                found
                    .skipped
                    .push((path, "not `<version>_<name>`".to_owned()));
                continue;
            };
            let up = path.join("up.sql");
            match stamp(version) {
                Some(stamp) if up.is_file() => {
                    let down = Some(path.join("down.sql")).filter(|d| d.is_file());
                    found.migrations.push(OldMigration {
                        stamp,
                        name: name.to_owned(),
                        up,
                        down,
                    });
                }
                Some(_) => found.skipped.push((path, "it has no up.sql".to_owned())),
                None => found.skipped.push((
                    path,
                    "its version is not a timestamp (diesel's `00000000000000_diesel_initial_setup` \
                     defines helper functions: port it by hand if the migrations use them)"
                        .to_owned(),
                )),
            }
        } else if let Some(base) = file.strip_suffix(".sql") {
            if base.ends_with(".down") {
                continue; // Taken with its `.up.sql`.
            }
            let base = base.strip_suffix(".up").unwrap_or(base);
            let Some((version, name)) = base.split_once('_') else {
                found
                    .skipped
                    .push((path, "not `<version>_<name>.sql`".to_owned()));
                continue;
            };
            let Some(stamp) = stamp(version) else {
                found
                    .skipped
                    .push((path, "its version is not a 14-digit timestamp".to_owned()));
                continue;
            };
            let down = dir.join(format!("{base}.down.sql"));
            found.migrations.push(OldMigration {
                stamp,
                name: name.to_owned(),
                up: path.clone(),
                down: Some(down).filter(|d| d.is_file()),
            });
        } else {
            found
                .skipped
                .push((path, "not an .sql file or a migration folder".to_owned()));
        }
    }
    Ok(found)
}

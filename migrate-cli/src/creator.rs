//! The Migration Creator: `cargo migrate new NAME` writes a timestamped migration file from a
//! template. A migrations module that lists its migrations (written before discovery by
//! directory) gets the new `mod` line too, kept sorted.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, Timelike, Utc};

use crate::{CliError, Template};

/// The timestamp in a migration's file name: `m2026_11_25_140312_create_users.rs`.
const TIMESTAMP_FORMAT: &str = "%Y_%m_%d_%H%M%S";
/// The length of `2026_11_25_140312`.
const TIMESTAMP_LENGTH: usize = 17;
/// The longest migration id the repository accepts.
const MAX_ID_LENGTH: usize = 191;

/// Writes migrations into a package's `src/migrations/`.
#[derive(Debug, Clone)]
pub struct MigrationCreator {
    dir: PathBuf,
}

impl MigrationCreator {
    /// The creator for the package whose root directory is `package_root`.
    pub fn new(package_root: &Path) -> Self {
        MigrationCreator {
            dir: package_root.join("src").join("migrations"),
        }
    }

    /// The migrations module, `src/migrations/mod.rs`.
    pub fn module_file(&self) -> PathBuf {
        self.dir.join("mod.rs")
    }

    /// Creates migration `name` from `template`, stamped `now` (UTC) — or one second after
    /// the newest existing migration, so files always sort in the order they were created.
    /// Returns the new file's path. Changes nothing when it fails.
    pub fn create(
        &self,
        name: &str,
        template: &Template,
        now: NaiveDateTime,
    ) -> Result<PathBuf, CliError> {
        if let Some(table) = template.table() {
            validate_table(table)?;
        }
        self.create_with_source(name, &template.render(), now)
    }

    /// [`MigrationCreator::create`], with the file's source given (a generated migration).
    pub fn create_with_source(
        &self,
        name: &str,
        source: &str,
        now: NaiveDateTime,
    ) -> Result<PathBuf, CliError> {
        validate_name(name)?;
        let module_file = self.module_file();
        if !module_file.is_file() {
            return Err(CliError::NoMigrationsModule(module_file));
        }
        let existing = self.existing()?;
        if let Some(taken) = existing.iter().find(|m| m.name == name) {
            return Err(CliError::NameTaken {
                name: name.to_owned(),
                existing: self.dir.join(format!("{}.rs", taken.module)),
            });
        }
        // File names have whole seconds.
        let now = now.with_nanosecond(0).unwrap_or(now);
        let newest = existing.iter().map(|m| m.timestamp).max();
        let stamp = match newest {
            Some(newest) if newest >= now => newest + chrono::Duration::seconds(1),
            _ => now,
        };
        let module = format!("m{}_{name}", stamp.format(TIMESTAMP_FORMAT));
        if module.len() > MAX_ID_LENGTH {
            return Err(CliError::InvalidName {
                name: name.to_owned(),
                reason: format!("the migration id would be longer than {MAX_ID_LENGTH} characters"),
            });
        }
        let module_text = fs::read_to_string(&module_file).map_err(CliError::io(&module_file))?;
        let path = self.dir.join(format!("{module}.rs"));
        // `create_new`: never overwrite, even a file that appeared since we looked.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(CliError::io(&path))?;
        // A module that includes the discovered migrations needs no edit: the file is all.
        let lists_its_migrations = !crate::discovery::uses_discovery(&module_text);
        let written = file.write_all(source.as_bytes()).and_then(|()| {
            if lists_its_migrations {
                fs::write(&module_file, insert_mod_line(&module_text, &module))
            } else {
                Ok(())
            }
        });
        if let Err(source) = written {
            let _ = fs::remove_file(&path);
            let _ = fs::write(&module_file, &module_text);
            return Err(CliError::Io { path, source });
        }
        Ok(path)
    }

    /// The migrations already in the directory, from their file names.
    fn existing(&self) -> Result<Vec<ExistingMigration>, CliError> {
        let entries = fs::read_dir(&self.dir).map_err(CliError::io(&self.dir))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(CliError::io(&self.dir))?;
            let file_name = entry.file_name();
            let Some(module) = file_name.to_str().and_then(|f| f.strip_suffix(".rs")) else {
                continue;
            };
            if let Some(migration) = ExistingMigration::parse(module) {
                found.push(migration);
            }
        }
        Ok(found)
    }
}

/// A migration file already written: `m<timestamp>_<name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ExistingMigration {
    module: String,
    timestamp: NaiveDateTime,
    name: String,
}

impl ExistingMigration {
    fn parse(module: &str) -> Option<Self> {
        let rest = module.strip_prefix('m')?;
        let stamp = rest.get(..TIMESTAMP_LENGTH)?;
        let name = rest.get(TIMESTAMP_LENGTH..)?.strip_prefix('_')?;
        let timestamp = NaiveDateTime::parse_from_str(stamp, TIMESTAMP_FORMAT).ok()?;
        Some(ExistingMigration {
            module: module.to_owned(),
            timestamp,
            name: name.to_owned(),
        })
    }
}

/// The current time in UTC, for [`MigrationCreator::create`].
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// Whether `name` can name a migration: a snake_case identifier (`create_users`).
///
/// ```
/// use migrate_cli::validate_name;
///
/// assert!(validate_name("create_users").is_ok());
/// assert!(validate_name("CreateUsers").is_err());
/// ```
pub fn validate_name(name: &str) -> Result<(), CliError> {
    let invalid = |reason: &str| {
        Err(CliError::InvalidName {
            name: name.to_owned(),
            reason: reason.to_owned(),
        })
    };
    if name.is_empty() {
        return invalid("it is empty");
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return invalid("it must start with a lowercase letter (snake_case, like `create_users`)");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return invalid(
            "use only lowercase letters, digits and `_` (snake_case, like `create_users`)",
        );
    }
    if name.ends_with('_') || name.contains("__") {
        return invalid("`_` must separate words: no trailing or doubled `_`");
    }
    Ok(())
}

/// Whether `table` can go into a template.
fn validate_table(table: &str) -> Result<(), CliError> {
    let mut chars = table.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(CliError::InvalidTable(table.to_owned()))
    }
}

/// The module's text with `mod <module>;` added among its migration `mod` lines, all of them
/// sorted and kept where the first one was (appended when there is none). Other lines stay.
///
/// ```
/// let text = "//! Migrations.\n\nmod m2026_b;\nmod m2026_d;\n";
/// assert_eq!(
///     migrate_cli::insert_mod_line(text, "m2026_c"),
///     "//! Migrations.\n\nmod m2026_b;\nmod m2026_c;\nmod m2026_d;\n"
/// );
/// ```
pub fn insert_mod_line(text: &str, module: &str) -> String {
    let is_mod_line = |line: &str| {
        let line = line.trim();
        let declared = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|rest| rest.strip_suffix(';'));
        declared.is_some_and(|name| {
            name.starts_with('m') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let mut mods: Vec<String> = text
        .lines()
        .filter(|l| is_mod_line(l))
        .map(str::to_owned)
        .collect();
    mods.push(format!("mod {module};"));
    mods.sort_by(|a, b| mod_name(a).cmp(mod_name(b)));
    mods.dedup();

    let mut out = Vec::new();
    let mut placed = false;
    for line in text.lines() {
        if is_mod_line(line) {
            if !placed {
                out.extend(mods.iter().cloned());
                placed = true;
            }
        } else {
            out.push(line.to_owned());
        }
    }
    if !placed {
        while out.last().is_some_and(|l| l.trim().is_empty()) {
            out.pop();
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(mods);
    }
    let mut result = out.join("\n");
    result.push('\n');
    result
}

/// `pub mod m1_a;` → `m1_a`.
fn mod_name(line: &str) -> &str {
    let line = line.trim();
    let line = line.strip_prefix("pub ").unwrap_or(line);
    line.strip_prefix("mod ")
        .unwrap_or(line)
        .trim_end_matches(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn package() -> (tempfile::TempDir, MigrationCreator) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/migrations")).unwrap();
        fs::write(
            dir.path().join("src/migrations/mod.rs"),
            "//! Migrations.\n",
        )
        .unwrap();
        let creator = MigrationCreator::new(dir.path());
        (dir, creator)
    }

    #[test]
    fn names_must_be_snake_case() {
        for good in ["create_users", "add_bio_to_users", "v2", "a1_b2"] {
            assert!(validate_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "CreateUsers",
            "create-users",
            "_x",
            "x_",
            "a__b",
            "9lives",
            "naïve",
        ] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mod_lines_stay_sorted_and_other_lines_stay() {
        let text = "//! Docs.\n\nmod m2_b;\npub mod m4_d;\n\n#[cfg(test)]\nmod tests;\n";
        assert_eq!(
            insert_mod_line(text, "m3_c"),
            "//! Docs.\n\nmod m2_b;\nmod m3_c;\npub mod m4_d;\n\n#[cfg(test)]\nmod tests;\n"
        );
        assert_eq!(
            insert_mod_line("//! Docs.\n\n", "m1_a"),
            "//! Docs.\n\nmod m1_a;\n"
        );
        assert_eq!(insert_mod_line("", "m1_a"), "mod m1_a;\n");
        assert_eq!(
            insert_mod_line("mod m2_b;\n", "m1_a"),
            "mod m1_a;\nmod m2_b;\n"
        );
    }

    #[test]
    fn creates_registers_and_refuses_a_name_twice() {
        let (dir, creator) = package();
        let now = at("2026-11-25 14:03:12");
        let path = creator
            .create("create_users", &Template::Create("users".into()), now)
            .unwrap();
        assert_eq!(
            path,
            dir.path()
                .join("src/migrations/m2026_11_25_140312_create_users.rs")
        );
        assert!(fs::read_to_string(&path)
            .unwrap()
            .contains("s.create(\"users\""));
        // Same second: the next one is stamped a second later, so it sorts after.
        let second = creator
            .create("add_bio_to_users", &Template::Blank, now)
            .unwrap();
        assert!(second.ends_with("m2026_11_25_140313_add_bio_to_users.rs"));
        assert_eq!(
            fs::read_to_string(creator.module_file()).unwrap(),
            "//! Migrations.\n\nmod m2026_11_25_140312_create_users;\nmod m2026_11_25_140313_add_bio_to_users;\n"
        );

        let before = fs::read_to_string(creator.module_file()).unwrap();
        let taken = creator
            .create("create_users", &Template::Blank, at("2027-01-01 00:00:00"))
            .unwrap_err();
        assert!(matches!(taken, CliError::NameTaken { .. }), "{taken}");
        assert_eq!(fs::read_to_string(creator.module_file()).unwrap(), before);
        assert_eq!(
            fs::read_dir(dir.path().join("src/migrations"))
                .unwrap()
                .count(),
            3
        );
    }

    #[test]
    fn a_module_including_the_discovered_migrations_is_not_edited() {
        let (dir, creator) = package();
        let module = crate::discovery::MIGRATIONS_MODULE;
        fs::write(creator.module_file(), module).unwrap();
        let path = creator
            .create("create_users", &Template::Blank, at("2026-11-25 14:03:12"))
            .unwrap();
        assert!(path.is_file());
        assert_eq!(fs::read_to_string(creator.module_file()).unwrap(), module);
        assert_eq!(
            fs::read_dir(dir.path().join("src/migrations"))
                .unwrap()
                .count(),
            2
        );
    }

    #[test]
    fn a_missing_module_points_to_init() {
        let dir = tempfile::tempdir().unwrap();
        let error = MigrationCreator::new(dir.path())
            .create("x", &Template::Blank, at("2026-01-01 00:00:00"))
            .unwrap_err();
        assert!(error.to_string().contains("cargo migrate init"), "{error}");
    }

    #[test]
    fn table_names_are_checked() {
        let (_dir, creator) = package();
        let error = creator
            .create(
                "x",
                &Template::Create("a\"b".into()),
                at("2026-01-01 00:00:00"),
            )
            .unwrap_err();
        assert!(matches!(error, CliError::InvalidTable(_)));
    }
}

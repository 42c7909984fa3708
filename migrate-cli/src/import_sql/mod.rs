//! `cargo migrate import-sql DIR`: turn a diesel or sqlx migrations directory into
//! `#[migration]` files whose `up` and `down` run the same SQL, one `s.raw(...)` per
//! statement, keeping each migration's timestamp (so `adopt` matches them afterwards).

mod source;
mod split;

use std::fs;
use std::path::{Path, PathBuf};

use crate::discovery::uses_discovery;
use crate::{insert_mod_line, snake_case, validate_name, CliError};
pub(crate) use source::scan;
use source::OldMigration;

/// What `import_sql` wrote, and what it did not import and why.
#[derive(Debug, Default)]
pub struct Imported {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// Entries of the directory that were not imported, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Imports every migration of `dir` into the package at `package_root`'s `src/migrations/`.
/// Checks every migration first (its name, a file already there), and writes nothing if one
/// fails.
pub fn import_sql(dir: &Path, package_root: &Path) -> Result<Imported, CliError> {
    let migrations_dir = package_root.join("src").join("migrations");
    let module_file = migrations_dir.join("mod.rs");
    if !module_file.is_file() {
        return Err(CliError::NoMigrationsModule(module_file));
    }
    let found = scan(dir)?;
    let mut planned = Vec::new();
    for old in &found.migrations {
        let name = snake_case(&old.name);
        validate_name(&name)?;
        let module = format!(
            "m{}_{}_{}_{}_{}",
            &old.stamp[..4],
            &old.stamp[4..6],
            &old.stamp[6..8],
            &old.stamp[8..],
            name
        );
        let path = migrations_dir.join(format!("{module}.rs"));
        if path.exists() {
            return Err(CliError::NameTaken {
                name,
                existing: path,
            });
        }
        planned.push((module, path, render(old)?));
    }
    let mut module_text = fs::read_to_string(&module_file).map_err(CliError::io(&module_file))?;
    let lists = !uses_discovery(&module_text);
    let mut imported = Imported {
        skipped: found.skipped,
        ..Imported::default()
    };
    for (module, path, source) in planned {
        fs::write(&path, source).map_err(CliError::io(&path))?;
        if lists {
            module_text = insert_mod_line(&module_text, &module);
        }
        imported.written.push(path);
    }
    if lists {
        fs::write(&module_file, module_text).map_err(CliError::io(&module_file))?;
    }
    Ok(imported)
}

/// The Rust source of one imported migration.
fn render(old: &OldMigration) -> Result<String, CliError> {
    let read = |path: &Path| fs::read_to_string(path).map_err(CliError::io(path));
    let up = body(&read(&old.up)?);
    let mut source = format!(
        "//! Imported from {} by `cargo migrate import-sql`.\n\n\
         use migrate_core::prelude::*;\n\n\
         #[migration]\nfn up(s: &mut Schema) -> Result<()> {{\n{up}}}\n",
        old.up.display()
    );
    if let Some(down) = &old.down {
        let down = body(&read(down)?);
        source.push_str(&format!(
            "\n#[migration]\nfn down(s: &mut Schema) -> Result<()> {{\n{down}}}\n"
        ));
    }
    Ok(source)
}

/// A function body running each statement of `sql` with `s.raw`.
fn body(sql: &str) -> String {
    let mut out = String::new();
    for statement in split::statements(sql) {
        out.push_str(&format!("    s.raw({})?;\n", raw_literal(&statement)));
    }
    out.push_str("    Ok(())\n");
    out
}

/// `text` as a raw string literal with enough `#`s that nothing inside ends it.
fn raw_literal(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_literals_are_closed_only_at_their_end() {
        assert_eq!(raw_literal("a \"b\""), "r#\"a \"b\"\"#");
        assert_eq!(raw_literal("x \"# y"), "r##\"x \"# y\"##");
    }

    #[test]
    fn imports_diesel_and_sqlx_layouts_and_skips_what_it_cannot() -> Result<(), CliError> {
        let tmp = tempfile::tempdir().map_err(CliError::io(Path::new("tmp")))?;
        let root = tmp.path();
        let write = |relative: &str, text: &str| {
            let path = root.join(relative);
            if let Some(parent) = path.parent() {
                let _ = fs::create_dir_all(parent);
            }
            fs::write(&path, text).map_err(CliError::io(&path))
        };
        write("src/migrations/mod.rs", "//! Migrations.\n")?;
        write(
            "diesel/2026-01-02-120000_create_users/up.sql",
            "CREATE TABLE users (id INT);\nINSERT INTO users VALUES (1);",
        )?;
        write(
            "diesel/2026-01-02-120000_create_users/down.sql",
            "DROP TABLE users;",
        )?;
        write(
            "diesel/00000000000000_diesel_initial_setup/up.sql",
            "SELECT 1;",
        )?;
        write(
            "sqlx/20260103090000_create_posts.up.sql",
            "CREATE TABLE posts (id INT);",
        )?;
        write(
            "sqlx/20260103090000_create_posts.down.sql",
            "DROP TABLE posts;",
        )?;
        write(
            "sqlx/20260104080000_Add Tags.sql",
            "CREATE TABLE tags (id INT);",
        )?;
        let diesel = import_sql(&root.join("diesel"), root)?;
        assert_eq!(diesel.written.len(), 1);
        assert_eq!(diesel.skipped.len(), 1);
        let users = fs::read_to_string(&diesel.written[0]).map_err(CliError::io(root))?;
        assert!(diesel.written[0].ends_with("m2026_01_02_120000_create_users.rs"));
        assert!(users.contains(
            "fn up(s: &mut Schema) -> Result<()> {\n    s.raw(r#\"CREATE TABLE users (id INT)\"#)?;\n    \
             s.raw(r#\"INSERT INTO users VALUES (1)\"#)?;\n    Ok(())\n}"
        ), "{users}");
        assert!(users.contains(
            "fn down(s: &mut Schema) -> Result<()> {\n    s.raw(r#\"DROP TABLE users\"#)?;"
        ));
        let sqlx = import_sql(&root.join("sqlx"), root)?;
        let names: Vec<String> = sqlx
            .written
            .iter()
            .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
            .collect();
        assert_eq!(
            names,
            [
                "m2026_01_03_090000_create_posts.rs",
                "m2026_01_04_080000_add_tags.rs"
            ]
        );
        let tags = fs::read_to_string(&sqlx.written[1]).map_err(CliError::io(root))?;
        assert!(!tags.contains("fn down"), "a plain .sql file has no down");
        let module =
            fs::read_to_string(root.join("src/migrations/mod.rs")).map_err(CliError::io(root))?;
        assert!(module.ends_with("mod m2026_01_02_120000_create_users;\nmod m2026_01_03_090000_create_posts;\nmod m2026_01_04_080000_add_tags;\n"), "{module}");
        // A second import finds the files there and writes nothing.
        assert!(matches!(
            import_sql(&root.join("sqlx"), root),
            Err(CliError::NameTaken { .. })
        ));
        Ok(())
    }
}

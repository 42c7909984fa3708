//! The README's "Getting started", run as written: its shell commands by `sh`, in a temp dir
//! outside the workspace, with the README's migration and `main.rs` pasted in.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{lock, target_dir, Run};

/// The fenced code blocks of `text`: (language, contents).
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(language) = line.strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        blocks.push((language.to_owned(), body.join("\n") + "\n"));
    }
    blocks
}

/// The README's section that starts with `heading`, up to the next `## `.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme.find(heading).expect("the README has the section");
    let rest = &readme[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

/// Runs `script` with `sh -e` in `dir`, `cargo migrate` being the binary under test (as it
/// is once installed) and every build going to the shared target dir.
fn sh(dir: &Path, script: &str) -> Run {
    let preamble = "cargo() { if [ \"$1\" = migrate ]; then \"$CARGO_MIGRATE\" \"$@\"; \
                    else command cargo \"$@\"; fi; }\n";
    let output = Command::new("sh")
        .arg("-ec")
        .arg(format!("{preamble}{script}"))
        .current_dir(dir)
        .env("CARGO_MIGRATE", env!("CARGO_BIN_EXE_cargo-migrate"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_CARGO_NEW_VCS", "none")
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .output()
        .expect("sh starts");
    Run::from(output)
}

#[test]
fn getting_started_works_as_written() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = fs::read_to_string(workspace.join("README.md")).unwrap();
    let rust: Vec<String> = code_blocks(&readme)
        .into_iter()
        .filter(|(language, _)| language == "rust")
        .map(|(_, code)| code)
        .collect();
    let (migration, main_rs) = (&rust[0], &rust[1]);
    assert!(main_rs.starts_with("// src/main.rs\n"), "{main_rs}");
    let steps = code_blocks(section(&readme, "\n## Getting started\n"));
    let [(sh1, setup), (toml, added), (sh2, then)] = &steps[..] else {
        panic!("Getting started has two shell blocks around a toml one: {steps:?}");
    };
    assert_eq!([sh1, toml, sh2], ["sh", "toml", "sh"]);

    let _guard = lock();
    let work = tempfile::tempdir().unwrap();
    // Installing is what the test's build of cargo-migrate stands for.
    let setup: String = setup
        .lines()
        .filter(|l| !l.starts_with("cargo install "))
        .map(|l| format!("{l}\n"))
        .collect();
    sh(work.path(), &setup).ok();
    let app = work.path().join("shop");

    // What init added to Cargo.toml, the README's lines in order; the path is this checkout's.
    let manifest = fs::read_to_string(app.join("Cargo.toml")).unwrap();
    let core_line = manifest
        .lines()
        .find(|l| l.starts_with("migrate-core = "))
        .unwrap_or_else(|| panic!("{manifest}"));
    let path = core_line
        .split('"')
        .nth(1)
        .unwrap_or_else(|| panic!("{core_line}"));
    assert_eq!(
        fs::canonicalize(app.join(path)).unwrap(),
        fs::canonicalize(workspace.join("migrate-core")).unwrap()
    );
    let mut rest = manifest.as_str();
    for line in added
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        // migrate-build sits next to migrate-core.
        let clone = path.strip_suffix("migrate-core").unwrap_or(path);
        let line = line.replace("../migrate/", clone);
        let at = rest
            .find(&format!("{line}\n"))
            .unwrap_or_else(|| panic!("{line:?} is not in (or not in order in)\n{manifest}"));
        rest = &rest[at + line.len()..];
    }

    // The README's code, pasted where it says; the workspace's lock file so that builds
    // share the dependencies already built (a fresh machine resolves the same versions).
    let migrations: Vec<PathBuf> = fs::read_dir(app.join("src/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("_create_users.rs"))
        .collect();
    assert_eq!(migrations.len(), 1, "{migrations:?}");
    fs::write(&migrations[0], migration).unwrap();
    fs::write(app.join("src/main.rs"), main_rs).unwrap();
    fs::copy(workspace.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();

    let commands: Vec<&str> = then
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .collect();
    assert_eq!(commands, ["cargo run", "cargo migrate status", "cargo run"]);
    let first = sh(&app, commands[0]).ok();
    let id = migrations[0].file_stem().unwrap().to_string_lossy();
    let line = first
        .stdout
        .strip_prefix(&format!("Migrated: {id} ("))
        .unwrap_or_else(|| {
            panic!("{}\n{}", first.stdout, first.stderr);
        });
    assert!(line.ends_with(" ms)\n"), "{}", first.stdout);
    assert!(app.join("app.sqlite").is_file());
    let status = sh(&app, commands[1]).ok();
    assert!(
        status.stdout.contains(&format!("{id}"))
            && status.stdout.ends_with("1 applied, 0 pending.\n"),
        "{}",
        status.stdout
    );
    assert_eq!(sh(&app, commands[2]).ok().stdout, "");

    // An error from `run_pending()?` in that `main` prints as a message, not a structure.
    let edited = migration.replacen(
        "t.timestamps();",
        "t.timestamps();\n        t.text(\"bio\").nullable();",
        1,
    );
    assert_ne!(&edited, migration);
    fs::write(&migrations[0], edited).unwrap();
    let drift = sh(&app, "cargo run").code(1);
    let error = drift.stderr.lines().last().unwrap_or_default();
    let expected = format!("Error: migration {id} (src/migrations/{id}.rs:");
    assert!(
        error.starts_with(&expected) && error.contains(") was edited after it was applied"),
        "{}",
        drift.stderr
    );
}

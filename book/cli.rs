//! The command-line reference names every command and flag of both command lines: `cargo
//! migrate`'s, read from its clap definition, and the runner's, read from the source of
//! `migrate_core::cli`'s arguments (private to that crate).

use std::collections::BTreeSet;

use clap::CommandFactory;

const CHAPTER: &str = include_str!("src/reference/cli.md");

/// Every subcommand name and `--long` flag of a clap command, recursively.
fn names(command: &clap::Command, out: &mut BTreeSet<String>) {
    for arg in command.get_arguments() {
        if let Some(long) = arg.get_long() {
            out.insert(format!("--{long}"));
        }
    }
    for sub in command.get_subcommands() {
        out.insert(sub.get_name().to_owned());
        names(sub, out);
    }
}

/// The runner's commands (the variants of `Command`) and long flags (fields under an
/// `#[arg(...long...)]`), from its source.
fn runner_names() -> BTreeSet<String> {
    // `lint`'s options are defined next to the command, in `lint.rs`.
    let source = concat!(
        include_str!("../migrate-core/src/cli/args.rs"),
        include_str!("../migrate-core/src/cli/lint.rs")
    );
    let mut out = BTreeSet::new();
    let mut in_commands = false;
    let mut attribute = String::new();
    for line in source.lines().map(str::trim) {
        if line.starts_with("pub enum Command") {
            in_commands = true;
        } else if in_commands && line == "}" {
            in_commands = false;
        } else if in_commands && line.chars().next().is_some_and(char::is_uppercase) {
            let variant: String = line
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            out.insert(variant.to_lowercase());
        }
        if line.starts_with("#[arg(") || !attribute.is_empty() {
            attribute.push_str(line);
        }
        if let Some(field) = line.strip_prefix("pub ").and_then(|f| f.split_once(':')) {
            // `long = "crate"` names the flag itself (a field cannot be called `crate`).
            let renamed = attribute
                .split_once("long = \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(name, _)| name.to_owned());
            if let Some(name) = renamed {
                out.insert(format!("--{name}"));
            } else if attribute.contains("long") {
                out.insert(format!("--{}", field.0.replace('_', "-")));
            }
            attribute.clear();
        }
    }
    out
}

fn undocumented(names: BTreeSet<String>) -> Vec<String> {
    names
        .into_iter()
        .filter(|name| !CHAPTER.contains(&format!("`{name}")))
        .collect()
}

#[test]
fn every_cargo_migrate_command_and_flag_is_documented() {
    let mut all = BTreeSet::new();
    names(&migrate_cli::Cargo::command(), &mut all);
    all.remove("--help");
    all.remove("--version");
    all.remove("migrate");
    all.remove("help");
    assert!(all.contains("--manifest-path"), "{all:?}");
    assert_eq!(undocumented(all), Vec::<String>::new());
}

#[test]
fn every_runner_command_and_flag_is_documented() {
    let all = runner_names();
    for expected in [
        "run",
        "check",
        "--database",
        "--commit-window",
        "--rolled-back",
        "--at",
    ] {
        assert!(all.contains(expected), "{expected} not found in {all:?}");
    }
    assert_eq!(undocumented(all), Vec::<String>::new());
}

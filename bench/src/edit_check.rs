//! The edit-compile loop: `cargo check` of a crate of 300 migrations, one file each, after
//! one migration file is edited, with `#[migration]` against the same registrations written
//! by hand (the function and an `inventory::submit!` of its `Registration`).
//!
//! The two crates are generated into one workspace under `target/bench/edit-check`, checked
//! once untimed (dependencies, then a first incremental session); then each round edits the
//! middle migration of each crate (a column length toggled, so the function really changes)
//! and times an incremental `cargo check` of that crate alone (dev profile), the two crates
//! interleaved and in alternating order.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build_time::write_if_changed;
use crate::report::{ms, summary};

/// Migrations per generated crate.
pub const MIGRATIONS: usize = 300;
/// Timed checks per crate, by default.
pub const ROUNDS: usize = 11;
/// The ratio of medians the attribute must stay within.
pub const TARGET: f64 = 1.3;

pub const BEGIN: &str = "<!-- edit-check: begin -->";
pub const END: &str = "<!-- edit-check: end -->";

/// The migration edited in each round.
const EDITED: usize = MIGRATIONS / 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Attribute,
    Hand,
}

impl Variant {
    const ALL: [Variant; 2] = [Variant::Attribute, Variant::Hand];

    fn package(self) -> &'static str {
        match self {
            Variant::Attribute => "gen-edit-attribute",
            Variant::Hand => "gen-edit-hand",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Variant::Attribute => "`#[migration]` (module-derived ids)",
            Variant::Hand => {
                "registrations by hand (fn + `inventory::submit!` of the `Registration`)"
            }
        }
    }
}

/// The timed checks of each variant, or why they could not be taken.
pub fn measure(rounds: usize) -> Result<Vec<(Variant, Vec<Duration>)>, String> {
    let main = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?
        .to_path_buf();
    let root = main.join("target/bench/edit-check");
    generate(&main, &root).map_err(|e| format!("generating the crates: {e}"))?;
    eprintln!("edit-check: checking the generated crates once (untimed)");
    for variant in Variant::ALL {
        cargo_check(&root, variant)?;
        edit(&root, variant, 0)?;
        cargo_check(&root, variant)?;
    }
    let mut samples: Vec<(Variant, Vec<Duration>)> =
        Variant::ALL.iter().map(|&v| (v, Vec::new())).collect();
    for round in 1..=rounds {
        let order: Vec<usize> = if round % 2 == 0 {
            vec![1, 0]
        } else {
            vec![0, 1]
        };
        for index in order {
            let (variant, times) = &mut samples[index];
            eprintln!("edit-check: round {round}/{rounds} {}", variant.package());
            edit(&root, *variant, round)?;
            let started = Instant::now();
            cargo_check(&root, *variant)?;
            times.push(started.elapsed());
        }
    }
    Ok(samples)
}

/// Rewrites the edited migration of `variant` with a length that differs from the last one.
fn edit(root: &Path, variant: Variant, round: usize) -> Result<(), String> {
    let path = migration_path(root, variant, EDITED);
    std::fs::write(&path, migration(variant, EDITED, 100 + round % 2))
        .map_err(|e| format!("editing {}: {e}", path.display()))
}

fn cargo_check(root: &Path, variant: Variant) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args(["check", "--offline", "--quiet", "-p", variant.package()])
        .env("CARGO_TARGET_DIR", root.join("target"))
        // The edit-compile loop as a user has it: incremental, as the dev profile is.
        .env_remove("CARGO_INCREMENTAL")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo check -p {} failed:\n{}",
            variant.package(),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// `m2026_01_01_HHMMSS_create_t_NNNN`: a module-derived id, `n` seconds past midnight.
fn id(n: usize) -> String {
    let (h, m, s) = (n / 3600, n / 60 % 60, n % 60);
    format!("m2026_01_01_{h:02}{m:02}{s:02}_create_t_{n:04}")
}

fn migration_path(root: &Path, variant: Variant, n: usize) -> PathBuf {
    root.join(variant.package())
        .join("src/migrations")
        .join(format!("{}.rs", id(n)))
}

/// One migration file: an `up` creating a table whose `name` column is `length` long, and a
/// `down` dropping it.
fn migration(variant: Variant, n: usize, length: usize) -> String {
    let up = format!(
        "s.create(\"t_{n:04}\", |t| {{\n        t.increments(\"id\");\n        \
         t.string(\"name\", {length});\n        t.integer(\"n\").default(0);\n    }})"
    );
    let down = format!("s.drop(\"t_{n:04}\")");
    let mut code = String::from("use migrate_core::prelude::*;\n\n");
    for (name, kind, body) in [("up", "Up", up), ("down", "Down", down)] {
        match variant {
            Variant::Attribute => write!(
                code,
                "#[migration]\nfn {name}(s: &mut Schema) -> Result<()> {{\n    {body}\n}}\n\n"
            ),
            Variant::Hand => write!(
                code,
                "fn {name}(s: &mut Schema) -> Result<()> {{\n    {body}\n}}\n\n{}",
                crate::build_time::registration(name, kind, None, n, 3)
            ),
        }
        .expect("writing to a String");
    }
    code
}

fn generate(main: &Path, root: &Path) -> std::io::Result<()> {
    let members: Vec<String> = Variant::ALL
        .iter()
        .map(|v| format!("{:?}", v.package()))
        .collect();
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    if !root.join("Cargo.lock").exists() {
        std::fs::copy(main.join("Cargo.lock"), root.join("Cargo.lock"))?;
    }
    let core = main.join("migrate-core");
    for variant in Variant::ALL {
        let dir = root.join(variant.package());
        write_if_changed(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = {:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nmigrate-core = {{ path = {:?} }}\n",
                variant.package(),
                core.to_string_lossy()
            ),
        )?;
        write_if_changed(
            &dir.join("src/lib.rs"),
            "//! Generated by migrate-bench.\n\npub mod migrations;\n",
        )?;
        let mut modules = String::new();
        for n in 1..=MIGRATIONS {
            writeln!(modules, "pub mod {};", id(n)).expect("writing to a String");
            write_if_changed(
                &migration_path(root, variant, n),
                &migration(variant, n, 100),
            )?;
        }
        write_if_changed(&dir.join("src/migrations/mod.rs"), &modules)?;
    }
    Ok(())
}

/// The section of `docs/BENCHMARKS.md`, between [`BEGIN`] and [`END`].
pub fn markdown(samples: &[(Variant, Vec<Duration>)], load: &str) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "{BEGIN}\n");
    let _ = writeln!(
        w,
        "## Edit-compile loop: `cargo check` after editing one migration\n"
    );
    let _ = writeln!(
        w,
        "{MIGRATIONS} migrations, one file each (`src/migrations/mod.rs` lists them); each round \
         edits migration {EDITED} (a column length) and times an incremental `cargo check -p` \
         of that crate alone, the two crates interleaved in alternating order; {} rounds. \
         Load average before the run: {load}.\n",
        samples.first().map_or(0, |(_, t)| t.len())
    );
    let _ = writeln!(w, "| crate | median | min | max |\n|---|---|---|---|");
    for (variant, times) in samples {
        if times.is_empty() {
            continue;
        }
        let (median, min, max) = summary(times);
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            variant.describe(),
            ms(median),
            ms(min),
            ms(max)
        );
    }
    let median = |variant: Variant| {
        samples
            .iter()
            .find(|(v, t)| *v == variant && !t.is_empty())
            .map(|(_, t)| summary(t).0)
    };
    if let (Some(attribute), Some(hand)) = (median(Variant::Attribute), median(Variant::Hand)) {
        let ratio = attribute.as_secs_f64() / hand.as_secs_f64();
        let verdict = if ratio <= TARGET { "met" } else { "not met" };
        let _ = writeln!(
            w,
            "\nRatio of medians: **{ratio:.2}x** (target ≤ {TARGET}x: {verdict}).\n"
        );
    }
    let _ = writeln!(w, "{END}\n");
    w
}

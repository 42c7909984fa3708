//! The edit-compile loop: `cargo check` of a crate of 300 migrations, one file each, after
//! one migration file is edited, with `#[migration]` (discovered by a build script, which
//! proves the files' sets, or listed in `mod.rs`) against the same registrations written
//! by hand (the function and an `inventory::submit!` of its `Registration`), and against
//! the attribute's checked expansion written out (what rustc pays for that output, without
//! the proc macro).
//!
//! The crates are generated into workspaces under `target/bench/edit-check`, checked
//! once untimed (dependencies, then a first incremental session); then each round edits the
//! middle migration of each crate (a column length toggled, so the function really changes)
//! and times an incremental `cargo check` of that crate alone (dev profile), the crates
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

/// The profile section `cargo migrate init` writes into an application's Cargo.toml
/// (`migrate-cli/src/macro_profile.rs`, repeated here: the benchmark does not build the CLI).
const MACRO_PROFILE: &str = "[profile.dev.build-override]\nopt-level = 3\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `#[migration]`, discovered by the build script (the layout `cargo migrate init`
    /// writes), in a workspace with [`MACRO_PROFILE`].
    Attribute,
    /// The same, in a workspace without it.
    AttributePlain,
    /// `#[migration]` in an application whose `mod.rs` lists its migrations (no build
    /// script, so nothing is proven and every registration checks the set), with the profile.
    AttributeListed,
    /// What `#[migration]` expands to, written out: the same output, no proc macro. Tells
    /// the cost of the expansion (the set checks among it) from the macro's own.
    Expanded,
    /// The baseline: no proc macro runs, so the profile makes no difference to it.
    Hand,
}

impl Variant {
    const ALL: [Variant; 5] = [
        Variant::Attribute,
        Variant::AttributePlain,
        Variant::AttributeListed,
        Variant::Expanded,
        Variant::Hand,
    ];

    fn package(self) -> &'static str {
        match self {
            Variant::Attribute => "gen-edit-attribute",
            Variant::AttributePlain => "gen-edit-attribute-plain",
            Variant::AttributeListed => "gen-edit-attribute-listed",
            Variant::Expanded => "gen-edit-expanded",
            Variant::Hand => "gen-edit-hand",
        }
    }

    /// The workspace the variant's crate is in, under the benchmark's folder.
    fn workspace(self) -> &'static str {
        match self {
            Variant::Attribute | Variant::AttributeListed | Variant::Expanded | Variant::Hand => {
                "init-profile"
            }
            Variant::AttributePlain => "plain",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Variant::Attribute => {
                "`#[migration]`, discovered (`build.rs`), with the profile: what `cargo migrate init` sets up"
            }
            Variant::AttributePlain => {
                "`#[migration]`, discovered, without that profile (a plain dev build)"
            }
            Variant::AttributeListed => {
                "`#[migration]`, listed in `mod.rs` (no build script: nothing proven), with the profile"
            }
            Variant::Expanded => {
                "`#[migration]`'s expansion written out (the same `registration!` call, no proc macro)"
            }
            Variant::Hand => {
                "registrations by hand (fn + `inventory::submit!` of the `Registration`)"
            }
        }
    }

    /// Whether the crate's build script discovers its migrations (`migrate_build::discover`).
    fn discovers(self) -> bool {
        matches!(self, Variant::Attribute | Variant::AttributePlain)
    }
}

/// One timed check: the wall time a user waits, and the CPU time (user + system) cargo and
/// the compiler spent, which another process on the machine disturbs much less.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    pub cpu: Option<Duration>,
}

/// The timed checks of each variant, or why they could not be taken.
pub fn measure(rounds: usize) -> Result<Vec<(Variant, Vec<Sample>)>, String> {
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
    let mut samples: Vec<(Variant, Vec<Sample>)> =
        Variant::ALL.iter().map(|&v| (v, Vec::new())).collect();
    for round in 1..=rounds {
        // Every variant each round, starting with a different one, forwards or backwards.
        let n = Variant::ALL.len();
        let mut order: Vec<usize> = (0..n).map(|i| (i + round) % n).collect();
        if round % 2 == 0 {
            order.reverse();
        }
        for index in order {
            let (variant, times) = &mut samples[index];
            eprintln!("edit-check: round {round}/{rounds} {}", variant.package());
            edit(&root, *variant, round)?;
            let cpu_before = children_cpu();
            let started = Instant::now();
            cargo_check(&root, *variant)?;
            let wall = started.elapsed();
            let cpu = children_cpu()
                .zip(cpu_before)
                .map(|(after, before)| after.saturating_sub(before));
            times.push(Sample { wall, cpu });
        }
    }
    Ok(samples)
}

/// The user and system CPU time of this process's waited-for children and their own
/// waited-for children (cargo waits for rustc), from `/proc/self/stat`; `None` elsewhere
/// than on Linux. Resolution: one clock tick (10 ms at the usual 100 Hz).
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // cutime and cstime are fields 16 and 17 of the line, 14 and 15 after the name.
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    const TICKS_PER_SECOND: u64 = 100;
    Some(Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND))
}

/// Rewrites the edited migration of `variant` with a length that differs from the last one.
fn edit(root: &Path, variant: Variant, round: usize) -> Result<(), String> {
    let path = migration_path(root, variant, EDITED);
    std::fs::write(&path, migration(variant, EDITED, 100 + round % 2))
        .map_err(|e| format!("editing {}: {e}", path.display()))
}

fn cargo_check(root: &Path, variant: Variant) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = root.join(variant.workspace());
    let output = Command::new(cargo)
        .current_dir(&root)
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
    root.join(variant.workspace())
        .join(variant.package())
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
            Variant::Attribute | Variant::AttributePlain | Variant::AttributeListed => write!(
                code,
                "#[migration]\nfn {name}(s: &mut Schema) -> Result<()> {{\n    {body}\n}}\n\n"
            ),
            Variant::Expanded => write!(
                code,
                "fn {name}(s: &mut Schema) -> Result<()> {{\n    {body}\n}}\n\n{}",
                expansion(name, kind, n)
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

/// What `#[migration]` writes after a function `name` of migration `n` whose id is its
/// file's module (`migrate-macros/src/migration/expand.rs` and `markers.rs`; repeated here,
/// as the benchmark's own text): one `registration!` call with the markers that check the
/// set. The checksum is a placeholder of the same length.
fn expansion(name: &str, kind: &str, n: usize) -> String {
    const P: &str = "::migrate_core::__private";
    const UP: &str =
        "__this_migration_module_has_two_ups__remove_one_or_move_it_to_a_module_of_its_own";
    const DOWN: &str =
        "__this_migration_module_has_two_downs__remove_one__a_change_is_its_own_down";
    let hidden = "#[doc(hidden)] #[allow(dead_code, non_camel_case_types)]";
    let (module, markers, checks) = if kind == "Up" {
        (
            format!("#[allow(unused_imports)] use super::{} as _;", id(n)),
            format!("{hidden} type {UP} = {P}::Up;"),
            String::new(),
        )
    } else {
        (
            String::new(),
            format!(
                "{hidden} type {DOWN} = {P}::NoUp; \
                 #[doc(hidden)] #[allow(unused_imports)] use {P}::no_up::*;"
            ),
            format!("let _: <{UP} as {P}::HasUp>::Checked;"),
        )
    };
    format!(
        "{P}::registration! {{ {name} __migrate_registration_of_{name} \
         __migration_functions_are_free__move_{name}_out_of_the_impl_block [{module}] \
         {{ {markers} }} {{ {checks} }} {{}} None [::core::module_path!()] {kind} \
         \"{n:064x}\" [::core::line!()] \"\" None [] true false [] None [{P}::MigrationFn] {{}} }}\n\n"
    )
}

/// Writes each workspace and its crates (only what changed, so that cargo's fingerprints
/// stay valid between runs). The `init-profile` workspace has the profile `init` writes.
fn generate(main: &Path, root: &Path) -> std::io::Result<()> {
    for workspace in ["init-profile", "plain"] {
        let variants: Vec<Variant> = Variant::ALL
            .into_iter()
            .filter(|v| v.workspace() == workspace)
            .collect();
        let members: Vec<String> = variants
            .iter()
            .map(|v| format!("{:?}", v.package()))
            .collect();
        let profile = if workspace == "init-profile" {
            MACRO_PROFILE
        } else {
            ""
        };
        let dir = root.join(workspace);
        write_if_changed(
            &dir.join("Cargo.toml"),
            &format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{profile}",
                members.join(", ")
            ),
        )?;
        if !dir.join("Cargo.lock").exists() {
            std::fs::create_dir_all(&dir)?;
            std::fs::copy(main.join("Cargo.lock"), dir.join("Cargo.lock"))?;
        }
        for variant in variants {
            generate_crate(main, root, variant)?;
        }
    }
    Ok(())
}

/// One generated crate of [`MIGRATIONS`] migrations, one file each, discovered by its build
/// script or listed in `mod.rs`.
fn generate_crate(main: &Path, root: &Path, variant: Variant) -> std::io::Result<()> {
    let core = main.join("migrate-core");
    let dir = root.join(variant.workspace()).join(variant.package());
    let build_dependency = if variant.discovers() {
        write_if_changed(
            &dir.join("build.rs"),
            "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
             migrate_build::discover(\"src/migrations\")?;\n    Ok(())\n}\n",
        )?;
        format!(
            "\n[build-dependencies]\nmigrate-build = {{ path = {:?} }}\n",
            main.join("migrate-build").to_string_lossy()
        )
    } else {
        String::new()
    };
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = {:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nmigrate-core = {{ path = {:?} }}\n{build_dependency}",
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
    if variant.discovers() {
        modules = "include!(concat!(env!(\"OUT_DIR\"), \"/migrations.rs\"));\n".to_owned();
    }
    write_if_changed(&dir.join("src/migrations/mod.rs"), &modules)
}

/// The section of `docs/BENCHMARKS.md`, between [`BEGIN`] and [`END`].
pub fn markdown(samples: &[(Variant, Vec<Sample>)], load: &str) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "{BEGIN}\n");
    let _ = writeln!(
        w,
        "## Edit-compile loop: `cargo check` after editing one migration\n"
    );
    let _ = writeln!(
        w,
        "{MIGRATIONS} migrations, one file each, in five generated crates: `#[migration]` \
         discovered by a `build.rs` (the layout `cargo migrate init` writes) in a workspace \
         whose Cargo.toml has the profile `init` writes (`[profile.dev.build-override] \
         opt-level = 3`), the same in a workspace without it, `#[migration]` in a crate whose \
         `src/migrations/mod.rs` lists its migrations (no build script: nothing proven, every \
         registration checks the set), what `#[migration]` expands to there written out (no \
         proc macro: the cost of its output alone), and the same registrations written by \
         hand (no proc macro runs, so the profile does not change it). Each round edits \
         migration {EDITED} of each crate (a column length) and times an incremental \
         `cargo check -p` of that crate alone, the crates interleaved in an order that \
         turns each round; {} rounds. Wall time is what the user waits; CPU time (user + \
         system of cargo and rustc, from `/proc/self/stat`) is what another process on the \
         machine disturbs least. Load average before the run: {load}.\n",
        samples.first().map_or(0, |(_, t)| t.len())
    );
    let _ = writeln!(
        w,
        "| crate | wall median | wall min | wall max | CPU median |\n|---|---|---|---|---|"
    );
    for (variant, times) in samples {
        if times.is_empty() {
            continue;
        }
        let (median, min, max) = summary(&walls(times));
        let cpu = cpus(times).map_or("n/a".to_owned(), |cpu| ms(summary(&cpu).0));
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {cpu} |",
            variant.describe(),
            ms(median),
            ms(min),
            ms(max)
        );
    }
    let find = |variant: Variant| {
        samples
            .iter()
            .find(|(v, t)| *v == variant && !t.is_empty())
            .map(|(_, t)| t)
    };
    let ratio =
        |a: &[Duration], h: &[Duration]| summary(a).0.as_secs_f64() / summary(h).0.as_secs_f64();
    let Some(hand) = find(Variant::Hand) else {
        let _ = writeln!(w, "{END}\n");
        return w;
    };
    let _ = writeln!(
        w,
        "\nRatios of medians to the hand-written registrations:\n"
    );
    for variant in [
        Variant::Attribute,
        Variant::AttributePlain,
        Variant::AttributeListed,
        Variant::Expanded,
    ] {
        let Some(attribute) = find(variant) else {
            continue;
        };
        let wall = ratio(&walls(attribute), &walls(hand));
        let verdict = match variant {
            Variant::Expanded => "not the attribute: what its output alone costs".to_owned(),
            _ if wall <= TARGET => format!("target ≤ {TARGET}x: met"),
            _ => format!("target ≤ {TARGET}x: not met"),
        };
        let _ = write!(
            w,
            "- {}: **{wall:.2}x** wall ({verdict})",
            variant.describe()
        );
        if let (Some(a), Some(h)) = (cpus(attribute), cpus(hand)) {
            let _ = write!(w, ", {:.2}x CPU", ratio(&a, &h));
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "{END}\n");
    w
}

fn walls(samples: &[Sample]) -> Vec<Duration> {
    samples.iter().map(|s| s.wall).collect()
}

fn cpus(samples: &[Sample]) -> Option<Vec<Duration>> {
    samples.iter().map(|s| s.cpu).collect()
}

//! The macro overhead: build time of a crate of 1000 `#[migration]` pairs written with the
//! builder, and with `schema!`, against its twin with the macros' expansion written by hand.
//!
//! The three crates are generated into one workspace under `target/bench/macro-overhead`,
//! whose dependencies are built once, untimed; then each round touches each crate's `lib.rs`
//! and times a full, non-incremental `cargo build` of that crate alone (dev profile),
//! interleaved; once with the default dev profile, once with proc macros optimized.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use crate::workload;

/// Migrations per generated crate.
pub const MIGRATIONS: usize = 1000;
/// Timed builds per crate.
pub const ROUNDS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Builder,
    Dsl,
    /// `Builder` with `#[migration]` expanded by hand.
    Hand,
    /// `Dsl` with `#[migration]` and `schema!` expanded by hand (what `schema!` emits).
    HandDsl,
}

impl Variant {
    pub const ALL: [Variant; 4] = [
        Variant::Builder,
        Variant::Dsl,
        Variant::Hand,
        Variant::HandDsl,
    ];

    /// The hand-expanded twin a macro-using variant is compared with.
    pub fn twin(self) -> Variant {
        match self {
            Variant::Builder | Variant::Hand => Variant::Hand,
            Variant::Dsl | Variant::HandDsl => Variant::HandDsl,
        }
    }

    pub fn package(self) -> &'static str {
        match self {
            Variant::Builder => "gen-builder",
            Variant::Dsl => "gen-schema-macro",
            Variant::Hand => "gen-hand-expanded",
            Variant::HandDsl => "gen-hand-expanded-schema",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Variant::Builder => "`#[migration]` + builder calls",
            Variant::Dsl => "`#[migration]` + `schema!`",
            Variant::Hand => "its twin: `#[migration]` expanded by hand (fn + `inventory::submit!` of the Registration) + builder calls",
            Variant::HandDsl => "its twin: `#[migration]` and `schema!` expanded by hand (`schema!`'s exact output)",
        }
    }
}

/// How the generated workspace's dev profile is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Config {
    /// The dev profile as a user gets it: proc macros built unoptimized.
    Default,
    /// `[profile.dev.build-override] opt-level = 3`: proc macros (and build scripts) optimized.
    OptimizedMacros,
}

impl Config {
    pub const ALL: [Config; 2] = [Config::Default, Config::OptimizedMacros];

    fn dir(self) -> &'static str {
        match self {
            Config::Default => "macro-overhead",
            Config::OptimizedMacros => "macro-overhead-opt",
        }
    }

    fn profile(self) -> &'static str {
        match self {
            Config::Default => "",
            Config::OptimizedMacros => "\n[profile.dev.build-override]\nopt-level = 3\n",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Config::Default => "default dev profile (proc macros unoptimized)",
            Config::OptimizedMacros => {
                "with `[profile.dev.build-override] opt-level = 3` (proc macros optimized)"
            }
        }
    }
}

pub type Samples = Vec<(Variant, Vec<Duration>)>;

pub struct BuildTimes {
    pub samples: Vec<(Config, Samples)>,
    pub skipped: Option<String>,
}

pub fn measure(enabled: bool) -> BuildTimes {
    if !enabled {
        return BuildTimes {
            samples: Vec::new(),
            skipped: Some("not measured in this run (`--quick` or `--no-build-times`)".into()),
        };
    }
    let mut samples = Vec::new();
    for config in Config::ALL {
        match try_measure(config) {
            Ok(measured) => samples.push((config, measured)),
            Err(error) => {
                return BuildTimes {
                    samples,
                    skipped: Some(format!("failed: {error}")),
                }
            }
        }
    }
    BuildTimes {
        samples,
        skipped: None,
    }
}

fn try_measure(config: Config) -> Result<Samples, String> {
    let main = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?
        .to_path_buf();
    let root = main.join("target/bench").join(config.dir());
    generate(&main, &root, config).map_err(|e| format!("generating the crates: {e}"))?;
    eprintln!("macro overhead: building the generated crates' dependencies (untimed)");
    cargo_build(&root, None)?;
    let mut samples: Vec<(Variant, Vec<Duration>)> =
        Variant::ALL.iter().map(|&v| (v, Vec::new())).collect();
    for round in 1..=ROUNDS {
        for (variant, times) in &mut samples {
            eprintln!(
                "macro overhead ({config:?}): round {round}/{ROUNDS} {}",
                variant.package()
            );
            let lib = root.join(variant.package()).join("src/lib.rs");
            std::fs::File::options()
                .append(true)
                .open(&lib)
                .and_then(|f| f.set_modified(SystemTime::now()))
                .map_err(|e| format!("touching {}: {e}", lib.display()))?;
            let started = Instant::now();
            cargo_build(&root, Some(variant.package()))?;
            times.push(started.elapsed());
        }
    }
    Ok(samples)
}

fn cargo_build(root: &Path, package: Option<&str>) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["build", "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        // A full build of the crate each time, as in CI, not an incremental reuse.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    if let Some(package) = package {
        command.args(["-p", package]);
    }
    let output = command
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo build {package:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)
}

fn generate(main: &Path, root: &Path, config: Config) -> std::io::Result<()> {
    let members: Vec<String> = Variant::ALL
        .iter()
        .map(|v| format!("{:?}", v.package()))
        .collect();
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n\
             [profile.dev]\ndebug = \"line-tables-only\"\n\n\
             [profile.dev.package.\"*\"]\ndebug = false\n{}",
            members.join(", "),
            config.profile()
        ),
    )?;
    // The workspace's lock file, so the generated crates build against the same versions.
    if !root.join("Cargo.lock").exists() {
        std::fs::copy(main.join("Cargo.lock"), root.join("Cargo.lock"))?;
    }
    let core = main.join("migrate-core");
    for variant in Variant::ALL {
        let dir: PathBuf = root.join(variant.package());
        write_if_changed(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = {:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nmigrate-core = {{ path = {:?} }}\n",
                variant.package(),
                core.to_string_lossy()
            ),
        )?;
        write_if_changed(&dir.join("src/lib.rs"), &source(variant))?;
    }
    Ok(())
}

/// The crate's `lib.rs`: one module per migration.
fn source(variant: Variant) -> String {
    let mut code = String::from("//! Generated by migrate-bench.\n\n");
    for n in 1..=MIGRATIONS {
        let (id, table) = (workload::id(n), workload::table(n));
        let builder_up = format!(
            "s.create(\"{table}\", |t| {{\n            t.increments(\"id\");\n            \
             t.string(\"name\", 100);\n            t.integer(\"n\").default(0);\n            \
             t.index(\"name\");\n        }})"
        );
        let builder_down = format!("s.drop(\"{table}\")");
        let body = match variant {
            Variant::Builder => format!(
                "    #[migration(id = \"{id}\")]\n    fn up(s: &mut Schema) -> Result<()> {{\n        {builder_up}\n    }}\n\n\
                 \x20   #[migration(id = \"{id}\")]\n    fn down(s: &mut Schema) -> Result<()> {{\n        {builder_down}\n    }}\n"
            ),
            Variant::Dsl => format!(
                "    #[migration(id = \"{id}\")]\n    fn up(s: &mut Schema) -> Result<()> {{\n        schema!(s => {{\n            \
                 create table {table} {{\n                id: increments,\n                name: string(100),\n                \
                 n: integer default(0),\n                index(name),\n            }}\n        }})\n    }}\n\n\
                 \x20   #[migration(id = \"{id}\")]\n    fn down(s: &mut Schema) -> Result<()> {{\n        \
                 schema!(s => {{ drop table {table}; }})\n    }}\n"
            ),
            Variant::Hand | Variant::HandDsl => {
                let (up, down) = if variant == Variant::Hand {
                    (builder_up, builder_down)
                } else {
                    // What `schema!` expands to, written out.
                    (
                        format!(
                            "{{\n            let schema: &mut _ = s;\n            \
                             schema.create(\"{table}\", |t| {{\n                t.increments(\"id\");\n                \
                             t.string(\"name\", 100);\n                t.integer(\"n\").default(0i64);\n                \
                             t.index([\"name\"]);\n            }})?;\n            \
                             ::core::result::Result::<(), ::migrate_core::Error>::Ok(())\n        }}"
                        ),
                        format!(
                            "{{\n            let schema: &mut _ = s;\n            schema.drop(\"{table}\")?;\n            \
                             ::core::result::Result::<(), ::migrate_core::Error>::Ok(())\n        }}"
                        ),
                    )
                };
                let mut body = String::new();
                for (kind, function, line) in [("Up", up, 3), ("Down", down, 12)] {
                    let name = kind.to_lowercase();
                    write!(
                        body,
                        "    fn {name}(s: &mut Schema) -> Result<()> {{\n        {function}\n    }}\n\n{}",
                        registration(&name, kind, Some(&id), n, line)
                    )
                    .expect("writing to a String");
                }
                body
            }
        };
        write!(
            code,
            "pub mod {id} {{\n    use migrate_core::prelude::*;\n\n{body}}}\n\n"
        )
        .expect("writing to a String");
    }
    code
}

/// What `#[migration]` registers, written by hand: an `inventory::submit!` of the
/// `Registration` of the function `name` (`kind` `Up` or `Down`), with an explicit `id` or
/// the module's, a checksum made of `checksum` and the given `line`.
pub fn registration(
    name: &str,
    kind: &str,
    id: Option<&str>,
    checksum: usize,
    line: u32,
) -> String {
    let id = match id {
        Some(id) => format!("::core::option::Option::Some(\"{id}\")"),
        None => "::core::option::Option::None".to_owned(),
    };
    format!(
        "const _: () = {{\n    ::migrate_core::__private::inventory::submit! {{\n        \
         ::migrate_core::__private::Registration {{\n            \
         id: {id},\n            \
         module_path: ::core::module_path!(),\n            \
         kind: ::migrate_core::__private::Kind::{kind},\n            \
         function: {{\n                let function: ::migrate_core::__private::MigrationFn = {name};\n                function\n            }},\n            \
         checksum: \"{checksum:064x}\",\n            \
         file: ::core::file!(),\n            package_root: \"\",\n            line: {line},\n            \
         transaction: true,\n            after: ::core::option::Option::None,\n            change: false,\n            \
         lint_allow: &[],\n            lint_reason: ::core::option::Option::None,\n            replaces: &[],\n        \
         }}\n    }}\n}};\n\n"
    )
}

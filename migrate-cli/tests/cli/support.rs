//! A scratch application crate in a temp dir, and running `cargo migrate` in it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Scratch crates share one target dir (so dependencies build once) and so one runner
/// binary path: one `cargo migrate` at a time, from build to exit.
static CARGO_MIGRATE: Mutex<()> = Mutex::new(());

pub fn lock() -> MutexGuard<'static, ()> {
    CARGO_MIGRATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The migrate-core the scratch crates depend on: this workspace's, or
/// `MIGRATE_CLI_E2E_CORE` (a path) to try another checkout.
pub fn migrate_core_dir() -> PathBuf {
    std::env::var_os("MIGRATE_CLI_E2E_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrate-core"))
}

/// What one run of `cargo-migrate` did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn code(self, expected: u8) -> Run {
        assert_eq!(
            self.code,
            i32::from(expected),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        self.code(0)
    }
}

/// The target dir every scratch crate shares (hold [`lock`] while building in it).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-e2e")
}

/// Runs `cargo-migrate migrate <args>` (as cargo would) in `dir`, without a terminal.
pub fn cargo_migrate(dir: &Path, args: &[&str]) -> Run {
    let _guard = lock();
    let target = target_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-migrate"))
        .arg("migrate")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .env_remove("MIGRATE_ENV")
        .env_remove("APP_ENV")
        .stdin(Stdio::null())
        .output()
        .expect("cargo-migrate starts");
    Run::from(output)
}

/// Runs `cargo <args>` in `dir` (`cargo run` of an application, say) in the shared target dir.
pub fn cargo(dir: &Path, args: &[&str]) -> Run {
    let _guard = lock();
    let output = Command::new("cargo")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .expect("cargo starts");
    Run::from(output)
}

/// An application crate in a temp dir, depending on migrate-core by path.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// A crate whose migrate-core has the `cli` feature, `sqlite`, and `backend_features`.
    pub fn new(backend_features: &[&str]) -> Scratch {
        // A name of its own: cargo keys a package's build by name and version, not by path,
        // so two scratch crates of one name in the shared target dir would take each other's
        // runner for a fresh build of their own.
        static CRATES: AtomicUsize = AtomicUsize::new(0);
        let name = format!("scratch-app-{}", CRATES.fetch_add(1, Ordering::Relaxed));
        let dir = tempfile::tempdir().unwrap();
        let mut features = vec!["cli", "sqlite"];
        features.extend_from_slice(backend_features);
        let features = features
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let core = migrate_core_dir();
        fs::write(
            dir.path().join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nmigrate-core = {{ path = {:?}, default-features = false, features = [{features}] }}\n\n\
                 [build-dependencies]\nmigrate-build = {{ path = {:?} }}\n\n\
                 [workspace]\n",
                core.display().to_string(),
                core.join("../migrate-build").display().to_string()
            ),
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("src")).unwrap();
        fs::write(dir.path().join("src/main.rs"), "fn main() {}\n").unwrap();
        // The workspace's lock file: the same dependency versions, so builds are shared.
        let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        if lock.is_file() {
            fs::copy(lock, dir.path().join("Cargo.lock")).unwrap();
        }
        Scratch { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn cargo_migrate(&self, args: &[&str]) -> Run {
        cargo_migrate(self.path(), args)
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path().join(relative)).unwrap()
    }

    pub fn write(&self, relative: &str, contents: &str) {
        fs::write(self.path().join(relative), contents).unwrap();
    }

    /// The files under `src/migrations`, sorted.
    pub fn migration_files(&self) -> Vec<String> {
        let mut files: Vec<String> = fs::read_dir(self.path().join("src/migrations"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The path of the one migration file whose name ends with `_<name>.rs`.
    pub fn migration(&self, name: &str) -> String {
        let suffix = format!("_{name}.rs");
        let found: Vec<String> = self
            .migration_files()
            .into_iter()
            .filter(|f| f.ends_with(&suffix))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        format!("src/migrations/{}", found[0])
    }
}

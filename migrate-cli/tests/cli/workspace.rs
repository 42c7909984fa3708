//! A workspace: from its root, `-p NAME` picks the member that has the migrations.

use std::fs;

use migrate_cli::exit_code;

use super::support::{cargo_migrate, migrate_core_dir};

#[test]
fn package_picks_a_workspace_member() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"shop\"]\nresolver = \"2\"\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("shop/src")).unwrap();
    fs::write(
        root.join("shop/Cargo.toml"),
        format!(
            "[package]\nname = \"shop-ws\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\nmigrate-core = {{ path = {:?}, features = [\"cli\"] }}\n",
            migrate_core_dir().display().to_string()
        ),
    )
    .unwrap();
    fs::write(root.join("shop/src/main.rs"), "fn main() {}\n").unwrap();
    let lock = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    fs::copy(lock, root.join("Cargo.lock")).unwrap();

    // From the root, without -p: the advice names -p.
    let run = cargo_migrate(root, &["new", "create_users"]).code(exit_code::USER_ERROR);
    assert!(
        run.stderr.contains("has no [package]: pass -p NAME"),
        "{}",
        run.stderr
    );
    let run = cargo_migrate(root, &["-p", "nope", "init"]).code(exit_code::USER_ERROR);
    assert!(
        run.stderr
            .contains("the workspace has no package `nope`; its packages: shop-ws"),
        "{}",
        run.stderr
    );

    cargo_migrate(root, &["-p", "shop-ws", "init"]).ok();
    cargo_migrate(root, &["new", "create_users", "--package", "shop-ws"]).ok();
    assert!(root.join("shop/src/migrations/mod.rs").is_file());
    assert!(!root.join("src").exists());
    // -p after the runner's options is cargo migrate's too; the SQLite path starts at the
    // member's root.
    let run = cargo_migrate(
        root,
        &["run", "--database", "sqlite://app.sqlite", "-p", "shop-ws"],
    )
    .ok();
    assert!(
        run.stdout.contains("Migrated 1 migration"),
        "{}",
        run.stdout
    );
    assert!(root.join("shop/app.sqlite").is_file());
}

#[test]
fn init_keeps_the_build_override_of_the_workspace_root_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let workspace = "[workspace]\nmembers = [\"shop\"]\n\n\
                     [profile.dev.build-override]\ndebug = true\n";
    fs::write(root.join("Cargo.toml"), workspace).unwrap();
    fs::create_dir_all(root.join("shop/src")).unwrap();
    fs::write(
        root.join("shop/Cargo.toml"),
        "[package]\nname = \"shop-kept\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    fs::write(root.join("shop/src/main.rs"), "fn main() {}\n").unwrap();

    let init = cargo_migrate(&root.join("shop"), &["init"]).ok();
    let root_manifest = fs::canonicalize(root.join("Cargo.toml")).unwrap();
    assert!(
        init.stdout.contains(&format!(
            "\nKept [profile.dev.build-override] in {} (it exists; it does not set opt-level: \
             `opt-level = 3` in it builds proc macros, the migration macros among them, \
             optimized, so checks of many migrations are faster)\n",
            root_manifest.display()
        )),
        "{}",
        init.stdout
    );
    assert_eq!(
        fs::read_to_string(root.join("Cargo.toml")).unwrap(),
        workspace
    );
}

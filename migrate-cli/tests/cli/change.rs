//! `cargo migrate new --change`: a migration written as one `change` function, whose `down`
//! is derived, checked, applied and rolled back through the real binary.

use super::support::Scratch;

#[test]
fn a_change_migration_is_written_checked_applied_and_rolled_back() {
    let app = Scratch::new(&[]);
    app.cargo_migrate(&["init"]).ok();
    app.cargo_migrate(&["new", "create_tags", "--change"]).ok();
    let file = app.read(&app.migration("create_tags"));
    assert!(
        file.contains("fn change(s: &mut Schema) -> Result<()> {"),
        "{file}"
    );
    assert!(!file.contains("fn down"), "{file}");

    let check = app.cargo_migrate(&["check"]).ok();
    assert!(check.stdout.starts_with("ok      m"), "{}", check.stdout);
    assert!(check.stdout.contains("_create_tags\n"), "{}", check.stdout);

    let db = app.path().join("app.sqlite");
    let url = format!("sqlite://{}", db.display());
    app.cargo_migrate(&["run", "--database", &url]).ok();
    let rollback = app
        .cargo_migrate(&["rollback", "--pretend", "--database", &url])
        .ok();
    assert!(
        rollback.stdout.contains(r#"drop table "tags""#),
        "{}",
        rollback.stdout
    );
    app.cargo_migrate(&["rollback", "--database", &url]).ok();
    let status = app.cargo_migrate(&["status", "--database", &url]).ok();
    assert!(
        status.stdout.contains("0 applied, 1 pending."),
        "{}",
        status.stdout
    );
}

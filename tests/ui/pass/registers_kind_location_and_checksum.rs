// What the registration records, read back through the (not public) registry.
use migrate_core::__private::{inventory, Kind, Registration};
use migrate_core::prelude::*;

/// The doc comment and the attribute are above the line recorded.
#[migration(id = "m1")]
fn up(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

#[migration(id = "m1", transaction = false)]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}

fn main() {
    let mut registered: Vec<&Registration> = inventory::iter::<Registration>.into_iter().collect();
    registered.sort_by_key(|registration| registration.line);
    let [up, down] = registered[..] else {
        panic!("expected 2 registrations, got {registered:?}");
    };
    assert_eq!(
        (up.id, up.kind, up.line, up.transaction),
        (Some("m1"), Kind::Up, 7, true)
    );
    assert_eq!(
        (down.kind, down.line, down.transaction),
        (Kind::Down, 12, false)
    );
    assert!(
        up.file.ends_with("registers_kind_location_and_checksum.rs"),
        "{}",
        up.file
    );
    for registration in [up, down] {
        assert_eq!(registration.checksum.len(), 64);
        assert!(registration
            .checksum
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }
    assert_ne!(up.checksum, down.checksum);

    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m1"]);
}

//! Compile-time behaviour of the macros: each error a user can make, and what must compile.

#[test]
fn migration() {
    trybuild::TestCases::new().compile_fail("ui/migration/*.rs");
}

#[test]
fn schema() {
    trybuild::TestCases::new().compile_fail("ui/schema/*.rs");
}

#[test]
fn enum_values() {
    trybuild::TestCases::new().compile_fail("ui/enum_values/*.rs");
}

#[test]
fn seeder() {
    trybuild::TestCases::new().compile_fail("ui/seeder/*.rs");
}

#[test]
fn pass() {
    trybuild::TestCases::new().pass("ui/pass/*.rs");
}

/// Every pass test checks, when it runs, that the set it registers is valid: a set the
/// registry rejects must not pass for a compile-time test.
#[test]
fn every_pass_test_checks_that_its_registry_is_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/pass");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.contains("migrate_core::Migrator::new().migrations().unwrap()"),
                "{} does not check its registry",
                path.display()
            );
            files += 1;
        }
    }
    assert!(files >= 10, "{files} pass tests");
}

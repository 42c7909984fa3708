//! Compile-time behaviour of the macros: each error a user can make, and what must compile.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/migration/*.rs");
    t.compile_fail("ui/schema/*.rs");
    t.pass("ui/pass/*.rs");
}

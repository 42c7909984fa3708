//! The application's migrations: every `m<YYYY>_<MM>_<DD>_<HHMMSS>_<name>.rs` file in this
//! directory, found by build.rs (`migrate_build::discover`). Add one with
//! `cargo migrate new NAME`; nothing needs to list it.

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

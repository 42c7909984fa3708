//! Tests of the real `cargo-migrate` binary: `--help` transcripts, bad input, and end-to-end
//! runs against a scratch application crate on every enabled backend.

mod cli {
    pub mod support;

    mod bad_input;
    mod database_urls;
    mod discovery;
    mod e2e;
    mod exit_codes;
    mod help;
    mod lifecycle;
    mod lint;
    mod readme;
    mod targets;
    mod workspace;
}

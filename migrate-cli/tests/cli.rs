//! Tests of the real `cargo-migrate` binary: `--help` transcripts, bad input, and end-to-end
//! runs against a scratch application crate on every enabled backend.

mod cli {
    pub mod support;

    mod adopt;
    mod bad_input;
    mod change;
    mod database_urls;
    mod diff;
    mod discovery;
    mod e2e;
    mod exit_codes;
    mod generate;
    mod help;
    mod import_sql;
    mod lifecycle;
    mod lint;
    mod readme;
    mod seeding;
    mod squash;
    mod targets;
    mod workspace;
}

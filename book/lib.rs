//! The user guide's chapters, as doctests: every Rust example in `book/src` is compiled and,
//! unless marked `no_run`, run by the workspace's `cargo test` (alone:
//! `cargo test -p migrate-book`). The PostgreSQL and MySQL chapters need their cargo features
//! (`cargo test --all-features`), and are compiled but not run.
//!
//! Each chapter is the documentation of an item that exists only while rustdoc collects
//! doctests. Lines starting with `# ` are hidden in the book, as in rustdoc. Code blocks that
//! are not Rust must say their language (`sh`, `toml`, `text`, `sql`): rustdoc takes an
//! unlabeled block for Rust.
//!
//! Besides the doctests, `cargo test` checks that the reference's SQL tables are what the
//! grammars write (`reference.rs`), that the command-line reference names every command and
//! flag (`cli.rs`), and that every link between chapters leads somewhere (`links.rs`).
#![warn(missing_docs)]

/// Includes chapters as doctests: `Name => "path/under/src.md",`, each once (`links.rs` checks
/// that every chapter is).
macro_rules! chapters {
    ($($(#[$cfg:meta])? $name:ident => $path:literal,)*) => {$(
        #[cfg(doctest)]
        $(#[$cfg])?
        #[doc = include_str!(concat!("src/", $path))]
        pub struct $name;
    )*};
}

chapters! {
    Introduction => "introduction.md",
    GettingStartedSqlite => "getting-started/sqlite.md",
    #[cfg(feature = "postgres")]
    GettingStartedPostgres => "getting-started/postgres.md",
    #[cfg(feature = "mysql")]
    GettingStartedMysql => "getting-started/mysql.md",
    WritingBuilder => "writing/builder.md",
    WritingSchemaMacro => "writing/schema-macro.md",
    WritingDataMigrations => "writing/data-migrations.md",
    WritingWithoutTransaction => "writing/without-transaction.md",
    WritingReversible => "writing/reversible.md",
    WritingDiscovery => "writing/discovery.md",
    WritingSeeding => "writing/seeding.md",
    PortingLaravelOrator => "porting/laravel-orator.md",
    PortingSwitching => "porting/switching.md",
    ReferenceCli => "reference/cli.md",
    RunningSafely => "running/safely.md",
    RunningLocks => "running/locks.md",
    RunningTransactions => "running/transactions.md",
    RunningRepository => "running/repository.md",
    RunningBaselinePretend => "running/baseline-pretend.md",
    RunningZeroDowntime => "running/zero-downtime.md",
    RunningSchemaModel => "running/schema-model.md",
    RunningPerformance => "running/performance.md",
    RunningAsyncAndPools => "running/async-and-pools.md",
    RunningLongHistory => "running/long-history.md",
    ReferenceColumns => "reference/columns.md",
    ReferenceModifiers => "reference/modifiers.md",
    ReferenceKeys => "reference/keys.md",
    Contributing => "contributing.md",
}

#[cfg(test)]
mod cli;
#[cfg(test)]
mod links;
#[cfg(test)]
mod reference;

//! The workload: migration `n` creates table `t_NNNN` (an auto-increment key, a string, an
//! integer with a default) and an index on it; its down drops the table.
//!
//! Shared by `build.rs`, which writes every contender's migration files from it, and by the
//! benchmark, whose floor executes the same statements. The statements are what migrate's
//! grammars compile the builder calls to; the benchmark checks that at start-up.

/// The migration counts benchmarked.
pub const SIZES: [usize; 2] = [100, 1000];

/// The migration counts of the boot check, each set of migrate's in a binary of its own
/// (`boot_ours_<N>`), as an application has only its own migrations compiled in; the largest
/// is measured for migrate and the floor only.
pub const BOOT_SIZES: [usize; 3] = [100, 1000, 10_000];

/// A backend the workload is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub const ALL: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];

    /// For people.
    pub fn title(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    /// Lower-case, for file and directory names.
    pub fn slug(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The table migration `n` creates.
pub fn table(n: usize) -> String {
    format!("t_{n:04}")
}

/// migrate's id of migration `n` in the largest set (`build.rs` gives each smaller set a
/// first letter of its own: an id is unique in its crate).
pub fn id(n: usize) -> String {
    format!("m{n:04}_{}", table(n))
}

/// The statements of migration `n`'s up.
pub fn up_sql(backend: Backend, n: usize) -> Vec<String> {
    let t = table(n);
    let columns = match backend {
        Backend::Sqlite => {
            r#""id" integer primary key autoincrement not null, "name" varchar not null, "n" integer not null default 0"#
        }
        Backend::Postgres => {
            r#""id" serial primary key not null, "name" varchar(100) not null, "n" integer not null default 0"#
        }
    };
    vec![
        format!(r#"create table "{t}" ({columns})"#),
        format!(r#"create index "{t}_name_index" on "{t}" ("name")"#),
    ]
}

/// The statements of migration `n`'s down.
pub fn down_sql(n: usize) -> Vec<String> {
    vec![format!(r#"drop table "{}""#, table(n))]
}

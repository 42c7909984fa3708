//! The contenders, each able to apply all N migrations, check for pending ones (no-op) and
//! roll all of them back, on a fresh [`Target`].

use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

use migrate_core::Migrator;

use crate::target::{DieselConn, Target};
use crate::workload::Backend;

/// The repository table of each contender that lets us name it.
pub const OURS_TABLE: &str = "migrate_bench_ours";
const FLOOR_TABLE: &str = "floor_migrations";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contender {
    Floor,
    /// The floor with each migration sent as one script (`BEGIN`, its statements, the
    /// tracking row, `COMMIT`): one round trip, as migrate's PostgreSQL batches are.
    FloorOneTrip,
    /// The floor with every migration in one transaction: what migrate's shared commits
    /// (SQLite's default) are to be judged against.
    FloorOneTransaction,
    Ours,
    /// Ours with `single_transaction(true)`: an option, not the default, so not a peer
    /// and not judged against the targets.
    OursSingle,
    /// Ours with `commit_window(Duration::ZERO)`: a commit per migration, as the floor and
    /// the peers; shown for comparison, not a peer.
    OursEach,
    Diesel,
    Refinery,
    #[cfg(feature = "sqlx")]
    Sqlx,
}

impl Contender {
    pub const ALL: &'static [Contender] = &[
        Contender::Floor,
        Contender::FloorOneTrip,
        Contender::FloorOneTransaction,
        Contender::Ours,
        Contender::OursSingle,
        Contender::OursEach,
        Contender::Diesel,
        Contender::Refinery,
        #[cfg(feature = "sqlx")]
        Contender::Sqlx,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Contender::Floor => "floor (diesel, raw SQL)",
            Contender::FloorOneTrip => "floor, one round trip per migration",
            Contender::FloorOneTransaction => "floor, all in one transaction",
            Contender::Ours => "migrate (ours)",
            Contender::OursSingle => "migrate, single_transaction(true)",
            Contender::OursEach => "migrate, commit_window(0)",
            Contender::Diesel => "diesel_migrations 2.3",
            Contender::Refinery => "refinery 0.10",
            #[cfg(feature = "sqlx")]
            Contender::Sqlx => "sqlx 0.9 migrate!",
        }
    }

    /// Whether this is one of the floors (raw SQL through diesel), not a migrator.
    pub fn is_floor(self) -> bool {
        matches!(
            self,
            Contender::Floor | Contender::FloorOneTrip | Contender::FloorOneTransaction
        )
    }

    /// Whether this is migrate, in any configuration.
    pub fn is_ours(self) -> bool {
        matches!(
            self,
            Contender::Ours | Contender::OursSingle | Contender::OursEach
        )
    }

    pub fn can_roll_back(self) -> bool {
        !matches!(self, Contender::Refinery)
    }

    /// Connects to `target` (not timed).
    pub fn connect(self, target: &Target, n: usize) -> Session {
        let conn = match self {
            Contender::Floor
            | Contender::FloorOneTrip
            | Contender::FloorOneTransaction
            | Contender::Ours
            | Contender::OursSingle
            | Contender::OursEach
            | Contender::Diesel => Conn::Diesel(target.diesel()),
            Contender::Refinery => match target.backend() {
                Backend::Sqlite => Conn::Rusqlite(
                    rusqlite::Connection::open(target.sqlite_path()).expect("open SQLite"),
                ),
                Backend::Postgres => {
                    let mut client =
                        postgres::Client::connect(target.postgres_url(), postgres::NoTls)
                            .expect("connect to PostgreSQL");
                    client
                        .batch_execute(&target.search_path_sql().unwrap_or_default())
                        .expect("set search_path");
                    Conn::Postgres(Box::new(client))
                }
            },
            #[cfg(feature = "sqlx")]
            Contender::Sqlx => Conn::Sqlx(sqlx_support::connect(target)),
        };
        Session {
            contender: self,
            backend: target.backend(),
            n,
            conn,
        }
    }
}

enum Conn {
    Diesel(DieselConn),
    Rusqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
    #[cfg(feature = "sqlx")]
    Sqlx(sqlx_support::SqlxConn),
}

/// A contender connected to one target.
pub struct Session {
    contender: Contender,
    backend: Backend,
    n: usize,
    conn: Conn,
}

/// Runs `$body` with `$c` bound to the diesel connection, whichever backend it is.
macro_rules! with_diesel {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            Conn::Diesel(DieselConn::Sqlite($c)) => $body,
            Conn::Diesel(DieselConn::Pg($c)) => $body,
            _ => unreachable!("not a diesel connection"),
        }
    };
}

impl Session {
    /// Applies all N migrations.
    pub fn apply(&mut self) {
        let (backend, n) = (self.backend, self.n);
        match self.contender {
            Contender::Floor => match &mut self.conn {
                Conn::Diesel(DieselConn::Sqlite(c)) => floor::sqlite::apply(c, backend, n),
                Conn::Diesel(DieselConn::Pg(c)) => floor::pg::apply(c, backend, n),
                _ => unreachable!("not a diesel connection"),
            },
            Contender::FloorOneTrip => match &mut self.conn {
                Conn::Diesel(DieselConn::Sqlite(c)) => floor::sqlite::apply_one_trip(c, backend, n),
                Conn::Diesel(DieselConn::Pg(c)) => floor::pg::apply_one_trip(c, backend, n),
                _ => unreachable!("not a diesel connection"),
            },
            Contender::FloorOneTransaction => match &mut self.conn {
                Conn::Diesel(DieselConn::Sqlite(c)) => {
                    floor::sqlite::apply_one_transaction(c, backend, n)
                }
                Conn::Diesel(DieselConn::Pg(c)) => floor::pg::apply_one_transaction(c, backend, n),
                _ => unreachable!("not a diesel connection"),
            },
            Contender::Ours | Contender::OursSingle | Contender::OursEach => {
                let migrator = self.migrator();
                with_diesel!(&mut self.conn, c => {
                    let report = migrator.run(c).expect("migrate: run");
                    assert_eq!(report.migrations.len(), n);
                })
            }
            Contender::Diesel => with_diesel!(&mut self.conn, c => {
                let ran = c.run_pending_migrations(diesel_set(backend, n)).expect("diesel: run");
                assert_eq!(ran.len(), n);
            }),
            Contender::Refinery => self.refinery_run(Some(n)),
            #[cfg(feature = "sqlx")]
            Contender::Sqlx => sqlx_support::apply(self.conn_sqlx(), backend, n),
        }
    }

    /// Checks for pending migrations when all N are applied: the boot-time check.
    pub fn check(&mut self) {
        let (backend, n) = (self.backend, self.n);
        match self.contender {
            Contender::Floor | Contender::FloorOneTrip | Contender::FloorOneTransaction => {
                match &mut self.conn {
                    Conn::Diesel(DieselConn::Sqlite(c)) => floor::sqlite::check(c, n),
                    Conn::Diesel(DieselConn::Pg(c)) => floor::pg::check(c, n),
                    _ => unreachable!("not a diesel connection"),
                }
            }
            Contender::Ours | Contender::OursSingle | Contender::OursEach => {
                let migrator = self.migrator();
                with_diesel!(&mut self.conn, c => {
                    let report = migrator.run(c).expect("migrate: run");
                    assert!(report.migrations.is_empty());
                })
            }
            Contender::Diesel => with_diesel!(&mut self.conn, c => {
                let ran = c.run_pending_migrations(diesel_set(backend, n)).expect("diesel: run");
                assert!(ran.is_empty());
            }),
            Contender::Refinery => self.refinery_run(Some(0)),
            #[cfg(feature = "sqlx")]
            Contender::Sqlx => sqlx_support::apply(self.conn_sqlx(), backend, n),
        }
    }

    /// Rolls back all N migrations.
    pub fn roll_back(&mut self) {
        let (backend, n) = (self.backend, self.n);
        match self.contender {
            Contender::Floor | Contender::FloorOneTrip | Contender::FloorOneTransaction => {
                match &mut self.conn {
                    Conn::Diesel(DieselConn::Sqlite(c)) => floor::sqlite::roll_back(c, n),
                    Conn::Diesel(DieselConn::Pg(c)) => floor::pg::roll_back(c, n),
                    _ => unreachable!("not a diesel connection"),
                }
            }
            Contender::Ours | Contender::OursSingle | Contender::OursEach => {
                let migrator = self.migrator();
                with_diesel!(&mut self.conn, c => {
                    let report = migrator.reset(c).expect("migrate: reset");
                    assert_eq!(report.migrations.len(), n);
                })
            }
            Contender::Diesel => with_diesel!(&mut self.conn, c => {
                let reverted = c
                    .revert_all_migrations(diesel_set(backend, n))
                    .expect("diesel: revert all");
                assert_eq!(reverted.len(), n);
            }),
            Contender::Refinery => unreachable!("refinery has no down migrations"),
            #[cfg(feature = "sqlx")]
            Contender::Sqlx => sqlx_support::undo(self.conn_sqlx(), backend, n),
        }
    }

    /// `Migrator::is_current` (ours only): the readiness probe.
    pub fn is_current(&mut self) {
        assert!(self.contender.is_ours(), "is_current is migrate's");
        let migrator = self.migrator();
        with_diesel!(&mut self.conn, c => {
            assert!(migrator.is_current(c).expect("migrate: is_current"));
        })
    }

    /// One query of the database's catalog, untimed: what an application has usually done
    /// on its connection before it checks its migrations (the connection's first statement
    /// pays for loading the schema).
    pub fn warm_up(&mut self) {
        const SQLITE: &str = "select count(*) from sqlite_master";
        const POSTGRES: &str = "select count(*) from pg_catalog.pg_class";
        match &mut self.conn {
            Conn::Diesel(DieselConn::Sqlite(c)) => {
                diesel::connection::SimpleConnection::batch_execute(c, SQLITE)
            }
            Conn::Diesel(DieselConn::Pg(c)) => {
                diesel::connection::SimpleConnection::batch_execute(c, POSTGRES)
            }
            Conn::Rusqlite(c) => c
                .execute_batch(SQLITE)
                .map_err(|e| diesel::result::Error::QueryBuilderError(e.to_string().into())),
            Conn::Postgres(c) => c
                .batch_execute(POSTGRES)
                .map_err(|e| diesel::result::Error::QueryBuilderError(e.to_string().into())),
            #[cfg(feature = "sqlx")]
            Conn::Sqlx(c) => {
                sqlx_support::warm_up(c, SQLITE, POSTGRES);
                Ok(())
            }
        }
        .expect("the catalog query");
    }

    /// Our Migrator as this contender configures it.
    fn migrator(&self) -> Migrator {
        let migrator = ours(self.n).single_transaction(self.contender == Contender::OursSingle);
        if self.contender == Contender::OursEach {
            migrator.commit_window(Duration::ZERO)
        } else {
            migrator
        }
    }

    fn refinery_run(&mut self, expected: Option<usize>) {
        let runner = refinery_set(self.backend, self.n);
        let report = match &mut self.conn {
            Conn::Rusqlite(c) => runner.run(c),
            Conn::Postgres(c) => runner.run(c.as_mut()),
            _ => unreachable!("not a refinery connection"),
        }
        .expect("refinery: run");
        if let Some(expected) = expected {
            assert_eq!(report.applied_migrations().len(), expected);
        }
    }

    #[cfg(feature = "sqlx")]
    fn conn_sqlx(&mut self) -> &mut sqlx_support::SqlxConn {
        match &mut self.conn {
            Conn::Sqlx(c) => c,
            _ => unreachable!("not a sqlx connection"),
        }
    }
}

/// Our Migrator, selecting the N-migration set by module.
pub fn ours(n: usize) -> Migrator {
    let module = match n {
        100 => crate::generated::N100,
        1000 => crate::generated::N1000,
        _ => unreachable!("no set of {n} migrations"),
    };
    Migrator::new().module(module).table(OURS_TABLE)
}

mod diesel_sets {
    use diesel_migrations::{embed_migrations, EmbeddedMigrations};
    pub const SQLITE_100: EmbeddedMigrations = embed_migrations!("generated/diesel/sqlite_100");
    pub const SQLITE_1000: EmbeddedMigrations = embed_migrations!("generated/diesel/sqlite_1000");
    pub const POSTGRES_100: EmbeddedMigrations = embed_migrations!("generated/diesel/postgres_100");
    pub const POSTGRES_1000: EmbeddedMigrations =
        embed_migrations!("generated/diesel/postgres_1000");
}

fn diesel_set(backend: Backend, n: usize) -> EmbeddedMigrations {
    match (backend, n) {
        (Backend::Sqlite, 100) => diesel_sets::SQLITE_100,
        (Backend::Sqlite, 1000) => diesel_sets::SQLITE_1000,
        (Backend::Postgres, 100) => diesel_sets::POSTGRES_100,
        (Backend::Postgres, 1000) => diesel_sets::POSTGRES_1000,
        _ => unreachable!("no set of {n} migrations"),
    }
}

mod refinery_sets {
    pub mod sqlite_100 {
        refinery::embed_migrations!("generated/refinery/sqlite_100");
    }
    pub mod sqlite_1000 {
        refinery::embed_migrations!("generated/refinery/sqlite_1000");
    }
    pub mod postgres_100 {
        refinery::embed_migrations!("generated/refinery/postgres_100");
    }
    pub mod postgres_1000 {
        refinery::embed_migrations!("generated/refinery/postgres_1000");
    }
}

fn refinery_set(backend: Backend, n: usize) -> refinery::Runner {
    match (backend, n) {
        (Backend::Sqlite, 100) => refinery_sets::sqlite_100::migrations::runner(),
        (Backend::Sqlite, 1000) => refinery_sets::sqlite_1000::migrations::runner(),
        (Backend::Postgres, 100) => refinery_sets::postgres_100::migrations::runner(),
        (Backend::Postgres, 1000) => refinery_sets::postgres_1000::migrations::runner(),
        _ => unreachable!("no set of {n} migrations"),
    }
}

/// The floor: the workload's SQL through diesel, each migration in its own transaction with
/// one INSERT into a tracking table. Written once, instantiated per diesel connection type.
macro_rules! floor {
    ($module:ident, $conn:ty, $placeholder:literal) => {
        pub mod $module {
            use super::*;

            #[derive(diesel::QueryableByName)]
            struct Id {
                #[diesel(sql_type = diesel::sql_types::Text)]
                id: String,
            }

            pub fn apply(c: &mut $conn, backend: Backend, n: usize) {
                create_table(c);
                let insert = format!("insert into {FLOOR_TABLE} (id) values ({})", $placeholder);
                for i in 1..=n {
                    c.transaction(|c| {
                        // One round trip for the migration's statements, as a SQL file is run.
                        c.batch_execute(&workload::up_sql(backend, i).join(";\n"))?;
                        diesel::sql_query(&insert)
                            .bind::<diesel::sql_types::Text, _>(workload::id(i))
                            .execute(c)
                    })
                    .expect("floor: apply");
                }
            }

            /// Each migration as one script: `BEGIN`, its statements, its row, `COMMIT`.
            pub fn apply_one_trip(c: &mut $conn, backend: Backend, n: usize) {
                create_table(c);
                for i in 1..=n {
                    // The ids are the workload's own (letters, digits, `_`): safe as literals.
                    c.batch_execute(&format!(
                        "begin;\n{};\ninsert into {FLOOR_TABLE} (id) values ('{}');\ncommit",
                        workload::up_sql(backend, i).join(";\n"),
                        workload::id(i)
                    ))
                    .expect("floor: apply in one round trip");
                }
            }

            /// Every migration in one transaction, one batch and one bound INSERT each.
            pub fn apply_one_transaction(c: &mut $conn, backend: Backend, n: usize) {
                create_table(c);
                let insert = format!("insert into {FLOOR_TABLE} (id) values ({})", $placeholder);
                c.transaction(|c| {
                    for i in 1..=n {
                        c.batch_execute(&workload::up_sql(backend, i).join(";\n"))?;
                        diesel::sql_query(&insert)
                            .bind::<diesel::sql_types::Text, _>(workload::id(i))
                            .execute(c)?;
                    }
                    diesel::QueryResult::Ok(())
                })
                .expect("floor: apply in one transaction");
            }

            fn create_table(c: &mut $conn) {
                c.batch_execute(&format!(
                    "create table if not exists {FLOOR_TABLE} (id varchar(191) primary key not null)"
                ))
                .expect("floor: create the tracking table");
            }

            pub fn check(c: &mut $conn, n: usize) {
                let applied: Vec<Id> = diesel::sql_query(format!("select id from {FLOOR_TABLE}"))
                    .load(c)
                    .expect("floor: read the tracking table");
                let applied: HashSet<String> = applied.into_iter().map(|r| r.id).collect();
                let pending = (1..=n)
                    .filter(|&i| !applied.contains(&workload::id(i)))
                    .count();
                assert_eq!(pending, 0);
            }

            pub fn roll_back(c: &mut $conn, n: usize) {
                let delete = format!("delete from {FLOOR_TABLE} where id = {}", $placeholder);
                for i in (1..=n).rev() {
                    c.transaction(|c| {
                        c.batch_execute(&workload::down_sql(i).join(";\n"))?;
                        diesel::sql_query(&delete)
                            .bind::<diesel::sql_types::Text, _>(workload::id(i))
                            .execute(c)
                    })
                    .expect("floor: roll back");
                }
            }
        }
    };
}

mod floor {
    use std::collections::HashSet;

    use diesel::connection::SimpleConnection;
    use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};

    use super::FLOOR_TABLE;
    use crate::workload::{self, Backend};

    floor!(sqlite, SqliteConnection, "?");
    floor!(pg, PgConnection, "$1");
}

#[cfg(feature = "sqlx")]
mod sqlx_support {
    use sqlx::migrate::Migrator;
    use sqlx::Connection as _;

    use crate::target::Target;
    use crate::workload::Backend;

    static SQLITE_100: Migrator = sqlx::migrate!("generated/sqlx/sqlite_100");
    static SQLITE_1000: Migrator = sqlx::migrate!("generated/sqlx/sqlite_1000");
    static POSTGRES_100: Migrator = sqlx::migrate!("generated/sqlx/postgres_100");
    static POSTGRES_1000: Migrator = sqlx::migrate!("generated/sqlx/postgres_1000");

    pub enum Db {
        Sqlite(sqlx::SqliteConnection),
        Postgres(sqlx::PgConnection),
    }

    /// A connection and the single-threaded runtime that drives it.
    pub struct SqlxConn {
        runtime: tokio::runtime::Runtime,
        db: Db,
    }

    fn set(backend: Backend, n: usize) -> &'static Migrator {
        match (backend, n) {
            (Backend::Sqlite, 100) => &SQLITE_100,
            (Backend::Sqlite, 1000) => &SQLITE_1000,
            (Backend::Postgres, 100) => &POSTGRES_100,
            (Backend::Postgres, 1000) => &POSTGRES_1000,
            _ => unreachable!("no set of {n} migrations"),
        }
    }

    pub fn connect(target: &Target) -> SqlxConn {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let db = runtime.block_on(async {
            match target.backend() {
                Backend::Sqlite => {
                    // The same journal and sync settings as the other contenders (SQLite's
                    // defaults).
                    let options = sqlx::sqlite::SqliteConnectOptions::new()
                        .filename(target.sqlite_path())
                        .create_if_missing(true)
                        .journal_mode(sqlx::sqlite::SqliteJournalMode::Delete)
                        .synchronous(sqlx::sqlite::SqliteSynchronous::Full);
                    Db::Sqlite(
                        sqlx::SqliteConnection::connect_with(&options)
                            .await
                            .expect("sqlx: open SQLite"),
                    )
                }
                Backend::Postgres => {
                    let mut conn = sqlx::PgConnection::connect(target.postgres_url())
                        .await
                        .expect("sqlx: connect to PostgreSQL");
                    sqlx::raw_sql(sqlx::AssertSqlSafe(
                        target.search_path_sql().unwrap_or_default(),
                    ))
                    .execute(&mut conn)
                    .await
                    .expect("sqlx: set search_path");
                    Db::Postgres(conn)
                }
            }
        });
        SqlxConn { runtime, db }
    }

    pub fn apply(conn: &mut SqlxConn, backend: Backend, n: usize) {
        let migrator = set(backend, n);
        let SqlxConn { runtime, db } = conn;
        runtime
            .block_on(async {
                match db {
                    Db::Sqlite(c) => migrator.run(c).await,
                    Db::Postgres(c) => migrator.run(c).await,
                }
            })
            .expect("sqlx: run");
    }

    /// One catalog query on the connection.
    pub fn warm_up(conn: &mut SqlxConn, sqlite: &str, postgres: &str) {
        let SqlxConn { runtime, db } = conn;
        runtime
            .block_on(async {
                match db {
                    Db::Sqlite(c) => sqlx::raw_sql(sqlx::AssertSqlSafe(sqlite.to_owned()))
                        .execute(c)
                        .await
                        .map(|_| ()),
                    Db::Postgres(c) => sqlx::raw_sql(sqlx::AssertSqlSafe(postgres.to_owned()))
                        .execute(c)
                        .await
                        .map(|_| ()),
                }
            })
            .expect("sqlx: the catalog query");
    }

    pub fn undo(conn: &mut SqlxConn, backend: Backend, n: usize) {
        let migrator = set(backend, n);
        let SqlxConn { runtime, db } = conn;
        runtime
            .block_on(async {
                match db {
                    Db::Sqlite(c) => migrator.undo(c, 0).await,
                    Db::Postgres(c) => migrator.undo(c, 0).await,
                }
            })
            .expect("sqlx: undo");
    }
}

//! Migrations on a connection checked out of diesel's r2d2 pool (`PooledConnection`), on
//! every backend: run, then roll back on the connection the pool hands out again.

use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, R2D2Connection};
use migrate_core::{MigrationConnection, Migrator, Schema};

use crate::fixtures;
use crate::introspect::tables;
use crate::support::TestDb;

const IDS: [&str; 3] = [
    "m2026_01_01_000001_create_users",
    "m2026_01_01_000002_create_posts",
    "m2026_01_02_000001_add_bio_to_users",
];

/// Runs the test's connection setup (PostgreSQL: its schema) on each new pooled connection.
#[derive(Debug)]
struct Setup(Option<String>);

impl<C: diesel::Connection> CustomizeConnection<C, diesel::r2d2::Error> for Setup {
    fn on_acquire(&self, conn: &mut C) -> Result<(), diesel::r2d2::Error> {
        match &self.0 {
            Some(sql) => conn
                .batch_execute(sql)
                .map_err(diesel::r2d2::Error::QueryError),
            None => Ok(()),
        }
    }
}

/// A pool of one connection of type `C` to the test's database at `target` (diesel's form of
/// its URL).
fn pool<C>(db: &TestDb, target: &str) -> Pool<ConnectionManager<C>>
where
    C: R2D2Connection + 'static,
{
    Pool::builder()
        .max_size(1)
        .connection_customizer(Box::new(Setup(db.setup.clone())))
        .build(ConnectionManager::<C>::new(target))
        .unwrap()
}

fn run_and_roll_back_on_a_pooled_connection<C>(mut db: TestDb, target: &str)
where
    C: MigrationConnection + R2D2Connection,
{
    let pool = pool::<C>(&db, target);
    let migrator = Migrator::new().module(fixtures::module("blog"));

    let mut conn = pool.get().unwrap();
    assert_eq!(migrator.run(&mut conn).unwrap().ids(), IDS);
    assert_eq!(tables(&mut db), ["posts", "users"]);
    // A data migration reaches the diesel connection inside the pool's wrapper.
    assert!(Schema::new(&mut conn).connection::<C>().is_some());
    drop(conn);

    // The same connection, back from the pool: no transaction left open on it.
    let mut conn = pool.get().unwrap();
    assert!(!MigrationConnection::in_transaction(&mut conn));
    assert!(migrator.is_current(&mut conn).unwrap());
    assert_eq!(
        migrator
            .rollback(&mut conn, Some(3))
            .unwrap()
            .migrations
            .len(),
        3
    );
    assert!(tables(&mut db).is_empty());
}

#[test]
fn sqlite() {
    let db = crate::support::sqlite();
    let path = db.url.trim_start_matches("sqlite://").to_owned();
    run_and_roll_back_on_a_pooled_connection::<diesel::SqliteConnection>(db, &path);
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    let db = crate::support::postgres();
    let url = db.url.clone();
    run_and_roll_back_on_a_pooled_connection::<diesel::PgConnection>(db, &url);
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    let db = crate::support::mysql();
    let url = db.url.clone();
    run_and_roll_back_on_a_pooled_connection::<diesel::MysqlConnection>(db, &url);
}

//! What a seeder is given: a diesel connection of the type it names, or the connection as a
//! [`MigrationConnection`].

use crate::{Error, MigrationConnection, Result};

/// A connection type a `#[seeder]` function can take by `&mut`: diesel's
/// `SqliteConnection`, `PgConnection` or `MysqlConnection` (each behind its cargo feature),
/// for diesel's typed DSL, or `dyn MigrationConnection` for SQL that runs anywhere.
#[diagnostic::on_unimplemented(
    message = "a seeder cannot take `&mut {Self}`",
    label = "this parameter's type",
    note = "a seeder takes `&mut SqliteConnection`, `&mut PgConnection`, `&mut MysqlConnection` or `&mut dyn MigrationConnection`"
)]
pub trait SeedConnection {
    /// The connection as this type, if it is one.
    fn from_connection(conn: &mut dyn MigrationConnection) -> Option<&mut Self>;
    /// Its name, for the error when the connection is of another type.
    fn type_name() -> &'static str;
}

impl SeedConnection for dyn MigrationConnection {
    fn from_connection(conn: &mut dyn MigrationConnection) -> Option<&mut Self> {
        Some(conn)
    }
    fn type_name() -> &'static str {
        "dyn MigrationConnection"
    }
}

/// `SeedConnection` for one of diesel's connection types: found by downcasting (an
/// `AnyConnection` and a pooled connection hand out the connection inside them).
macro_rules! diesel_seed_connection {
    ($($feature:literal => $conn:ty),* $(,)?) => {$(
        #[cfg(feature = $feature)]
        impl SeedConnection for $conn {
            fn from_connection(conn: &mut dyn MigrationConnection) -> Option<&mut Self> {
                conn.as_any_mut().downcast_mut::<$conn>()
            }
            fn type_name() -> &'static str {
                stringify!($conn)
            }
        }
    )*};
}

diesel_seed_connection!(
    "sqlite" => diesel::SqliteConnection,
    "postgres" => diesel::PgConnection,
    "mysql" => diesel::MysqlConnection,
);

/// Calls `seeder` with `conn` as the type it takes; an error naming both types when the
/// connection is of another one. What `#[seeder]` expands to; not public API.
#[doc(hidden)]
pub fn seed_with<C: SeedConnection + ?Sized>(
    conn: &mut dyn MigrationConnection,
    seeder: fn(&mut C) -> Result<()>,
) -> Result<()> {
    let dialect = conn.dialect();
    match C::from_connection(conn) {
        Some(conn) => seeder(conn),
        None => Err(Error::msg(format!(
            "the seeder takes a `{}`, and the database is {dialect}",
            C::type_name()
        ))),
    }
}

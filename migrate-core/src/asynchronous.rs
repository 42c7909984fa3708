//! The async entry points (cargo feature `tokio`): the same Migrator, run on tokio's blocking
//! pool with a synchronous diesel connection, so an async application awaits its migrations
//! without blocking its runtime and without a second database driver.
//!
//! The work runs in [`tokio::task::spawn_blocking`]: a thread of the blocking pool, which a
//! current-thread runtime has too. Dropping the returned future does not stop a run already
//! started; it finishes (or fails) on its own, under the database lock as always.

use crate::{AnyConnection, MigrationConnection, Migrator, Report, Result};

/// Where an async run gets its connection: a URL to connect to (the same one the application
/// gives its async driver), or a synchronous connection handed over to the blocking task.
///
/// ```
/// use migrate_core::{AnyConnection, Database};
///
/// let by_url = Database::from("sqlite://:memory:");
/// let handed_over = Database::from(AnyConnection::establish("sqlite://:memory:").unwrap());
/// # let _ = (by_url, handed_over);
/// ```
pub enum Database {
    /// Connect to this URL ([`AnyConnection::establish`]) on the blocking task.
    Url(String),
    /// Use this connection, moved to the blocking task and closed when the work is done.
    Connection(Box<dyn MigrationConnection + Send>),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Url(url) => f
                .debug_tuple("Url")
                .field(&crate::connection::mask_password(url))
                .finish(),
            Database::Connection(conn) => write!(f, "Connection({})", conn.dialect()),
        }
    }
}

impl From<&str> for Database {
    fn from(url: &str) -> Self {
        Database::Url(url.to_owned())
    }
}

impl From<String> for Database {
    fn from(url: String) -> Self {
        Database::Url(url)
    }
}

impl From<&String> for Database {
    fn from(url: &String) -> Self {
        Database::Url(url.clone())
    }
}

/// A connection handed over: `Database::from(conn)` for each connection type.
macro_rules! handed_over {
    ($($feature:literal => $conn:ty),* $(,)?) => {$(
        #[cfg(feature = $feature)]
        impl From<$conn> for Database {
            fn from(conn: $conn) -> Self {
                Database::Connection(Box::new(conn))
            }
        }
    )*};
}

handed_over!(
    "sqlite" => diesel::SqliteConnection,
    "postgres" => diesel::PgConnection,
    "mysql" => diesel::MysqlConnection,
);

impl From<AnyConnection> for Database {
    fn from(conn: AnyConnection) -> Self {
        Database::Connection(Box::new(conn))
    }
}

impl Database {
    /// The connection: the one handed over, or a new one to the URL.
    fn open(self) -> Result<Box<dyn MigrationConnection + Send>> {
        match self {
            Database::Url(url) => Ok(Box::new(AnyConnection::establish(&url)?)),
            Database::Connection(conn) => Ok(conn),
        }
    }
}

/// Applies every pending migration with the default options, from async code: see
/// [`Migrator::run_async`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> migrate_core::Result<()> {
/// let report = migrate_core::run_pending_async("sqlite://:memory:").await?;
/// println!("{} migrations applied", report.migrations.len());
/// # Ok(())
/// # }
/// ```
pub async fn run_pending_async(database: impl Into<Database>) -> Result<Report> {
    Migrator::new().run_async(database).await
}

impl Migrator {
    /// [`Migrator::run`] from async code: on tokio's blocking pool, with a synchronous
    /// connection to `database` (a URL, or a connection handed over), so the runtime's
    /// threads go on serving other tasks meanwhile. Works in a current-thread runtime.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> migrate_core::Result<()> {
    /// use migrate_core::Migrator;
    ///
    /// let report = Migrator::new().run_async("sqlite://:memory:").await?;
    /// assert!(report.migrations.is_empty(), "this example registers no migration");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn run_async(&self, database: impl Into<Database>) -> Result<Report> {
        self.blocking(database, |migrator, conn| migrator.run(conn))
            .await
    }

    /// [`Migrator::rollback`] from async code, as [`Migrator::run_async`] runs.
    pub async fn rollback_async(
        &self,
        database: impl Into<Database>,
        steps: Option<usize>,
    ) -> Result<Report> {
        self.blocking(database, move |migrator, conn| {
            migrator.rollback(conn, steps)
        })
        .await
    }

    /// Any synchronous `work` with this Migrator (`status`, `reset`, `fresh`...) from async
    /// code, on tokio's blocking pool with a connection to `database`.
    ///
    /// A panic in `work` (a migration's, say) resumes on the awaiting task, as it would have
    /// in a synchronous call.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> migrate_core::Result<()> {
    /// use migrate_core::Migrator;
    ///
    /// let status = Migrator::new()
    ///     .blocking("sqlite://:memory:", |migrator, conn| migrator.status(conn))
    ///     .await?;
    /// assert!(status.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn blocking<T, F>(&self, database: impl Into<Database>, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Migrator, &mut dyn MigrationConnection) -> Result<T> + Send + 'static,
    {
        let migrator = self.clone();
        let database = database.into();
        let task = tokio::task::spawn_blocking(move || {
            let mut conn = database.open()?;
            work(&migrator, &mut *conn)
        });
        match task.await {
            Ok(outcome) => outcome,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            // Only a runtime shutting down cancels a blocking task before it starts.
            Err(error) => Err(crate::Error::Message(format!(
                "the migration task did not run: {error}"
            ))),
        }
    }
}

//! The store: one sqlx pool over SQLite (the default) or PostgreSQL, chosen by URL.
//!
//! Features write their queries next to their use, through [`Store::pool`]. Queries use
//! `$1`-style placeholders, which both backends understand, and only the types the `Any`
//! driver carries on both (integers as `BIGINT`, text, floats, bytes). Times are stored as
//! RFC 3339 UTC text, which sorts correctly as text on both backends.

mod migrate;
pub mod testing;

pub use migrate::{Migration, MigrationReport, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

/// A connection that queries run on: a pooled connection or an open transaction (`&mut tx`).
pub type Conn = sqlx::AnyConnection;

/// A transaction of one use case; see [`Store::begin`].
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Which database engine a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file: one practice, one process.
    Sqlite,
    /// A PostgreSQL server: several stateless instances.
    Postgres,
}

impl Backend {
    /// Picks the backend from a database URL, or says why the URL is not usable.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::InvalidUrl(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            )),
        }
    }

    /// The name used in logs and messages.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Errors of the store. The `Display` text is for logs and the CLI, never for a browser.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL cannot be used.
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// The database cannot be reached (down, refused, timed out, file not openable).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A migration failed; the database was left as it was before.
    #[error("migration {version} ({name}) failed, nothing was changed: {message}")]
    Migration {
        /// The version that failed.
        version: i64,
        /// Its name.
        name: String,
        /// The database's message.
        message: String,
    },
    /// An applied migration no longer matches the file shipped with this build.
    #[error("migration {version} was changed after it was applied; restore the original file")]
    MigrationChanged {
        /// The version whose checksum differs.
        version: i64,
    },
    /// The database has migrations this build does not know: it was used by a newer version.
    #[error("the database has migration {version}, which this version of Meetpunt does not know; upgrade Meetpunt")]
    UnknownMigration {
        /// The unknown version.
        version: i64,
    },
    /// The requested row does not exist.
    #[error("not found")]
    NotFound,
    /// Any other database error.
    #[error("database error: {0}")]
    Query(#[source] sqlx::Error),
}

impl StoreError {
    /// Whether a unique constraint refused the row (e.g. a concurrent request stored the same
    /// thing first).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Query(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(err.to_string())
            }
            other => StoreError::Query(other),
        }
    }
}

/// How to open the pool.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// Most connections held open at once.
    pub max_connections: u32,
    /// How long to wait for a connection before reporting the database unavailable.
    pub acquire_timeout: Duration,
    /// SQLite's `synchronous` level (ignored for PostgreSQL).
    pub sqlite_synchronous: SqliteSynchronous,
}

/// SQLite's durability level; see [`SQLITE_PRAGMAS`] for why NORMAL is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SqliteSynchronous {
    /// Durable against application crashes; a power loss may drop the last commits.
    #[default]
    Normal,
    /// Also durable against power loss, at the cost of an fsync per commit.
    Full,
}

impl SqliteSynchronous {
    /// Parses `NORMAL` or `FULL` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_uppercase().as_str() {
            "NORMAL" => Some(SqliteSynchronous::Normal),
            "FULL" => Some(SqliteSynchronous::Full),
            _ => None,
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            SqliteSynchronous::Normal => "PRAGMA synchronous = NORMAL;",
            SqliteSynchronous::Full => "PRAGMA synchronous = FULL;",
        }
    }
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
            sqlite_synchronous: SqliteSynchronous::Normal,
        }
    }
}

/// SQLite settings applied to every connection.
///
/// - WAL lets readers work while one writer commits.
/// - `synchronous = NORMAL` in WAL mode is durable against application crashes; a power loss
///   can lose the last transactions but never corrupts the file (SQLite documentation, "WAL").
///   Choose [`SqliteSynchronous::Full`] where losing even those is unacceptable.
/// - The busy timeout makes a writer wait for another instead of failing at once.
const SQLITE_PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

/// A handle to the database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    key: std::sync::Arc<crate::access::server::sealing::ServerKey>,
}

impl Store {
    /// Opens a pool and checks that the database answers.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let connect_options = AnyConnectOptions::from_str(url)
            .map_err(|e| StoreError::InvalidUrl(first_line(&e.to_string())))?;
        let synchronous = options.sqlite_synchronous.pragma();
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(SQLITE_PRAGMAS).await?;
                        conn.execute(synchronous).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(connect_options)
            .await
            .map_err(|e| StoreError::Unavailable(first_line(&e.to_string())))?;
        let key = crate::access::server::sealing::ServerKey::generate()
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Store {
            pool,
            backend,
            key: std::sync::Arc::new(key),
        })
    }

    /// The store with the portal's server key (a new store has a random one, which is right
    /// only for a database that lives as long as the store, as in tests).
    pub fn with_server_key(mut self, key: crate::access::server::sealing::ServerKey) -> Store {
        self.key = std::sync::Arc::new(key);
        self
    }

    /// The server key, which seals second-step secrets and keys recovery code hashes.
    pub fn server_key(&self) -> &crate::access::server::sealing::ServerKey {
        &self.key
    }

    /// The backend this store talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for queries.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a transaction for one use case: the change, its access-log row and its mail
    /// commit together or not at all. Dropping it without [`sqlx::Transaction::commit`] rolls
    /// everything back. On SQLite the write lock is taken at the start (`BEGIN IMMEDIATE`), so
    /// a transaction that reads and then writes never fails half-way on another writer.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(tx)
    }

    /// A connection from the pool, for reads and single writes outside a transaction.
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Applies every migration this build knows that the database lacks, all or nothing.
    pub async fn migrate(&self) -> Result<MigrationReport, StoreError> {
        let migrations = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        migrate::run(self, migrations).await
    }

    /// Applies the given migrations (tests use this to prove a failure changes nothing).
    pub async fn migrate_with(
        &self,
        migrations: &[Migration],
    ) -> Result<MigrationReport, StoreError> {
        migrate::run(self, migrations).await
    }

    /// Checks that the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(|e| StoreError::Unavailable(first_line(&e.to_string())))
    }

    /// Closes every connection, waiting for queries in flight.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A time as stored in every table: RFC 3339 UTC text with milliseconds, which sorts
/// correctly as text on both backends. The one place that writes stored times.
pub fn timestamp(time: std::time::SystemTime) -> String {
    let time = jiff::Timestamp::try_from(time).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    format!("{:.3}", time)
}

/// Reads a stored time back; the one place that reads stored times.
pub fn parse_timestamp(text: &str) -> Result<std::time::SystemTime, StoreError> {
    text.parse::<jiff::Timestamp>()
        .map(std::time::SystemTime::from)
        .map_err(|e| StoreError::Query(sqlx::Error::Decode(Box::new(e))))
}

/// Seconds since the Unix epoch (negative before it), for policy arithmetic.
pub fn epoch_seconds(time: std::time::SystemTime) -> i64 {
    jiff::Timestamp::try_from(time)
        .map(|t| t.as_second())
        .unwrap_or_default()
}

/// Driver messages can span lines; logs and the CLI want one.
fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn the_backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("sqlite::memory:").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::from_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(matches!(
            Backend::from_url("mysql://x"),
            Err(StoreError::InvalidUrl(_))
        ));
        assert!(matches!(
            Backend::from_url("data/x.db"),
            Err(StoreError::InvalidUrl(_))
        ));
    }

    #[test]
    fn timestamps_are_rfc3339_utc_and_sort_as_text() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            parse_timestamp("1970-01-01T00:00:00.000Z").unwrap(),
            UNIX_EPOCH
        );
        assert!(parse_timestamp("gisteren").is_err());
        // 2024-02-29 12:34:56.789 UTC, a leap day.
        let t = UNIX_EPOCH + Duration::from_millis(1_709_210_096_789);
        assert_eq!(timestamp(t), "2024-02-29T12:34:56.789Z");
        let later = t + Duration::from_millis(1);
        assert!(timestamp(later) > timestamp(t));
        assert_eq!(parse_timestamp(&timestamp(t)).unwrap(), t);
        assert_eq!(epoch_seconds(t), 1_709_210_096);
        // Whole seconds still carry three decimals, so text order stays time order.
        let whole = UNIX_EPOCH + Duration::from_secs(1_709_210_096);
        assert_eq!(timestamp(whole), "2024-02-29T12:34:56.000Z");
    }
}

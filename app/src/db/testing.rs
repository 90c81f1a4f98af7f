//! Fresh databases for tests: a new SQLite file, or a new database in a PostgreSQL cluster.
//!
//! PostgreSQL tests need `MEETPUNT_TEST_POSTGRES_URL` pointing at a server where the user may
//! create databases; `.ci/test.sh` starts a private cluster and sets it. Set it to `skip`
//! to leave PostgreSQL out on purpose; when it is unset the tests fail rather than pass silently.

use super::Backend;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database made for one test. The SQLite file is removed when this is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    /// The URL to connect to.
    pub url: String,
    /// The backend.
    pub backend: Backend,
    dir: Option<PathBuf>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "meetpunt_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A new, empty SQLite database file in its own temporary folder.
pub fn fresh_sqlite() -> TestDatabase {
    let dir = std::env::temp_dir().join(unique_name());
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    let url = format!("sqlite://{}/test.db?mode=rwc", dir.display());
    TestDatabase {
        url,
        backend: Backend::Sqlite,
        dir: Some(dir),
    }
}

/// A new, empty PostgreSQL database, or `None` when PostgreSQL was explicitly skipped.
///
/// # Panics
/// When `MEETPUNT_TEST_POSTGRES_URL` is unset or the server cannot create a database.
pub async fn fresh_postgres() -> Option<TestDatabase> {
    let admin = std::env::var("MEETPUNT_TEST_POSTGRES_URL").expect(
        "MEETPUNT_TEST_POSTGRES_URL is not set: run the tests with .ci/test.sh, \
         or set it to `skip` to leave PostgreSQL out",
    );
    if admin == "skip" {
        eprintln!("PostgreSQL skipped: MEETPUNT_TEST_POSTGRES_URL=skip");
        return None;
    }
    sqlx::any::install_default_drivers();
    let name = unique_name();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    let base = admin
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin);
    Some(TestDatabase {
        url: format!("{base}/{name}"),
        backend: Backend::Postgres,
        dir: None,
    })
}

/// A fresh database of the given backend (see [`fresh_postgres`] for when that is `None`).
pub async fn fresh(backend: Backend) -> Option<TestDatabase> {
    match backend {
        Backend::Sqlite => Some(fresh_sqlite()),
        Backend::Postgres => fresh_postgres().await,
    }
}

/// A fresh database of the given backend with every migration applied, and a store on it:
/// the starting point of every domain test (see [`fresh_postgres`] for when it is `None`).
pub async fn migrated(backend: Backend) -> Option<(TestDatabase, super::Store)> {
    let db = fresh(backend).await?;
    let store = super::Store::connect(&db.url, &super::StoreOptions::default())
        .await
        .expect("connect to the test database");
    store.migrate().await.expect("migrate the test database");
    Some((db, store))
}

/// A fixed "now" for tests: 2026-03-02 09:00:00 UTC.
pub fn t0() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_772_442_000)
}

/// Declares each listed `async fn name(backend: Backend)` as two tests, `sqlite::name` and
/// `postgres::name`, so one suite runs against both backends.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $test() { super::$test($crate::db::Backend::Sqlite).await; })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $test() { super::$test($crate::db::Backend::Postgres).await; })*
        }
    };
}

//! What the server's benchmarks share: settings from the environment, a fresh database for a
//! run (a SQLite file, or a new database on a PostgreSQL server), and the server running in
//! the bench's own process.

#![allow(dead_code)]

use app::clock::Clock;
use server::config::{mask_password, Config};
use sqlx::Row;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

/// Runs `run` on SQLite and, given the URL of a PostgreSQL server (`postgres`), on
/// PostgreSQL, saying under `what` which one failed or was skipped; whether none failed.
pub async fn on_both_backends<F, Fut>(what: &str, postgres: Option<&str>, run: F) -> bool
where
    F: Fn(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut ok = true;
    for (label, admin) in [("sqlite", None), ("postgres", postgres)] {
        if label == "postgres" && admin.is_none() {
            println!("{what} postgres: skipped (MEETPUNT_BENCH_POSTGRES_URL is not set)");
            continue;
        }
        if let Err(e) = run(admin.map(str::to_owned)).await {
            println!("{what} {label}: failed: {e}");
            ok = false;
        }
    }
    ok
}

/// A positive whole number from the environment, or `default`.
pub fn setting(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Err(_) => default,
        Ok(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .unwrap_or_else(|| {
                eprintln!("{name} must be a positive whole number");
                std::process::exit(2)
            }),
    }
}

/// Errors as text: a run stops at the first and says what failed.
pub fn text<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

/// A fresh database for one run.
pub struct Database {
    /// `sqlite` or `postgres`, for the output.
    pub label: &'static str,
    /// `DATABASE_URL`; `None` for the server's default, a SQLite file in its data folder.
    pub url: Option<String>,
    /// On PostgreSQL: the server it was made on and its name, to drop it afterwards.
    made: Option<(String, String)>,
}

impl Database {
    /// A SQLite file (made by the server in its data folder), or a new database on the
    /// PostgreSQL server at `admin`.
    pub async fn fresh(admin: Option<&str>) -> Result<Database, String> {
        let Some(admin) = admin else {
            return Ok(Database {
                label: "sqlite",
                url: None,
                made: None,
            });
        };
        static RUNS: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "meetpunt_bench_{}_{}",
            std::process::id(),
            RUNS.fetch_add(1, Ordering::Relaxed)
        );
        let mut url = url::Url::parse(admin)
            .map_err(|e| format!("MEETPUNT_BENCH_POSTGRES_URL is not a URL ({e})"))?;
        url.set_path(&format!("/{name}"));
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin)
            .await
            .map_err(|e| format!("cannot connect to {}: {e}", mask_password(admin)))?;
        sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
            .await
            .map_err(|e| format!("cannot create a database: {e}"))?;
        let _ = sqlx::Connection::close(conn).await;
        Ok(Database {
            label: "postgres",
            url: Some(url.to_string()),
            made: Some((admin.to_owned(), name)),
        })
    }

    /// Drops a PostgreSQL database made for the run (the SQLite file goes with its folder).
    pub async fn remove(self) {
        if let Some((admin, name)) = self.made {
            if let Err(e) = drop_database(&admin, &name).await {
                eprintln!("database {name} was not dropped: {e}");
            }
        }
    }
}

async fn drop_database(admin: &str, name: &str) -> Result<(), sqlx::Error> {
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin).await?;
    sqlx::Executor::execute(
        &mut conn,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
    )
    .await?;
    sqlx::Connection::close(conn).await
}

/// The PostgreSQL settings that decide what a commit costs, so the numbers carry them.
pub async fn settings(admin: &str) -> Result<String, String> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin)
        .await
        .map_err(text)?;
    let mut shown = Vec::new();
    for name in [
        "server_version",
        "fsync",
        "synchronous_commit",
        "full_page_writes",
    ] {
        let row = sqlx::query("SELECT current_setting($1) AS value")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .map_err(text)?;
        shown.push(format!(
            "{name} {}",
            row.try_get::<String, _>("value").map_err(text)?
        ));
    }
    let _ = sqlx::Connection::close(conn).await;
    Ok(shown.join(", "))
}

/// The server's configuration for a run: loopback on a free port, development mode, the
/// given database (else the default SQLite file in `data`), and `extra` settings.
pub fn config(
    data: &Path,
    database: &Database,
    extra: &[(&str, String)],
) -> Result<Config, String> {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("MEETPUNT_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        ("MEETPUNT_DATA_DIR".to_owned(), data.display().to_string()),
        // The static assets folder stands in for a built site; no page is asked for.
        (
            "MEETPUNT_SITE_ROOT".to_owned(),
            concat!(env!("CARGO_MANIFEST_DIR"), "/../public").to_owned(),
        ),
    ]);
    if let Some(url) = &database.url {
        vars.insert("DATABASE_URL".to_owned(), url.clone());
    }
    for (name, value) in extra {
        vars.insert((*name).to_owned(), value.clone());
    }
    Config::from_lookup(|name| vars.get(name).cloned()).map_err(text)
}

/// A server running in this process, and how to stop it.
pub struct Running {
    pub base: String,
    pub server: server::Running,
    stop: tokio::sync::oneshot::Sender<()>,
}

pub async fn start(config: Config) -> Result<Running, String> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = server::start_with_clock(config, Clock::system(), async move {
        let _ = stopped.await;
    })
    .await
    .map_err(text)?;
    Ok(Running {
        base: format!("http://{}", server.addr),
        server,
        stop,
    })
}

impl Running {
    pub async fn stop(self) -> Result<(), String> {
        let _ = self.stop.send(());
        self.server.wait().await.map_err(text)
    }
}

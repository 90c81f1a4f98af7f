//! Leases: one instance at a time runs a periodic job.
//!
//! A lease is one row per job. An instance claims it with a single `UPDATE` that only
//! succeeds when the lease has run out, moving it one period ahead; the database decides
//! who wins, on SQLite and PostgreSQL alike, without locks held between statements. Times
//! come from the application's clock, so tests move them.

use app::db::{timestamp, Store, StoreError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A name for this server instance in the lease table: host name and process id.
pub fn holder_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    format!(
        "{}:{}",
        if host.is_empty() { "host" } else { &host },
        std::process::id()
    )
}

/// Claims the lease `name` for `period` from `now`; `true` when this holder may run the job.
pub async fn claim(
    store: &Store,
    name: &str,
    holder: &str,
    period: Duration,
    now: SystemTime,
) -> Result<bool, StoreError> {
    sqlx::query(
        "INSERT INTO worker_leases (name, holder, leased_until) VALUES ($1, NULL, $2)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(timestamp(UNIX_EPOCH))
    .execute(store.pool())
    .await?;
    let claimed = sqlx::query(
        "UPDATE worker_leases SET holder = $1, leased_until = $2, last_run_at = $3
         WHERE name = $4 AND leased_until <= $3",
    )
    .bind(holder)
    .bind(timestamp(now + period))
    .bind(timestamp(now))
    .bind(name)
    .execute(store.pool())
    .await?;
    Ok(claimed.rows_affected() == 1)
}

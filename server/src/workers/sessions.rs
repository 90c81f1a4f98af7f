//! Removes sessions that ended (idle or too old), so the table holds live ones only.

use super::{JobResult, PeriodicJob};
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// The job, every `every`.
pub fn purge_job(every: Duration) -> PeriodicJob {
    PeriodicJob {
        name: "purge_sessions",
        every,
        run: Arc::new(|state: AppState| Box::pin(purge(state))),
    }
}

async fn purge(state: AppState) -> JobResult {
    app::access::server::purge_expired(&state.store, &state.access, state.now())
        .await
        .map_err(|e| e.to_string())
}

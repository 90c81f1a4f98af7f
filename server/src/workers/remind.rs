//! Sends the reminders of open requests when they are due (see `app::requests::remind`):
//! one instance at a time, and each reminder once.

use super::{JobResult, PeriodicJob};
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// The job, every `every`.
pub fn job(every: Duration) -> PeriodicJob {
    PeriodicJob {
        name: "reminders",
        every,
        run: Arc::new(|state: AppState| Box::pin(turn(state))),
    }
}

/// One turn: the reminders due now.
pub async fn turn(state: AppState) -> JobResult {
    app::requests::remind::send_due(&state.store, state.link_grace_days, state.now())
        .await
        .map_err(|e| e.to_string())
}

//! Makes the next request of every repeating series when it is due (see
//! `app::requests::repeat`): one instance at a time, and each request gets one successor.

use super::{JobResult, PeriodicJob};
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// The job, every `every`.
pub fn job(every: Duration) -> PeriodicJob {
    PeriodicJob {
        name: "repeat_requests",
        every,
        run: Arc::new(|state: AppState| Box::pin(turn(state))),
    }
}

/// One turn: the successors due now.
pub async fn turn(state: AppState) -> JobResult {
    app::requests::repeat::make_due(&state.store, state.link_grace_days, state.now())
        .await
        .map_err(|e| e.to_string())
}

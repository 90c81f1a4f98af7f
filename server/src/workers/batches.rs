//! Sends the lists still being sent (see `app::requests::batch`): a request to a list
//! sends what it can while the professional waits, this job the rest.

use super::{JobResult, PeriodicJob};
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// The job, every `every`; each turn sends for at most `every`, so the lease (one period)
/// runs out about when the turn ends and the next turn follows at once.
pub fn job(every: Duration) -> PeriodicJob {
    PeriodicJob {
        name: "send_batches",
        every,
        run: Arc::new(move |state: AppState| Box::pin(turn(state, every))),
    }
}

/// One turn: sends for at most `budget`; how many patients got their outcome.
pub async fn turn(state: AppState, budget: Duration) -> JobResult {
    app::requests::batch::background::work(&state, budget)
        .await
        .map_err(|e| e.to_string())
}

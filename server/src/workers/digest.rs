//! Sends the daily e-mail with the numbers to professionals who asked for it (see
//! `app::requests::notify`): once a day from the configured hour, one instance at a time.

use super::{JobResult, PeriodicJob};
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// The job, every `every`, sending from `hour` o'clock (Dutch time).
pub fn job(every: Duration, hour: i8) -> PeriodicJob {
    PeriodicJob {
        name: "daily_digest",
        every,
        run: Arc::new(move |state: AppState| Box::pin(turn(state, hour))),
    }
}

/// One turn: the digests due now.
pub async fn turn(state: AppState, hour: i8) -> JobResult {
    app::requests::notify::server::send_digests(&state.store, &state.public_url, hour, state.now())
        .await
        .map_err(|e| e.to_string())
}

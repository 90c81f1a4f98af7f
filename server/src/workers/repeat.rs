//! Makes the next request of every repeating series when it is due (see
//! `app::requests::repeat`): one instance at a time, and each request gets one successor.

use super::{JobResult, PeriodicJob};
use app::requests::repeat::{make_due, SeriesRules};
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// The job, every `every`; a series stops after `stop_after` requests left unanswered in a
/// row (0: never).
pub fn job(every: Duration, stop_after: u8) -> PeriodicJob {
    PeriodicJob {
        name: "repeat_requests",
        every,
        run: Arc::new(move |state: AppState| Box::pin(turn(state, stop_after))),
    }
}

/// One turn: the successors due now.
pub async fn turn(state: AppState, stop_after: u8) -> JobResult {
    let rules = SeriesRules {
        grace_days: state.link_grace_days,
        stop_after,
    };
    make_due(&state.store, rules, state.now())
        .await
        .map_err(|e| e.to_string())
}

//! Sends the reminders of open requests when they are due (see `app::requests::remind`),
//! to the patient and, some days after the due date, to their carers: one instance at a
//! time, and each reminder once.

use super::{JobResult, PeriodicJob};
use app::requests::remind;
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// The job, every `every`; carers are reminded `carer_after_days` after the due date (0:
/// never).
pub fn job(every: Duration, carer_after_days: u16) -> PeriodicJob {
    PeriodicJob {
        name: "reminders",
        every,
        run: Arc::new(move |state: AppState| Box::pin(turn(state, carer_after_days))),
    }
}

/// One turn: the reminders due now, to patients and to carers.
pub async fn turn(state: AppState, carer_after_days: u16) -> JobResult {
    let now = state.now();
    let patients = remind::send_due(&state.store, state.link_grace_days, now)
        .await
        .map_err(|e| e.to_string())?;
    let to = remind::ToCarers {
        after_days: carer_after_days,
        grace_days: state.link_grace_days,
        public_url: &state.public_url,
    };
    let carers = remind::send_to_carers(&state.store, &to, now)
        .await
        .map_err(|e| e.to_string())?;
    Ok(patients + carers)
}

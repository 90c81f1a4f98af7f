//! Background workers: work the server does on its own, beside the requests.
//!
//! Every worker starts with the server, stops on the same cancellation signal and is awaited
//! on graceful shutdown (it finishes the job at hand first). A job that fails or panics is
//! logged and tried again at its next turn; it never takes the server down. Periodic jobs
//! claim a lease in the database before they run ([`lease`]), so several server instances on
//! one PostgreSQL run each job once per period between them; work on rows (the mail outbox,
//! later) is claimed row by row with `FOR UPDATE SKIP LOCKED`.

pub mod batches;
pub mod digest;
pub mod lease;
pub mod outbox;
pub mod remind;
pub mod repeat;
mod sessions;

use app::state::AppState;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often the workers run (settings, see `docs/configuration.env`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerSettings {
    /// How often ended sessions are removed.
    pub session_purge_every: Duration,
    /// How often repeating requests are looked at.
    pub repeat_every: Duration,
    /// After how many requests left unanswered in a row a series stops (0: never).
    pub repeat_stop_after: u8,
    /// How often due reminders are looked for.
    pub remind_every: Duration,
    /// Days after a request's due date that its reminder goes on to the patient's carers (0:
    /// never).
    pub carer_reminder_days: u16,
    /// How often the daily e-mails are looked at.
    pub digest_every: Duration,
    /// From which hour (Dutch time) the daily e-mails go.
    pub digest_hour: i8,
    /// How often lists still being sent are looked at (each turn sends for at most as long).
    pub batch_every: Duration,
    /// The outbox worker.
    pub outbox: outbox::OutboxSettings,
}

/// What one turn of a job did, for the log: how many things it handled.
pub type JobResult = Result<u64, String>;

/// A job's body: given the state, one turn of work.
pub type JobFn =
    Arc<dyn Fn(AppState) -> Pin<Box<dyn Future<Output = JobResult> + Send>> + Send + Sync>;

/// A job that runs every `every`, in one instance at a time.
#[derive(Clone)]
pub struct PeriodicJob {
    /// The lease name, also used in logs.
    pub name: &'static str,
    /// How often.
    pub every: Duration,
    /// One turn of work.
    pub run: JobFn,
}

/// The running workers.
pub struct Workers {
    handles: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Starts every worker of the server.
    pub fn start(
        state: &AppState,
        settings: &WorkerSettings,
        mailer: Arc<crate::mail::Mailer>,
        from: String,
        cancel: CancellationToken,
    ) -> Workers {
        let mut workers = Workers::start_jobs(
            state,
            vec![
                sessions::purge_job(settings.session_purge_every),
                repeat::job(settings.repeat_every, settings.repeat_stop_after),
                remind::job(settings.remind_every, settings.carer_reminder_days),
                digest::job(settings.digest_every, settings.digest_hour),
                batches::job(settings.batch_every),
            ],
            cancel.clone(),
        );
        workers.handles.push(tokio::spawn(outbox::run(
            state.clone(),
            mailer,
            from,
            settings.outbox.clone(),
            lease::holder_name(),
            cancel,
        )));
        workers
    }

    /// Starts the given periodic jobs (the server's, or a test's).
    pub fn start_jobs(
        state: &AppState,
        jobs: Vec<PeriodicJob>,
        cancel: CancellationToken,
    ) -> Workers {
        let holder = lease::holder_name();
        let handles = jobs
            .into_iter()
            .map(|job| {
                tokio::spawn(run_periodic(
                    state.clone(),
                    job,
                    holder.clone(),
                    cancel.clone(),
                ))
            })
            .collect();
        Workers { handles }
    }

    /// Waits until every worker has stopped (after the cancellation signal).
    pub async fn wait(self) {
        for handle in self.handles {
            if let Err(err) = handle.await {
                tracing::error!(error = %err, "a worker ended abnormally");
            }
        }
    }
}

/// Runs `job` each period until cancelled: claim the lease, run one turn in its own task (so
/// a panic is contained), log the outcome, wait for the next turn.
async fn run_periodic(
    state: AppState,
    job: PeriodicJob,
    holder: String,
    cancel: CancellationToken,
) {
    loop {
        match lease::claim(&state.store, job.name, &holder, job.every, state.now()).await {
            Ok(true) => {
                let turn = tokio::spawn((job.run)(state.clone()));
                match turn.await {
                    Ok(Ok(0)) => {}
                    Ok(Ok(done)) => tracing::info!(worker = job.name, done, "worker turn"),
                    Ok(Err(err)) => {
                        tracing::warn!(worker = job.name, error = %err, "worker turn failed; will retry")
                    }
                    Err(err) => {
                        tracing::error!(worker = job.name, error = %err, "worker turn panicked; will retry")
                    }
                }
            }
            Ok(false) => {}
            Err(err) => {
                tracing::warn!(worker = job.name, error = %err, "claiming the worker lease failed")
            }
        }
        tokio::select! {
            () = cancel.cancelled() => break,
            () = tokio::time::sleep(poll_interval(job.every)) => {}
        }
    }
}

/// How long to wait between looks at a lease: a fraction of the period, so a lease that
/// another instance let run out is picked up soon, and a moved test clock is noticed.
fn poll_interval(every: Duration) -> Duration {
    (every / 4).clamp(Duration::from_millis(20), Duration::from_secs(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leases_are_looked_at_several_times_per_period() {
        assert_eq!(
            poll_interval(Duration::from_secs(300)),
            Duration::from_secs(60)
        );
        assert_eq!(
            poll_interval(Duration::from_secs(60)),
            Duration::from_secs(15)
        );
        assert_eq!(
            poll_interval(Duration::from_millis(10)),
            Duration::from_millis(20)
        );
    }
}

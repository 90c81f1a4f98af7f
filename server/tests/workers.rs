//! Background workers: they start and stop with the server, survive failing and panicking
//! turns, and share periodic work between instances through leases, on both backends.

mod test_app;

use app::db::Backend;
use server::workers::{lease, JobResult, PeriodicJob, Workers};
use sqlx::Row;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use test_app::{Person, TestApp};
use tokio_util::sync::CancellationToken;

app::on_both_backends!(
    ended_sessions_are_purged_by_the_worker_once_the_clock_moves,
    a_lease_goes_to_one_instance_per_period,
    a_failing_or_panicking_turn_does_not_stop_the_worker,
);

async fn sessions(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM sessions")
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Waits (at most five seconds) until `done` holds.
async fn eventually<F: std::future::Future<Output = bool>>(mut done: impl FnMut() -> F) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if done().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

async fn ended_sessions_are_purged_by_the_worker_once_the_clock_moves(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("MEETPUNT_SESSION_PURGE_SECONDS", "1")]).await
    else {
        return;
    };
    let _patient = app.sign_in_as(Person::Patient).await;
    // The worker runs, but a live session stays.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sessions(&app).await, 1);
    // Thirty minutes without a request end it; the worker removes it without any request.
    app.clock().advance(Duration::from_secs(30 * 60));
    assert!(eventually(|| async { sessions(&app).await == 0 }).await);
    // Stopping waits for the worker and returns.
    tokio::time::timeout(Duration::from_secs(10), app.stop())
        .await
        .expect("the server and its workers stop");
}

async fn a_lease_goes_to_one_instance_per_period(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let store = app.store().clone();
    let now = app.now();
    let period = Duration::from_secs(60);
    // Eight instances try at the same moment: exactly one wins.
    let tries = (0..8).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            lease::claim(&store, "test_job", &format!("instance-{i}"), period, now)
                .await
                .unwrap()
        })
    });
    let mut won = 0;
    for attempt in tries {
        won += u32::from(attempt.await.unwrap());
    }
    assert_eq!(won, 1);
    // Within the period nobody gets it again; once it has run out, the next one does.
    let later = now + Duration::from_secs(59);
    assert!(
        !lease::claim(&store, "test_job", "instance-9", period, later)
            .await
            .unwrap()
    );
    let after = now + period;
    assert!(
        lease::claim(&store, "test_job", "instance-9", period, after)
            .await
            .unwrap()
    );
    // Another job has a lease of its own.
    assert!(lease::claim(&store, "other_job", "instance-1", period, now)
        .await
        .unwrap());
    app.stop().await;
}

async fn a_failing_or_panicking_turn_does_not_stop_the_worker(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let turns = Arc::new(AtomicU32::new(0));
    let counted = turns.clone();
    let job = PeriodicJob {
        name: "flaky",
        every: Duration::from_millis(100),
        run: Arc::new(move |_state| {
            let turn = counted.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                match turn {
                    0 => JobResult::Err("the database went away".into()),
                    1 => panic!("a bug in a worker turn"),
                    _ => JobResult::Ok(1),
                }
            })
        }),
    };
    let cancel = CancellationToken::new();
    let state = app
        .running_state()
        .expect("a running server has a state")
        .clone();
    let workers = Workers::start_jobs(&state, vec![job], cancel.clone());
    // Each turn needs the lease to run out on the (manual) clock.
    let clock = app.clock().clone();
    let ran = eventually(|| {
        clock.advance(Duration::from_secs(1));
        let turns = turns.clone();
        async move { turns.load(Ordering::SeqCst) >= 4 }
    })
    .await;
    assert!(ran, "turns: {}", turns.load(Ordering::SeqCst));
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(5), workers.wait())
        .await
        .expect("the worker stops when cancelled");
    // The server itself kept serving throughout.
    assert_eq!(app.get("/healthz").await.status(), 200);
    app.stop().await;
}

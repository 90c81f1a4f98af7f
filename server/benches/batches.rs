//! Sending to a list, for docs/BENCHMARKS.md: how long fixing a list of patients takes while
//! the professional waits, and how many patients a second the background then sends to, on
//! SQLite and on PostgreSQL.
//!   cargo bench -p server --bench batches                      (SQLite; PostgreSQL skipped)
//!   MEETPUNT_BENCH_POSTGRES_URL=$(.ci/postgres.sh start /tmp/pg) cargo bench -p server --bench batches
//! Settings: MEETPUNT_BENCH_PATIENTS (5000, the most one list reaches).
//!
//! The practice, its patients (80 years old, with consent and an e-mail address) and a
//! professional are made through the library before the clock starts; the server runs in this
//! process with the system clock and its background job for lists switched off for the run
//! (looked at once an hour), so the two timings are the library's own. Every patient must end
//! with a request and an outcome "sent"; a failed check makes the bench exit non-zero.

mod common;

use app::access::server::{self as accounts, sessions::standing, NewAccount};
use app::access::Role;
use app::organisations::server as organisations;
use app::organisations::{Level, OrganisationId, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::NewPatient;
use app::requests::batch::background::work;
use app::requests::batch::server::{start as start_batch, Checked};
use app::requests::batch::Criteria;
use app::requests::Ask;
use common::{config, on_both_backends, setting, start, text, Database};
use sqlx::Row;
use std::time::{Duration, Instant, SystemTime};

const PRACTICE: &str = "bench-praktijk";

#[tokio::main]
async fn main() {
    let count = setting("MEETPUNT_BENCH_PATIENTS", 5000);
    let postgres = std::env::var("MEETPUNT_BENCH_POSTGRES_URL")
        .ok()
        .filter(|url| !url.trim().is_empty());
    let ok = on_both_backends("lists", postgres.as_deref(), |admin| async move {
        run(admin.as_deref(), count).await
    })
    .await;
    if !ok {
        std::process::exit(1);
    }
}

async fn run(admin: Option<&str>, count: usize) -> Result<(), String> {
    let database = Database::fresh(admin).await?;
    let data = tempfile::tempdir().map_err(text)?;
    let result = run_on(&database, data.path(), count).await;
    database.remove().await;
    result
}

async fn run_on(database: &Database, data: &std::path::Path, count: usize) -> Result<(), String> {
    let config = config(
        data,
        database,
        &[
            ("MEETPUNT_BATCH_IN_REQUEST_MS", "off".to_owned()),
            ("MEETPUNT_BATCH_CHECK_SECONDS", "3600".to_owned()),
        ],
    )?;
    let running = start(config).await?;
    let state = running.server.state.clone();
    let store = &state.store;
    let now = SystemTime::now();
    let today = app::measurements::clock::today(now);
    organisations::add(
        store,
        PRACTICE,
        "Praktijk De Meetlat",
        OrganisationKind::Hap,
        now,
    )
    .await
    .map_err(text)?;
    let practice = OrganisationId::from_stored(PRACTICE.to_owned());
    for i in 0..count {
        let record = NewPatient::check(
            &format!("Patiënt {i}"),
            "1946-03-02",
            Some(format!("patient{i}@example.org")),
            None,
            today,
        )
        .map_err(text)?;
        patients::create(store, &record, Some(&practice), &RecordedBy::default(), now)
            .await
            .map_err(text)?;
    }
    sqlx::query("UPDATE patients SET consent = 'given'")
        .execute(store.pool())
        .await
        .map_err(text)?;
    let nurse = accounts::create_account(
        store,
        &NewAccount {
            email: "verpleegkundige@example.org",
            name: "Praktijkverpleegkundige",
            role: Role::Professional,
            organisation: Some(PRACTICE),
            level: Some(Level::C),
            password: None,
        },
        now,
    )
    .await
    .map_err(text)?;
    let session = standing(store, nurse, &practice)
        .await
        .map_err(text)?
        .ok_or("the professional has no standing in the practice")?;
    let checked = Checked {
        criteria: Criteria {
            min_age: 75,
            consent_only: true,
        },
        selection: None,
        ask: Ask::Questionnaire("gfi".into()),
        due: today
            .checked_add(jiff::Span::new().days(14))
            .map_err(text)?,
        reminders: false,
        repeat_months: None,
        save_as: None,
    };

    let started = Instant::now();
    let batch = start_batch(
        &state,
        &session,
        &checked,
        "0123456789abcdef0123456789abcdef",
        None,
    )
    .await
    .map_err(text)?;
    let fixed = started.elapsed();
    let started = Instant::now();
    let handled = work(&state, Duration::from_secs(3600))
        .await
        .map_err(text)?;
    let sent_in = started.elapsed();
    println!(
        "lists {}: {count} patients fixed in {:.0} ms; sent in {:.1} s = {:.0} patients/s",
        database.label,
        fixed.as_secs_f64() * 1000.0,
        sent_in.as_secs_f64(),
        handled as f64 / sent_in.as_secs_f64()
    );
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM batch_outcomes WHERE batch_id = $1 AND outcome = 'sent') AS sent,
                (SELECT COUNT(*) FROM requests) AS requests,
                (SELECT COUNT(*) FROM batches WHERE id = $1 AND finished_at IS NOT NULL) AS finished",
    )
    .bind(batch)
    .fetch_one(store.pool())
    .await
    .map_err(text)?;
    let got = |column: &str| row.try_get::<i64, _>(column).map_err(text);
    let (sent, requests, finished) = (got("sent")?, got("requests")?, got("finished")?);
    running.stop().await?;
    if handled as usize == count
        && sent as usize == count
        && requests as usize == count
        && finished == 1
    {
        return Ok(());
    }
    Err(format!(
        "expected {count} sent and a finished batch; handled {handled}, sent {sent}, requests {requests}, finished {finished}"
    ))
}

//! Load over HTTP on loopback, for docs/BENCHMARKS.md: questionnaire submissions per second
//! with their latency, on SQLite and on PostgreSQL, and mails per second from the outbox to an
//! SMTP server on this machine.
//!   cargo bench -p server --bench load                     (SQLite; PostgreSQL skipped)
//!   pg=$(mktemp -d) && url=$(.ci/postgres.sh start "$pg/cluster")
//!   MEETPUNT_BENCH_POSTGRES_URL=$url cargo bench -p server --bench load
//!   .ci/postgres.sh stop "$pg/cluster"
//!   bash .ci/bench.sh        (all of the above, then `pgbench -N` on the same cluster)
//! Settings: MEETPUNT_BENCH_SUBMISSIONS (3000), MEETPUNT_BENCH_CONCURRENCY (32),
//! MEETPUNT_BENCH_MAILS (1000). The PostgreSQL URL is a server where the user may create
//! databases; without it PostgreSQL is skipped. The SMTP server is the tests' aiosmtpd
//! (installed by `.ci/setup.sh`).
//! Goal: ≥ 1,000 submissions/s with p99 ≤ 50 ms on PostgreSQL, on 2 cores.
//!
//! Everything a run needs is made through the library before the clock starts; the server
//! then runs in this process on 127.0.0.1 with the system clock, in development mode, with
//! its default pool settings. Every answer is checked (303 to the thanks page) and so is the
//! number of stored responses at the end; a failed check makes the bench exit non-zero.

#[path = "../tests/common/smtp.rs"]
mod smtp;

mod common;

use app::db::{timestamp, Store};
use app::mail::outbox;
use app::organisations::server as organisations;
use app::organisations::{OrganisationId, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::{NewPatient, PatientId};
use app::questionnaires::answers::Answers;
use app::questionnaires::definition::{Definition, Item};
use app::questionnaires::live::field_id;
use app::questionnaires::paging;
use app::questionnaires::server as instruments;
use app::questionnaires::validate::{validate, Stage};
use app::requests::link;
use app::requests::pages::THANKS_PATH;
use app::requests::server::{self as requests, link_path, mint_link, NewRequest, Requester};
use app::requests::Ask;
use common::{config, on_both_backends, setting, settings, start, text, Database};
use smtp::SmtpServer;
use sqlx::Row;
use std::future::Future;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The practice that sends every request.
const PRACTICE: &str = "bench-praktijk";

/// Tasks that prepare data at once (each request is a few transactions).
const PREPARERS: usize = 4;

/// How often the outbox worker looks for mail in the outbox run (it claims 20 at a time and
/// waits this long after each batch; the default is 1000 ms).
const OUTBOX_POLL_MS: u64 = 10;

#[tokio::main]
async fn main() {
    let submissions = setting("MEETPUNT_BENCH_SUBMISSIONS", 3000);
    let concurrency = setting("MEETPUNT_BENCH_CONCURRENCY", 32);
    let mails = setting("MEETPUNT_BENCH_MAILS", 1000);
    let postgres = std::env::var("MEETPUNT_BENCH_POSTGRES_URL")
        .ok()
        .filter(|url| !url.trim().is_empty());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "load on {cores} cores: {submissions} submissions, {concurrency} at a time \
         (after {concurrency} to warm up); {mails} mails"
    );
    if let Some(admin) = &postgres {
        match settings(admin).await {
            Ok(shown) => println!("postgres: {shown}"),
            Err(e) => println!("postgres: settings not read ({e})"),
        }
    }

    let submitted = on_both_backends("submissions", postgres.as_deref(), |admin| async move {
        submissions_run(admin.as_deref(), submissions, concurrency).await
    })
    .await;
    let delivered = on_both_backends("outbox", postgres.as_deref(), |admin| async move {
        outbox_run(admin.as_deref(), mails).await
    })
    .await;
    if !(submitted && delivered) {
        std::process::exit(1);
    }
}

/// Runs `work(i)` for every `i` in `0..count` from a few tasks at once; the results in order.
async fn in_parallel<T, F, Fut>(count: usize, work: F) -> Result<Vec<T>, String>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, String>> + Send + 'static,
{
    let work = Arc::new(work);
    let next = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..PREPARERS)
        .map(|_| {
            let work = work.clone();
            let next = next.clone();
            tokio::spawn(async move {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    done.push((i, (*work)(i).await?));
                }
                Ok::<_, String>(done)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(count);
    for task in tasks {
        all.extend(task.await.map_err(text)??);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, result)| result).collect())
}

/// The practice, and one patient (with an e-mail address, in its care network) for every ten
/// requests.
async fn practice_with_patients(
    store: &Store,
    count: usize,
    now: SystemTime,
) -> Result<(OrganisationId, Vec<PatientId>), String> {
    organisations::add(
        store,
        PRACTICE,
        "Praktijk De Meetlat",
        OrganisationKind::Hap,
        now,
    )
    .await
    .map_err(|e| format!("adding the practice: {e}"))?;
    let practice = OrganisationId::from_stored(PRACTICE.to_owned());
    let today = app::measurements::clock::today(now);
    let mut patient_ids = Vec::new();
    for i in 0..count.div_ceil(10) {
        let record = NewPatient::check(
            &format!("Patiënt {i}"),
            "1941-03-02",
            Some(format!("patient{i}@example.org")),
            None,
            today,
        )
        .map_err(text)?;
        let by = RecordedBy::default();
        let patient = patients::create(store, &record, Some(&practice), &by, now)
            .await
            .map_err(|e| format!("adding a patient: {e}"))?;
        patient_ids.push(patient);
    }
    Ok((practice, patient_ids))
}

/// Sends `count` GFI requests from the practice, as the command line does: each is one
/// transaction with its invitation in the outbox.
async fn send_requests(
    store: &Store,
    count: usize,
    now: SystemTime,
    grace_days: u16,
) -> Result<Vec<app::requests::RequestId>, String> {
    let (practice, patient_ids) = practice_with_patients(store, count, now).await?;
    let due = app::measurements::clock::today(now)
        .checked_add(jiff::Span::new().days(14))
        .map_err(text)?;
    let store = store.clone();
    in_parallel(count, move |i| {
        let store = store.clone();
        let by = Requester::admin(practice.clone());
        let new = NewRequest {
            patient: patient_ids[i % patient_ids.len()],
            ask: Ask::Questionnaire("gfi".into()),
            due,
            reminders: false,
            repeat_months: None,
        };
        async move {
            requests::send(&store, &by, &new, grace_days, now)
                .await
                .map_err(|e| format!("sending a request: {e}"))
        }
    })
    .await
}

/// A complete GFI as its four steps' forms send it: "no" to the physical, cognitive and
/// psychological questions, 7 as the mark, "yes" to the social ones (as in tests/link.rs).
fn gfi_answers(definition: &Definition) -> Result<Answers, String> {
    let form: Vec<(String, String)> = (1..=15)
        .map(|n| {
            let value = match n {
                5 => "7",
                11..=13 => "yes",
                _ => "no",
            };
            (field_id(&format!("gfi-{n}")), value.to_owned())
        })
        .collect();
    let items: Vec<&Item> = definition.items.iter().collect();
    let answers = paging::answers_from_form(&items, &form);
    let checked = validate(definition, &answers, Stage::Submit);
    if !checked.is_complete() {
        return Err(format!(
            "the prepared GFI answers are not complete: {:?}, open: {:?}",
            checked.errors, checked.open_required
        ));
    }
    Ok(answers)
}

/// Requests ready to submit, made through the library as a patient's steps would: sent, a
/// link made as the mail would carry it, opened, and every answer saved (the request is in
/// progress). Returns the links' paths.
async fn prepare_submissions(
    store: &Store,
    count: usize,
    grace_days: u16,
) -> Result<Vec<String>, String> {
    let now = SystemTime::now();
    let sent = Arc::new(send_requests(store, count, now, grace_days).await?);
    let definition = Arc::new(
        instruments::latest_definition(store, "gfi")
            .await
            .map_err(|e| format!("the GFI: {e}"))?,
    );
    let answers = Arc::new(gfi_answers(&definition)?);
    let last_page = paging::pages(&definition).len().saturating_sub(1);
    let store_for_links = store.clone();
    let links = in_parallel(count, move |i| {
        let store = store_for_links.clone();
        let request = sent[i];
        let definition = definition.clone();
        let answers = answers.clone();
        async move {
            let mut tx = store.begin().await.map_err(text)?;
            let token = mint_link(&mut tx, request, grace_days, now)
                .await
                .map_err(text)?;
            tx.commit().await.map_err(text)?;
            let opened = link::open(&store, token.expose(), None, now)
                .await
                .map_err(text)?
                .ok_or_else(|| format!("the new link of request {} does not open", request.0))?;
            link::save_page(
                &store,
                &opened,
                &definition,
                &[],
                (*answers).clone(),
                last_page,
                false,
                None,
                now,
            )
            .await
            .map_err(text)?
            .ok_or_else(|| format!("request {} is no longer open", request.0))?;
            Ok::<_, String>(link_path(&token))
        }
    })
    .await?;
    // The links were made here, not by the outbox worker: the invitations count as sent, so
    // the worker has nothing to do during the run.
    sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1 WHERE status = 'pending'")
        .bind(timestamp(now))
        .execute(store.pool())
        .await
        .map_err(text)?;
    Ok(links)
}

/// The latencies of a series of submissions, what went wrong, and how long it took.
#[derive(Default)]
struct Run {
    latencies: Vec<Duration>,
    failed: Vec<String>,
    elapsed: Duration,
}

/// Submits the links in `range` from `concurrency` tasks, each sending its next one as soon
/// as the last is answered.
async fn fire(
    client: &reqwest::Client,
    base: &str,
    links: &Arc<Vec<String>>,
    range: Range<usize>,
    concurrency: usize,
) -> Run {
    let next = Arc::new(AtomicUsize::new(range.start));
    let end = range.end;
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let client = client.clone();
            let base = base.to_owned();
            let links = links.clone();
            let next = next.clone();
            tokio::spawn(async move {
                let mut run = Run::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= end {
                        break;
                    }
                    let at = Instant::now();
                    let answer = submit(&client, &base, &links[i]).await;
                    run.latencies.push(at.elapsed());
                    if let Err(why) = answer {
                        run.failed.push(why);
                    }
                }
                run
            })
        })
        .collect();
    let mut all = Run::default();
    for task in tasks {
        match task.await {
            Ok(run) => {
                all.latencies.extend(run.latencies);
                all.failed.extend(run.failed);
            }
            Err(e) => all.failed.push(format!("a load task stopped: {e}")),
        }
    }
    all.elapsed = started.elapsed();
    all
}

/// Sends the review page's form as a browser on this site does; `Err` says what came back
/// instead of the redirect to the thanks page.
async fn submit(client: &reqwest::Client, base: &str, link: &str) -> Result<(), String> {
    let response = client
        .post(format!("{base}{link}/versturen"))
        .header("origin", base)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // Read to the end, so the connection is used again.
    let _ = response.bytes().await;
    if status == 303 && location == THANKS_PATH {
        Ok(())
    } else {
        Err(format!("{status} to {location:?}"))
    }
}

/// The latency below which `share` of the requests were answered (nearest rank).
fn percentile(sorted: &[Duration], share: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (share * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Submissions on one backend: prints one line; `Err` when a check fails.
async fn submissions_run(
    admin: Option<&str>,
    count: usize,
    concurrency: usize,
) -> Result<(), String> {
    let database = Database::fresh(admin).await?;
    let data = tempfile::tempdir().map_err(text)?;
    let result = submissions_on(&database, data.path(), count, concurrency).await;
    database.remove().await;
    result
}

async fn submissions_on(
    database: &Database,
    data: &Path,
    count: usize,
    concurrency: usize,
) -> Result<(), String> {
    let config = config(data, database, &[])?;
    let warm_up = concurrency;
    // The server's own start-up opens the database the same way (migrations, instruments).
    let store = server::open_store(&config).await.map_err(text)?;
    let links = prepare_submissions(&store, warm_up + count, config.link_grace_days).await;
    store.close().await;
    let links = Arc::new(links?);

    let running = start(config).await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .http1_only()
        .no_proxy()
        .build()
        .map_err(text)?;
    // Warming up also opens the connections the run keeps using.
    let warm = fire(&client, &running.base, &links, 0..warm_up, concurrency).await;
    let mut run = fire(
        &client,
        &running.base,
        &links,
        warm_up..warm_up + count,
        concurrency,
    )
    .await;
    drop(client);
    let stored = count_of(&running.server.store, "responses").await;
    running.stop().await?;

    run.latencies.sort_unstable();
    println!(
        "submissions {}: {count} in {:.2} s = {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, {} failed",
        database.label,
        run.elapsed.as_secs_f64(),
        count as f64 / run.elapsed.as_secs_f64(),
        ms(percentile(&run.latencies, 0.50)),
        ms(percentile(&run.latencies, 0.99)),
        run.failed.len()
    );
    let mut problems: Vec<String> = warm.failed.into_iter().chain(run.failed).collect();
    let stored = stored?;
    let expected = (warm_up + count) as i64;
    if stored != expected {
        problems.push(format!(
            "{stored} responses stored, {expected} expected ({warm_up} to warm up)"
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    for problem in problems.iter().take(5) {
        eprintln!("  {}: {problem}", database.label);
    }
    Err(format!("{} checks failed", problems.len()))
}

/// The number of rows in `table`.
async fn count_of(store: &Store, table: &str) -> Result<i64, String> {
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(store.pool())
        .await
        .and_then(|row| row.try_get::<i64, _>("n"))
        .map_err(text)
}

/// Outbox delivery on one backend: prints one line; `Err` when a check fails.
async fn outbox_run(admin: Option<&str>, mails: usize) -> Result<(), String> {
    let database = Database::fresh(admin).await?;
    let data = tempfile::tempdir().map_err(text)?;
    let result = outbox_on(&database, data.path(), mails).await;
    database.remove().await;
    result
}

async fn outbox_on(database: &Database, data: &Path, mails: usize) -> Result<(), String> {
    let smtp = SmtpServer::start();
    let config = config(
        data,
        database,
        &[
            (
                "MEETPUNT_SMTP_URL",
                format!("smtp://127.0.0.1:{}", smtp.port),
            ),
            ("MEETPUNT_OUTBOX_POLL_MS", OUTBOX_POLL_MS.to_string()),
        ],
    )?;
    // The invitations of `mails` requests wait in the outbox; each gets its link as it leaves.
    let store = server::open_store(&config).await.map_err(text)?;
    let sent = send_requests(&store, mails, SystemTime::now(), config.link_grace_days).await;
    store.close().await;
    sent?;

    // The clock includes the server's start (a few milliseconds): its worker starts at once.
    let started = Instant::now();
    let running = start(config).await?;
    let deadline = started + Duration::from_millis(60_000 + 50 * mails as u64);
    let counts = loop {
        let counts = outbox::counts(&running.server.store).await.map_err(text)?;
        let waiting = counts
            .iter()
            .filter(|(status, _)| status == "pending" || status == "sending")
            .map(|(_, n)| n)
            .sum::<i64>();
        if waiting == 0 || Instant::now() > deadline {
            break counts;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let elapsed = started.elapsed();
    running.stop().await?;

    let sent = counts
        .iter()
        .find(|(status, _)| status == "sent")
        .map_or(0, |(_, n)| *n);
    println!(
        "outbox {}: {sent} mails in {:.2} s = {:.0} mails/s (poll {OUTBOX_POLL_MS} ms)",
        database.label,
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64()
    );
    let received = smtp.received().len();
    if sent == mails as i64 && received == mails {
        return Ok(());
    }
    Err(format!(
        "{mails} mails in the outbox, {counts:?} after the run, \
         {received} received by the SMTP server"
    ))
}

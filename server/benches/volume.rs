//! The professionals' pages at region scale, for docs/BENCHMARKS.md: the worklist and a
//! patient's timeline with 5,000 patients and 10 million home measurements, on SQLite and on
//! PostgreSQL, over HTTP on loopback.
//!   cargo bench -p server --bench volume                   (SQLite; PostgreSQL skipped)
//!   pg=$(mktemp -d) && url=$(.ci/postgres.sh start "$pg/cluster")
//!   MEETPUNT_BENCH_POSTGRES_URL=$url cargo bench -p server --bench volume
//! Settings: MEETPUNT_BENCH_PATIENTS (5000), MEETPUNT_BENCH_READINGS (10000000),
//! MEETPUNT_BENCH_REPEATS (100 of each page), MEETPUNT_BENCH_ONLY (`sqlite` or `postgres`).
//! Goals (issue 11): worklist p95 ≤ 100 ms; a timeline with five years of blood pressure (four
//! readings a day) p95 ≤ 100 ms.
//!
//! The data is made with `meetpunt generate-volume` (the same code, `server::volume`) in a
//! fresh database; then the server runs in this process and a signed-in professional of the
//! practice asks for each page in turn, one at a time. Every answer is checked (200 and what
//! the page must show); a failed check makes the bench exit non-zero.

mod common;

use app::access::server::{self as accounts, NewAccount};
use app::access::Role;
use app::organisations::Level;
use common::{config, setting, start, text, Database};
use std::time::{Duration, Instant, SystemTime};

const PASSWORD: &str = "tijdlijn-en-werklijst-2026";

#[tokio::main]
async fn main() {
    let volume = server::volume::Volume {
        patients: setting("MEETPUNT_BENCH_PATIENTS", 5000) as i64,
        readings: setting("MEETPUNT_BENCH_READINGS", 10_000_000) as i64,
        requests_per_patient: 10,
    };
    let repeats = setting("MEETPUNT_BENCH_REPEATS", 100);
    let only = std::env::var("MEETPUNT_BENCH_ONLY").unwrap_or_default();
    let postgres = std::env::var("MEETPUNT_BENCH_POSTGRES_URL")
        .ok()
        .filter(|url| !url.trim().is_empty());
    println!(
        "volume: {} patients, {} readings, {} requests per patient; {repeats} of each page",
        volume.patients, volume.readings, volume.requests_per_patient
    );
    let mut ok = true;
    for (label, admin) in [("sqlite", None), ("postgres", postgres.as_deref())] {
        if !only.is_empty() && only != label {
            continue;
        }
        if label == "postgres" && admin.is_none() {
            println!("{label}: skipped (MEETPUNT_BENCH_POSTGRES_URL is not set)");
            continue;
        }
        if let Err(e) = run(admin, volume, repeats).await {
            println!("{label}: failed: {e}");
            ok = false;
        }
    }
    if !ok {
        std::process::exit(1);
    }
}

async fn run(
    admin: Option<&str>,
    volume: server::volume::Volume,
    repeats: usize,
) -> Result<(), String> {
    let database = Database::fresh(admin).await?;
    let data = tempfile::tempdir().map_err(text)?;
    let result = pages_on(&database, data.path(), volume, repeats).await;
    database.remove().await;
    result
}

async fn pages_on(
    database: &Database,
    data: &std::path::Path,
    volume: server::volume::Volume,
    repeats: usize,
) -> Result<(), String> {
    let label = database.label;
    let config = config(data, database, &[])?;
    let store = server::open_store(&config).await.map_err(text)?;
    let started = Instant::now();
    let made = server::volume::generate(&store, volume, SystemTime::now())
        .await
        .map_err(text)?;
    println!(
        "{label}: made {} patients, {} requests, {} readings in {:.0} s",
        made.patients,
        made.requests,
        made.readings,
        started.elapsed().as_secs_f64()
    );
    let email = "zorgverlener@example.org";
    accounts::create_account(
        &store,
        &NewAccount {
            email,
            name: "Volume-verpleegkundige",
            role: Role::Professional,
            organisation: Some(server::volume::PRACTICE),
            level: Some(Level::C),
            password: Some(PASSWORD),
        },
        SystemTime::now(),
    )
    .await
    .map_err(text)?;
    store.close().await;

    let running = start(config).await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .http1_only()
        .no_proxy()
        .build()
        .map_err(text)?;
    let cookie = sign_in(&client, &running.base, email).await?;
    let timeline = format!("/patienten/{}?periode=5j", made.timeline_patient);
    let pages: [(&str, &str, &str); 4] = [
        ("worklist", "/verzoeken", "data-testid=\"worklist\""),
        (
            "worklist, new results",
            "/verzoeken?status=nieuw",
            "Bekeken",
        ),
        (
            "timeline, five years of blood pressure",
            &timeline,
            "data-chart=\"blood-pressure\"",
        ),
        (
            "patient search",
            "/patienten?zoek=00042",
            "Volume-patiënt 00042",
        ),
    ];
    for (name, path, must_show) in pages {
        // Warming up fills the server's caches and connections as daily use would.
        for _ in 0..5 {
            get(&client, &running.base, path, &cookie, must_show).await?;
        }
        let mut times = Vec::with_capacity(repeats);
        let mut size = 0;
        for _ in 0..repeats {
            let start = Instant::now();
            size = get(&client, &running.base, path, &cookie, must_show).await?;
            times.push(start.elapsed());
        }
        times.sort();
        let at =
            |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "{label}: {name}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} KB)",
            ms(at(0.5)),
            ms(at(0.95)),
            ms(times[times.len() - 1]),
            size / 1024
        );
    }
    running.stop().await
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Signs in through the form (as a browser would, same-origin) and returns the session cookie.
async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> Result<String, String> {
    let response = client
        .post(format!("{base}{}", app::access::SIGN_IN_PATH))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("next", "/verzoeken"),
        ])
        .send()
        .await
        .map_err(text)?;
    if response.status() != 303 {
        return Err(format!("signing in answered {}", response.status()));
    }
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter(|pair| pair.contains("session"))
        .map(str::to_owned)
        .collect();
    if cookies.is_empty() {
        return Err("signing in gave no session".into());
    }
    Ok(cookies.join("; "))
}

/// One page; checks the status and what it must show; returns its size.
async fn get(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: &str,
    must_show: &str,
) -> Result<usize, String> {
    let response = client
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .map_err(text)?;
    let status = response.status();
    let body = response.text().await.map_err(text)?;
    if status != 200 || !body.contains(must_show) {
        return Err(format!(
            "{path} answered {status} without {must_show:?}: {}",
            body.chars().take(300).collect::<String>()
        ));
    }
    Ok(body.len())
}

//! A patient enters a blood-pressure week through the link in their mail, over HTTP with a
//! real SMTP server, on seven days moved by the test clock across the change to summer time:
//! what is due, a refused entry kept as typed, a form sent twice stored once, a correction
//! that keeps the original, the engine's advice, completion; then the professional sees the
//! readings and the protocol's mean.

mod test_app;

use app::db::{Backend, Store};
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use sqlx::Row;
use std::time::SystemTime;
use test_app::{eventually, Browser, Person, TestApp};

app::on_both_backends!(
    a_blood_pressure_week_across_the_clock_change_is_entered_through_the_link,
    a_reading_can_only_be_corrected_through_the_link_of_its_own_request,
);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

async fn status(store: &Store) -> String {
    sqlx::query("SELECT status FROM requests")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// The moment `hour:minute` on `day` of March/April 2026 on the Dutch clock.
fn dutch(month: i8, day: i8, hour: i8, minute: i8) -> SystemTime {
    jiff::civil::date(2026, month, day)
        .at(hour, minute, 0, 0)
        .to_zoned(app::measurements::clock::zone().clone())
        .unwrap()
        .timestamp()
        .into()
}

/// Sends a blood-pressure week starting today to Jan, due `due`; the link in the mail.
async fn bp_week_link(app: &TestApp, due: jiff::civil::Date) -> String {
    let jan = app.patient_jan().await;
    let today = app::measurements::clock::today(app.now());
    let protocol = app::requests::named_protocol("blood-pressure-week", today, due).unwrap();
    let before = app.mail_links();
    app.send_request_due(jan, Ask::Measurements(protocol), due)
        .await;
    let new = || {
        app.mail_links()
            .into_iter()
            .find(|link| !before.contains(link))
    };
    assert!(
        eventually(|| async { new().is_some() }).await,
        "the mail arrives"
    );
    let link = new().unwrap();
    link.strip_prefix(&app.base).unwrap().to_owned()
}

/// The form key on a page.
fn key(html: &str) -> String {
    let at = html
        .find(r#"name="key" value=""#)
        .unwrap_or_else(|| panic!("no key in {html}"));
    let rest = &html[at + r#"name="key" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

async fn page(phone: &Browser<'_>, path: &str) -> String {
    let response = phone.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// Enters one blood pressure with a fresh form; returns where the answer points.
async fn enter(phone: &Browser<'_>, link: &str, systolic: &str, diastolic: &str) -> String {
    let html = page(phone, &format!("{link}/metingen")).await;
    let key = key(&html);
    let response = phone
        .post(
            &format!("{link}/metingen"),
            &[
                ("key", &key),
                ("systolic", systolic),
                ("diastolic", diastolic),
                ("pulse", "70"),
                ("date", ""),
                ("time", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn a_blood_pressure_week_across_the_clock_change_is_entered_through_the_link(
    backend: Backend,
) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    // Thursday 26 March 2026, 07:30; summer time starts on Sunday 29 March.
    app.clock().set(dutch(3, 26, 7, 30));
    let link = bp_week_link(&app, jiff::civil::date(2026, 4, 2)).await;
    let store = app.store();
    let phone = app.browser();

    let landing = page(&phone, &link).await;
    assert!(
        landing.contains("een week lang thuis uw bloeddruk"),
        "{landing}"
    );
    assert!(landing.contains(">Beginnen<"), "{landing}");
    let started = phone.post(&format!("{link}/start"), &[]).await;
    assert_eq!(started.status(), 303);
    assert_eq!(started.headers()["location"], format!("{link}/metingen"));
    assert_eq!(status(store).await, "opened");

    let first = page(&phone, &format!("{link}/metingen")).await;
    assert!(first.contains("Nu meten: ochtend"), "{first}");
    assert!(first.contains("0 van de 2"), "{first}");
    assert!(first.contains("U heeft nog niets ingevuld"), "{first}");

    // A refused entry comes back as typed, with the problem named on its field; the same
    // form (its key) then stores one reading.
    let refused_key = key(&first);
    let refused = phone
        .post(
            &format!("{link}/metingen"),
            &[
                ("key", &refused_key),
                ("systolic", "1e3"),
                ("diastolic", "80"),
                ("pulse", ""),
                ("date", ""),
                ("time", ""),
            ],
        )
        .await;
    assert_eq!(refused.headers()["location"], format!("{link}/metingen"));
    let again = page(&phone, &format!("{link}/metingen")).await;
    assert!(again.contains("error-summary"), "{again}");
    assert!(again.contains(r##"href="#entry-systolic""##), "{again}");
    assert!(
        again.contains(r#"value="1e3""#),
        "the typed value is kept: {again}"
    );
    assert_eq!(key(&again), refused_key);
    assert_eq!(count(store, "SELECT COUNT(*) FROM readings").await, 0);

    // Day 1 (discarded by the protocol): a very high first reading gets the engine's advice;
    // the same form sent twice stores it once.
    let form = [
        ("key", refused_key.as_str()),
        ("systolic", "185"),
        ("diastolic", "95"),
        ("pulse", "80"),
        ("date", ""),
        ("time", ""),
    ];
    let saved = phone.post(&format!("{link}/metingen"), &form).await;
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("{link}/metingen?opgeslagen={refused_key}")
    );
    let resent = phone.post(&format!("{link}/metingen"), &form).await;
    assert_eq!(resent.headers()["location"], location.as_str());
    assert_eq!(count(store, "SELECT COUNT(*) FROM readings").await, 1);
    assert_eq!(status(store).await, "in_progress");
    // On the practice's worklist: a new result, outside a limit.
    assert_eq!(
        count(
            store,
            "SELECT COUNT(*) FROM requests WHERE flagged = 1 AND result_at IS NOT NULL"
        )
        .await,
        1
    );
    let notice = page(&phone, &location).await;
    assert!(notice.contains("Uw meting is opgeslagen"), "{notice}");
    assert!(notice.contains("185/95 mmHg, hartslag 80"), "{notice}");
    assert!(notice.contains("Uw bovendruk was 185"), "advice: {notice}");
    assert!(notice.contains("1 van de 2"), "{notice}");

    // Correct it: a typing error. The original stays in the record.
    let correct_path = format!("{link}/metingen/{refused_key}/verbeteren");
    let correction = page(&phone, &correct_path).await;
    assert!(correction.contains(r#"value="185""#), "{correction}");
    let new_key = key(&correction);
    let corrected = phone
        .post(
            &correct_path,
            &[
                ("key", new_key.as_str()),
                ("reason", "typefout"),
                ("systolic", "145"),
                ("diastolic", "95"),
                ("pulse", "80"),
                ("date", "2026-03-26"),
                ("time", "07:30"),
            ],
        )
        .await;
    assert_eq!(
        corrected.headers()["location"],
        format!("{link}/metingen?opgeslagen={new_key}")
    );
    assert_eq!(count(store, "SELECT COUNT(*) FROM readings").await, 2);
    assert_eq!(
        count(
            store,
            "SELECT COUNT(*) FROM readings WHERE status = 'corrected' AND reason = 'typefout'"
        )
        .await,
        1
    );
    let list = page(&phone, &format!("{link}/metingen")).await;
    assert!(list.contains("145/95 mmHg"), "{list}");
    assert!(list.contains("(verbeterd)"), "{list}");
    assert!(!list.contains("185/95"), "only the current version: {list}");

    // A reading outside the measuring times is kept but does not count.
    app.clock().set(dutch(3, 26, 14, 0));
    let outside = enter(&phone, &link, "130", "80").await;
    let outside = page(&phone, &outside).await;
    assert!(outside.contains("telt niet mee"), "{outside}");
    assert!(outside.contains("De volgende keer meten"), "{outside}");

    // The week: two readings in the morning and two in the evening on every day; day 1 also
    // on the evening, days 2 to 7 with 130 + day / 80. Day 4 is Sunday 29 March, the first day
    // of summer time.
    let mut last = String::new();
    for (n, day) in [26, 27, 28, 29, 30, 31, 1].into_iter().enumerate() {
        let month = if day > 20 { 3 } else { 4 };
        let systolic = (130 + n).to_string();
        let sessions: &[(i8, i8)] = if n == 0 {
            &[(20, 0)]
        } else {
            &[(8, 0), (20, 0)]
        };
        for &(hour, minute) in sessions {
            for reading in 0..2 {
                if n == 0 && hour == 8 {
                    continue;
                }
                app.clock().set(dutch(month, day, hour, minute + reading));
                last = enter(&phone, &link, &systolic, "80").await;
            }
        }
        if n == 3 {
            // Sunday 29 March, the first day of summer time, in the list on the Dutch clock.
            let sunday = page(&phone, &format!("{link}/metingen")).await;
            assert!(sunday.contains("29 maart 2026 08:01"), "{sunday}");
            assert!(sunday.contains("29 maart 2026 20:01"), "{sunday}");
            assert!(
                sunday.contains("De volgende keer meten: 30 maart 2026, ochtend, vanaf 06:00"),
                "{sunday}"
            );
        }
    }
    // Day 1's morning had one reading of two: a missed slot is over, so after the last
    // evening nothing is left and the request is complete.
    // The last reading is shown once more, with nothing left to enter; the request is done.
    assert!(
        last.starts_with(&format!("{link}/metingen?opgeslagen=")),
        "{last}"
    );
    assert_eq!(status(store).await, "completed");
    let done = page(&phone, &last).await;
    assert!(done.contains("Uw meting is opgeslagen"), "{done}");
    assert!(done.contains("U bent klaar met meten"), "{done}");
    assert!(!done.contains(r#"name="key""#), "no form any more: {done}");
    let gone = phone.get(&link).await;
    assert_eq!(gone.status(), 404, "a completed request's link is unusable");
    // An hour later the readings page is gone too.
    app.clock().advance(std::time::Duration::from_secs(3601));
    assert_eq!(phone.get(&last).await.status(), 404);
    assert_eq!(
        count(store, "SELECT COUNT(*) FROM readings").await,
        2 + 1 + 2 + 6 * 4
    );
    // Every reading and the readings' reads are in the access log.
    assert!(
        count(
            store,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'reading_saved'"
        )
        .await
            >= 2 + 1 + 2 + 6 * 4
    );

    // The professional sees the readings and the mean of days 2 to 7: 130+1 … 130+6.
    let professional = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let id = count(store, "SELECT id FROM requests").await;
    let detail = professional.get(&format!("/verzoeken/{id}")).await;
    assert_eq!(detail.status(), 200);
    let detail = detail.text().await.unwrap();
    assert!(
        detail.contains("Gemiddeld 133,5/80 mmHg over 24 metingen: niet verhoogd."),
        "{detail}"
    );
    assert!(detail.contains("24 metingen tellen mee"), "{detail}");
    assert!(
        detail.contains("verbeterd: Ik heb een verkeerd getal ingetypt"),
        "{detail}"
    );
    assert!(detail.contains("telt niet mee"), "{detail}");
    assert!(detail.contains("patiënt, via de link"), "{detail}");
    // Summer time on the Dutch clock: Sunday's evening reading at 20:00 CEST.
    assert!(detail.contains("29 maart 2026 20:00"), "{detail}");

    // The week for the GP system: a FHIR Bundle with every reading in force and the mean,
    // derived from the 24 that count, each reference resolving inside the Bundle.
    assert!(
        detail.contains(&format!("/verzoeken/{id}/fhir")),
        "{detail}"
    );
    let bundle = professional.get(&format!("/verzoeken/{id}/fhir")).await;
    assert_eq!(bundle.status(), 200);
    let bundle: serde_json::Value = serde_json::from_str(&bundle.text().await.unwrap()).unwrap();
    let entries = bundle["entry"].as_array().unwrap();
    let urls: Vec<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    let of = |kind: &str| -> Vec<&serde_json::Value> {
        entries
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == kind)
            .collect()
    };
    let observations = of("Observation");
    let mean = observations
        .iter()
        .find(|o| o["id"] == format!("verzoek-{id}-gemiddelde"))
        .expect("the mean");
    assert_eq!(mean["component"][0]["valueQuantity"]["value"], 133.5);
    let derived = mean["derivedFrom"].as_array().unwrap();
    assert_eq!(derived.len(), 24);
    for reference in derived {
        let reference = reference["reference"].as_str().unwrap();
        assert!(
            urls.iter()
                .any(|u| u.ends_with(&format!("/fhir/{reference}"))),
            "{reference}"
        );
    }
    let corrected = observations
        .iter()
        .filter(|o| o["status"] == "corrected")
        .count();
    assert_eq!(corrected, 2, "the corrected reading, panel and pulse");
    let provenance = of("Provenance");
    assert_eq!(provenance.len(), 1, "all entered by the patient");
    assert_eq!(
        provenance[0]["target"].as_array().unwrap().len(),
        observations.len() - 1
    );
}

async fn a_reading_can_only_be_corrected_through_the_link_of_its_own_request(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    app.clock().set(dutch(3, 2, 8, 0));
    let first = bp_week_link(&app, jiff::civil::date(2026, 3, 9)).await;
    let second = bp_week_link(&app, jiff::civil::date(2026, 3, 9)).await;
    let later = {
        let jan = app.patient_jan().await;
        let start = jiff::civil::date(2026, 3, 12);
        let due = jiff::civil::date(2026, 3, 19);
        let protocol = app::requests::named_protocol("blood-pressure-week", start, due).unwrap();
        let before = app.mail_links();
        app.send_request_due(jan, Ask::Measurements(protocol), due)
            .await;
        let new = || app.mail_links().into_iter().find(|l| !before.contains(l));
        assert!(eventually(|| async { new().is_some() }).await);
        new().unwrap().strip_prefix(&app.base).unwrap().to_owned()
    };
    let phone = app.browser();
    for link in [&first, &second, &later] {
        let landing = phone.get(link).await;
        let csp = landing.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("nonce-"),
            "{csp}: {}",
            landing.text().await.unwrap()
        );
    }
    phone.post(&format!("{first}/start"), &[]).await;
    phone.post(&format!("{second}/start"), &[]).await;
    let saved = enter(&phone, &first, "140", "85").await;
    let id = saved.rsplit('=').next().unwrap().to_owned();
    // Through the other request's link the reading is not there to correct.
    let other = phone
        .get(&format!("{second}/metingen/{id}/verbeteren"))
        .await;
    assert_eq!(other.status(), 404, "{}", other.text().await.unwrap());
    let posted = phone
        .post(
            &format!("{second}/metingen/{id}/verbeteren"),
            &[
                ("key", "abcdef0123456789abcdef0123456789"),
                ("reason", "typefout"),
                ("systolic", "120"),
                ("diastolic", "80"),
                ("pulse", ""),
                ("date", ""),
                ("time", ""),
            ],
        )
        .await;
    assert_eq!(
        posted.headers()["location"],
        format!("{second}/metingen/{id}/verbeteren")
    );
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM readings").await,
        1,
        "nothing was corrected"
    );
    // A correction without a reason is refused and keeps what was typed.
    let own = format!("{first}/metingen/{id}/verbeteren");
    let correction = page(&phone, &own).await;
    let key = key(&correction);
    phone
        .post(
            &own,
            &[
                ("key", key.as_str()),
                ("reason", " "),
                ("systolic", "141"),
                ("diastolic", "85"),
                ("pulse", ""),
                ("date", ""),
                ("time", ""),
            ],
        )
        .await;
    let again = page(&phone, &own).await;
    assert!(again.contains("Schrijf kort op waarom"), "{again}");
    assert!(again.contains(r#"value="141""#), "{again}");
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM readings").await, 1);
}

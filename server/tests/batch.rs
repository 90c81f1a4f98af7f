//! Sending at scale over HTTP, on both backends: a professional sends the GFI to every patient
//! of 75 and older after seeing how many it is; each patient gets an outcome (sent, or skipped
//! for no e-mail address, no consent, or one still open); the same form sent twice is one
//! batch; the criteria are saved as a selection; others are refused alike. A repeating request
//! gets its successor two weeks before the next due date, once, and a cancelled one none.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::{NewPatient, PatientId};
use app::requests::Ask;
use sqlx::Row;
use std::time::Duration;
use test_app::{count, Person, TestApp};

app::on_both_backends!(
    a_professional_sends_to_everyone_of_75_and_older,
    a_list_goes_on_in_the_background_and_stops_when_its_sender_leaves,
);

/// A patient of the harness's practice, born `years` ago today.
async fn patient(app: &TestApp, name: &str, years: i16, email: Option<&str>) -> PatientId {
    let today = app::measurements::clock::today(app.now());
    let born = today
        .checked_sub(jiff::Span::new().years(years))
        .unwrap()
        .to_string();
    let record = NewPatient::check(name, &born, email.map(str::to_owned), None, today).unwrap();
    let practice = app.organisation(OrganisationKind::Hap).await;
    patients::create(
        app.store(),
        &record,
        Some(&practice),
        &RecordedBy::default(),
        app.now(),
    )
    .await
    .unwrap()
}

/// The value of the hidden input `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("{name}: {page}"))
        + marker.len();
    page[at..].split('"').next().unwrap().to_owned()
}

/// The fields the send button under the count posts.
fn send_fields(preview: &str) -> Vec<(&'static str, String)> {
    [
        "selectie",
        "leeftijd",
        "toestemming",
        "ask",
        "due",
        "reminders",
        "herhalen",
        "opslaan",
        "key",
    ]
    .into_iter()
    .map(|name| (name, hidden(preview, name)))
    .collect()
}

async fn a_professional_sends_to_everyone_of_75_and_older(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let ans = patient(&app, "Ans Aalbers", 80, Some("ans@example.org")).await;
    let bert = patient(&app, "Bert Bos", 78, None).await;
    let cees = patient(&app, "Cees Claassen", 90, Some("cees@example.org")).await;
    let dirk = patient(&app, "Dirk Dekker", 60, Some("dirk@example.org")).await;
    let els = patient(&app, "Els Evers", 76, Some("els@example.org")).await;
    sqlx::query("UPDATE patients SET consent = 'refused' WHERE id = $1")
        .bind(cees.0)
        .execute(app.store().pool())
        .await
        .unwrap();
    let today = app::measurements::clock::today(app.now());
    let due = today.checked_add(jiff::Span::new().days(14)).unwrap();
    app.send_request_due(els, Ask::Questionnaire("gfi".into()), due)
        .await;
    let requests_before = count(app.store(), "SELECT COUNT(*) FROM requests").await;

    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let form = nurse.get("/verzoeken/nieuw").await.text().await.unwrap();
    assert!(form.contains("href=\"/verzoeken/lijst\""), "{form}");
    let page = nurse.get("/verzoeken/lijst").await.text().await.unwrap();
    assert!(page.contains("value=\"75\""), "{page}");
    assert!(page.contains("name=\"herhalen\""), "{page}");

    // A due date in the past: the form again, with the reason.
    let past = nurse
        .get("/verzoeken/lijst?tellen=1&selectie=leeftijd&leeftijd=75&ask=instrument:gfi&due=2000-01-01")
        .await
        .text()
        .await
        .unwrap();
    assert!(past.contains("data-testid=\"problems\""), "{past}");
    assert!(!past.contains("data-testid=\"preview\""), "{past}");

    // The count first: four patients of 75 and older, one without e-mail, one without consent.
    let query = format!(
        "selectie=leeftijd&leeftijd=75&ask=instrument%3Agfi&due={due}&herhalen=&opslaan=75%2B+praktijk"
    );
    let preview = nurse
        .get(&format!("/verzoeken/lijst?tellen=1&{query}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(preview.contains("Dit zijn 4 patiënten."), "{preview}");
    assert!(
        preview.contains("1 zonder e-mailadres en 1 zonder toestemming"),
        "{preview}"
    );
    assert!(preview.contains("Versturen naar 4 patiënten"), "{preview}");
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM requests").await,
        requests_before,
        "counting sends nothing"
    );
    let fields = send_fields(&preview);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = nurse.post("/verzoeken/lijst", &pairs).await;
    assert_eq!(sent.status(), 303);
    let outcome_page = sent.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        outcome_page.starts_with("/verzoeken/lijst/"),
        "{outcome_page}"
    );

    // One new request (Ans); an outcome for each of the four; Dirk is not reached.
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM requests").await,
        requests_before + 1
    );
    let outcome = |patient: PatientId| {
        let store = app.store();
        async move {
            sqlx::query("SELECT outcome FROM batch_outcomes WHERE patient_id = $1")
                .bind(patient.0)
                .fetch_optional(store.pool())
                .await
                .unwrap()
                .map(|r| r.try_get::<String, _>("outcome").unwrap())
        }
    };
    assert_eq!(outcome(ans).await.as_deref(), Some("sent"));
    assert_eq!(outcome(bert).await.as_deref(), Some("no_email"));
    assert_eq!(outcome(cees).await.as_deref(), Some("no_consent"));
    assert_eq!(outcome(els).await.as_deref(), Some("already_open"));
    assert_eq!(outcome(dirk).await, None);
    let shown = nurse.get(&outcome_page).await.text().await.unwrap();
    for text in [
        "Ans Aalbers",
        "verstuurd",
        "overgeslagen: geen e-mailadres",
        "overgeslagen: geen toestemming",
        "overgeslagen: staat nog open",
    ] {
        assert!(shown.contains(text), "{text}: {shown}");
    }
    assert!(!shown.contains("Dirk"), "{shown}");

    // The same form again: the same batch, nothing sent twice.
    let again = nurse.post("/verzoeken/lijst", &pairs).await;
    assert_eq!(again.headers()["location"], outcome_page.as_str());
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM requests").await,
        requests_before + 1
    );
    // The criteria were saved as a selection, offered next time.
    let page = nurse.get("/verzoeken/lijst").await.text().await.unwrap();
    assert!(page.contains("75+ praktijk"), "{page}");

    // Nobody else: a network partner may not send questionnaires; another organisation sees
    // neither this batch nor a missing one.
    let partner = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Netwerkpartner,
            Level::Zorgverlener,
        ))
        .await;
    assert_eq!(partner.get("/verzoeken/lijst").await.status(), 403);
    let mut other = pairs.clone();
    let fresh = "0123456789abcdef0123456789abcdef";
    other.retain(|(k, _)| *k != "key");
    other.push(("key", fresh));
    assert_eq!(partner.post("/verzoeken/lijst", &other).await.status(), 403);
    let elsewhere = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Zorgverlener,
        ))
        .await;
    let ours = elsewhere.get(&outcome_page).await;
    assert_eq!(ours.status(), 403);
    let missing = elsewhere.get("/verzoeken/lijst/987654").await;
    assert_eq!(missing.status(), 403);
    // Home care sending the same: no patient of 75 and older in its network, nothing sent.
    let theirs = elsewhere.post("/verzoeken/lijst", &other).await;
    assert_eq!(theirs.status(), 303);
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM requests").await,
        requests_before + 1
    );

    // A repeating request: sent every 6 months from the single form.
    let sent = nurse
        .post(
            "/verzoeken",
            &[
                ("patient", &dirk.0.to_string()),
                ("ask", "instrument:gfi"),
                ("due", &due.to_string()),
                ("herhalen", "6"),
            ],
        )
        .await;
    assert_eq!(sent.status(), 303);
    let first: i64 = sent.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let cancelled = nurse
        .post(
            "/verzoeken",
            &[
                ("patient", &ans.0.to_string()),
                ("ask", "protocol:blood-pressure-week"),
                ("due", &due.to_string()),
                ("herhalen", "3"),
            ],
        )
        .await;
    let cancelled: i64 = cancelled.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        nurse
            .post(&format!("/verzoeken/{cancelled}/annuleren"), &[])
            .await
            .status(),
        303
    );
    let state = app.running_state().unwrap().clone();
    // Not yet: nothing is made.
    assert_eq!(server::workers::repeat::turn(state.clone(), 3).await, Ok(0));
    // Two weeks before the next due date (6 months on): made once, due 6 months later.
    let next_due = app::requests::repeat::next_due(due, 6);
    let made_on = app::requests::repeat::made_on(next_due);
    let days = made_on.since(today).unwrap().get_days();
    app.clock().advance(Duration::from_secs(
        u64::try_from(days).unwrap() * 86_400 + 3_600,
    ));
    assert_eq!(server::workers::repeat::turn(state.clone(), 3).await, Ok(1));
    assert_eq!(server::workers::repeat::turn(state.clone(), 3).await, Ok(0));
    let row = sqlx::query(
        "SELECT n.id, n.due_on, n.repeat_months, n.instrument_id, n.patient_id
         FROM requests o JOIN requests n ON n.id = o.successor_id WHERE o.id = $1",
    )
    .bind(first)
    .fetch_one(app.store().pool())
    .await
    .unwrap();
    assert_eq!(
        row.try_get::<String, _>("due_on").unwrap(),
        next_due.to_string()
    );
    assert_eq!(row.try_get::<i64, _>("repeat_months").unwrap(), 6);
    assert_eq!(row.try_get::<String, _>("instrument_id").unwrap(), "gfi");
    assert_eq!(row.try_get::<i64, _>("patient_id").unwrap(), dirk.0);
    // It stays the nurse's request; the access log names the server as its maker.
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM requests r JOIN requests o ON o.successor_id = r.id
                 WHERE o.id = {first} AND r.requested_by = o.requested_by
                   AND r.requested_by IS NOT NULL"
            )
        )
        .await,
        1
    );
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'request_sent'
             AND actor_role = 'system' AND actor_account_id IS NULL"
        )
        .await,
        1
    );
    // Its mail waits in the outbox like any request's.
    let successor: i64 = row.try_get("id").unwrap();
    assert_eq!(
        count(
            app.store(),
            &format!("SELECT COUNT(*) FROM outbox WHERE request_id = {successor}")
        )
        .await,
        1
    );
    // Half a year on, the series goes on from the successor (on its own day of the month).
    let third_due = app::requests::repeat::next_due_on(next_due, 6, due.day());
    let now_day = app::measurements::clock::today(app.now());
    let days = app::requests::repeat::made_on(third_due)
        .since(now_day)
        .unwrap()
        .get_days();
    app.clock()
        .advance(Duration::from_secs(u64::try_from(days).unwrap() * 86_400));
    assert_eq!(server::workers::repeat::turn(state.clone(), 3).await, Ok(1));
    let third: String = sqlx::query(
        "SELECT n.due_on FROM requests o JOIN requests n ON n.id = o.successor_id
         WHERE o.id = $1",
    )
    .bind(successor)
    .fetch_one(app.store().pool())
    .await
    .unwrap()
    .try_get("due_on")
    .unwrap();
    assert_eq!(third, third_due.to_string());
    // The cancelled series made nothing.
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM requests WHERE id = {cancelled} AND successor_id IS NOT NULL"
            )
        )
        .await,
        0
    );
    app.stop().await;
}

/// Counts a list of everyone of 75 and older with consent, asking `ask`, and posts its send
/// button; the batch page it leads to.
async fn send_list(nurse: &test_app::Browser<'_>, ask: &str, due: jiff::civil::Date) -> String {
    let preview = nurse
        .get(&format!(
            "/verzoeken/lijst?tellen=1&selectie=leeftijd&leeftijd=75&toestemming=ja&ask={ask}&due={due}"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(preview.contains("Dit zijn 3 patiënten."), "{preview}");
    let fields = send_fields(&preview);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = nurse.post("/verzoeken/lijst", &pairs).await;
    assert_eq!(sent.status(), 303);
    let page = sent.headers()["location"].to_str().unwrap().to_owned();
    // Sent again (a double click): the same batch.
    let again = nurse.post("/verzoeken/lijst", &pairs).await;
    assert_eq!(again.headers()["location"], page.as_str());
    page
}

async fn a_list_goes_on_in_the_background_and_stops_when_its_sender_leaves(backend: Backend) {
    // Nothing is sent while the professional waits: all of it is left to the worker.
    let Some(app) = TestApp::spawn_with(backend, &[("MEETPUNT_BATCH_IN_REQUEST_MS", "off")]).await
    else {
        return;
    };
    for (name, years) in [("Ans Aalbers", 80), ("Bert Bos", 85), ("Cees Claassen", 90)] {
        let email = format!(
            "{}@example.org",
            name.split(' ').next().unwrap().to_lowercase()
        );
        let patient = patient(&app, name, years, Some(&email)).await;
        sqlx::query("UPDATE patients SET consent = 'given' WHERE id = $1")
            .bind(patient.0)
            .execute(app.store().pool())
            .await
            .unwrap();
    }
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let today = app::measurements::clock::today(app.now());
    let due = today.checked_add(jiff::Span::new().days(14)).unwrap();
    let requests_before = count(app.store(), "SELECT COUNT(*) FROM requests").await;
    let state = app.running_state().unwrap().clone();
    let turn = || server::workers::batches::turn(state.clone(), Duration::from_secs(30));

    let page = send_list(&nurse, "instrument%3Agfi", due).await;
    let shown = nurse.get(&page).await.text().await.unwrap();
    assert!(
        shown.contains("Bezig met versturen naar een lijst"),
        "{shown}"
    );
    assert!(shown.contains("Verwerkt: 0 van de 3 patiënten."), "{shown}");
    assert!(shown.contains(&format!("href=\"{page}\"")), "{shown}");
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM requests").await,
        requests_before
    );

    // Another runner holds the batch (a server that stopped mid-way): it is left alone until
    // that claim lapses, then the worker sends to all three, as the professional, and
    // finishes the batch.
    let held = app::db::timestamp(app.now() + Duration::from_secs(60));
    sqlx::query("UPDATE batches SET working_until = $1")
        .bind(&held)
        .execute(app.store().pool())
        .await
        .unwrap();
    assert_eq!(turn().await, Ok(0));
    app.clock().advance(Duration::from_secs(61));
    assert_eq!(turn().await, Ok(3));
    assert_eq!(turn().await, Ok(0), "a finished batch is left alone");
    let shown = nurse.get(&page).await.text().await.unwrap();
    assert!(shown.contains("Verstuurd naar een lijst"), "{shown}");
    assert!(!shown.contains("data-testid=\"progress\""), "{shown}");
    assert_eq!(shown.matches("data-outcome=\"sent\"").count(), 3, "{shown}");
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM requests").await,
        requests_before + 3
    );
    let nurse_id: i64 = sqlx::query("SELECT requested_by FROM batches ORDER BY id LIMIT 1")
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("requested_by")
        .unwrap();
    let logged = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log
         WHERE action = 'request_sent' AND outcome = 'success' AND actor_account_id = $1",
    )
    .bind(nurse_id)
    .fetch_one(app.store().pool())
    .await
    .unwrap()
    .try_get::<i64, _>("n")
    .unwrap();
    assert_eq!(logged, 3, "each request is logged as the professional's");

    // A second list; its sender leaves before the worker gets to it: nobody gets it, each
    // patient is skipped because sending stopped, the page says why, and the batch is
    // finished.
    let second = send_list(&nurse, "protocol%3Ablood-pressure-week", due).await;
    sqlx::query("UPDATE memberships SET ended_at = $1 WHERE account_id = $2")
        .bind(app::db::timestamp(app.now()))
        .bind(nurse_id)
        .execute(app.store().pool())
        .await
        .unwrap();
    assert_eq!(turn().await, Ok(3));
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM requests").await,
        requests_before + 3
    );
    let id: i64 = second.rsplit('/').next().unwrap().parse().unwrap();
    let row = sqlx::query(
        "SELECT finished_at, (SELECT COUNT(*) FROM batch_outcomes o
                              WHERE o.batch_id = b.id AND o.outcome = 'stopped') AS skipped
         FROM batches b WHERE b.id = $1",
    )
    .bind(id)
    .fetch_one(app.store().pool())
    .await
    .unwrap();
    assert!(row
        .try_get::<Option<String>, _>("finished_at")
        .unwrap()
        .is_some());
    assert_eq!(row.try_get::<i64, _>("skipped").unwrap(), 3);
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'request_sent'
             AND outcome = 'refused' AND reason = 'sender_left'"
        )
        .await,
        3,
        "the access log says for each patient why they were skipped"
    );
    assert_eq!(turn().await, Ok(0));
    let colleague = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let shown = colleague.get(&second).await.text().await.unwrap();
    assert!(
        shown.contains("hoort niet meer bij de organisatie"),
        "{shown}"
    );
    assert_eq!(
        shown.matches("data-outcome=\"stopped\"").count(),
        3,
        "{shown}"
    );
    assert!(shown.contains("Ans Aalbers"), "{shown}");
}

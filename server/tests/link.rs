//! A patient answers a questionnaire through the link in their mail, without an account and
//! without JavaScript, over HTTP with a real SMTP server: landing page, steps with saved
//! answers and inline problems, resume on another device, review, submit once.

mod test_app;

use app::db::{Backend, Store};
use app::requests::Ask;
use sqlx::Row;
use std::time::Duration;
use test_app::{eventually, TestApp};

app::on_both_backends!(
    a_patient_fills_in_the_gfi_through_the_link_and_it_is_stored_once_with_its_scores,
    every_kind_of_unusable_link_gets_the_same_page,
    concurrent_submits_store_one_response,
    an_autosave_keeps_the_answers_but_not_the_place_to_resume_from,
    saves_of_two_pages_at_once_both_stay,
);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

async fn one(store: &Store, sql: &str) -> String {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get::<String, _>(0)
        .unwrap()
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Sends a GFI to Jan and returns the path of the link in the delivered mail.
async fn gfi_link(app: &TestApp) -> String {
    let jan = app.patient_jan().await;
    app.send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    let before = app.mail_links().len();
    assert!(
        eventually(|| async { app.mail_links().len() > before }).await,
        "the mail arrives"
    );
    let link = app.mail_links().pop().unwrap();
    link.strip_prefix(&app.base).unwrap().to_owned()
}

/// The answers of GFI step 1 (physical): no to everything, 7 as the mark.
fn physical(mark: &str) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = [
        "q-gfi_2d_1",
        "q-gfi_2d_2",
        "q-gfi_2d_3",
        "q-gfi_2d_4",
        "q-gfi_2d_6",
        "q-gfi_2d_7",
        "q-gfi_2d_8",
        "q-gfi_2d_9",
    ]
    .into_iter()
    .map(|name| (name, "no".to_string()))
    .collect();
    form.push(("q-gfi_2d_5", mark.to_string()));
    form
}

async fn a_patient_fills_in_the_gfi_through_the_link_and_it_is_stored_once_with_its_scores(
    backend: Backend,
) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let link = gfi_link(&app).await;
    let store = app.store();
    let phone = app.browser();

    // Opening the link (as a mail scanner would, twice) changes nothing.
    for _ in 0..2 {
        let landing = phone.get(&link).await;
        assert_eq!(landing.status(), 200);
        assert_eq!(landing.headers()["cache-control"], "no-store");
        let html = landing.text().await.unwrap();
        assert!(html.contains("Groningen Frailty Indicator"), "{html}");
        assert!(
            html.contains("Test hap vraagt u om deze vragenlijst in te vullen"),
            "{html}"
        );
        assert!(html.contains("vóór 16 maart 2026"), "{html}");
        assert!(html.contains(">Beginnen<"), "{html}");
    }
    assert_eq!(one(store, "SELECT status FROM requests").await, "sent");

    let started = phone.post(&format!("{link}/start"), &[]).await;
    assert_eq!(started.status(), 303);
    assert_eq!(started.headers()["location"], format!("{link}/vraag/1"));
    assert_eq!(one(store, "SELECT status FROM requests").await, "opened");
    let step = phone
        .get(&format!("{link}/vraag/1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(step.contains("Stap 1 van 4"), "{step}");
    assert!(step.contains(r#"name="go" value="next""#), "{step}");

    // A mark that is not a number: the same step again, with the problem named there.
    let fields =
        |form: &Vec<(&'static str, String)>, go: &'static str| -> Vec<(&'static str, String)> {
            let mut all = form.clone();
            all.push(("go", go.to_string()));
            all
        };
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let phone = &phone;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            phone.post(&path, &pairs).await
        }
    };
    let wrong = post(
        format!("{link}/vraag/1"),
        fields(&physical("zeven"), "next"),
    )
    .await;
    assert_eq!(wrong.headers()["location"], format!("{link}/vraag/1"));
    let step = phone
        .get(&format!("{link}/vraag/1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(step.contains("error-summary"), "{step}");
    assert!(
        step.contains(r#"value="zeven""#),
        "what was typed stays: {step}"
    );
    assert_eq!(
        one(store, "SELECT status FROM requests").await,
        "in_progress"
    );

    let right = post(format!("{link}/vraag/1"), fields(&physical("7"), "next")).await;
    assert_eq!(right.headers()["location"], format!("{link}/vraag/2"));

    // Another device resumes where Jan was.
    let tablet = app.browser();
    let resumed = tablet.post(&format!("{link}/start"), &[]).await;
    assert_eq!(resumed.headers()["location"], format!("{link}/vraag/2"));
    let back = post(
        format!("{link}/vraag/2"),
        vec![("q-gfi_2d_10", "no".into()), ("go", "back".into())],
    )
    .await;
    assert_eq!(back.headers()["location"], format!("{link}/vraag/1"));
    let step = tablet
        .get(&format!("{link}/vraag/1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(step.contains(r#"value="7""#), "answers are kept: {step}");

    let to3 = post(
        format!("{link}/vraag/2"),
        vec![("q-gfi_2d_10", "no".into()), ("go", "next".into())],
    )
    .await;
    assert_eq!(to3.headers()["location"], format!("{link}/vraag/3"));
    let social: Vec<(&'static str, String)> = ["q-gfi_2d_11", "q-gfi_2d_12", "q-gfi_2d_13"]
        .into_iter()
        .map(|n| (n, "yes".to_string()))
        .collect();
    let to4 = post(format!("{link}/vraag/3"), fields(&social, "next")).await;
    assert_eq!(to4.headers()["location"], format!("{link}/vraag/4"));
    let psychological = vec![
        ("q-gfi_2d_14", "no".to_string()),
        ("q-gfi_2d_15", "no".to_string()),
    ];
    let review = post(format!("{link}/vraag/4"), fields(&psychological, "review")).await;
    assert_eq!(review.headers()["location"], format!("{link}/controle"));
    let html = phone
        .get(&format!("{link}/controle"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Controleer uw antwoorden"), "{html}");
    assert!(!html.contains("error-summary"), "{html}");
    assert!(html.contains(">Versturen<"), "{html}");

    // Submitted twice (a double click): one response, the same answer both times.
    for _ in 0..2 {
        let sent = phone.post(&format!("{link}/versturen"), &[]).await;
        assert_eq!(sent.headers()["location"], "/ontvangen");
    }
    assert_eq!(count(store, "SELECT COUNT(*) AS n FROM responses").await, 1);
    assert_eq!(count(store, "SELECT COUNT(*) AS n FROM drafts").await, 0);
    assert_eq!(one(store, "SELECT status FROM requests").await, "completed");
    let row = sqlx::query(
        "SELECT instrument_id, instrument_version, entered_by, entered_via, scores FROM responses",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(row.try_get::<String, _>("instrument_id").unwrap(), "gfi");
    assert_eq!(
        row.try_get::<String, _>("instrument_version").unwrap(),
        "1.0"
    );
    assert_eq!(row.try_get::<String, _>("entered_by").unwrap(), "patient");
    assert_eq!(row.try_get::<String, _>("entered_via").unwrap(), "link");
    let scores: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("scores").unwrap()).unwrap();
    // By hand (GFI weights): "no" to the four "can you ... without help" questions 4, mark 7
    // scores 0, "no" to the other physical and the cognitive question 0, "yes" to the three
    // social questions 3, "no" to the two psychological ones 0: 7, frail (4 or more).
    assert_eq!(scores["scales"][0]["score"].as_f64(), Some(7.0), "{scores}");
    assert_eq!(scores["scales"][0]["band"]["code"], "frail", "{scores}");
    assert_eq!(scores["scales"][0]["complete"], true, "{scores}");
    let thanks = phone.get("/ontvangen").await;
    assert_eq!(thanks.headers()["cache-control"], "no-store");
    assert!(thanks
        .text()
        .await
        .unwrap()
        .contains("Ontvangen, dank u wel"));
    // The link now shows the page for unusable links, and no answers.
    let after = phone.get(&link).await;
    assert_eq!(after.status(), 404);
    assert!(after
        .text()
        .await
        .unwrap()
        .contains("Deze link werkt niet (meer)"));
    // Every read and write through the link is in the access log, naming the patient record.
    let logged: Vec<String> = sqlx::query("SELECT DISTINCT action FROM audit_log WHERE actor_role = 'link' AND patient_id IS NOT NULL ORDER BY action")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("action").unwrap())
        .collect();
    assert_eq!(
        logged,
        ["answers_saved", "link_opened", "response_submitted"]
    );
    app.stop().await;
}

async fn every_kind_of_unusable_link_gets_the_same_page(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let cancelled = gfi_link(&app).await;
    sqlx::query("UPDATE requests SET status = 'cancelled'")
        .execute(app.store().pool())
        .await
        .unwrap();
    let expired = gfi_link(&app).await;
    let browser = app.browser();
    let mut pages = Vec::new();
    let garbled = "/l/abc".to_string();
    let unknown = format!("/l/{}", "0f".repeat(32));
    // The second link runs out after 23 March (due 16 March plus seven days).
    app.clock().advance(Duration::from_secs(22 * 24 * 3600));
    for path in [garbled, unknown, cancelled, expired] {
        let response = browser.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Deze link werkt niet (meer)"),
            "{path}: {html}"
        );
        // Posting to it changes nothing and leads back to the same page.
        let start = browser.post(&format!("{path}/start"), &[]).await;
        assert_eq!(start.headers()["location"], path.as_str());
        let main = html
            .split("<main")
            .nth(1)
            .and_then(|m| m.split("</main>").next());
        pages.push(main.unwrap_or_default().to_owned());
    }
    // One page for all four: nothing tells them apart.
    assert!(pages.windows(2).all(|w| w[0] == w[1]), "{pages:?}");
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) AS n FROM drafts").await,
        0
    );
    app.stop().await;
}

async fn concurrent_submits_store_one_response(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let link = gfi_link(&app).await;
    let browser = app.browser();
    browser.post(&format!("{link}/start"), &[]).await;
    let mut answers: Vec<(&str, String)> = physical("8");
    answers.push(("go", "next".into()));
    let pairs: Vec<(&str, &str)> = answers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post(&format!("{link}/vraag/1"), &pairs).await;
    browser
        .post(
            &format!("{link}/vraag/2"),
            &[("q-gfi_2d_10", "no"), ("go", "next")],
        )
        .await;
    browser
        .post(
            &format!("{link}/vraag/3"),
            &[
                ("q-gfi_2d_11", "no"),
                ("q-gfi_2d_12", "no"),
                ("q-gfi_2d_13", "no"),
                ("go", "next"),
            ],
        )
        .await;
    browser
        .post(
            &format!("{link}/vraag/4"),
            &[
                ("q-gfi_2d_14", "yes"),
                ("q-gfi_2d_15", "no"),
                ("go", "review"),
            ],
        )
        .await;
    let url = app.url(&format!("{link}/versturen"));
    let tries = (0..6).map(|_| {
        let client = app.client.clone();
        let url = url.clone();
        tokio::spawn(async move {
            client
                .post(url)
                .header("sec-fetch-site", "same-origin")
                .send()
                .await
                .unwrap()
                .headers()["location"]
                .to_str()
                .unwrap()
                .to_owned()
        })
    });
    for attempt in tries {
        assert_eq!(attempt.await.unwrap(), "/ontvangen");
    }
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) AS n FROM responses").await,
        1
    );
    let submitted = count(
        app.store(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'response_submitted'",
    )
    .await;
    assert_eq!(submitted, 1);
    app.stop().await;
}

async fn an_autosave_keeps_the_answers_but_not_the_place_to_resume_from(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let link = gfi_link(&app).await;
    let phone = app.browser();
    phone.post(&format!("{link}/start"), &[]).await;
    // An answer saved on step 1 before any button: the person goes on at step 1.
    let early = phone
        .post(
            &format!("{link}/vraag/1"),
            &[("q-gfi_2d_1", "yes"), ("go", "autosave")],
        )
        .await;
    assert_eq!(early.status(), 204);
    let resumed = phone.post(&format!("{link}/start"), &[]).await;
    assert_eq!(resumed.headers()["location"], format!("{link}/vraag/1"));
    let landing = phone.get(&link).await.text().await.unwrap();
    assert!(landing.contains("Verder waar u was"), "{landing}");
    let mut first: Vec<(&str, String)> = physical("8");
    first.push(("go", "next".into()));
    let pairs: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    phone.post(&format!("{link}/vraag/1"), &pairs).await;
    // The island posts the step's form as it is being filled in.
    let saved = phone
        .post(
            &format!("{link}/vraag/2"),
            &[("q-gfi_2d_10", "yes"), ("go", "autosave")],
        )
        .await;
    assert_eq!(saved.status(), 204);
    let step = phone
        .get(&format!("{link}/vraag/2"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        step.contains(r#"value="yes" checked"#),
        "the answer is saved: {step}"
    );
    assert_eq!(
        one(app.store(), "SELECT CAST(page AS TEXT) FROM drafts").await,
        "0",
        "the place to resume from is still after step 1"
    );
    let resumed = phone.post(&format!("{link}/start"), &[]).await;
    assert_eq!(resumed.headers()["location"], format!("{link}/vraag/2"));
    // A problem with an answer comes back at once, by field, in the person's language.
    let mut wrong: Vec<(&str, String)> = physical("zeven");
    wrong.push(("go", "autosave".into()));
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let checked = phone.post(&format!("{link}/vraag/1"), &wrong).await;
    assert_eq!(checked.status(), 200);
    let problems: Vec<(String, String)> = checked.json().await.unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "q-gfi_2d_5");
    assert!(!problems[0].1.is_empty());
    // An autosave to a link that does not work is answered with a status only.
    let gone = phone
        .post(
            &format!("/l/{}/vraag/2", "0".repeat(64)),
            &[("q-gfi_2d_10", "yes"), ("go", "autosave")],
        )
        .await;
    assert_eq!(gone.status(), 404);
}

/// Two devices save different pages of one request at the same moment: both pages' answers
/// are in the draft (each save reads the draft under the request's lock).
async fn saves_of_two_pages_at_once_both_stay(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let link = gfi_link(&app).await;
    let phone = app.browser();
    phone.post(&format!("{link}/start"), &[]).await;
    for round in 0..10 {
        let mark = (round % 9 + 1).to_string();
        let mut first: Vec<(&str, String)> = physical(&mark);
        first.push(("go", "next".into()));
        let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let second = [("q-gfi_2d_10", "yes"), ("go", "next")];
        let step1 = format!("{link}/vraag/1");
        let step2 = format!("{link}/vraag/2");
        let (a, b) = tokio::join!(phone.post(&step1, &first), phone.post(&step2, &second));
        assert_eq!(a.status(), 303);
        assert_eq!(b.status(), 303);
        let draft = one(app.store(), "SELECT answers FROM drafts").await;
        assert!(draft.contains("gfi-10"), "round {round}: {draft}");
        assert!(draft.contains("gfi-5"), "round {round}: {draft}");
    }
}

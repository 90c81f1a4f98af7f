//! A signed-in patient finds their requests on their own page and fills one in there, with
//! the same pages as the mail's link; what they send counts as entered through the account.

mod test_app;

use app::db::Backend;
use app::requests::Ask;
use sqlx::Row;
use test_app::{Person, TestApp};

app::on_both_backends!(
    a_signed_in_patient_fills_in_a_request_from_their_own_page,
    a_signed_in_patient_enters_readings_from_their_own_page,
);

async fn a_signed_in_patient_fills_in_a_request_from_their_own_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let patient = app.sign_in_as(Person::Patient).await;
    let record = patient.patient.unwrap();
    let id = app
        .send_request(record, Ask::Questionnaire("gfi".into()))
        .await;
    let page = patient.get("/mijn").await.text().await.unwrap();
    assert!(page.contains("Voor u klaargezet"), "{page}");
    assert!(page.contains("Groningen Frailty Indicator"), "{page}");
    let action = format!("/mijn/verzoeken/{}", id.0);
    assert!(page.contains(&format!(r#"action="{action}""#)), "{page}");

    // Another patient cannot open it; nobody signed in is sent to sign in.
    let other = app.sign_in_as(Person::Patient).await;
    assert_eq!(other.post(&action, &[]).await.status(), 403);
    let anonymous = app.browser().post(&action, &[]).await;
    assert_eq!(anonymous.headers()["location"], "/inloggen?next=%2Fmijn");
    // Nor does a professional of the practice: a link made here counts as the patient's own.
    let nurse = app
        .sign_in_as(Person::Professional(
            app::organisations::OrganisationKind::Hap,
            app::organisations::Level::C,
        ))
        .await;
    assert_eq!(nurse.post(&action, &[]).await.status(), 403);
    assert_eq!(
        test_app::count(
            app.store(),
            "SELECT COUNT(*) FROM link_tokens WHERE via = 'account'"
        )
        .await,
        0
    );

    let opened = patient.post(&action, &[]).await;
    assert_eq!(opened.status(), 303);
    let link = opened.headers()["location"].to_str().unwrap().to_owned();
    assert!(link.starts_with("/l/"), "{link}");
    let start = patient.post(&format!("{link}/start"), &[]).await;
    assert_eq!(start.headers()["location"], format!("{link}/vraag/1"));
    let mut physical: Vec<(String, String)> = (1..=9)
        .map(|n| {
            (
                format!("q-gfi_2d_{n}"),
                if n == 5 { "8".into() } else { "yes".into() },
            )
        })
        .collect();
    physical.push(("go".into(), "next".into()));
    let steps: [Vec<(String, String)>; 4] = [
        physical,
        vec![
            ("q-gfi_2d_10".into(), "no".into()),
            ("go".into(), "next".into()),
        ],
        ["11", "12", "13"]
            .into_iter()
            .map(|n| (format!("q-gfi_2d_{n}"), "no".to_string()))
            .chain([("go".to_string(), "next".to_string())])
            .collect(),
        vec![
            ("q-gfi_2d_14".into(), "no".into()),
            ("q-gfi_2d_15".into(), "no".into()),
            ("go".into(), "review".into()),
        ],
    ];
    for (step, form) in steps.iter().enumerate() {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let response = patient
            .post(&format!("{link}/vraag/{}", step + 1), &pairs)
            .await;
        assert_eq!(response.status(), 303, "step {}", step + 1);
    }
    let sent = patient.post(&format!("{link}/versturen"), &[]).await;
    assert_eq!(sent.headers()["location"], "/ontvangen");
    let row = sqlx::query("SELECT entered_by, entered_via FROM responses")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>("entered_by").unwrap(), "patient");
    assert_eq!(row.try_get::<String, _>("entered_via").unwrap(), "account");
    let page = patient.get("/mijn").await.text().await.unwrap();
    let done = page.split("Al ingevuld").nth(1).unwrap_or_default();
    assert!(done.contains("Groningen Frailty Indicator"), "{page}");
    assert!(
        !page.contains(&format!(r#"action="{action}""#)),
        "nothing left to fill in"
    );

    // A professional looks at the answers; the patient's page says who, and what was done
    // through the link (the access log, newest first).
    let nurse = app
        .sign_in_as(Person::Professional(
            app::organisations::OrganisationKind::Hap,
            app::organisations::Level::C,
        ))
        .await;
    assert_eq!(
        nurse.get(&format!("/verzoeken/{}", id.0)).await.status(),
        200
    );
    let page = patient.get("/mijn").await.text().await.unwrap();
    let log = page
        .split("Wie uw gegevens heeft gebruikt")
        .nth(1)
        .unwrap_or_default();
    assert!(log.contains(r#"data-testid="access-log""#), "{page}");
    assert!(log.contains("uw gegevens bekeken"), "{log}");
    assert!(
        log.contains("(Test hap)"),
        "the professional and their practice: {log}"
    );
    assert!(log.contains("een vragenlijst verstuurd"), "{log}");
    assert!(log.contains("Iemand met de link uit uw e-mail"), "{log}");
    assert!(log.contains("U zelf"), "{log}");
    // Another patient's page shows nothing of this.
    let other_page = other.get("/mijn").await.text().await.unwrap();
    assert!(!other_page.contains("(Test hap)"), "{other_page}");
    app.stop().await;
}

async fn a_signed_in_patient_enters_readings_from_their_own_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let patient = app.sign_in_as(Person::Patient).await;
    let record = patient.patient.unwrap();
    let today = app::measurements::clock::today(app.now());
    let due = today.checked_add(jiff::Span::new().days(6)).unwrap();
    let protocol = app::requests::named_protocol("blood-pressure-week", today, due).unwrap();
    let id = app
        .send_request_due(record, Ask::Measurements(protocol), due)
        .await;
    let page = patient.get("/mijn").await.text().await.unwrap();
    assert!(page.contains("Bloeddrukweek"), "{page}");
    let opened = patient
        .post(&format!("/mijn/verzoeken/{}", id.0), &[])
        .await;
    let link = opened.headers()["location"].to_str().unwrap().to_owned();
    let start = patient.post(&format!("{link}/start"), &[]).await;
    assert_eq!(start.headers()["location"], format!("{link}/metingen"));
    let saved = patient
        .post(
            &format!("{link}/metingen"),
            &[
                ("key", "00112233445566778899aabbccddeeff"),
                ("systolic", "128"),
                ("diastolic", "79"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let row = sqlx::query("SELECT entered_by, entered_via FROM readings")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>("entered_by").unwrap(), "patient");
    assert_eq!(row.try_get::<String, _>("entered_via").unwrap(), "account");
    app.stop().await;
}

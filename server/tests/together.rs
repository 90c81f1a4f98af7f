//! A professional fills in a questionnaire together with the patient at a visit, over HTTP on
//! both backends: from the request's page, through the same pages a patient uses; the response
//! is recorded as entered by that professional at a visit and shown so; the link works for
//! two hours; measurements are not done this way; nobody else may.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use sqlx::Row;
use std::time::Duration;
use test_app::{count, Person, TestApp};

app::on_both_backends!(a_professional_fills_in_together_with_the_patient,);

async fn a_professional_fills_in_together_with_the_patient(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let jan = app.patient_jan().await;
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let today = app::measurements::clock::today(app.now());
    let due = today
        .checked_add(jiff::Span::new().days(7))
        .unwrap()
        .to_string();
    let send = |ask: &'static str| {
        let nurse = &nurse;
        let due = due.clone();
        async move {
            let sent = nurse
                .post(
                    "/verzoeken",
                    &[("patient", &jan.0.to_string()), ("ask", ask), ("due", &due)],
                )
                .await;
            assert_eq!(sent.status(), 303);
            sent.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let gfi = send("instrument:gfi").await;
    let page = nurse.get(&gfi).await.text().await.unwrap();
    assert!(page.contains(&format!("action=\"{gfi}/samen\"")), "{page}");

    // Together: on to the questionnaire's pages through a link made for the nurse.
    let together = nurse.post(&format!("{gfi}/samen"), &[]).await;
    assert_eq!(together.status(), 303);
    let link = together.headers()["location"].to_str().unwrap().to_owned();
    assert!(link.starts_with("/l/"), "{link}");
    let token = link.rsplit('/').next().unwrap().to_owned();
    // The link works for the nurse only: anyone else (signed out, another colleague) finds
    // an unusable link, and nothing can be done with it in the nurse's name.
    assert_eq!(nurse.get(&link).await.status(), 200);
    let stranger = app.browser().get(&link).await.text().await.unwrap();
    assert!(
        stranger.contains("Deze link werkt niet (meer)"),
        "{stranger}"
    );
    let colleague = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let theirs = colleague.get(&link).await.text().await.unwrap();
    assert!(theirs.contains("Deze link werkt niet (meer)"), "{theirs}");
    assert!(
        app::requests::link::open(app.store(), &token, None, app.now())
            .await
            .unwrap()
            .is_none()
    );
    app.fill_in_gfi_as(&token, Some(&nurse.session().await))
        .await;
    let id: i64 = gfi.rsplit('/').next().unwrap().parse().unwrap();
    let row = sqlx::query(
        "SELECT entered_by, entered_via, entered_by_account FROM responses WHERE request_id = $1",
    )
    .bind(id)
    .fetch_one(app.store().pool())
    .await
    .unwrap();
    assert_eq!(
        row.try_get::<String, _>("entered_by").unwrap(),
        "professional"
    );
    assert_eq!(row.try_get::<String, _>("entered_via").unwrap(), "visit");
    assert_eq!(
        row.try_get::<Option<i64>, _>("entered_by_account").unwrap(),
        Some(nurse.account.unwrap().0)
    );
    let shown = nurse.get(&gfi).await.text().await.unwrap();
    assert!(
        shown.contains("ingevuld door de zorgverlener samen met de patiënt"),
        "{shown}"
    );
    // The access log names the nurse for the submission.
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'response_submitted'
                 AND actor_account_id = {} AND actor_role = 'professional'",
                nurse.account.unwrap().0
            )
        )
        .await,
        1
    );

    // A link for a visit works two hours at most.
    let dkl = send("instrument:4dkl").await;
    let link = nurse.post(&format!("{dkl}/samen"), &[]).await.headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(nurse.get(&link).await.status(), 200);
    let latest = app::db::timestamp(app.now() + Duration::from_secs(2 * 3600));
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM link_tokens WHERE via = 'visit' AND expires_at > '{latest}'"
            )
        )
        .await,
        0
    );
    app.clock().advance(Duration::from_secs(3 * 3600));

    // Measurements are entered from the patient's page, not this way.
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let week = send_as(&nurse, jan.0, "protocol:blood-pressure-week", &due).await;
    let page = nurse.get(&week).await.text().await.unwrap();
    assert!(!page.contains("/samen\""), "{page}");
    let refused = nurse.post(&format!("{week}/samen"), &[]).await;
    assert_eq!(refused.headers()["location"], week.as_str());

    // Another organisation: the same refusal as for a request that does not exist.
    let other = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Thuiszorg,
            Level::Zorgverlener,
        ))
        .await;
    let ours = other.post(&format!("{dkl}/samen"), &[]).await;
    assert_eq!(ours.status(), 403);
    let missing = other.post("/verzoeken/876543/samen", &[]).await;
    assert_eq!(missing.status(), 403);
    assert_eq!(ours.text().await.unwrap(), missing.text().await.unwrap());
    app.stop().await;
}

async fn send_as(browser: &test_app::Browser<'_>, patient: i64, ask: &str, due: &str) -> String {
    let sent = browser
        .post(
            "/verzoeken",
            &[
                ("patient", &patient.to_string()),
                ("ask", ask),
                ("due", due),
            ],
        )
        .await;
    assert_eq!(sent.status(), 303);
    sent.headers()["location"].to_str().unwrap().to_owned()
}

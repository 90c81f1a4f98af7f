//! Notifications over HTTP with a real SMTP server, on both backends: a professional sees new
//! results, those outside a cut-off and overdue requests of their own requests (or, as they
//! choose, of the organisation's); settings are theirs; the daily e-mail holds numbers and a
//! link only, comes once a day from the configured hour, and never to someone who left.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use std::time::Duration;
use test_app::{count, eventually, Person, TestApp};

app::on_both_backends!(a_professional_is_told_what_is_new,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

/// A link to request `id`, as its mail would bring.
async fn token(app: &TestApp, id: i64) -> String {
    let mut tx = app.store().begin().await.unwrap();
    let token =
        app::requests::server::mint_link(&mut tx, app::requests::RequestId(id), 7, app.now())
            .await
            .unwrap();
    tx.commit().await.unwrap();
    token.expose().to_owned()
}

async fn a_professional_is_told_what_is_new(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let jan = app.patient_jan().await;
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let mine = nurse.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("href=\"/meldingen\""), "{mine}");
    let page = nurse.get("/meldingen").await.text().await.unwrap();
    assert!(page.contains("data-testid=\"nothing\""), "{page}");

    // The nurse sends a GFI (answered: 6, frail) and a 4DKL (left open until overdue); the
    // practice sends another GFI that is not the nurse's.
    let today = app::measurements::clock::today(app.now());
    let due = today
        .checked_add(jiff::Span::new().days(3))
        .unwrap()
        .to_string();
    let mut sent = Vec::new();
    for ask in ["instrument:gfi", "instrument:4dkl"] {
        let response = nurse
            .post(
                "/verzoeken",
                &[("patient", &jan.0.to_string()), ("ask", ask), ("due", &due)],
            )
            .await;
        assert_eq!(response.status(), 303);
        sent.push(response.headers()["location"].to_str().unwrap().to_owned());
    }
    let theirs = app
        .send_request_due(
            jan,
            Ask::Questionnaire("gfi".into()),
            today.checked_add(jiff::Span::new().days(3)).unwrap(),
        )
        .await;
    let gfi: i64 = sent[0].rsplit('/').next().unwrap().parse().unwrap();
    app.fill_in_gfi(&token(&app, gfi).await).await;
    app.fill_in_gfi(&token(&app, theirs.0).await).await;

    let page = nurse.get("/meldingen").await.text().await.unwrap();
    assert!(page.contains("1 nieuwe uitkomst</a>"), "{page}");
    assert!(page.contains("1 uitkomst buiten de grens"), "{page}");
    assert!(
        page.contains("href=\"/verzoeken?status=buiten-grens&amp;van=mij\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"/verzoeken?status=nieuw&amp;van=mij\""),
        "{page}"
    );
    assert!(!page.contains("te laat</a>"), "not overdue yet: {page}");

    // Four days on, the 4DKL is overdue; the organisation's results are counted once chosen.
    app.clock().advance(Duration::from_secs(4 * 86_400));
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let saved = nurse
        .post(
            "/meldingen",
            &[
                ("van", "organisatie"),
                ("uitkomsten", "ja"),
                ("te-laat", "ja"),
                ("dagmail", "ja"),
            ],
        )
        .await;
    assert_eq!(saved.headers()["location"], "/meldingen?opgeslagen=1");
    let page = nurse
        .get("/meldingen?opgeslagen=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Uw instellingen zijn opgeslagen."), "{page}");
    assert!(page.contains("2 nieuwe uitkomsten"), "{page}");
    assert!(page.contains("1 verzoek te laat"), "{page}");
    assert!(
        !page.contains("buiten de grens</a>"),
        "not asked for: {page}"
    );
    assert!(
        page.contains("id=\"van-organisatie\" name=\"van\" value=\"organisatie\" checked"),
        "{page}"
    );

    // The daily e-mail: once a day, from 7 o'clock, numbers and a link only.
    let state = app.running_state().unwrap().clone();
    let digest = || server::workers::digest::turn(state.clone(), 7);
    assert_eq!(digest().await, Ok(1));
    assert_eq!(digest().await, Ok(0), "once a day");
    let mail = || {
        app.mail()
            .into_iter()
            .filter(|m| m.contains("Meetpunt: nieuw voor u"))
            .collect::<Vec<_>>()
    };
    assert!(eventually(|| async { mail().len() == 1 }).await);
    let message = mail().pop().unwrap();
    assert!(message.contains("2 nieuwe uitkomsten"), "{message}");
    assert!(message.contains("/meldingen"), "{message}");
    assert!(!message.contains("Jan"), "no patient data: {message}");
    // The next morning at 6 nothing yet; at 8 the next one.
    let now = app::measurements::clock::local(app::measurements::clock::instant(app.now()));
    let to_six = (24 + 6 - i64::from(now.hour())) * 3600 - i64::from(now.minute()) * 60;
    app.clock()
        .advance(Duration::from_secs(u64::try_from(to_six).unwrap()));
    assert_eq!(digest().await, Ok(0), "before the hour");
    app.clock().advance(Duration::from_secs(2 * 3600));
    assert_eq!(digest().await, Ok(1));

    // Someone who left hears nothing more.
    let email: String = sqlx::query("SELECT email FROM accounts WHERE id = $1")
        .bind(nurse.account.unwrap().0)
        .fetch_one(app.store().pool())
        .await
        .map(|r| sqlx::Row::try_get(&r, "email").unwrap())
        .unwrap();
    app::access::server::end_membership(app.store(), &email, "test-hap", app.now())
        .await
        .unwrap();
    app.clock().advance(Duration::from_secs(86_400));
    assert_eq!(digest().await, Ok(0));

    // Only professionals of an organisation have settings.
    let patient = app.sign_in_as(Person::Patient).await;
    assert_eq!(
        patient
            .post("/meldingen", &[("dagmail", "ja")])
            .await
            .status(),
        403
    );
    assert_ne!(patient.get("/meldingen").await.status(), 200);
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM notification_settings").await,
        1
    );
    app.stop().await;
}

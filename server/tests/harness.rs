//! The flow harness itself: sign-in as any kind of person in one call, browsers with their
//! own cookies, the test clock, and a real SMTP server whose messages and links a test reads.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use std::time::Duration;
use test_app::{Person, TestApp};

app::on_both_backends!(
    every_kind_of_person_signs_in_in_one_call_with_their_own_cookies,
    a_wait_ends_when_the_clock_has_moved_a_minute,
    mail_sent_by_the_portal_is_read_back_with_its_links,
);

async fn every_kind_of_person_signs_in_in_one_call_with_their_own_cookies(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let district = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Zorgverlener,
        ))
        .await;
    let patient = app.sign_in_as(Person::Patient).await;
    let carer = app.sign_in_as(Person::Carer).await;
    assert!(patient.patient.is_some());
    for (browser, shows) in [
        (&nurse, "Test hap"),
        (&district, "Test vvt"),
        (&patient, "Patiënt"),
        (&carer, "Mantelzorger"),
    ] {
        let html = browser.get("/mijn").await.text().await.unwrap();
        assert!(html.contains(shows), "{shows}: {html}");
    }
    // Each browser has its own session.
    assert_ne!(
        nurse.cookie("meetpunt_session"),
        patient.cookie("meetpunt_session")
    );
    // The clock moves for everyone: after 30 idle minutes the nurse is signed out, and the
    // browser drops the cookie the server removed.
    app.clock().advance(Duration::from_secs(30 * 60));
    let response = nurse.get("/mijn").await;
    assert_eq!(response.status(), 302);
    assert!(nurse.cookie("meetpunt_session").is_none());
    app.stop().await;
}

async fn a_wait_ends_when_the_clock_has_moved_a_minute(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let email = "piet@example.org";
    app::access::server::create_account(
        app.store(),
        &app::access::server::NewAccount {
            email,
            name: "Piet",
            role: app::access::Role::Patient,
            organisation: None,
            level: None,
            password: Some(test_app::PASSWORD),
        },
        app.now(),
    )
    .await
    .unwrap();
    let browser = app.browser();
    let attempt = |password: &'static str| {
        let browser = &browser;
        async move {
            browser
                .post("/inloggen", &[("email", email), ("password", password)])
                .await
        }
    };
    for _ in 0..5 {
        attempt("niet-het-goede-wachtwoord").await;
    }
    // Waiting: even the right password is refused, and the notice says for how long.
    attempt(test_app::PASSWORD).await;
    assert!(browser.cookie("meetpunt_session").is_none());
    let html = browser.get("/inloggen").await.text().await.unwrap();
    assert!(html.contains("over 1 minuut opnieuw proberen"), "{html}");
    app.clock().advance(Duration::from_secs(59));
    attempt(test_app::PASSWORD).await;
    assert!(browser.cookie("meetpunt_session").is_none());
    app.clock().advance(Duration::from_secs(1));
    attempt(test_app::PASSWORD).await;
    assert!(browser.cookie("meetpunt_session").is_some());
    app.stop().await;
}

async fn mail_sent_by_the_portal_is_read_back_with_its_links(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp(backend).await else {
        return;
    };
    let link = app.url("/link/0123456789abcdef");
    let mail = server::mail::Mail {
        to: "jan@example.org".into(),
        subject: "Een vragenlijst voor u".into(),
        text: format!("Beste Jan,\n\nOpen deze link:\n{link}\n\nMet vriendelijke groet"),
        html: None,
    };
    app.mailer()
        .send("Meetpunt <noreply@example.org>", &mail)
        .await
        .unwrap();
    let received = app.mail();
    assert_eq!(received.len(), 1);
    assert!(received[0].contains("Subject: Een vragenlijst voor u"));
    assert_eq!(app.mail_links(), vec![link]);
    app.stop().await;
}

//! The professional sends a request from the portal and sees the scored answers, through the
//! guard, over HTTP on both backends.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use test_app::{eventually, Person, TestApp};

app::on_both_backends!(a_professional_sends_a_gfi_and_sees_the_scored_answers_and_others_do_not,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

async fn a_professional_sends_a_gfi_and_sees_the_scored_answers_and_others_do_not(
    backend: Backend,
) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let jan = app.patient_jan().await;

    let form = nurse.get("/verzoeken/nieuw").await.text().await.unwrap();
    assert!(form.contains("Jan Jansen (1941-03-02)"), "{form}");
    assert!(form.contains(r#"value="instrument:gfi""#), "{form}");
    assert!(
        form.contains(r#"value="protocol:blood-pressure-week""#),
        "{form}"
    );
    // A date before today is refused with a plain message; nothing is sent.
    let jan_id = jan.0.to_string();
    let late = nurse
        .post(
            "/verzoeken",
            &[
                ("patient", &jan_id),
                ("ask", "instrument:gfi"),
                ("due", "2026-03-01"),
            ],
        )
        .await;
    assert_eq!(
        late.headers()["location"],
        "/verzoeken/nieuw?probleem=datum"
    );
    let sent = nurse
        .post(
            "/verzoeken",
            &[
                ("patient", &jan_id),
                ("ask", "instrument:gfi"),
                ("due", "2026-03-16"),
            ],
        )
        .await;
    assert_eq!(sent.status(), 303);
    let page = sent.headers()["location"].to_str().unwrap().to_owned();
    assert!(page.starts_with("/verzoeken/"), "{page}");
    let before = nurse.get(&page).await.text().await.unwrap();
    assert!(before.contains("Er is nog geen antwoord."), "{before}");
    assert!(before.contains("Verstuurd"), "{before}");
    let list = nurse.get("/verzoeken").await.text().await.unwrap();
    assert!(
        list.contains("Jan Jansen") && list.contains("Groningen Frailty Indicator"),
        "{list}"
    );

    // Jan answers through the link in the mail (the use cases the link pages use).
    assert!(eventually(|| async { !app.mail_links().is_empty() }).await);
    let token = app.mail_links()[0].rsplit('/').next().unwrap().to_owned();
    app.fill_in_gfi(&token).await;

    let after = nurse.get(&page).await.text().await.unwrap();
    // By hand: "no" to the four "without help" questions 4, mark 5 (6 or lower) 1,
    // "sometimes" sombre 1, the rest 0: 6 of 15, frail.
    assert!(after.contains("6 (0–15)"), "{after}");
    assert!(after.contains("Kwetsbaar"), "{after}");
    // One line for the GP system's journal, to select and copy: the score, the practice's
    // cut-off, who filled it in and the day (2 March 2026).
    assert!(
        after.contains("GFI 6 (≥ 4: kwetsbaar), ingevuld door patiënt, 02-03-2026</textarea>"),
        "{after}"
    );
    assert!(
        after.contains("Ingevuld door de patiënt, via de link in de e-mail"),
        "{after}"
    );
    assert!(
        after.contains("Kunt u zonder hulp boodschappen doen?"),
        "{after}"
    );
    assert!(after.contains("Ingevuld"), "{after}");

    // A practice outside Jan's care network, a level without access, and a network partner
    // (who may not send questionnaires): refused, and logged.
    let other = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Zorgverlener,
        ))
        .await;
    assert_eq!(other.get(&page).await.status(), 403);
    let assistant = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::B))
        .await;
    assert_eq!(assistant.get(&page).await.status(), 403);
    assert_eq!(assistant.get("/verzoeken").await.status(), 403);
    let partner = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Netwerkpartner,
            Level::Zorgverlener,
        ))
        .await;
    let refused = partner
        .post(
            "/verzoeken",
            &[
                ("patient", &jan_id),
                ("ask", "instrument:gfi"),
                ("due", "2026-03-16"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 403);
    // Nobody signed in: to the sign-in page.
    let anonymous = app.browser();
    let response = anonymous.get(&page).await;
    assert_eq!(response.status(), 401);
    let refusals: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE outcome = 'refused' AND patient_id IS NOT NULL")
            .fetch_one(app.store().pool())
            .await
            .unwrap(),
        "n",
    )
    .unwrap();
    assert!(refusals >= 4, "{refusals}");
    app.stop().await;
}

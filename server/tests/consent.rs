//! Consent for digital networked care over HTTP, on both backends: the patient gives and
//! withdraws it on their own page, the care network sees when, by whom and how, and after
//! a withdrawal no new request can be sent.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::server::{NewRequest, RequestError, Requester};
use app::requests::Ask;
use test_app::{count, Person, TestApp};

app::on_both_backends!(a_patient_gives_and_withdraws_consent_and_it_is_respected,);

async fn a_patient_gives_and_withdraws_consent_and_it_is_respected(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let jan = app.sign_in_as(Person::Patient).await;
    let record = jan.patient.unwrap();
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;

    // Not recorded yet: the page explains it and offers to give it.
    let mine = jan.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("Toestemming voor uw zorgnetwerk"), "{mine}");
    assert!(mine.contains("niet vastgelegd"), "{mine}");
    assert!(mine.contains(r#"value="geven""#));

    let given = jan.post("/mijn/toestemming", &[("keuze", "geven")]).await;
    assert_eq!(given.status(), 303);
    assert_eq!(
        given.headers()["location"],
        "/mijn?toestemming=1#toestemming"
    );
    let mine = jan.get("/mijn?toestemming=1").await.text().await.unwrap();
    assert!(mine.contains(r#"data-testid="consent-saved""#), "{mine}");
    assert!(mine.contains("<strong>gegeven</strong>"), "{mine}");
    assert!(mine.contains("Vastgelegd door uzelf op"), "{mine}");
    assert!(mine.contains(r#"value="intrekken""#));
    // The care network sees it, and how it was recorded.
    let page = nurse
        .get(&format!("/patienten/{}", record.0))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("gegeven. Vastgelegd door de patiënt zelf via Meetpunt, op"),
        "{page}"
    );

    // Jan withdraws it: from then on no request can be sent to him.
    let withdrawn = jan
        .post("/mijn/toestemming", &[("keuze", "intrekken")])
        .await;
    assert_eq!(withdrawn.status(), 303);
    let mine = jan.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("<strong>ingetrokken</strong>"), "{mine}");
    let practice = app.organisation(OrganisationKind::Hap).await;
    let refused = app::requests::server::send(
        app.store(),
        &Requester::admin(practice),
        &NewRequest {
            patient: record,
            ask: Ask::Questionnaire("gfi".into()),
            due: jiff::civil::date(2026, 3, 16),
            reminders: false,
            repeat_months: None,
        },
        7,
        app.now(),
    )
    .await;
    assert!(
        matches!(refused, Err(RequestError::NoConsent)),
        "{refused:?}"
    );
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM requests").await, 0);
    // Both changes are in the access log as Jan's own.
    let logged = count(
        app.store(),
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'patient_changed'
             AND object LIKE '%:consent:%' AND actor_account_id = {}",
            jan.account.unwrap().0
        ),
    )
    .await;
    assert_eq!(logged, 2);

    // Nobody else uses Jan's form: a professional and a carer are refused, nobody signed in
    // is sent to sign in, and nothing changes.
    assert_eq!(
        nurse
            .post("/mijn/toestemming", &[("keuze", "geven")])
            .await
            .status(),
        403
    );
    let carer = app.sign_in_as(Person::Carer).await;
    assert_eq!(
        carer
            .post("/mijn/toestemming", &[("keuze", "geven")])
            .await
            .status(),
        403
    );
    let nobody = app
        .browser()
        .post("/mijn/toestemming", &[("keuze", "geven")])
        .await;
    assert_eq!(nobody.headers()["location"], "/inloggen?next=%2Fmijn");
    let mine = jan.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("<strong>ingetrokken</strong>"), "{mine}");

    // The nurse records consent after a conversation: the record says so, with her name.
    let stored = sqlx::query("SELECT name, birth_date, email FROM patients WHERE id = $1")
        .bind(record.0)
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    use sqlx::Row;
    let born: String = stored.try_get("birth_date").unwrap();
    let born = born
        .parse::<jiff::civil::Date>()
        .unwrap()
        .strftime("%d-%m-%Y")
        .to_string();
    let name: String = stored.try_get("name").unwrap();
    let email: String = stored.try_get("email").unwrap();
    let saved = nurse
        .post(
            &format!("/patienten/{}/gegevens", record.0),
            &[
                ("naam", name.as_str()),
                ("geboortedatum", born.as_str()),
                ("email", email.as_str()),
                ("bsn", ""),
                ("toestemming", "given"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let page = nurse
        .get(&format!("/patienten/{}", record.0))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("na een gesprek met de patiënt"), "{page}");
    let mine = jan.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("<strong>gegeven</strong>"), "{mine}");
    assert!(mine.contains("na een gesprek met de patiënt"), "{mine}");
    app.stop().await;
}

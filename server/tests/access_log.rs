//! Every page and form that reads or writes patient data leaves an access-log record. The
//! app's pages are listed from its router and each must be classified here, so a new page
//! cannot be added without deciding whether it shows patient data.

mod test_app;

use app::db::{Backend, Store};
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use sqlx::Row;
use test_app::{eventually, Person, TestApp};

app::on_both_backends!(every_page_and_form_with_patient_data_is_logged,);

/// Pages that show no patient data (an invitation or a password-reset link shows its holder
/// their own address; the notifications and the count before sending to a list show numbers
/// only; the second step's pages show the person's own key and codes).
const WITHOUT_PATIENT_DATA: [&str; 16] = [
    "/",
    "/meldingen",
    "/verzoeken/lijst",
    "/patienten/nieuw",
    "/organisatie",
    "/uitnodiging/{token}",
    "/wachtwoord-vergeten",
    "/wachtwoord-herstellen/{token}",
    "/account-activeren/{token}",
    "/vragenlijsten",
    "/vragenlijsten/{id}",
    "/inloggen",
    "/inloggen/code",
    "/inlogcode",
    "/inlogcode/herstelcodes",
    "/ontvangen",
];
/// In development only: the mail written to the outbox folder (demo data).
const DEVELOPMENT_ONLY: [&str; 1] = ["/ontwikkeling/post"];
/// Pages that show patient data: each is requested below and must leave a record.
const WITH_PATIENT_DATA: [&str; 14] = [
    "/mijn",
    "/l/{token}",
    "/l/{token}/vraag/{step}",
    "/l/{token}/controle",
    "/l/{token}/metingen",
    "/l/{token}/metingen/{reading}/verbeteren",
    "/verzoeken",
    "/verzoeken/nieuw",
    "/verzoeken/{id}",
    "/patienten",
    "/patienten/{id}",
    "/patienten/{id}/meting",
    "/patienten/{id}/gegevens",
    "/verzoeken/lijst/{id}",
];

/// A form to post: what it is, who posts it, where, and its fields.
type Form<'a> = (
    &'static str,
    &'a test_app::Browser<'a>,
    String,
    Vec<(&'static str, String)>,
);

async fn records(store: &Store) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[test]
fn every_page_of_the_app_is_classified() {
    let mut pages: Vec<String> = server::web::page_paths()
        .into_iter()
        .map(|p| p.replace(':', ""))
        .collect();
    pages.sort();
    pages.dedup();
    let mut classified: Vec<String> = WITHOUT_PATIENT_DATA
        .iter()
        .chain(&DEVELOPMENT_ONLY)
        .chain(&WITH_PATIENT_DATA)
        .map(|p| p.to_string())
        .collect();
    classified.sort();
    assert_eq!(pages, classified, "classify every page in this test");
}

async fn every_page_and_form_with_patient_data_is_logged(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("MEETPUNT_OUTBOX_POLL_MS", "50")]).await else {
        return;
    };
    let store = app.store().clone();
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let patient = app.sign_in_as(Person::Patient).await;
    app.organisation(OrganisationKind::Vvt).await;
    let record = patient.patient.unwrap();
    let request = app
        .send_request(record, Ask::Questionnaire("gfi".into()))
        .await;
    assert!(
        eventually(|| async {
            sqlx::query("SELECT COUNT(*) AS n FROM link_tokens")
                .fetch_one(store.pool())
                .await
                .unwrap()
                .try_get::<i64, _>("n")
                .unwrap()
                == 1
        })
        .await
    );
    // The link's token comes from the development outbox page (as in the demo).
    let mail = app
        .browser()
        .get("/ontwikkeling/post")
        .await
        .text()
        .await
        .unwrap();
    let start = mail.find("/l/").expect("a link in the outbox page");
    let link = mail[start..start + 3 + 64].to_owned();

    let mut checked = Vec::new();
    let mut expect_logged = |what: &'static str, before: i64, after: i64| {
        assert!(after > before, "{what} left no access-log record");
        checked.push(what);
    };
    let pages: [(&'static str, &test_app::Browser<'_>, String); 11] = [
        ("/mijn", &patient, "/mijn".into()),
        ("/l/{token}", &patient, link.clone()),
        (
            "/l/{token}/vraag/{step}",
            &patient,
            format!("{link}/vraag/1"),
        ),
        ("/l/{token}/controle", &patient, format!("{link}/controle")),
        ("/verzoeken", &nurse, "/verzoeken".into()),
        ("/verzoeken/nieuw", &nurse, "/verzoeken/nieuw".into()),
        (
            "/verzoeken/{id}",
            &nurse,
            format!("/verzoeken/{}", request.0),
        ),
        ("/patienten", &nurse, "/patienten?zoek=persoon".into()),
        (
            "/patienten/{id}",
            &nurse,
            format!("/patienten/{}", record.0),
        ),
        (
            "/patienten/{id}/meting",
            &nurse,
            format!("/patienten/{}/meting?soort=body-weight", record.0),
        ),
        (
            "/patienten/{id}/gegevens",
            &nurse,
            format!("/patienten/{}/gegevens", record.0),
        ),
    ];
    for (page, browser, path) in &pages {
        let before = records(&store).await;
        let response = browser.get(path).await;
        assert_eq!(response.status(), 200, "{page}");
        expect_logged(page, before, records(&store).await);
    }
    let record_email: String = sqlx::query("SELECT email FROM patients WHERE id = $1")
        .bind(record.0)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("email")
        .unwrap();
    let forms: [Form<'_>; 10] = [
        (
            "POST /l/{token}/start",
            &patient,
            format!("{link}/start"),
            vec![],
        ),
        (
            "POST /l/{token}/vraag/{step}",
            &patient,
            format!("{link}/vraag/1"),
            vec![("q-gfi_2d_1", "no".into()), ("go", "next".into())],
        ),
        (
            "POST /l/{token}/versturen",
            &patient,
            format!("{link}/versturen"),
            vec![],
        ),
        (
            "POST /verzoeken",
            &nurse,
            "/verzoeken".into(),
            vec![
                ("patient", record.0.to_string()),
                ("ask", "instrument:gfi".into()),
                ("due", "2026-03-20".into()),
            ],
        ),
        (
            "POST /mijn/verzoeken/{id}",
            &patient,
            format!("/mijn/verzoeken/{}", request.0),
            vec![],
        ),
        (
            "POST /patienten/{id}/meting",
            &nurse,
            format!("/patienten/{}/meting", record.0),
            vec![("soort", "body-weight".into()), ("value", "81,4".into())],
        ),
        (
            "POST /patienten/nieuw",
            &nurse,
            "/patienten/nieuw".into(),
            vec![
                ("naam", "Nieuw".into()),
                ("geboortedatum", "01-01-1950".into()),
            ],
        ),
        (
            "POST /patienten/{id}/gegevens",
            &nurse,
            format!("/patienten/{}/gegevens", record.0),
            vec![
                ("naam", "Persoon".into()),
                ("geboortedatum", "02-03-1941".into()),
                ("email", record_email.clone()),
            ],
        ),
        (
            "POST /patienten/{id}/zorgnetwerk",
            &nurse,
            format!("/patienten/{}/zorgnetwerk", record.0),
            vec![("organisatie", "test-vvt".into())],
        ),
        (
            "POST /patienten/{id}/betrokkenen",
            &nurse,
            format!("/patienten/{}/betrokkenen", record.0),
            vec![
                ("account", nurse.account.unwrap().0.to_string()),
                ("actie", "toevoegen".into()),
            ],
        ),
    ];
    for (form, browser, path, fields) in &forms {
        let before = records(&store).await;
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = browser.post(path, &pairs).await;
        assert!(
            response.status().is_redirection(),
            "{form}: {}",
            response.status()
        );
        expect_logged(form, before, records(&store).await);
    }
    // Sent to a list (everyone of the practice), then the outcome per patient.
    let due = app::measurements::clock::today(app.now())
        .checked_add(jiff::Span::new().days(7))
        .unwrap()
        .to_string();
    let before = records(&store).await;
    let list = nurse
        .post(
            "/verzoeken/lijst",
            &[
                ("selectie", "leeftijd"),
                ("leeftijd", "0"),
                ("ask", "instrument:4dkl"),
                ("due", &due),
                ("key", "00112233445566778899aabbccddeeff"),
            ],
        )
        .await;
    assert!(list.status().is_redirection(), "{}", list.status());
    expect_logged("POST /verzoeken/lijst", before, records(&store).await);
    let outcomes = list.headers()["location"].to_str().unwrap().to_owned();
    assert!(outcomes.starts_with("/verzoeken/lijst/"), "{outcomes}");
    let before = records(&store).await;
    assert_eq!(nurse.get(&outcomes).await.status(), 200);
    expect_logged("/verzoeken/lijst/{id}", before, records(&store).await);
    // A measurement request: its pages and forms, in the order a patient uses them.
    let today = app::measurements::clock::today(app.now());
    let protocol = app::requests::named_protocol("blood-pressure-week", today, today).unwrap();
    let series = app
        .send_request_due(record, Ask::Measurements(protocol), today)
        .await;
    let token = {
        let mut tx = store.begin().await.unwrap();
        let token = app::requests::server::mint_link(&mut tx, series, 7, app.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        app::requests::server::link_path(&token)
    };
    patient.post(&format!("{token}/start"), &[]).await;
    let key = "0123456789abcdef0123456789abcdef";
    let measured: [Form<'_>; 2] = [
        (
            "POST /l/{token}/metingen",
            &patient,
            format!("{token}/metingen"),
            vec![
                ("key", key.into()),
                ("systolic", "140".into()),
                ("diastolic", "85".into()),
            ],
        ),
        (
            "POST /l/{token}/metingen/{reading}/verbeteren",
            &patient,
            format!("{token}/metingen/{key}/verbeteren"),
            vec![
                ("key", "fedcba9876543210fedcba9876543210".into()),
                ("reason", "typefout".into()),
                ("systolic", "141".into()),
                ("diastolic", "85".into()),
            ],
        ),
    ];
    let (enter, correct) = (&measured[0], &measured[1]);
    for (what, browser, path, fields, page) in [
        (enter.0, enter.1, &enter.2, Some(&enter.3), None),
        ("/l/{token}/metingen", &patient, &enter.2, None, Some(())),
        (
            "/l/{token}/metingen/{reading}/verbeteren",
            &patient,
            &correct.2,
            None,
            Some(()),
        ),
        (correct.0, correct.1, &correct.2, Some(&correct.3), None),
    ] {
        let before = records(&store).await;
        let response = match fields {
            Some(fields) => {
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                browser.post(path, &pairs).await
            }
            None => browser.get(path).await,
        };
        let expected = if page.is_some() { 200 } else { 303 };
        assert_eq!(response.status(), expected, "{what}");
        expect_logged(what, before, records(&store).await);
    }
    // The readings downloaded for the GP system.
    let before = records(&store).await;
    let download = nurse.get(&format!("/verzoeken/{}/fhir", series.0)).await;
    assert_eq!(download.status(), 200);
    expect_logged("GET /verzoeken/{id}/fhir", before, records(&store).await);
    assert_eq!(
        checked.len(),
        WITH_PATIENT_DATA.len() + forms.len() + measured.len() + 2
    );
    // Every record of these names the patient record, except the organisation's lists (of
    // requests, of patients, and of a batch's outcomes).
    let unnamed: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log
         WHERE patient_id IS NULL
           AND action NOT IN ('sign_in', 'sign_in_second_step', 'sign_out', 'account_created',
                              'patient_linked')
           AND object NOT LIKE 'requests:%' AND object NOT LIKE 'patients:%'
           AND object NOT LIKE 'batch:%' AND object NOT LIKE 'batches:%'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap()
    .try_get("n")
    .unwrap();
    assert_eq!(unnamed, 0);
    app.stop().await;
}

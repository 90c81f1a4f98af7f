//! Terugkoppelen over HTTP on both backends: a professional downloads an answered GFI as a
//! FHIR R4 Bundle (the response, its score with the band, who filled it in, the patient with
//! the BSN), logged as an export; the request's page offers the download once there is a
//! result; everyone else gets the same refusal whether the request exists or not.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use serde_json::Value;
use test_app::{count, eventually, Person, TestApp};

app::on_both_backends!(an_answered_questionnaire_downloads_as_a_fhir_bundle_for_its_practice_only,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

/// The resources of a Bundle of this type.
fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

async fn an_answered_questionnaire_downloads_as_a_fhir_bundle_for_its_practice_only(
    backend: Backend,
) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let jan = app.patient_jan().await;
    sqlx::query("UPDATE patients SET bsn = '111222333' WHERE id = $1")
        .bind(jan.0)
        .execute(app.store().pool())
        .await
        .unwrap();
    let gfi = app
        .send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    assert!(eventually(|| async { !app.mail_links().is_empty() }).await);
    let link = app.mail_links().pop().unwrap();
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let download = format!("/verzoeken/{}/fhir", gfi.0);

    // Before an answer: nothing to download, and the page offers nothing.
    let early = nurse.get(&download).await;
    assert_eq!(early.status(), 404);
    assert!(early
        .text()
        .await
        .unwrap()
        .contains("nog geen uitkomst om te downloaden"));
    let page = nurse
        .get(&format!("/verzoeken/{}", gfi.0))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains(&download), "{page}");

    app.fill_in_gfi(link.rsplit('/').next().unwrap()).await;
    let page = nurse
        .get(&format!("/verzoeken/{}", gfi.0))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("href=\"{download}\"")), "{page}");

    let response = nurse.get(&download).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(
        headers["content-type"],
        "application/fhir+json; charset=utf-8"
    );
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"meetpunt-verzoek-{}.json\"", gfi.0)
    );
    assert_eq!(headers["cache-control"], "no-store");
    let bundle: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let patient = resources(&bundle, "Patient");
    assert_eq!(patient.len(), 1);
    assert_eq!(patient[0]["identifier"][0]["value"], "111222333");
    assert_eq!(patient[0]["birthDate"], "1941-03-02");
    let answers = resources(&bundle, "QuestionnaireResponse");
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0]["status"], "completed");
    assert_eq!(
        answers[0]["subject"]["reference"],
        format!("Patient/{}", jan.0)
    );
    assert!(
        answers[0].to_string().contains(r#""valueInteger":5"#),
        "the mark for life"
    );
    let scores = resources(&bundle, "Observation");
    assert_eq!(scores.len(), 1, "one scale");
    assert_eq!(scores[0]["valueQuantity"]["value"], 6.0);
    assert_eq!(
        scores[0]["interpretation"][0]["text"], "Kwetsbaar",
        "{bundle}"
    );
    let provenance = resources(&bundle, "Provenance");
    assert_eq!(provenance.len(), 1);
    assert_eq!(
        provenance[0]["agent"][0]["who"]["reference"],
        format!("Patient/{}", jan.0)
    );
    assert_eq!(provenance[0]["target"].as_array().unwrap().len(), 2);
    // Every fullUrl is the portal's address; every reference is one of them.
    let urls: Vec<String> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap().to_owned())
        .collect();
    let text = bundle.to_string();
    for reference in text.split("\"reference\":\"").skip(1) {
        let reference = &reference[..reference.find('"').unwrap()];
        assert!(
            urls.contains(&format!("{}/fhir/{reference}", app.base)),
            "{reference} resolves in {urls:?}"
        );
    }
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'result_exported' \
                 AND patient_id = {} AND object = 'request:{}'",
                jan.0, gfi.0
            ),
        )
        .await,
        1
    );

    // Started by another site (a link or a script elsewhere): refused before anything is read.
    let session = format!(
        "meetpunt_session={}",
        nurse.cookie("meetpunt_session").unwrap()
    );
    for site in ["cross-site", "same-site"] {
        let elsewhere = app
            .client
            .get(app.url(&download))
            .header("cookie", &session)
            .header("sec-fetch-site", site)
            .send()
            .await
            .unwrap();
        assert_eq!(elsewhere.status(), 403, "{site}");
    }

    // Outside the care network, at a level without access, as a patient: the same refusal
    // whether the request exists or not; nobody signed in is sent to sign in first.
    let missing = "/verzoeken/987654/fhir";
    for person in [
        Person::Professional(OrganisationKind::Thuiszorg, Level::Zorgverlener),
        Person::Professional(OrganisationKind::Hap, Level::B),
        Person::Patient,
    ] {
        let other = app.sign_in_as(person).await;
        let existing = other.get(&download).await;
        assert_eq!(existing.status(), 403);
        let existing = existing.text().await.unwrap();
        let absent = other.get(missing).await;
        assert_eq!(absent.status(), 403);
        assert_eq!(existing, absent.text().await.unwrap());
        assert!(!existing.contains("Jan"), "{existing}");
    }
    for path in [download.as_str(), missing] {
        let anonymous = app.browser().get(path).await;
        assert_eq!(anonymous.status(), 303);
        assert!(anonymous.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/inloggen?next="));
    }
    // Still only the one export.
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'result_exported'"
        )
        .await,
        1
    );
    app.stop().await;
}

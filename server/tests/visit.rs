//! A professional enters a measurement taken at a visit, over HTTP on both backends: the form
//! from the patient's page, a refused value back as typed with its message, a form sent twice
//! stored once, the reading recorded as entered by that professional at a visit and shown so in
//! the chart and its table; refusals that leak nothing.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use sqlx::Row;
use test_app::{count, Person, TestApp};

app::on_both_backends!(a_professional_enters_a_measurement_taken_at_a_visit,);

/// The form key on a page.
fn key(html: &str) -> String {
    let at = html
        .find(r#"name="key" value=""#)
        .unwrap_or_else(|| panic!("no key in {html}"));
    let rest = &html[at + r#"name="key" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

async fn a_professional_enters_a_measurement_taken_at_a_visit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let jan = app.patient_jan().await;
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let patient_page = format!("/patienten/{}", jan.0);
    let visit = format!("/patienten/{}/meting", jan.0);
    let page = nurse.get(&patient_page).await.text().await.unwrap();
    assert!(page.contains(&format!("href=\"{visit}\"")), "{page}");

    // Choose blood pressure: the form for it.
    let form = nurse
        .get(&format!("{visit}?soort=blood-pressure"))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("Jan Jansen"), "{form}");
    assert!(form.contains(r#"name="systolic""#), "{form}");
    let first_key = key(&form);

    // A lower pressure above the upper: refused, back as typed with the message; nothing stored.
    let refused = nurse
        .post(
            &visit,
            &[
                ("soort", "blood-pressure"),
                ("key", &first_key),
                ("systolic", "80"),
                ("diastolic", "120"),
                ("pulse", ""),
                ("date", ""),
                ("time", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 303);
    assert_eq!(
        refused.headers()["location"],
        format!("{visit}?soort=blood-pressure")
    );
    let again = nurse
        .get(&format!("{visit}?soort=blood-pressure"))
        .await
        .text()
        .await
        .unwrap();
    assert!(again.contains(r#"class="error-summary""#), "{again}");
    assert!(
        again.contains(r#"value="120""#),
        "typed value kept: {again}"
    );
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM readings").await, 0);
    // Shown once: the next visit to the form starts clean.
    let clean = nurse
        .get(&format!("{visit}?soort=blood-pressure"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!clean.contains(r#"class="error-summary""#), "{clean}");

    // Saved, and the same form sent again stores nothing more.
    let fields = [
        ("soort", "blood-pressure"),
        ("key", first_key.as_str()),
        ("systolic", "152"),
        ("diastolic", "91"),
        ("pulse", "72"),
        ("date", ""),
        ("time", ""),
    ];
    for _ in 0..2 {
        let saved = nurse.post(&visit, &fields).await;
        assert_eq!(saved.status(), 303);
        assert_eq!(
            saved.headers()["location"],
            format!("{visit}?soort=blood-pressure&opgeslagen={first_key}")
        );
    }
    let done = nurse
        .get(&format!(
            "{visit}?soort=blood-pressure&opgeslagen={first_key}"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(done.contains("De meting is opgeslagen"), "{done}");
    assert!(done.contains("152/91 mmHg"), "{done}");
    let row =
        sqlx::query("SELECT entered_by, entered_via, entered_by_account, request_id FROM readings")
            .fetch_all(app.store().pool())
            .await
            .unwrap();
    assert_eq!(row.len(), 1);
    assert_eq!(
        row[0].try_get::<String, _>("entered_by").unwrap(),
        "professional"
    );
    assert_eq!(row[0].try_get::<String, _>("entered_via").unwrap(), "visit");
    assert_eq!(
        row[0]
            .try_get::<Option<i64>, _>("entered_by_account")
            .unwrap(),
        nurse.account.map(|a| a.0)
    );
    assert_eq!(
        row[0].try_get::<Option<i64>, _>("request_id").unwrap(),
        None
    );
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'reading_saved' AND patient_id = {}",
                jan.0
            )
        )
        .await,
        1
    );

    // The chart draws it as the professional's (a cross, no dot) and the table says so.
    let page = nurse.get(&patient_page).await.text().await.unwrap();
    let start = page.find("data-chart=\"blood-pressure\"").expect("a chart");
    let chart = &page[start..start + page[start..].find("</figure>").unwrap()];
    assert_eq!(chart.matches("<circle").count(), 0, "{chart}");
    assert!(chart.contains("zorgverlener"), "{chart}");

    // A level without access, an organisation outside the care network (the same refusal
    // whether the patient exists or not), nobody signed in: nothing stored.
    let assistant = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::B))
        .await;
    let outsider = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Hoofdzorgverlener,
        ))
        .await;
    let missing = "/patienten/987654/meting";
    for person in [&assistant, &outsider] {
        let page = person.get(&format!("{visit}?soort=blood-pressure")).await;
        assert_eq!(page.status(), 403);
        let posted = person.post(&visit, &fields).await;
        assert_eq!(posted.status(), 403);
        let posted = posted.text().await.unwrap();
        let absent = person.post(missing, &fields).await;
        assert_eq!(absent.status(), 403);
        assert_eq!(posted, absent.text().await.unwrap());
    }
    let anonymous = app.browser().post(&visit, &fields).await;
    assert_eq!(anonymous.status(), 303);
    assert!(anonymous.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/inloggen"));
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM readings").await, 1);
    app.stop().await;
}

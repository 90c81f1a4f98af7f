//! The professionals' patient pages over HTTP on both backends: finding a patient of the
//! organisation by name, date of birth or BSN; one patient's charts on one time axis (blood
//! pressure with who entered what and the flag, the GFI with its cut-off) and requests; what
//! each kind of organisation sees; refusals that leak nothing; the access log.

mod test_app;

use app::db::{Backend, Store};
use app::measurements::kind::{BloodPressure, Kind, Value};
use app::measurements::reading::{EnteredBy, Measurement, Provenance, Reading, Status};
use app::measurements::server::{insert, Author, Via};
use app::organisations::{Level, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::{NetworkRole, NewPatient, PatientId};
use app::requests::Ask;
use sqlx::Row;
use test_app::{eventually, Person, TestApp};

app::on_both_backends!(
    a_professional_finds_a_patient_and_sees_the_charts_and_requests,
    what_a_professional_sees_follows_the_kind_of_organisation_and_refusals_leak_nothing,
);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

/// Stores blood-pressure readings for `patient`: (days before now, upper, lower, by a carer).
async fn readings(app: &TestApp, patient: PatientId, values: &[(i64, f64, f64, bool)]) {
    let now = app::measurements::clock::instant(app.now());
    let mut conn = app.store().conn().await.unwrap();
    for (i, (days_ago, systolic, diastolic, carer)) in values.iter().enumerate() {
        let at = now - jiff::SignedDuration::from_hours(24 * days_ago + i as i64);
        let measurement = Measurement {
            reading: Reading {
                id: format!("bp-{i}"),
                kind: Kind::BloodPressure,
                value: Value::BloodPressure(BloodPressure {
                    systolic: *systolic,
                    diastolic: *diastolic,
                    pulse: None,
                }),
                measured_at: at,
            },
            provenance: Provenance {
                entered_at: at,
                entered_by: if *carer {
                    EnteredBy::Carer {
                        person: String::new(),
                        mandate: String::new(),
                    }
                } else {
                    EnteredBy::Patient
                },
                device: None,
                method: None,
            },
            status: Status::Final,
            replaces: None,
            reason: None,
        };
        let author = Author {
            account: None,
            via: Via::Link,
        };
        assert!(insert(&mut conn, patient, None, &measurement, author)
            .await
            .unwrap());
    }
}

/// The HTML of one chart's figure on a page.
fn figure<'a>(page: &'a str, chart: &str) -> &'a str {
    let start = page
        .find(&format!("data-chart=\"{chart}\""))
        .unwrap_or_else(|| panic!("no chart {chart} in {page}"));
    let rest = &page[start..];
    &rest[..rest.find("</figure>").unwrap()]
}

/// A page without what differs by design: the address (in the language switch) and the
/// script nonce, new for every response.
fn same_but_address(page: &str, address: &str) -> String {
    let page = page.replace(address, "ADDRESS");
    let mut out = String::new();
    let mut rest = page.as_str();
    while let Some(at) = rest.find("nonce=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 7..];
        rest = &after[after.find('"').map_or(after.len(), |end| end + 1)..];
    }
    out.push_str(rest);
    out
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// Jan's GFI, sent by the practice and filled in through the link (a score of 6).
async fn gfi_answered(app: &TestApp, jan: PatientId) {
    app.send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    assert!(eventually(|| async { !app.mail_links().is_empty() }).await);
    let token = app.mail_links()[0].rsplit('/').next().unwrap().to_owned();
    app.fill_in_gfi(&token).await;
}

async fn a_professional_finds_a_patient_and_sees_the_charts_and_requests(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let jan = app.patient_jan().await;
    // Someone outside the practice's care network, with a valid BSN.
    let elsewhere = NewPatient::check(
        "Jannie Elders",
        "1950-01-01",
        None,
        Some("111222333"),
        jiff::civil::date(2026, 3, 2),
    )
    .unwrap();
    patients::create(
        app.store(),
        &elsewhere,
        None,
        &RecordedBy::default(),
        app.now(),
    )
    .await
    .unwrap();

    let list = nurse.get("/patienten").await.text().await.unwrap();
    assert!(
        list.contains("Jan Jansen") && list.contains("02-03-1941"),
        "{list}"
    );
    assert!(!list.contains("Jannie"), "{list}");
    // The consent for networked care is a column of its own.
    assert!(list.contains("niet vastgelegd"), "{list}");
    sqlx::query("UPDATE patients SET consent = 'withdrawn' WHERE id = $1")
        .bind(jan.0)
        .execute(app.store().pool())
        .await
        .unwrap();
    let list = nurse.get("/patienten").await.text().await.unwrap();
    assert!(list.contains("ingetrokken"), "{list}");
    sqlx::query("UPDATE patients SET consent = 'unknown' WHERE id = $1")
        .bind(jan.0)
        .execute(app.store().pool())
        .await
        .unwrap();
    for found in ["/patienten?zoek=JANS", "/patienten?zoek=02-03-1941"] {
        let page = nurse.get(found).await.text().await.unwrap();
        assert!(page.contains("Jan Jansen"), "{found}: {page}");
    }
    for not_found in [
        "/patienten?zoek=Elders",
        "/patienten?zoek=111222333",
        "/patienten?zoek=%25",
    ] {
        let page = nurse.get(not_found).await.text().await.unwrap();
        assert!(
            page.contains("Geen patiënten gevonden.") && !page.contains("Jan Jansen"),
            "{not_found}: {page}"
        );
    }

    // Six readings over three days; the second by a carer and very high (flagged).
    readings(
        &app,
        jan,
        &[
            (3, 128.0, 82.0, false),
            (3, 185.0, 95.0, true),
            (2, 131.0, 84.0, false),
            (2, 127.0, 80.0, false),
            (1, 133.0, 86.0, false),
            (1, 129.0, 81.0, false),
        ],
    )
    .await;
    gfi_answered(&app, jan).await;

    let page = nurse
        .get(&format!("/patienten/{}", jan.0))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<h1>Jan Jansen</h1>"), "{page}");
    let bp = figure(&page, "blood-pressure");
    // Upper and lower pressure: five dots each for the patient's readings, a triangle each
    // for the carer's; one dot drawn larger (the carer's 185 is a triangle, so: none).
    assert_eq!(bp.matches("<circle").count(), 10, "{bp}");
    assert_eq!(bp.matches("<polygon").count(), 2, "{bp}");
    assert!(bp.contains("role=\"img\""), "{bp}");
    assert!(bp.contains("bovendruk thuis te hoog vanaf 135"), "{bp}");
    assert!(bp.contains("grens onderdruk thuis 85"), "{bp}");
    assert!(
        bp.contains("Bloeddruk: 6 waarden van ") && bp.contains("1 buiten de grens"),
        "{bp}"
    );
    assert!(bp.contains("ingevoerd door ook: mantelzorger"), "{bp}");
    // The table has exactly the plotted values.
    let table = &bp[bp.find("<tbody>").unwrap()..];
    assert_eq!(table.matches("<tr>").count(), 6, "{table}");
    assert!(table.contains("185 (buiten de grens)"), "{table}");
    assert_eq!(table.matches("mantelzorger").count(), 1, "{table}");
    // The GFI's score with the practice's cut-off.
    let gfi = figure(&page, "gfi-total");
    assert!(gfi.contains("≥ 4: Kwetsbaar"), "{gfi}");
    assert_eq!(gfi.matches("<circle").count(), 1, "{gfi}");
    assert!(gfi.contains("laatste 6"), "{gfi}");
    // The requests of the period with the score, linking to the request.
    let events = &page[page.find("data-testid=\"events\"").unwrap()..];
    assert!(
        events.contains("Groningen Frailty Indicator") && events.contains("6 (Kwetsbaar)"),
        "{events}"
    );
    assert!(events.contains("href=\"/verzoeken/"), "{events}");
    // Positieve Gezondheid filled in twice, a week apart: one radar compares the two times
    // (no line per dimension), with the same values in its table.
    for mark in [5, 8] {
        let before = app.mail_links();
        app.send_request(jan, Ask::Questionnaire("positieve-gezondheid-kort".into()))
            .await;
        let new = || app.mail_links().into_iter().find(|l| !before.contains(l));
        assert!(eventually(|| async { new().is_some() }).await);
        let token = new().unwrap().rsplit('/').next().unwrap().to_owned();
        app.fill_in(&token, |id| {
            (id.starts_with("phs-") && !id.ends_with("-talk"))
                .then_some(app::questionnaires::definition::AnswerValue::Integer(mark))
        })
        .await;
        assert!(app
            .clock()
            .advance(std::time::Duration::from_secs(2 * 86_400)));
    }
    // (Two days on, the session has ended: the nurse signs in again.)
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let page = nurse
        .get(&format!("/patienten/{}", jan.0))
        .await
        .text()
        .await
        .unwrap();
    let radar = figure(&page, "positieve-gezondheid-kort");
    assert!(radar.contains("class=\"chart radar\""), "{radar}");
    assert!(radar.contains("2 keer ingevuld"), "{radar}");
    assert!(radar.contains("lager: niets"), "{radar}");
    assert_eq!(radar.matches("<circle").count(), 12, "{radar}");
    let table = &radar[radar.find("<tbody>").unwrap()..];
    assert_eq!(table.matches("<tr>").count(), 6, "{table}");
    assert_eq!(table.matches("<td>5</td><td>8</td>").count(), 6, "{table}");
    assert!(!page.contains("data-chart=\"positieve-gezondheid-kort-lichaam\""));

    // Three months back: the same charts; an unknown period falls back to a year.
    let short = nurse
        .get(&format!("/patienten/{}?periode=3m", jan.0))
        .await
        .text()
        .await
        .unwrap();
    assert!(short.contains("data-chart=\"blood-pressure\""));
    assert!(short.contains(r#"<option value="3m" selected"#), "{short}");

    // Each look is logged per capability, on Jan's record.
    let logged = count(
        app.store(),
        &format!(
            "SELECT COUNT(DISTINCT action) FROM audit_log WHERE patient_id = {} \
             AND outcome = 'success' AND action IN ('view_patient', 'see_measurements', \
             'see_own_questionnaires', 'see_other_questionnaires')",
            jan.0
        ),
    )
    .await;
    assert_eq!(logged, 4);
    // The list is logged as one access of the organisation's patients.
    let listed = count(
        app.store(),
        "SELECT COUNT(*) FROM audit_log WHERE object = 'patients:test-hap'",
    )
    .await;
    assert!(listed >= 6, "{listed}");
    app.stop().await;
}

async fn what_a_professional_sees_follows_the_kind_of_organisation_and_refusals_leak_nothing(
    backend: Backend,
) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let jan = app.patient_jan().await;
    readings(&app, jan, &[(1, 128.0, 82.0, false)]).await;
    gfi_answered(&app, jan).await;
    let jan_page = format!("/patienten/{}", jan.0);

    // A network partner in Jan's care network sees his measurements but not the
    // questionnaire the practice sent; home care likewise (it sent none itself).
    for (kind, level) in [
        (OrganisationKind::Netwerkpartner, Level::Zorgverlener),
        (OrganisationKind::Vvt, Level::Hoofdzorgverlener),
    ] {
        let organisation = app.organisation(kind).await;
        patients::add_to_care_network(
            app.store(),
            jan,
            &organisation,
            NetworkRole::Member,
            &RecordedBy::default(),
            app.now(),
        )
        .await
        .unwrap();
        let person = app.sign_in_as(Person::Professional(kind, level)).await;
        let page = person.get(&jan_page).await.text().await.unwrap();
        assert!(page.contains("data-chart=\"blood-pressure\""), "{page}");
        assert!(!page.contains("gfi-total"), "{kind:?}: {page}");
        assert!(!page.contains("Groningen"), "{kind:?}: {page}");
    }

    // Outside the care network: the same refusal whether the patient exists or not.
    let outsider = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Thuiszorg,
            Level::Zorgverlener,
        ))
        .await;
    let existing = outsider.get(&jan_page).await;
    assert_eq!(existing.status(), 403);
    let existing = existing.text().await.unwrap();
    let missing = outsider.get("/patienten/987654").await;
    assert_eq!(missing.status(), 403);
    let missing = missing.text().await.unwrap();
    assert_eq!(
        same_but_address(&existing, &jan_page),
        same_but_address(&missing, "/patienten/987654")
    );
    assert!(!existing.contains("Jan"), "{existing}");
    // The outsider's list has nobody.
    let list = outsider
        .get("/patienten?zoek=jan")
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains("Jan Jansen"), "{list}");

    // A level without access, a patient, nobody signed in.
    let assistant = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::B))
        .await;
    assert_eq!(assistant.get(&jan_page).await.status(), 403);
    assert_eq!(assistant.get("/patienten").await.status(), 403);
    let patient = app.sign_in_as(Person::Patient).await;
    assert_eq!(patient.get(&jan_page).await.status(), 403);
    assert_eq!(patient.get("/patienten").await.status(), 403);
    assert_eq!(app.browser().get(&jan_page).await.status(), 401);
    assert_eq!(app.browser().get("/patienten").await.status(), 401);

    // The refusals on Jan's record are in the access log.
    let refused = count(
        app.store(),
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE patient_id = {} AND outcome = 'refused'",
            jan.0
        ),
    )
    .await;
    assert!(refused >= 4, "{refused}");
    app.stop().await;
}

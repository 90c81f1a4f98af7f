//! The worklist over HTTP on both backends: new results and results outside a limit first,
//! overdue requests marked, filters by status, what was asked and who asked, "seen" taking a
//! result off the top (logged), and refusals for anyone outside the organisation.

mod test_app;

use app::db::{Backend, Store};
use app::organisations::{Level, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::NetworkRole;
use app::requests::Ask;
use sqlx::Row;
use test_app::{eventually, Person, TestApp};

app::on_both_backends!(the_worklist_puts_new_and_flagged_results_first_and_filters,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// The rows of the worklist's table, each as its text without tags.
fn rows(page: &str) -> Vec<String> {
    let Some(start) = page.find("<tbody>") else {
        return Vec::new();
    };
    let body = &page[start..page[start..].find("</tbody>").unwrap() + start];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let row = &row[row.find('>').map_or(0, |i| i + 1)..];
            let mut text = String::new();
            let mut inside = false;
            for c in row.chars() {
                match c {
                    '<' => inside = true,
                    '>' => {
                        inside = false;
                        text.push(' ');
                    }
                    c if !inside => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

async fn the_worklist_puts_new_and_flagged_results_first_and_filters(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let jan = app.patient_jan().await;
    // Three requests from the practice: the 4DKL (due 16 March), the GFI (answered: 6, frail,
    // outside the cut-off), and one the nurse sends herself (due 20 March).
    app.send_request(jan, Ask::Questionnaire("4dkl".into()))
        .await;
    let gfi = app
        .send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    assert!(eventually(|| async { app.mail().len() == 2 }).await);
    // The GFI's link, whichever mail arrived first.
    let mut token = String::new();
    let mut links = app.mail_links();
    links.dedup();
    for link in links {
        let candidate = link.rsplit('/').next().unwrap().to_owned();
        let opened = app::requests::link::open(app.store(), &candidate, None, app.now())
            .await
            .unwrap()
            .unwrap();
        if opened.request == gfi {
            token = candidate;
        }
    }
    let sent = nurse
        .post(
            "/verzoeken",
            &[
                ("patient", &jan.0.to_string()),
                ("ask", "instrument:valrisico"),
                ("due", "2026-03-20"),
            ],
        )
        .await;
    assert_eq!(sent.status(), 303);
    app.fill_in_gfi(&token).await;

    let list = nurse.get("/verzoeken").await.text().await.unwrap();
    let all = rows(&list);
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(
        all[0].starts_with("Groningen Frailty Indicator (GFI) Jan Jansen")
            && all[0].contains("Ingevuld nieuw buiten de grens"),
        "{all:?}"
    );
    assert!(all[0].contains("Bekeken"), "{all:?}");
    assert!(
        !all[1].contains("nieuw") && !all[2].contains("nieuw"),
        "{all:?}"
    );
    // The nurse's own request names her.
    assert!(all.iter().any(|r| r.contains("Persoon")), "{all:?}");

    // Filters: new results, what was asked, the nurse's own, a due period.
    let new = rows(
        &nurse
            .get("/verzoeken?status=nieuw")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(new.len(), 1, "{new:?}");
    // Of them, those outside a limit or a cut-off (the GFI of 6 is).
    let flagged = rows(
        &nurse
            .get("/verzoeken?status=buiten-grens")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(flagged, new, "{flagged:?}");
    let four = rows(
        &nurse
            .get("/verzoeken?wat=instrument%3A4dkl")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(four.len(), 1, "{four:?}");
    assert!(
        four[0].starts_with("Vier-Dimensionale") || four[0].contains("4DKL"),
        "{four:?}"
    );
    let mine = rows(&nurse.get("/verzoeken?van=mij").await.text().await.unwrap());
    assert_eq!(mine.len(), 1, "{mine:?}");
    let period = rows(
        &nurse
            .get("/verzoeken?vanaf=2026-03-17&tot=2026-03-31")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(period.len(), 1, "{period:?}");
    let nothing = nurse
        .get("/verzoeken?status=cancelled")
        .await
        .text()
        .await
        .unwrap();
    assert!(nothing.contains("Geen verzoeken gevonden."), "{nothing}");

    // Seen: back to the worklist as filtered; the GFI is no longer new, and the look is logged.
    let seen = nurse
        .post(
            &format!("/verzoeken/{}/bekeken", gfi.0),
            &[("terug", "/verzoeken?status=nieuw")],
        )
        .await;
    assert_eq!(seen.status(), 303);
    assert_eq!(seen.headers()["location"], "/verzoeken?status=nieuw");
    let after = nurse
        .get("/verzoeken?status=nieuw")
        .await
        .text()
        .await
        .unwrap();
    assert!(after.contains("Geen verzoeken gevonden."), "{after}");
    let logged = count(
        app.store(),
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'results_seen' AND patient_id = {}",
            jan.0
        ),
    )
    .await;
    assert_eq!(logged, 1);
    // A foreign address to go back to is not followed.
    let elsewhere = nurse
        .post(
            &format!("/verzoeken/{}/bekeken", gfi.0),
            &[("terug", "https://example.org/")],
        )
        .await;
    assert_eq!(elsewhere.headers()["location"], "/verzoeken");

    // On 22 March, after both due dates (within the links' grace days): the open requests are overdue,
    // and say so. (The session ended meanwhile: a colleague signs in.)
    assert!(app
        .clock()
        .advance(std::time::Duration::from_secs(20 * 24 * 3600)));
    let colleague = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::CPlus))
        .await;
    let late = rows(
        &colleague
            .get("/verzoeken?status=te-laat")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(late.len(), 2, "{late:?}");
    assert!(late.iter().all(|r| r.contains("Te laat")), "{late:?}");

    // A network partner in Jan's care network sees only its own organisation's requests
    // (none), and may not mark the practice's request as seen; nor may anyone mark a request
    // that does not exist, with the same answer.
    let partner_org = app.organisation(OrganisationKind::Netwerkpartner).await;
    patients::add_to_care_network(
        app.store(),
        jan,
        &partner_org,
        NetworkRole::Member,
        &RecordedBy::default(),
        app.now(),
    )
    .await
    .unwrap();
    let partner = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Netwerkpartner,
            Level::Zorgverlener,
        ))
        .await;
    let theirs = partner.get("/verzoeken").await.text().await.unwrap();
    assert!(rows(&theirs).is_empty(), "{theirs}");
    let refused = partner
        .post(&format!("/verzoeken/{}/bekeken", gfi.0), &[])
        .await;
    assert_eq!(refused.status(), 403);
    let refused = refused.text().await.unwrap();
    let missing = partner.post("/verzoeken/987654/bekeken", &[]).await;
    assert_eq!(missing.status(), 403);
    assert_eq!(refused, missing.text().await.unwrap());
    // Nobody signed in: to the sign-in page; a level without access: refused.
    let anonymous = app
        .browser()
        .post(&format!("/verzoeken/{}/bekeken", gfi.0), &[])
        .await;
    assert_eq!(anonymous.status(), 303);
    let assistant = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::B))
        .await;
    assert_eq!(assistant.get("/verzoeken").await.status(), 403);
    assert_eq!(
        assistant
            .post(&format!("/verzoeken/{}/bekeken", gfi.0), &[])
            .await
            .status(),
        403
    );
    app.stop().await;
}

//! A professional cancels an open request over HTTP on both backends: the request page offers
//! it, the status becomes cancelled, the patient's link stops working, the cancellation is
//! logged; a closed request stays as it is; anyone else gets the same refusal whether the
//! request exists or not.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use sqlx::Row;
use test_app::{count, eventually, Person, TestApp};

app::on_both_backends!(a_professional_cancels_an_open_request,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

async fn a_professional_cancels_an_open_request(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let jan = app.patient_jan().await;
    let gfi = app
        .send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    assert!(eventually(|| async { !app.mail_links().is_empty() }).await);
    let link = app.mail_links().pop().unwrap();
    let link = link.strip_prefix(&app.base).unwrap().to_owned();
    assert_eq!(app.browser().get(&link).await.status(), 200);

    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let page = format!("/verzoeken/{}", gfi.0);
    let cancel = format!("{page}/annuleren");
    let before = nurse.get(&page).await.text().await.unwrap();
    assert!(before.contains(&format!("action=\"{cancel}\"")), "{before}");

    // Outside the care network, or at a level without access: refused like a missing one.
    for person in [
        Person::Professional(OrganisationKind::Thuiszorg, Level::Zorgverlener),
        Person::Professional(OrganisationKind::Hap, Level::B),
    ] {
        let other = app.sign_in_as(person).await;
        let existing = other.post(&cancel, &[]).await;
        assert_eq!(existing.status(), 403);
        let existing = existing.text().await.unwrap();
        let missing = other.post("/verzoeken/876543/annuleren", &[]).await;
        assert_eq!(missing.status(), 403);
        assert_eq!(existing, missing.text().await.unwrap());
    }
    let anonymous = app.browser().post(&cancel, &[]).await;
    assert_eq!(anonymous.status(), 303);
    let status = || async {
        sqlx::query("SELECT status FROM requests WHERE id = $1")
            .bind(gfi.0)
            .fetch_one(app.store().pool())
            .await
            .unwrap()
            .try_get::<String, _>("status")
            .unwrap()
    };
    assert_eq!(status().await, "sent");

    // Cancelled: back to the page, which says so and offers it no more; the link is dead.
    let done = nurse.post(&cancel, &[]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], page.as_str());
    assert_eq!(status().await, "cancelled");
    let after = nurse.get(&page).await.text().await.unwrap();
    assert!(after.contains("Geannuleerd"), "{after}");
    assert!(!after.contains(&cancel), "{after}");
    assert_eq!(app.browser().get(&link).await.status(), 404);
    // Again: nothing more happens.
    assert_eq!(nurse.post(&cancel, &[]).await.status(), 303);
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'request_cancelled' \
                 AND patient_id = {} AND object = 'request:{}'",
                jan.0, gfi.0
            )
        )
        .await,
        1
    );

    // An answered request is closed: it cannot be cancelled.
    let answered = app
        .send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    let before_links = [format!("{}{link}", app.base)];
    let new = || {
        app.mail_links()
            .into_iter()
            .find(|l| !before_links.contains(l))
    };
    assert!(eventually(|| async { new().is_some() }).await);
    app.fill_in_gfi(new().unwrap().rsplit('/').next().unwrap())
        .await;
    let closed = nurse
        .post(&format!("/verzoeken/{}/annuleren", answered.0), &[])
        .await;
    assert_eq!(closed.status(), 303);
    let state: String = sqlx::query("SELECT status FROM requests WHERE id = $1")
        .bind(answered.0)
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("status")
        .unwrap();
    assert_eq!(state, "completed");
    app.stop().await;
}

//! A professional sends an open request again and cancels it, over HTTP on both backends:
//! the request page offers both; sending again gives a second mail with a new link (both
//! work); cancelling stops every link and is logged; a closed request is neither sent again nor
//! changed; anyone else gets the same refusal whether the request exists or not.

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

    // Sent again: a second mail with a new link; both links work; logged.
    let resend = format!("{page}/opnieuw");
    assert!(before.contains(&format!("action=\"{resend}\"")), "{before}");
    let again = nurse.post(&resend, &[]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        again.headers()["location"],
        format!("{page}?opnieuw=verstuurd").as_str()
    );
    let first = format!("{}{link}", app.base);
    let second = || app.mail_links().into_iter().find(|l| *l != first);
    assert!(eventually(|| async { second().is_some() }).await);
    let second = second().unwrap();
    let second = second.strip_prefix(&app.base).unwrap().to_owned();
    assert_eq!(app.browser().get(&second).await.status(), 200);
    assert_eq!(app.browser().get(&link).await.status(), 200);
    let notice = nurse
        .get(&format!("{page}?opnieuw=verstuurd"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        notice.contains("De uitnodiging is opnieuw verstuurd."),
        "{notice}"
    );
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'request_resent' AND patient_id = {}",
                jan.0
            )
        )
        .await,
        1
    );

    // Cancelled: back to the page, which says so and offers it no more; the link is dead.
    let done = nurse.post(&cancel, &[]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], page.as_str());
    assert_eq!(status().await, "cancelled");
    let after = nurse.get(&page).await.text().await.unwrap();
    assert!(after.contains("Geannuleerd"), "{after}");
    assert!(!after.contains(&cancel), "{after}");
    assert_eq!(app.browser().get(&link).await.status(), 404);
    assert_eq!(app.browser().get(&second).await.status(), 404);
    // Again: nothing more happens; sending it again is refused as closed, and no mail goes.
    assert_eq!(nurse.post(&cancel, &[]).await.status(), 303);
    let mails = app.mail().len();
    let closed = nurse.post(&resend, &[]).await;
    assert_eq!(
        closed.headers()["location"],
        format!("{page}?opnieuw=gesloten").as_str()
    );
    assert_eq!(
        count(
            app.store(),
            &format!("SELECT COUNT(*) FROM outbox WHERE request_id = {}", gfi.0)
        )
        .await,
        2
    );
    assert_eq!(app.mail().len(), mails);
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
    let before_links = [
        format!("{}{link}", app.base),
        format!("{}{second}", app.base),
    ];
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

//! An organisation's manager ends a colleague's membership over HTTP on both backends: the
//! members page lists who is a member (and who left), the colleague is signed out at once and
//! stays out, what they did stays theirs; nobody else may see or change the members.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use test_app::{count, Person, TestApp};

app::on_both_backends!(a_manager_ends_a_colleagues_membership,);

async fn a_manager_ends_a_colleagues_membership(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let manager = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::A))
        .await;
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let nurse_id = nurse.account.unwrap().0;
    let end = format!("/organisatie/leden/{nurse_id}/beeindigen");

    // The manager finds the page from their own page, and sees both members.
    let mine = manager.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("href=\"/organisatie\""), "{mine}");
    let page = manager.get("/organisatie").await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("action=\"{end}\"")), "{page}");
    assert_eq!(
        page.matches("beeindigen\"").count(),
        1,
        "not for oneself: {page}"
    );

    // A colleague without the right: no link, no page, no change.
    let nurse_page = nurse.get("/mijn").await.text().await.unwrap();
    assert!(!nurse_page.contains("href=\"/organisatie\""));
    assert_eq!(nurse.get("/organisatie").await.status(), 403);
    let manager_id = manager.account.unwrap().0;
    assert_eq!(
        nurse
            .post(&format!("/organisatie/leden/{manager_id}/beeindigen"), &[])
            .await
            .status(),
        403
    );
    // Another organisation's manager: the same refusal for our member as for nobody.
    let elsewhere = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Hoofdzorgverlener,
        ))
        .await;
    let ours = elsewhere.post(&end, &[]).await;
    assert_eq!(ours.status(), 403);
    let ours = ours.text().await.unwrap();
    let nobody = elsewhere
        .post("/organisatie/leden/987654/beeindigen", &[])
        .await;
    assert_eq!(nobody.status(), 403);
    assert_eq!(ours, nobody.text().await.unwrap());
    assert_eq!(
        nurse.get("/verzoeken").await.status(),
        200,
        "still a member"
    );

    // Ended: the nurse is signed out at once and listed as left; logged.
    let ended = manager.post(&end, &[]).await;
    assert_eq!(ended.status(), 303);
    assert_eq!(ended.headers()["location"], "/organisatie?beeindigd=1");
    let after = manager
        .get("/organisatie?beeindigd=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(after.contains("Het lidmaatschap is beëindigd."), "{after}");
    assert!(after.contains("data-testid=\"left\""), "{after}");
    assert!(!after.contains(&format!("action=\"{end}\"")), "{after}");
    assert_ne!(nurse.get("/verzoeken").await.status(), 200);
    assert_eq!(
        count(
            app.store(),
            &format!("SELECT COUNT(*) FROM sessions WHERE account_id = {nurse_id}")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'membership_changed'"
        )
        .await,
        1
    );
    // The organisation's access log of today as CSV: the nurse's look at Jan's record is in
    // it, another organisation's is not; the export is logged; bad days go back to the form.
    let jan = app.patient_jan().await;
    let colleague = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    assert_eq!(
        colleague
            .get(&format!("/patienten/{}", jan.0))
            .await
            .status(),
        200
    );
    assert_eq!(
        elsewhere
            .get(&format!("/patienten/{}", jan.0))
            .await
            .status(),
        403
    );
    let today = app::measurements::clock::today(app.now());
    let log = manager
        .get(&format!("/organisatie/toegangslog?van={today}&tot={today}"))
        .await;
    assert_eq!(log.status(), 200);
    assert_eq!(log.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(log.headers()["cache-control"], "no-store");
    let csv = log.text().await.unwrap();
    assert!(
        csv.starts_with("time_utc,user,role,organisation,patient,event"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",test-hap,") && l.contains(",view_patient,")),
        "{csv}"
    );
    assert!(!csv.contains("test-vvt"), "{csv}");
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'access_log_exported' \
             AND organisation_id = 'test-hap'"
        )
        .await,
        1
    );
    let bad = manager
        .get("/organisatie/toegangslog?van=2026-03-05&tot=2026-03-01")
        .await;
    assert_eq!(bad.status(), 303);
    assert_eq!(
        bad.headers()["location"],
        "/organisatie?fout=periode#toegangslog"
    );
    assert_eq!(
        colleague
            .get(&format!("/organisatie/toegangslog?van={today}&tot={today}"))
            .await
            .status(),
        403
    );

    // Ending it again, or one's own: refused, nothing more changes.
    assert_eq!(manager.post(&end, &[]).await.status(), 403);
    assert_eq!(
        manager
            .post(&format!("/organisatie/leden/{manager_id}/beeindigen"), &[])
            .await
            .status(),
        400
    );
    app.stop().await;
}

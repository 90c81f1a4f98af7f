//! A GP practice invites a patient to an account of their own, over HTTP with a real SMTP
//! server and the test clock, on both backends: the patient activates it through the link
//! and sees what they sent through a link before; only a GP practice may invite.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use test_app::{count, eventually, Person, TestApp};

app::on_both_backends!(a_patient_activates_an_account_and_sees_earlier_answers,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");
const CHOSEN: &str = "mijn eigen zin voor meetpunt";

async fn a_patient_activates_an_account_and_sees_earlier_answers(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let jan = app.patient_jan().await;
    // Before any account, Jan answers a GFI through the link in his mail.
    app.send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    assert!(eventually(|| async { !app.mail_links().is_empty() }).await);
    let token = app.mail_links()[0].rsplit('/').next().unwrap().to_owned();
    app.fill_in_gfi(&token).await;

    // A nurse of another kind of organisation is not offered the invitation, and the form
    // refuses her.
    let record = format!("/patienten/{}/gegevens", jan.0);
    let invite = format!("/patienten/{}/account", jan.0);
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let page = nurse.get(&record).await.text().await.unwrap();
    assert!(page.contains("Account van de patiënt"), "{page}");
    assert!(page.contains("heeft nog geen eigen account"), "{page}");
    assert!(page.contains(&format!(r#"action="{invite}""#)));

    let district = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Zorgverlener,
        ))
        .await;
    assert_eq!(district.post(&invite, &[]).await.status(), 403);

    // The practice nurse invites Jan.
    let sent = nurse.post(&invite, &[]).await;
    assert_eq!(sent.status(), 303);
    assert_eq!(
        sent.headers()["location"].to_str().unwrap(),
        format!("{record}?account=verstuurd#account")
    );
    let page = nurse
        .get(&format!("{record}?account=verstuurd"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"data-testid="account-sent""#), "{page}");
    assert!(
        page.contains("is uitgenodigd voor een eigen account"),
        "{page}"
    );
    assert!(page.contains("Uitnodiging opnieuw versturen"));
    assert!(eventually(|| async { app.mail_paths("/account-activeren/").len() == 1 }).await);
    let mail = app.mail();
    let invitation = mail
        .iter()
        .find(|m| m.contains("Uw eigen account bij Meetpunt"))
        .unwrap();
    assert!(invitation.contains("jan@example.org"));
    let link = app.mail_paths("/account-activeren/").remove(0);

    // The link's page; two different passwords come back named.
    let html = app.get(&link).await.text().await.unwrap();
    assert!(
        html.contains("U activeert uw account bij Meetpunt voor jan@example.org"),
        "{html}"
    );
    let post = |password: &'static str, repeat: &'static str| {
        let app = &app;
        let link = link.clone();
        async move {
            app.post_form(&link, &[("password", password), ("repeat", repeat)], None)
                .await
        }
    };
    let mismatch = post(CHOSEN, "een andere zin").await;
    assert_eq!(
        mismatch.headers()["location"].to_str().unwrap(),
        format!("{link}?fout=ongelijk")
    );
    let done = post(CHOSEN, CHOSEN).await;
    assert_eq!(done.headers()["location"], "/inloggen");
    let notice = app
        .get_with_cookie(
            "/inloggen",
            done.headers()
                .get_all("set-cookie")
                .iter()
                .map(|c| c.to_str().unwrap().split(';').next().unwrap())
                .find(|c| c.starts_with("meetpunt_signin="))
                .unwrap(),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(notice.contains("Uw account is klaar"), "{notice}");
    assert!(notice.contains(r#"value="jan@example.org""#));

    // Jan signs in and finds the GFI he sent through the link before, and in his access
    // log the invitation.
    let own = app.browser();
    let signed_in = own
        .post(
            "/inloggen",
            &[("email", "jan@example.org"), ("password", CHOSEN)],
        )
        .await;
    assert_eq!(signed_in.headers()["location"], "/mijn");
    let mine = own.get("/mijn").await.text().await.unwrap();
    let done_list = &mine[mine
        .find(r#"data-testid="done-requests""#)
        .expect("sent requests")..];
    assert!(done_list.contains("Groningen Frailty Indicator"), "{mine}");
    assert!(
        mine.contains("u uitgenodigd voor een eigen account"),
        "{mine}"
    );

    // The link worked once; the record's page now says the account is active, and inviting
    // again is refused with that reason.
    let gone = app.get(&link).await.text().await.unwrap();
    assert!(gone.contains(r#"data-testid="gone""#), "{gone}");
    let page = nurse.get(&record).await.text().await.unwrap();
    assert!(
        page.contains("De patiënt heeft een eigen account."),
        "{page}"
    );
    assert!(!page.contains(&format!(r#"action="{invite}""#)));
    let again = nurse.post(&invite, &[]).await;
    assert_eq!(
        again.headers()["location"].to_str().unwrap(),
        format!("{record}?account=actief#account")
    );
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'activation_sent'"
        )
        .await,
        1
    );

    // An invitation's link works for fourteen days: Marie, invited and not in time, finds
    // a page that tells her what to do, and the form refuses the link.
    let practice = app.organisation(OrganisationKind::Hap).await;
    let record = app::patients::NewPatient::check(
        "Marie de Vries",
        "1943-05-12",
        Some("marie@example.org".into()),
        None,
        jiff::civil::date(2026, 3, 2),
    )
    .unwrap();
    let marie = app::patients::server::create(
        app.store(),
        &record,
        Some(&practice),
        &app::patients::server::RecordedBy::default(),
        app.now(),
    )
    .await
    .unwrap();
    nurse
        .post(&format!("/patienten/{}/account", marie.0), &[])
        .await;
    assert!(eventually(|| async { app.mail_paths("/account-activeren/").len() == 2 }).await);
    let late = app.mail_paths("/account-activeren/").pop().unwrap();
    app.clock()
        .advance(std::time::Duration::from_secs(14 * 24 * 3600 + 60));
    let gone = app.get(&late).await.text().await.unwrap();
    assert!(gone.contains(r#"data-testid="gone""#), "{gone}");
    assert!(gone.contains("Vraag uw huisartsenpraktijk om een nieuwe uitnodiging"));
    let refused = app
        .post_form(&late, &[("password", CHOSEN), ("repeat", CHOSEN)], None)
        .await;
    assert_eq!(
        refused.headers()["location"].to_str().unwrap(),
        format!("{late}?fout=verlopen")
    );
    app.stop().await;
}

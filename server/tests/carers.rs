//! Carers (mantelzorgers) over HTTP with a real SMTP server and the test clock, on both
//! backends: a patient invites a carer, the carer activates an account through the mail's
//! link and fills in a questionnaire for the patient, the professional sees who filled it
//! in; the mandate's scope holds; a revoked or expired mandate refuses the carer's next
//! request at once; a professional records a carer the patient agreed to in a conversation,
//! for a patient without an account, and stops it.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use std::time::Duration;
use test_app::{count, eventually, Browser, Person, TestApp};

app::on_both_backends!(
    a_carer_fills_in_for_the_patient_and_the_professional_sees_it,
    a_revoked_mandate_refuses_the_carers_next_request,
    an_expired_mandate_refuses_the_carers_next_request,
    a_professional_records_a_carer_the_patient_agreed_to_and_stops_it,
    an_invitation_does_not_tell_what_kind_of_account_an_address_has,
);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");
const CHOSEN: &str = "een eigen zin voor de mantelzorg";

/// The patient invites `email` with these rights for three months; the form answers with
/// the notice.
async fn invite(patient: &Browser<'_>, email: &str, rights: &[&str]) {
    let mut form = vec![("naam", "Els de Vries"), ("email", email), ("maanden", "3")];
    form.extend(rights.iter().map(|r| (*r, "ja")));
    let sent = patient.post("/mijn/mantelzorgers", &form).await;
    assert_eq!(sent.status(), 303);
    assert_eq!(
        sent.headers()["location"],
        "/mijn?mantelzorger=uitgenodigd#mantelzorgers"
    );
}

/// The address of `account`.
async fn address_of(app: &TestApp, account: app::access::AccountId) -> String {
    sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
        .bind(account.0)
        .fetch_one(app.store().pool())
        .await
        .unwrap()
}

/// A patient who invites the address of a professional or of another patient is told what
/// they are told for any address and sees it in their list like any invitation; nothing is
/// given, and the address's owner hears why by mail (without a link).
async fn an_invitation_does_not_tell_what_kind_of_account_an_address_has(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let patient = app.sign_in_as(Person::Patient).await;
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let other = app.sign_in_as(Person::Patient).await;
    let taken = [
        address_of(&app, nurse.account.unwrap()).await,
        address_of(&app, other.account.unwrap()).await,
    ];
    for address in &taken {
        invite(&patient, address, &["vragenlijsten"]).await;
    }
    invite(&patient, "els@example.org", &["vragenlijsten"]).await;
    // Only the new address got a carer (an account with a mandate)...
    let with_carer = "SELECT COUNT(*) FROM mandates WHERE carer_account_id IS NOT NULL";
    assert_eq!(count(app.store(), with_carer).await, 1);
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM accounts WHERE role = 'carer'"
        )
        .await,
        1
    );
    // ...but the patient's list shows all three alike, as invitations.
    let page = patient
        .get("/mijn?mantelzorger=uitgenodigd")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("De uitnodiging is verstuurd"), "{page}");
    for address in taken.iter().map(String::as_str).chain(["els@example.org"]) {
        let item = page
            .split("<li")
            .find(|item| item.contains(address))
            .unwrap_or_else(|| panic!("{address} is not in the list: {page}"));
        assert!(item.contains("Els de Vries"), "{item}");
        assert!(item.contains("Uitgenodigd."), "{item}");
        assert!(item.contains("/intrekken"), "{item}");
    }
    // Inviting any of them again gets the same answer.
    let again = |address: String| {
        let patient = &patient;
        async move {
            let form = [
                ("naam", "Els de Vries"),
                ("email", address.as_str()),
                ("maanden", "3"),
                ("vragenlijsten", "ja"),
            ];
            let answer = patient.post("/mijn/mantelzorgers", &form).await;
            let status = answer.status();
            let to = answer.headers()["location"].to_str().unwrap().to_owned();
            let page = patient.get(&to).await.text().await.unwrap();
            (status, to, page.contains("Deze persoon handelt al voor u"))
        }
    };
    let expected = again("els@example.org".into()).await;
    assert!(expected.2, "{expected:?}");
    for address in &taken {
        assert_eq!(again(address.clone()).await, expected, "{address}");
    }
    // The owners hear that their address cannot be a carer's, without a link to open.
    let told = |address: String| {
        let app = &app;
        async move {
            app.mail()
                .into_iter()
                .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
                .find(|m| m.contains(&address) && m.contains("hoort al bij een ander account"))
        }
    };
    for address in &taken {
        assert!(eventually(|| async { told(address.clone()).await.is_some() }).await);
        let mail = told(address.clone()).await.unwrap();
        assert!(mail.contains("U bent gevraagd als mantelzorger"), "{mail}");
        assert!(!mail.contains("/account-activeren/"), "{mail}");
    }
    assert!(eventually(|| async { app.mail_paths("/account-activeren/").len() == 1 }).await);
    // Both attempts are in the patient's access log as refused.
    let refused = count(
        app.store(),
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'mandate_given'
             AND outcome = 'refused' AND reason = 'address_in_use' AND patient_id = {}",
            patient.patient.unwrap().0
        ),
    )
    .await;
    assert_eq!(refused, 2);
    // The patient can stop such an invitation like any other; it never let anyone act.
    let decoy: i64 = sqlx::query_scalar("SELECT MIN(id) FROM mandates")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    let stopped = patient
        .post(&format!("/mijn/mantelzorgers/{decoy}/intrekken"), &[])
        .await;
    assert_eq!(
        stopped.headers()["location"],
        "/mijn?mantelzorger=ingetrokken#mantelzorgers"
    );
    let page = patient.get("/mijn").await.text().await.unwrap();
    assert!(page.contains("Gestopt op"), "{page}");
    for signed_in in [&nurse, &other] {
        let own = signed_in.get("/mijn").await.text().await.unwrap();
        assert!(!own.contains("U handelt voor"), "{own}");
    }
}

/// The carer chooses a password through the activation link in the mail to `email`, and
/// signs in.
async fn activate_and_sign_in<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    assert!(eventually(|| async { app.mail_paths("/account-activeren/").len() == 1 }).await);
    let mail = app.mail();
    let invitation = mail
        .iter()
        .find(|m| m.contains("U bent gevraagd als mantelzorger"))
        .expect("the carer's invitation");
    assert!(invitation.contains(email), "{invitation}");
    assert!(
        invitation.contains("vragenlijsten invullen"),
        "{invitation}"
    );
    let link = app.mail_paths("/account-activeren/").remove(0);
    let done = app
        .post_form(&link, &[("password", CHOSEN), ("repeat", CHOSEN)], None)
        .await;
    assert_eq!(done.headers()["location"], "/inloggen");
    let carer = app.browser();
    let signed_in = carer
        .post("/inloggen", &[("email", email), ("password", CHOSEN)])
        .await;
    assert_eq!(signed_in.headers()["location"], "/mijn");
    carer
}

/// The link a signed-in carer (or patient) gets for a request from their page; `None` when
/// refused.
async fn open(browser: &Browser<'_>, request: app::requests::RequestId) -> Option<String> {
    let opened = browser
        .post(&format!("/mijn/verzoeken/{}", request.0), &[])
        .await;
    match opened.status().as_u16() {
        303 => Some(
            opened.headers()["location"]
                .to_str()
                .unwrap()
                .trim_start_matches("/l/")
                .to_owned(),
        ),
        403 => None,
        other => panic!("opening a request answered {other}"),
    }
}

async fn a_carer_fills_in_for_the_patient_and_the_professional_sees_it(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let patient = app.sign_in_as(Person::Patient).await;
    let record = patient.patient.unwrap();
    let gfi = app
        .send_request(record, Ask::Questionnaire("gfi".into()))
        .await;

    // A form without a name comes back as typed, with the problem named.
    let refused = patient
        .post(
            "/mijn/mantelzorgers",
            &[
                ("naam", " "),
                ("email", "els@example.org"),
                ("vragenlijsten", "ja"),
                ("maanden", "3"),
            ],
        )
        .await;
    assert_eq!(refused.headers()["location"], "/mijn#invite-carer");
    let page = patient.get("/mijn").await.text().await.unwrap();
    assert!(page.contains("Vul de naam van de mantelzorger in."));
    assert!(page.contains(r#"value="els@example.org""#));
    assert!(!page.contains(r#"id="scope-measurements" name="metingen" value="ja" checked"#));
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM mandates").await, 0);

    // Els may fill in questionnaires and see results, not enter measurements.
    invite(&patient, "els@example.org", &["vragenlijsten", "uitslagen"]).await;
    let page = patient.get("/mijn").await.text().await.unwrap();
    assert!(page.contains("Els de Vries"), "{page}");
    assert!(page.contains("nog geen wachtwoord gekozen"), "{page}");
    let carer = activate_and_sign_in(&app, "els@example.org").await;

    // Every page says for whom she acts; her page lists what waits.
    let mine = carer.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("U handelt voor Persoon "), "{mine}");
    assert!(mine.contains("Groningen Frailty Indicator"), "{mine}");
    let catalogue = carer.get("/").await.text().await.unwrap();
    assert!(catalogue.contains(r#"data-testid="acting-for-banner""#));

    // She opens the GFI and fills it in; it is recorded as hers, for the patient.
    let token = open(&carer, gfi).await.expect("the carer may fill it in");
    let session = carer.session().await;
    app.fill_in_gfi_as(&token, Some(&session)).await;
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM responses WHERE entered_by = 'carer'
                 AND entered_by_account = {} AND patient_id = {}",
                session.account_id.0, record.0
            ),
        )
        .await,
        1
    );
    // Her link does not work for anyone else, not even the patient.
    assert_eq!(app.get(&format!("/l/{token}")).await.status(), 404);
    assert_eq!(patient.get(&format!("/l/{token}")).await.status(), 404);

    // The professional sees who filled it in, also in the text for the GP system.
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let shown = nurse
        .get(&format!("/verzoeken/{}", gfi.0))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        shown.contains("Ingevuld door mantelzorger Els de Vries"),
        "{shown}"
    );
    assert!(shown.contains("ingevuld door mantelzorger"), "{shown}");

    // Measurements are outside her mandate: refused, and not listed.
    let today = app::measurements::clock::today(app.now());
    let protocol = app::requests::named_protocol("blood-pressure-week", today, today).unwrap();
    let week = app
        .send_request_due(record, Ask::Measurements(protocol), today)
        .await;
    assert_eq!(open(&carer, week).await, None);
    // Neither the carer nor the patient enters readings as if at a professional's visit.
    let visit = format!("/patienten/{}/meting", record.0);
    let reading = [("soort", "body-weight"), ("value", "81,4")];
    assert_eq!(carer.post(&visit, &reading).await.status(), 403);
    assert_eq!(patient.post(&visit, &reading).await.status(), 403);
    assert_eq!(patient.get(&visit).await.status(), 403);
    // The patient sees in their access log that a carer acted.
    let page = patient.get("/mijn").await.text().await.unwrap();
    assert!(page.contains("Els de Vries"), "{page}");
    assert!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'mandate_given'"
        )
        .await
            == 1
    );
    // Another patient's requests stay out of reach.
    let other = app.sign_in_as(Person::Patient).await;
    let theirs = app
        .send_request(other.patient.unwrap(), Ask::Questionnaire("gfi".into()))
        .await;
    assert_eq!(open(&carer, theirs).await, None);
    app.stop().await;
}

async fn a_revoked_mandate_refuses_the_carers_next_request(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let patient = app.sign_in_as(Person::Patient).await;
    let record = patient.patient.unwrap();
    let gfi = app
        .send_request(record, Ask::Questionnaire("gfi".into()))
        .await;
    invite(&patient, "piet@example.org", &["vragenlijsten"]).await;
    let carer = activate_and_sign_in(&app, "piet@example.org").await;
    let token = open(&carer, gfi).await.expect("allowed before");
    assert_eq!(carer.get(&format!("/l/{token}")).await.status(), 200);

    // The patient stops the mandate.
    let mandate = count(app.store(), "SELECT MAX(id) FROM mandates").await;
    let stopped = patient
        .post(&format!("/mijn/mantelzorgers/{mandate}/intrekken"), &[])
        .await;
    assert_eq!(
        stopped.headers()["location"],
        "/mijn?mantelzorger=ingetrokken#mantelzorgers"
    );
    let page = patient.get("/mijn").await.text().await.unwrap();
    assert!(page.contains("Gestopt op"), "{page}");

    // The carer's very next request: the open link is gone, opening is refused, the banner
    // is gone and nothing waits on the page.
    let gone = carer.get(&format!("/l/{token}")).await;
    assert_eq!(gone.status(), 404);
    assert!(gone
        .text()
        .await
        .unwrap()
        .contains("Deze link werkt niet (meer)"));
    assert_eq!(open(&carer, gfi).await, None);
    let mine = carer.get("/mijn").await.text().await.unwrap();
    assert!(!mine.contains("U handelt voor"), "{mine}");
    assert!(mine.contains(r#"data-testid="acting-none""#), "{mine}");
    assert!(!mine.contains("Groningen Frailty Indicator"), "{mine}");
    // A carer cannot stop or give mandates, nor a patient stop another patient's.
    let other = app.sign_in_as(Person::Patient).await;
    let again = other
        .post(&format!("/mijn/mantelzorgers/{mandate}/intrekken"), &[])
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'mandate_revoked'
                 AND actor_account_id = {}",
                other.session().await.account_id.0
            )
        )
        .await,
        0
    );
    assert_eq!(
        carer
            .post(
                "/mijn/mantelzorgers",
                &[
                    ("naam", "X"),
                    ("email", "x@example.org"),
                    ("vragenlijsten", "ja")
                ]
            )
            .await
            .status(),
        403
    );
    app.stop().await;
}

async fn an_expired_mandate_refuses_the_carers_next_request(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let patient = app.sign_in_as(Person::Patient).await;
    let record = patient.patient.unwrap();
    let gfi = app
        .send_request(record, Ask::Questionnaire("gfi".into()))
        .await;
    invite(&patient, "kees@example.org", &["vragenlijsten"]).await;
    let carer = activate_and_sign_in(&app, "kees@example.org").await;
    let mine = carer.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("U handelt voor"), "{mine}");
    assert!(mine.contains("Groningen Frailty Indicator"), "{mine}");

    // Three months and a few days later the mandate has run out; the session (kept alive
    // by the carer's requests) acts for nobody.
    for _ in 0..100 {
        app.clock().advance(Duration::from_secs(24 * 3600));
    }
    let later = app.browser();
    let signed_in = later
        .post(
            "/inloggen",
            &[("email", "kees@example.org"), ("password", CHOSEN)],
        )
        .await;
    assert_eq!(signed_in.headers()["location"], "/mijn");
    assert_eq!(open(&later, gfi).await, None);
    let mine = later.get("/mijn").await.text().await.unwrap();
    assert!(!mine.contains("U handelt voor"), "{mine}");
    assert!(mine.contains(r#"data-testid="acting-none""#), "{mine}");
    drop(carer);
    app.stop().await;
}

async fn a_professional_records_a_carer_the_patient_agreed_to_and_stops_it(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    // Jan has no account of his own: his practice nurse records what he agreed to.
    let jan = app.patient_jan().await;
    let gfi = app
        .send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let form = "/patienten/".to_owned() + &jan.0.to_string() + "/mantelzorgers";
    let page_path = format!("/patienten/{}/gegevens", jan.0);
    let els = [
        ("naam", "Els de Vries"),
        ("email", "els@example.org"),
        ("vragenlijsten", "ja"),
        ("maanden", "6"),
    ];

    // Without the confirmation that Jan agreed, the form comes back as typed.
    let refused = nurse.post(&form, &els).await;
    assert_eq!(refused.status(), 303);
    assert_eq!(
        refused.headers()["location"],
        format!("{page_path}#invite-carer").as_str()
    );
    let page = nurse.get(&page_path).await.text().await.unwrap();
    assert!(
        page.contains("Leg alleen vast waar de patiënt mee heeft ingestemd"),
        "{page}"
    );
    assert!(page.contains(r#"value="els@example.org""#), "{page}");
    assert!(
        page.contains("Er handelt nu niemand voor deze patiënt."),
        "{page}"
    );
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM mandates").await, 0);
    // Jan's own address is refused as the carer's.
    let own = [
        ("naam", "Jan"),
        ("email", "jan@example.org"),
        ("vragenlijsten", "ja"),
        ("maanden", "6"),
        ("ingestemd", "ja"),
    ];
    nurse.post(&form, &own).await;
    let page = nurse.get(&page_path).await.text().await.unwrap();
    assert!(
        page.contains("Dit is het e-mailadres van de patiënt."),
        "{page}"
    );

    // With it, the mandate is recorded as given through a professional, and Els gets a mail
    // that says so.
    let mut agreed = els.to_vec();
    agreed.push(("ingestemd", "ja"));
    let recorded = nurse.post(&form, &agreed).await;
    assert_eq!(
        recorded.headers()["location"],
        format!("{page_path}?mantelzorger=vastgelegd#mantelzorgers").as_str()
    );
    let nurse_account = nurse.session().await.account_id.0;
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM mandates WHERE patient_id = {} AND granted_via = 'professional'
                 AND granted_by = {nurse_account} AND scope = 'questionnaires'",
                jan.0
            )
        )
        .await,
        1
    );
    let carer = activate_and_sign_in(&app, "els@example.org").await;
    let invitation = app
        .mail()
        .into_iter()
        .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
        .find(|m| m.contains("els@example.org") && m.contains("afgesproken"))
        .expect("the mail says the patient agreed it with the practice");
    assert!(invitation.contains("Jan Jansen heeft met"), "{invitation}");

    // Els acts for Jan and fills in his GFI; the nurse sees her on Jan's record.
    let mine = carer.get("/mijn").await.text().await.unwrap();
    assert!(mine.contains("U handelt voor Jan Jansen"), "{mine}");
    let token = open(&carer, gfi).await.expect("the carer may fill it in");
    assert_eq!(carer.get(&format!("/l/{token}")).await.status(), 200);
    // Choosing for whom she acts is in Jan's access log; a patient she does not act for is
    // refused.
    let jan_id = jan.0.to_string();
    let chose = carer
        .post("/mijn/handelen-voor", &[("patient", &jan_id)])
        .await;
    assert_eq!(chose.status(), 303);
    let els_account = carer.session().await.account_id.0;
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'acting_for'
                 AND actor_account_id = {els_account} AND patient_id = {}",
                jan.0
            )
        )
        .await,
        1
    );
    let other = app.patient_jan().await.0.to_string();
    let refused = carer
        .post("/mijn/handelen-voor", &[("patient", &other)])
        .await;
    assert_eq!(refused.status(), 403);
    let page = nurse.get(&page_path).await.text().await.unwrap();
    assert!(
        page.contains("Mag voor de patiënt handelen tot en met"),
        "{page}"
    );
    assert!(page.contains("Stoppen: Els de Vries mag niet meer voor de patiënt handelen"));

    // Someone outside Jan's care network can do neither, and learns nothing.
    let stranger = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Hoofdzorgverlener,
        ))
        .await;
    let mandate = count(app.store(), "SELECT MAX(id) FROM mandates").await;
    let stop = format!("{form}/{mandate}/intrekken");
    let theirs = stranger.post(&stop, &[]).await;
    let nobody = stranger
        .post("/patienten/999999/mantelzorgers/1/intrekken", &[])
        .await;
    assert_eq!(theirs.status(), 403);
    assert_eq!(nobody.status(), 403);
    assert_eq!(theirs.text().await.unwrap(), nobody.text().await.unwrap());
    assert_eq!(stranger.post(&form, &agreed).await.status(), 403);
    // Nor can the carer record or stop a mandate on the record.
    assert_eq!(carer.post(&stop, &[]).await.status(), 403);

    // At Jan's wish the nurse stops it: Els's very next request acts for nobody.
    let stopped = nurse.post(&stop, &[]).await;
    assert_eq!(
        stopped.headers()["location"],
        format!("{page_path}?mantelzorger=ingetrokken#mantelzorgers").as_str()
    );
    assert_eq!(carer.get(&format!("/l/{token}")).await.status(), 404);
    let mine = carer.get("/mijn").await.text().await.unwrap();
    assert!(!mine.contains("U handelt voor"), "{mine}");
    let page = nurse.get(&page_path).await.text().await.unwrap();
    assert!(page.contains("Gestopt op"), "{page}");
    // Both are in Jan's access log, by the nurse.
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action IN ('mandate_given', 'mandate_revoked')
                 AND actor_account_id = {nurse_account} AND patient_id = {}",
                jan.0
            )
        )
        .await,
        2
    );
    app.stop().await;
}

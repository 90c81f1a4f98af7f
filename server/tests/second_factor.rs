//! The second step of signing in over HTTP with the test clock, on both backends: a
//! professional must set it up at their first sign-in (QR code and key on the page, recovery
//! codes shown once); from then on the password alone does not sign in; a code works once,
//! a recovery code once; wrong codes are counted and make the sign-in wait; a sign-in waiting
//! for its code is not a session and times out; a patient may turn it on and off; a
//! professional may not turn it off; an administrator can reset it.

mod test_app;

use app::access::server::{self as accounts, NewAccount};
use app::access::{AccountId, Role};
use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use std::time::Duration;
use test_app::{codes_on, count, key_on, totp, TestApp, PASSWORD, TOTP_KEY};

app::on_both_backends!(
    a_professional_sets_up_the_second_step_at_the_first_sign_in,
    a_secret_shown_to_one_sign_in_is_never_shown_to_another,
    a_code_signs_in_once_and_a_recovery_code_once,
    wrong_codes_are_counted_and_a_waiting_sign_in_times_out,
    a_patient_may_turn_the_second_step_on_and_off_a_professional_may_not,
    a_copy_of_the_database_holds_no_secret_nor_a_code_to_try,
);

async fn professional(app: &TestApp, email: &str) -> AccountId {
    let practice = app.organisation(OrganisationKind::Hap).await;
    accounts::create_account(
        app.store(),
        &NewAccount {
            email,
            name: "Anna de Wit",
            role: Role::Professional,
            organisation: Some(practice.as_str()),
            level: Some(Level::A),
            password: Some(PASSWORD),
        },
        app.now(),
    )
    .await
    .unwrap()
}

async fn password(browser: &test_app::Browser<'_>, email: &str, next: &str) -> reqwest::Response {
    browser
        .post(
            "/inloggen",
            &[("email", email), ("password", PASSWORD), ("next", next)],
        )
        .await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn audit_actions(app: &TestApp) -> Vec<(String, String)> {
    app::audit::server::recent(app.store(), 100)
        .await
        .unwrap()
        .into_iter()
        .map(|r| match r.reason {
            Some(reason) => (r.action, format!("{}:{reason}", r.outcome)),
            None => (r.action, r.outcome),
        })
        .collect()
}

async fn a_professional_sets_up_the_second_step_at_the_first_sign_in(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    professional(&app, "anna@example.org").await;
    let browser = app.browser();
    let answer = password(&browser, "anna@example.org", "/verzoeken").await;
    assert_eq!(answer.status(), 303);
    assert_eq!(location(&answer), "/inlogcode");
    assert!(
        browser.cookie("meetpunt_session").is_none(),
        "no session yet"
    );
    assert!(browser.cookie("meetpunt_pending").is_some());

    // Waiting for the second step is not being signed in.
    let worklist = browser.get("/verzoeken").await;
    assert_ne!(worklist.status(), 200);
    let own = browser.get("/mijn").await.text().await.unwrap();
    assert!(!own.contains("U bent ingelogd als"), "{own}");

    // The page shows a QR code drawn on the server, and its key as text.
    let page = browser.get("/inlogcode").await.text().await.unwrap();
    assert!(
        page.contains("Zorgverleners loggen altijd in met een code"),
        "{page}"
    );
    assert!(
        page.contains(r#"<svg xmlns="http://www.w3.org/2000/svg""#),
        "{page}"
    );
    assert!(page.contains(r#"aria-label="QR-code voor de app""#));
    let key = key_on(&page);
    assert_eq!(key.len(), 32, "160 bits in base32");
    // Opening the page again shows the same key.
    let again = browser.get("/inlogcode").await.text().await.unwrap();
    assert_eq!(key_on(&again), key);

    // A wrong first code says so, and signs nobody in.
    let wrong = browser.post("/inlogcode", &[("code", "000000")]).await;
    assert_eq!(location(&wrong), "/inlogcode?fout=fout");
    let page = browser
        .get("/inlogcode?fout=fout")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Deze code klopt niet"), "{page}");
    assert!(browser.cookie("meetpunt_session").is_none());

    // The right one turns it on, signs in, and shows the recovery codes once.
    let right = browser
        .post("/inlogcode", &[("code", &totp(&key, app.now()))])
        .await;
    assert_eq!(location(&right), "/inlogcode/herstelcodes");
    assert!(browser.cookie("meetpunt_session").is_some());
    assert!(browser.cookie("meetpunt_pending").is_none());
    let shown = browser
        .get("/inlogcode/herstelcodes")
        .await
        .text()
        .await
        .unwrap();
    let codes = codes_on(&shown);
    assert_eq!(codes.len(), 10, "{shown}");
    assert!(
        shown.contains(r#"href="/verzoeken""#),
        "on to where Anna was going"
    );
    let gone = browser
        .get("/inlogcode/herstelcodes")
        .await
        .text()
        .await
        .unwrap();
    assert!(codes_on(&gone).is_empty());
    assert!(gone.contains("al gezien"), "{gone}");
    assert_eq!(browser.get("/verzoeken").await.status(), 200);
    // Only the codes' hashes are kept.
    for code in &codes {
        let stored = count(
            app.store(),
            &format!("SELECT COUNT(*) AS n FROM recovery_codes WHERE code_hash LIKE '%{code}%'"),
        )
        .await;
        assert_eq!(stored, 0);
    }
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) AS n FROM recovery_codes").await,
        10
    );
    // Anna is told by mail, in case it was not her.
    let told = count(
        app.store(),
        "SELECT COUNT(*) AS n FROM outbox WHERE recipient = 'anna@example.org'
         AND subject LIKE 'Inloggen met een code bij Meetpunt%' AND body_text LIKE '%nu aan%'",
    )
    .await;
    assert_eq!(told, 1);

    let log = audit_actions(&app).await;
    for expected in ["sign_in_second_step", "second_factor_on", "sign_in"] {
        assert!(
            log.iter().any(|(a, o)| a == expected && o == "success"),
            "{expected} in {log:?}"
        );
    }
    assert!(
        log.iter()
            .any(|(a, o)| a == "sign_in" && o == "refused:wrong_code"),
        "{log:?}"
    );

    // The next sign-in asks for the code, not for setting up.
    app.clock().advance(Duration::from_secs(60));
    let next = app.browser();
    let answer = password(&next, "anna@example.org", "/mijn").await;
    assert_eq!(location(&answer), "/inloggen/code");
    let page = next.get("/inloggen/code").await.text().await.unwrap();
    assert!(page.contains(r#"autocomplete="one-time-code""#), "{page}");
    let done = next
        .post("/inloggen/code", &[("code", &totp(&key, app.now()))])
        .await;
    assert_eq!(location(&done), "/mijn");
    assert!(next.cookie("meetpunt_session").is_some());
}

/// The secret is kept sealed with the server key and the recovery codes as hashes keyed by it;
/// values kept before (a plain secret, an unkeyed hash) are sealed at start and still work.
async fn a_copy_of_the_database_holds_no_secret_nor_a_code_to_try(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let anna = professional(&app, "anna@example.org").await;
    app.second_step_for(anna).await;
    let stored = || async {
        sqlx::query_scalar::<_, String>("SELECT secret FROM second_factors WHERE account_id = $1")
            .bind(anna.0)
            .fetch_one(app.store().pool())
            .await
            .unwrap()
    };
    let sealed = stored().await;
    assert!(sealed.starts_with("v1."), "{sealed}");
    assert!(!sealed.contains(TOTP_KEY) && !sealed.contains(&TOTP_KEY.to_lowercase()));

    // As kept before there was a key: the plain secret, and a recovery code's plain SHA-256
    // (of "abcde12345").
    sqlx::query("UPDATE second_factors SET secret = $1 WHERE account_id = $2")
        .bind(TOTP_KEY)
        .bind(anna.0)
        .execute(app.store().pool())
        .await
        .unwrap();
    let legacy = "a7411a3704a56d0f9319ab779f26e6b14ab739435ecfa99f4b7c8dafb649b7d8";
    sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
        .bind(anna.0)
        .bind(legacy)
        .execute(app.store().pool())
        .await
        .unwrap();
    // Unsealed, the secret is not used.
    let before = app.browser();
    password(&before, "anna@example.org", "/mijn").await;
    let refused = before
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert!(refused
        .headers()
        .get("location")
        .is_none_or(|l| l != "/mijn"));
    assert!(before.cookie("meetpunt_session").is_none());
    // The start seals and keys them, once.
    let upgrade = app::access::server::sealing::upgrade;
    assert_eq!(upgrade(app.store()).await.unwrap(), 2);
    assert_eq!(upgrade(app.store()).await.unwrap(), 0);
    assert!(stored().await.starts_with("v1."));
    let hash: String =
        sqlx::query_scalar("SELECT code_hash FROM recovery_codes WHERE account_id = $1")
            .bind(anna.0)
            .fetch_one(app.store().pool())
            .await
            .unwrap();
    assert!(hash.starts_with("v1.") && !hash.contains(legacy), "{hash}");
    // Both still sign in.
    app.clock().advance(Duration::from_secs(30));
    let with_app = app.browser();
    password(&with_app, "anna@example.org", "/mijn").await;
    let done = with_app
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert_eq!(location(&done), "/mijn");
    let with_code = app.browser();
    password(&with_code, "anna@example.org", "/mijn").await;
    let done = with_code
        .post("/inloggen/code", &[("code", "ABCDE-12345")])
        .await;
    assert_eq!(location(&done), "/mijn");
}

async fn a_secret_shown_to_one_sign_in_is_never_shown_to_another(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    professional(&app, "anna@example.org").await;
    // Someone who knows Anna's password starts setting up, to plant a key of their own.
    let intruder = app.browser();
    assert_eq!(
        location(&password(&intruder, "anna@example.org", "/mijn").await),
        "/inlogcode"
    );
    let planted = key_on(&intruder.get("/inlogcode").await.text().await.unwrap());
    // Anna's own sign-in is shown another key.
    let anna = app.browser();
    password(&anna, "anna@example.org", "/mijn").await;
    let hers = key_on(&anna.get("/inlogcode").await.text().await.unwrap());
    assert_ne!(hers, planted);
    // Each sign-in sets up its own: the intruder's page (opened again) keeps showing theirs,
    // and Anna's stays hers.
    let again = key_on(&intruder.get("/inlogcode").await.text().await.unwrap());
    assert_eq!(again, planted);
    assert_eq!(
        key_on(&anna.get("/inlogcode").await.text().await.unwrap()),
        hers
    );
    // Nor can the intruder turn on Anna's key (were it ever seen over her shoulder).
    let refused = intruder
        .post("/inlogcode", &[("code", &totp(&hers, app.now()))])
        .await;
    assert_eq!(location(&refused), "/inlogcode?fout=fout");
    let done = anna
        .post("/inlogcode", &[("code", &totp(&hers, app.now()))])
        .await;
    assert_eq!(
        location(&done),
        "/inlogcode/herstelcodes",
        "Anna turns hers on"
    );
    // Setting it up ended the intruder's waiting sign-in.
    let late = intruder
        .post("/inlogcode", &[("code", &totp(&planted, app.now()))])
        .await;
    assert_eq!(
        location(&late),
        "/inloggen",
        "waiting sign-ins end when it is set up"
    );
    let page = intruder.get("/inlogcode").await;
    assert!(!page.text().await.unwrap().contains("secret-key"));
}

async fn a_code_signs_in_once_and_a_recovery_code_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let anna = professional(&app, "anna@example.org").await;
    app.second_step_for(anna).await;
    let code = totp(TOTP_KEY, app.now());

    let first = app.browser();
    password(&first, "anna@example.org", "/mijn").await;
    let done = first.post("/inloggen/code", &[("code", &code)]).await;
    assert_eq!(location(&done), "/mijn");

    // The same code in another sign-in within its 30 seconds: refused.
    let second = app.browser();
    password(&second, "anna@example.org", "/mijn").await;
    let replay = second.post("/inloggen/code", &[("code", &code)]).await;
    assert_eq!(location(&replay), "/inloggen/code?fout=fout");
    assert!(second.cookie("meetpunt_session").is_none());
    // The next step's code works.
    app.clock().advance(Duration::from_secs(30));
    let next = second
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert_eq!(location(&next), "/mijn");

    // New recovery codes (confirmed with a code from the app); then one of them signs in
    // once, typed with capitals and spaces.
    app.clock().advance(Duration::from_secs(30));
    let renewed = second
        .post(
            "/inlogcode/herstelcodes",
            &[("code", &totp(TOTP_KEY, app.now()))],
        )
        .await;
    assert_eq!(location(&renewed), "/inlogcode/herstelcodes");
    let codes = codes_on(
        &second
            .get("/inlogcode/herstelcodes")
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(codes.len(), 10);
    let typed = codes[3].to_uppercase().replace('-', " ");
    let third = app.browser();
    password(&third, "anna@example.org", "/mijn").await;
    let done = third.post("/inloggen/code", &[("code", &typed)]).await;
    assert_eq!(location(&done), "/mijn");
    let setup = third.get("/inlogcode").await.text().await.unwrap();
    assert!(setup.contains("Ongebruikte herstelcodes: 9."), "{setup}");
    let fourth = app.browser();
    password(&fourth, "anna@example.org", "/mijn").await;
    let used = fourth.post("/inloggen/code", &[("code", &codes[3])]).await;
    assert_eq!(location(&used), "/inloggen/code?fout=fout");
    assert!(fourth.cookie("meetpunt_session").is_none());

    // An administrator resets it (phone and codes lost): sessions end, and Anna sets it up
    // again at her next sign-in.
    accounts::second_factor::reset_by_administrator(app.store(), "anna@example.org", app.now())
        .await
        .unwrap();
    assert_ne!(first.get("/verzoeken").await.status(), 200, "signed out");
    let fifth = app.browser();
    assert_eq!(
        location(&password(&fifth, "anna@example.org", "/mijn").await),
        "/inlogcode"
    );
}

async fn wrong_codes_are_counted_and_a_waiting_sign_in_times_out(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let anna = professional(&app, "anna@example.org").await;
    app.second_step_for(anna).await;
    let browser = app.browser();
    password(&browser, "anna@example.org", "/mijn").await;
    // Five wrong codes are answered as wrong; from then on the sign-in waits, even with
    // the right code.
    for _ in 0..4 {
        let wrong = browser.post("/inloggen/code", &[("code", "123456")]).await;
        assert_eq!(location(&wrong), "/inloggen/code?fout=fout");
    }
    let fifth = browser.post("/inloggen/code", &[("code", "123456")]).await;
    assert_eq!(location(&fifth), "/inloggen/code?fout=wacht-1");
    let right = browser
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert_eq!(location(&right), "/inloggen/code?fout=wacht-1");
    assert!(browser.cookie("meetpunt_session").is_none());
    let page = browser
        .get("/inloggen/code?fout=wacht-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("te vaak een verkeerde code"), "{page}");
    // Signing in again does not start a fresh count: the password waits too.
    let again = app.browser();
    let waits = password(&again, "anna@example.org", "/mijn").await;
    assert!(
        location(&waits).starts_with("/inloggen?"),
        "{}",
        location(&waits)
    );
    assert!(again.cookie("meetpunt_pending").is_none());
    // Nor does a new password, which clears the count of wrong passwords (and ends waiting
    // sign-ins): the code still waits.
    accounts::set_password(app.store(), "anna@example.org", PASSWORD, app.now())
        .await
        .unwrap();
    let reset = app.browser();
    let asked = password(&reset, "anna@example.org", "/mijn").await;
    assert_eq!(location(&asked), "/inloggen/code");
    let waits = reset
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert_eq!(location(&waits), "/inloggen/code?fout=wacht-1");
    let ended = browser
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert_eq!(location(&ended), "/inloggen", "the new password ended it");
    // After the wait the right code signs in (within five minutes of the password).
    app.clock().advance(Duration::from_secs(61));
    let done = reset
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert_eq!(location(&done), "/mijn");

    // A sign-in that waits more than five minutes for its code: sign in again.
    app.clock().advance(Duration::from_secs(30));
    let slow = app.browser();
    let asked = password(&slow, "anna@example.org", "/mijn").await;
    assert_eq!(location(&asked), "/inloggen/code", "the count was cleared");
    app.clock().advance(Duration::from_secs(5 * 60));
    let late = slow
        .post("/inloggen/code", &[("code", &totp(TOTP_KEY, app.now()))])
        .await;
    assert_eq!(location(&late), "/inloggen");
    assert!(slow.cookie("meetpunt_session").is_none());
    // A code without a waiting sign-in leads back to signing in.
    let stranger = app.browser();
    let nothing = stranger.post("/inloggen/code", &[("code", "123456")]).await;
    assert_eq!(location(&nothing), "/inloggen");
}

async fn a_patient_may_turn_the_second_step_on_and_off_a_professional_may_not(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let patient = app.sign_in_as(test_app::Person::Patient).await;
    let own = patient.get("/mijn").await.text().await.unwrap();
    assert!(own.contains("U logt in met alleen uw wachtwoord"), "{own}");
    assert!(own.contains(r#"href="/inlogcode""#));
    let page = patient.get("/inlogcode").await.text().await.unwrap();
    assert!(page.contains("beter beschermd"), "{page}");
    let key = key_on(&page);
    let on = patient
        .post("/inlogcode", &[("code", &totp(&key, app.now()))])
        .await;
    assert_eq!(location(&on), "/inlogcode/herstelcodes");
    let shown = patient
        .get("/inlogcode/herstelcodes")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(codes_on(&shown).len(), 10);
    assert!(shown.contains(r#"href="/mijn""#));
    let own = patient.get("/mijn").await.text().await.unwrap();
    assert!(
        own.contains("U logt in met uw wachtwoord en een code"),
        "{own}"
    );

    // From now on the password alone does not sign the patient in.
    let email: String = sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
        .bind(patient.account.unwrap().0)
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    let phone = app.browser();
    assert_eq!(
        location(&password(&phone, &email, "/mijn").await),
        "/inloggen/code"
    );

    // Turning it off needs a right code.
    app.clock().advance(Duration::from_secs(30));
    let wrong = patient
        .post("/inlogcode/uitzetten", &[("code", "999999")])
        .await;
    assert_eq!(location(&wrong), "/inlogcode?fout=fout&bij=uit");
    let off = patient
        .post("/inlogcode/uitzetten", &[("code", &totp(&key, app.now()))])
        .await;
    assert_eq!(location(&off), "/inlogcode?uit=1");
    let news = patient.get("/inlogcode?uit=1").await.text().await.unwrap();
    assert!(news.contains("staat uit"), "{news}");
    assert!(
        !news.contains("secret-key"),
        "no new key shown right after turning it off"
    );
    let laptop = app.browser();
    assert_eq!(location(&password(&laptop, &email, "/mijn").await), "/mijn");
    assert!(audit_actions(&app)
        .await
        .iter()
        .any(|(a, o)| a == "second_factor_off" && o == "success"));
    let told = count(
        app.store(),
        "SELECT COUNT(*) AS n FROM outbox WHERE body_text LIKE '%nu uit%'",
    )
    .await;
    assert_eq!(told, 1, "the patient is told it is off");

    // A professional's second step stays on.
    let anna = app
        .sign_in_as(test_app::Person::Professional(
            OrganisationKind::Hap,
            Level::C,
        ))
        .await;
    let page = anna.get("/inlogcode").await.text().await.unwrap();
    assert!(
        page.contains("Zorgverleners kunnen dit niet uitzetten"),
        "{page}"
    );
    assert!(!page.contains(r#"action="/inlogcode/uitzetten""#));
    app.clock().advance(Duration::from_secs(30));
    let refused = anna
        .post(
            "/inlogcode/uitzetten",
            &[("code", &totp(TOTP_KEY, app.now()))],
        )
        .await;
    assert_eq!(location(&refused), "/inlogcode?fout=verplicht&bij=uit");
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) AS n FROM second_factors").await,
        1
    );
}

//! Signing in and out over HTTP, as a browser without JavaScript does it, on both backends.

mod test_app;

use app::access::server::{self as accounts, NewAccount};
use app::access::Role;
use app::audit::server as audit;
use app::db::Backend;
use std::time::Duration;
use test_app::TestApp;

app::on_both_backends!(
    a_patient_signs_in_sees_their_page_and_signs_out,
    a_wrong_password_returns_to_the_form_with_the_address_kept,
    the_account_page_sends_visitors_to_sign_in_first,
    an_unknown_or_ended_session_cookie_is_removed,
    the_sign_in_page_returns_only_to_pages_of_this_site,
);

const PASSWORD: &str = "groene-fiets-onder-de-boom";

async fn with_patient(backend: Backend) -> Option<TestApp> {
    let app = TestApp::spawn(backend).await?;
    accounts::create_account(
        app.store(),
        &NewAccount {
            email: "jan@example.org",
            name: "Jan Jansen",
            role: Role::Patient,
            organisation: None,
            level: None,
            password: Some(PASSWORD),
        },
        app.now(),
    )
    .await
    .unwrap();
    Some(app)
}

/// Posts the sign-in form as a browser on this site does.
async fn post_sign_in(app: &TestApp, email: &str, password: &str, next: &str) -> reqwest::Response {
    app.post_form(
        "/inloggen",
        &[("email", email), ("password", password), ("next", next)],
        None,
    )
    .await
}

/// The `name=value` part of each `Set-Cookie` header, by cookie name.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn pair(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap()
}

async fn a_patient_signs_in_sees_their_page_and_signs_out(backend: Backend) {
    let Some(app) = with_patient(backend).await else {
        return;
    };
    let response = post_sign_in(&app, "Jan@Example.org", PASSWORD, "/mijn").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/mijn");
    let session = set_cookie(&response, "meetpunt_session").expect("a session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(
        !session.contains("Max-Age"),
        "ends with the browser: {session}"
    );
    let cookie = pair(&session).to_string();

    let page = app.get_with_cookie("/mijn", &cookie).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("U bent ingelogd als Jan Jansen."), "{html}");
    assert!(html.contains("Patiënt"));
    assert!(html.contains(r#"action="/uitloggen""#));
    // The header offers the own page and signing out, not signing in.
    let home = app
        .get_with_cookie("/", &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(home.contains(r#"href="/mijn""#));
    assert!(!home.contains(r#"href="/inloggen""#));
    // The browser learns the name and role, never the address or an id.
    assert!(!html.contains("jan@example.org"));

    let out = app.post_form("/uitloggen", &[], Some(&cookie)).await;
    assert_eq!(out.status(), 303);
    assert_eq!(out.headers()["location"], "/inloggen");
    assert!(set_cookie(&out, "meetpunt_session")
        .unwrap()
        .contains("Max-Age=0"));
    let flash = pair(&set_cookie(&out, "meetpunt_signin").unwrap()).to_string();
    let page = app.get_with_cookie("/inloggen", &flash).await;
    let html = page.text().await.unwrap();
    assert!(html.contains("U bent uitgelogd."), "{html}");

    // The old cookie no longer opens the page.
    let again = app
        .client
        .get(app.url("/mijn"))
        .header("cookie", &cookie)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 302);
    let log = audit::recent(app.store(), 2).await.unwrap();
    assert_eq!(log[0].action, "sign_out");
    assert_eq!(log[1].action, "sign_in");
    // The access log says where the requests came from.
    assert_eq!(log[0].client.as_deref(), Some("127.0.0.1"));
    assert_eq!(log[1].client.as_deref(), Some("127.0.0.1"));
    app.stop().await;
}

async fn a_wrong_password_returns_to_the_form_with_the_address_kept(backend: Backend) {
    let Some(app) = with_patient(backend).await else {
        return;
    };
    let response = post_sign_in(
        &app,
        "jan@example.org",
        "niet-het-goede-wachtwoord",
        "/mijn",
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/inloggen?next=%2Fmijn");
    assert!(set_cookie(&response, "meetpunt_session").is_none());
    let flash = set_cookie(&response, "meetpunt_signin").unwrap();
    assert!(flash.contains("Max-Age=300"), "{flash}");
    assert!(
        !flash.contains("niet-het-goede"),
        "the password never travels back"
    );

    let page = app
        .get_with_cookie("/inloggen?next=%2Fmijn", pair(&flash))
        .await;
    // Shown once: the page removes the notice cookie.
    assert!(set_cookie(&page, "meetpunt_signin")
        .unwrap()
        .contains("Max-Age=0"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Het e-mailadres of het wachtwoord klopt niet."));
    assert!(html.contains(r#"role="alert""#));
    assert!(html.contains(r#"value="jan@example.org""#), "{html}");
    assert!(html.contains(r#"aria-invalid="true""#));
    assert!(html.contains(r#"name="next" value="/mijn""#));

    // In English the same notice is in English.
    let english = app
        .get_with_cookie("/inloggen", &format!("{}; meetpunt_lang=en", pair(&flash)))
        .await
        .text()
        .await
        .unwrap();
    assert!(english.contains("The e-mail address or the password is not right."));

    // After five wrong passwords the next attempt waits; the page says for how long.
    let mut last = None;
    for _ in 0..4 {
        last = Some(post_sign_in(&app, "jan@example.org", "nog-steeds-fout", "").await);
    }
    let flash = set_cookie(&last.unwrap(), "meetpunt_signin").unwrap();
    let html = app
        .get_with_cookie("/inloggen", pair(&flash))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("over 1 minuut opnieuw proberen"), "{html}");
    // An empty form is answered too, without a round trip through the database.
    let empty = app.post_form("/inloggen", &[], None).await;
    let flash = set_cookie(&empty, "meetpunt_signin").unwrap();
    let html = app
        .get_with_cookie("/inloggen", pair(&flash))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Vul uw e-mailadres en uw wachtwoord in."));
    app.stop().await;
}

async fn the_account_page_sends_visitors_to_sign_in_first(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app
        .client
        .get(app.url("/mijn"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/inloggen?next=%2Fmijn");
    let page = app.get("/inloggen").await.text().await.unwrap();
    assert!(page.contains(r#"autocomplete="current-password""#));
    assert!(page.contains(r#"<label for="email">E-mailadres</label>"#));
    app.stop().await;
}

async fn an_unknown_or_ended_session_cookie_is_removed(backend: Backend) {
    let Some(app) = with_patient(backend).await else {
        return;
    };
    for forged in [
        "meetpunt_session=nonsense",
        &format!("meetpunt_session={}", "0f".repeat(32)),
    ] {
        let response = app.get_with_cookie("/", forged).await;
        assert_eq!(response.status(), 200);
        assert!(set_cookie(&response, "meetpunt_session")
            .unwrap()
            .contains("Max-Age=0"));
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"href="/inloggen""#));
    }
    // A session that ended while the browser kept the cookie: removed, and the sign-in page
    // explains why. 29 minutes without a request keep it; 30 end it.
    let response = post_sign_in(&app, "jan@example.org", PASSWORD, "").await;
    let cookie = pair(&set_cookie(&response, "meetpunt_session").unwrap()).to_string();
    app.clock().advance(Duration::from_secs(29 * 60));
    let response = app.get_with_cookie("/", &cookie).await;
    assert!(set_cookie(&response, "meetpunt_session").is_none());
    assert!(response
        .text()
        .await
        .unwrap()
        .contains(r#"action="/uitloggen""#));
    app.clock().advance(Duration::from_secs(30 * 60));
    let response = app.get_with_cookie("/", &cookie).await;
    assert!(set_cookie(&response, "meetpunt_session")
        .unwrap()
        .contains("Max-Age=0"));
    let flash = pair(&set_cookie(&response, "meetpunt_signin").unwrap()).to_string();
    let html = app
        .get_with_cookie("/inloggen", &flash)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("bent daarom uitgelogd"), "{html}");
    app.stop().await;
}

async fn the_sign_in_page_returns_only_to_pages_of_this_site(backend: Backend) {
    let Some(app) = with_patient(backend).await else {
        return;
    };
    for next in ["https://evil.example/", "//evil.example", ""] {
        let response = post_sign_in(&app, "jan@example.org", PASSWORD, next).await;
        assert_eq!(response.headers()["location"], "/mijn", "{next}");
    }
    let page = app
        .get("/inloggen?next=https%3A%2F%2Fevil.example")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"name="next" value="/mijn""#));
    // A sign-in form posted from another site is refused before it is read.
    let response = app
        .client
        .post(app.url("/inloggen"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "jan@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(set_cookie(&response, "meetpunt_session").is_none());
    app.stop().await;
}

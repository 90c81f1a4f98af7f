//! The real server on a random port with a fresh database, driven over HTTP.

mod test_app;

use app::db::Backend;
use test_app::TestApp;

app::on_both_backends!(
    the_home_page_is_dutch_accessible_and_carries_security_headers,
    the_catalogue_page_lists_the_instruments_from_the_database,
    the_catalogue_server_function_answers_json,
    an_unknown_page_is_a_real_404_with_a_helpful_page,
    the_health_check_reports_the_database,
    the_health_check_fails_without_detail_when_the_database_is_gone,
    the_language_switch_remembers_english_and_returns_to_the_page,
    an_instrument_preview_shows_its_questions_and_an_unknown_one_is_404,
    a_server_function_refusal_has_its_own_status,
);

async fn the_home_page_is_dutch_accessible_and_carries_security_headers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();

    assert!(html.contains(r#"<html lang="nl""#), "Dutch by default");
    assert!(html.contains("Welkom bij Meetpunt"));
    assert!(html.contains(r##"href="#main""##), "skip link");
    assert!(html.contains(r#"<main id="main""#));
    assert!(html.contains("<nav"));
    // A page without islands loads no JavaScript and no wasm: it is all server-rendered.
    assert!(!html.contains(".wasm"), "{html}");
    assert!(!html.contains("modulepreload"), "{html}");
    assert!(!html.contains("<leptos-island"));

    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the page policy carries a nonce");
    assert!(nonce.len() >= 16);
    assert!(
        html.contains(&format!(r#"nonce="{nonce}""#)),
        "the hydration script uses the nonce"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );

    // A new nonce for every response.
    let second = app.get("/").await;
    assert!(!second.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains(nonce));
    app.stop().await;
}

async fn the_catalogue_page_lists_the_instruments_from_the_database(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app.get("/vragenlijsten").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Groningen Frailty Indicator (GFI)"), "{html}");
    assert!(html.contains("data-testid=\"catalogue-row\""));
    app.stop().await;
}

async fn the_catalogue_server_function_answers_json(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app
        .client
        .post(app.url("/api/catalogue"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let list: Vec<serde_json::Value> = response.json().await.unwrap();
    assert!(
        list.iter()
            .any(|e| e["id"] == "gfi" && e["item_count"] == 15),
        "{list:?}"
    );
    app.stop().await;
}

/// Every server function's refusal keeps its status over HTTP, also for a function that does
/// not set it itself: nobody signed in is 401, not a failure of the server.
async fn a_server_function_refusal_has_its_own_status(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    for function in [
        "access/sessions",
        "audit/mine",
        "carers/mine",
        "carers/acting-for",
        "requests/mine",
        "patients/my-consent",
    ] {
        let response = app
            .client
            .post(app.url(&format!("/api/{function}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{function}");
        assert_eq!(
            response.text().await.unwrap(),
            "\"NotSignedIn\"",
            "{function}"
        );
    }
    app.stop().await;
}

async fn an_unknown_page_is_a_real_404_with_a_helpful_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app.get("/bestaat-niet").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Pagina niet gevonden"));
    assert!(html.contains("Naar de startpagina"));
    app.stop().await;
}

async fn the_health_check_reports_the_database(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], backend.name());
    app.stop().await;
}

async fn the_health_check_fails_without_detail_when_the_database_is_gone(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Sabotage: close the pool under the running server.
    app.store().close().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 503);
    let body = response.text().await.unwrap();
    assert_eq!(body, r#"{"status":"unavailable"}"#);
    // Pages that need the database show a plain error, never the driver's text.
    let page = app.get("/vragenlijsten").await;
    assert_eq!(page.status(), 503);
    let html = page.text().await.unwrap();
    assert!(html.contains("even niet bereikbaar"), "{html}");
    for leak in ["pool", "sqlx", "closed", "PoolClosed"] {
        assert!(
            !html.contains(leak),
            "internal text {leak:?} reached the page"
        );
    }
    app.stop().await;
}

async fn the_language_switch_remembers_english_and_returns_to_the_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app.switch_language("en", "/vragenlijsten", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/vragenlijsten");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("meetpunt_lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("HttpOnly"));

    let response = app
        .get_with_cookie("/vragenlijsten", "meetpunt_lang=en")
        .await;
    let status = response.status();
    let headers = format!("{:?}", response.headers());
    let html = response.text().await.unwrap();
    assert!(
        html.contains(r#"<html lang="en""#),
        "{status} {headers} {}",
        &html[..html.len().min(1500)]
    );
    assert!(html.contains("These are the questionnaires your care team can send you."));
    app.stop().await;
}

async fn an_instrument_preview_shows_its_questions_and_an_unknown_one_is_404(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app.get("/vragenlijsten/valrisico").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Bent u in de afgelopen 12 maanden gevallen?"),
        "{html}"
    );
    assert!(
        html.contains("alleen bij bepaalde antwoorden"),
        "follow-up questions are marked"
    );
    assert!(html.contains(r#"class="questionnaire""#));
    // The conditional questions are an island: the page loads the scripts that bring it to
    // life, and every item has a container the island shows or hides.
    assert!(html.contains("<leptos-island"), "{html}");
    assert!(
        html.contains("modulepreload") && html.contains(".wasm"),
        "{html}"
    );
    assert!(html.contains(r#"id="qi-fall_2d_1""#), "{html}");
    let missing = app.get("/vragenlijsten/bestaat-niet").await;
    assert_eq!(missing.status(), 404);
    assert!(missing
        .text()
        .await
        .unwrap()
        .contains("Pagina niet gevonden"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_from_another_site_is_refused() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let from_elsewhere = app
        .switch_language("en", "/", &[("origin", "https://evil.example")])
        .await;
    assert_eq!(from_elsewhere.status(), 403);
    assert!(from_elsewhere.headers().get("set-cookie").is_none());

    let fetch_metadata = app
        .switch_language("en", "/", &[("sec-fetch-site", "cross-site")])
        .await;
    assert_eq!(fetch_metadata.status(), 403);

    let own_origin = app.base.clone();
    let same = app
        .switch_language(
            "en",
            "/",
            &[
                ("origin", own_origin.as_str()),
                ("sec-fetch-site", "same-origin"),
            ],
        )
        .await;
    assert_eq!(same.status(), 303);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_never_redirects_to_another_site() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let response = app.switch_language("en", "//evil.example/x", &[]).await;
    assert_eq!(response.headers()["location"], "/");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_request_body_is_refused() {
    let Some(app) =
        TestApp::spawn_with(Backend::Sqlite, &[("MEETPUNT_BODY_LIMIT_BYTES", "1024")]).await
    else {
        return;
    };
    let response = app
        .client
        .post(app.url("/taal"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("lang=en&next=/{}", "a".repeat(4096)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_compressed_when_the_browser_accepts_it() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_is_sent_when_the_portal_is_reached_over_tls() {
    let Some(app) = TestApp::spawn_with(
        Backend::Sqlite,
        &[("MEETPUNT_PUBLIC_URL", "https://meetpunt.example.org")],
    )
    .await
    else {
        return;
    };
    let response = app.get("/healthz").await;
    assert!(response.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age="));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_files_are_sent_precompressed_when_the_browser_accepts_it() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "console.log('meetpunt');\n".repeat(50);
    std::fs::write(pkg.join("meetpunt.js"), &js).unwrap();
    std::fs::write(pkg.join("meetpunt.js.br"), b"precompressed brotli").unwrap();
    std::fs::write(pkg.join("meetpunt.js.gz"), b"precompressed gzip").unwrap();
    let root = site.path().display().to_string();
    let Some(app) = TestApp::spawn_with(Backend::Sqlite, &[("MEETPUNT_SITE_ROOT", &root)]).await
    else {
        return;
    };
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), "precompressed brotli"),
        ("gzip", Some("gzip"), "precompressed gzip"),
        ("identity", None, js.as_str()),
    ] {
        let response = app
            .client
            .get(app.url("/pkg/meetpunt.js"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        // The stored file is sent as it is, not compressed again on the way out.
        assert_eq!(response.bytes().await.unwrap(), body.as_bytes(), "{accept}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_assets_are_served_with_the_strict_default_policy() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let response = app.get("/favicon.svg").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert!(response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'self'"));
    app.stop().await;
}

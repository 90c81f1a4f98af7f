//! The real server on a random port with a fresh database, driven over HTTP.

use app::db::{testing, Backend};
use server::config::Config;
use std::collections::HashMap;

/// A running server and a client for it.
struct TestApp {
    base: String,
    client: reqwest::Client,
    running: Option<server::Running>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _db: testing::TestDatabase,
    _data: tempfile::TempDir,
}

impl TestApp {
    async fn spawn(backend: Backend) -> Option<TestApp> {
        TestApp::spawn_with(backend, &[]).await
    }

    async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> Option<TestApp> {
        let db = testing::fresh(backend).await?;
        let data = tempfile::tempdir().unwrap();
        let mut vars: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), db.url.clone()),
            ("MEETPUNT_ADDR".into(), "127.0.0.1:0".into()),
            (
                "MEETPUNT_DATA_DIR".into(),
                data.path().display().to_string(),
            ),
            // The static assets folder stands in for a built site.
            (
                "MEETPUNT_SITE_ROOT".into(),
                concat!(env!("CARGO_MANIFEST_DIR"), "/../public").into(),
            ),
        ]);
        for (k, v) in extra {
            vars.insert(k.to_string(), v.to_string());
        }
        let config = Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = server::start(config, async move {
            let _ = stopped.await;
        })
        .await
        .expect("the server starts");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Some(TestApp {
            base: format!("http://{}", running.addr),
            client,
            running: Some(running),
            stop: Some(stop),
            _db: db,
            _data: data,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    async fn switch_language(
        &self,
        lang: &str,
        next: &str,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/taal"))
            .form(&[("lang", lang), ("next", next)]);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.send().await.unwrap()
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.running.take().unwrap().wait().await.unwrap();
    }
}

app::on_both_backends!(
    the_home_page_is_dutch_accessible_and_carries_security_headers,
    the_catalogue_page_lists_the_instruments_from_the_database,
    the_catalogue_server_function_answers_json,
    an_unknown_page_is_a_real_404_with_a_helpful_page,
    the_health_check_reports_the_database,
    the_health_check_fails_without_detail_when_the_database_is_gone,
    the_language_switch_remembers_english_and_returns_to_the_page,
    an_instrument_preview_shows_its_questions_and_an_unknown_one_is_404,
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
    app.running.as_ref().unwrap().store.close().await;
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

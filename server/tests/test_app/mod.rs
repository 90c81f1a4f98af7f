//! The real server on a random port with a fresh database, for the HTTP test files.

#![allow(dead_code)]

use app::db::{testing, Backend, Store};
use server::config::Config;
use std::collections::HashMap;

/// A running server and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    running: Option<server::Running>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _db: testing::TestDatabase,
    _data: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        TestApp::spawn_with(backend, &[]).await
    }

    pub async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> Option<TestApp> {
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

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    pub async fn switch_language(
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

    /// The server's database, to prepare data the way the CLI would.
    pub fn store(&self) -> &Store {
        &self.running.as_ref().expect("running").store
    }

    /// Posts a form as a browser on the same site would, with an optional cookie header.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("sec-fetch-site", "same-origin")
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.unwrap()
    }

    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.running.take().unwrap().wait().await.unwrap();
    }
}

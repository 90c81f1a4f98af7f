//! The harness for flows over HTTP: the real server on a random port with a fresh database,
//! a manual clock the test moves, browsers with their own cookie jars, sign-in as any kind
//! of person in one call, and (on request) a real SMTP server on loopback whose messages and
//! links a test reads.

#![allow(dead_code)]

#[path = "../common/smtp.rs"]
pub mod smtp;

use app::access::server::{self as accounts, NewAccount};
use app::access::{AccountId, Role};
use app::clock::Clock;
use app::db::{testing, Backend, Store};
use app::organisations::server as organisations;
use app::organisations::{Level, OrganisationId, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::{NewPatient, PatientId};
use server::config::Config;
use smtp::SmtpServer;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::SystemTime;

/// Waits (at most ten seconds) until `done` holds.
pub async fn eventually<F: std::future::Future<Output = bool>>(
    mut done: impl FnMut() -> F,
) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if done().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    false
}

/// The password of every account the harness makes.
pub const PASSWORD: &str = "groene-fiets-onder-de-boom";

/// The second-step key of every professional the harness makes (base32).
pub const TOTP_KEY: &str = "JBSWY3DPEHPK3PXP";

/// The code an app with `key` shows at `at`.
pub fn totp(key: &str, at: SystemTime) -> String {
    use app::access::server::second_factor::{step_at, Secret};
    Secret::from_base32(key)
        .expect("a base32 key")
        .code(step_at(at))
}

/// The second-step key shown as text on the setup page.
pub fn key_on(page: &str) -> String {
    let at = page
        .find(r#"data-testid="secret-key""#)
        .expect("a key on the page");
    let start = at + page[at..].find('>').unwrap() + 1;
    let end = start + page[start..].find('<').unwrap();
    page[start..end].replace(' ', "")
}

/// The recovery codes on the codes page.
pub fn codes_on(page: &str) -> Vec<String> {
    page.split("<li><code>")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().to_owned())
        .collect()
}

/// Where the test clock starts: 2026-03-02 09:00 UTC.
pub use app::db::testing::t0;

/// A running server and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    running: Option<server::Running>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    smtp: Option<SmtpServer>,
    config: Config,
    db_url: String,
    _db: Option<testing::TestDatabase>,
    _data: tempfile::TempDir,
}

/// Somebody to sign in as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Person {
    /// A professional of an organisation of this kind, at this level.
    Professional(OrganisationKind, Level),
    /// A patient whose account is linked to a patient record in the care network of the
    /// harness's GP practice.
    Patient,
    /// An informal carer.
    Carer,
}

/// A signed-in (or anonymous) browser: its own cookie jar, no JavaScript.
pub struct Browser<'a> {
    app: &'a TestApp,
    jar: Mutex<BTreeMap<String, String>>,
    /// The account, when signed in.
    pub account: Option<AccountId>,
    /// The patient record of a signed-in patient.
    pub patient: Option<PatientId>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        TestApp::spawn_with(backend, &[]).await
    }

    /// With a real SMTP server on loopback that the portal sends its mail to.
    pub async fn spawn_with_smtp(backend: Backend) -> Option<TestApp> {
        TestApp::spawn_with_smtp_and(backend, &[]).await
    }

    /// With a real SMTP server and more settings.
    pub async fn spawn_with_smtp_and(backend: Backend, extra: &[(&str, &str)]) -> Option<TestApp> {
        let smtp = SmtpServer::start();
        let url = format!("smtp://127.0.0.1:{}", smtp.port);
        let mut vars = extra.to_vec();
        vars.push(("MEETPUNT_SMTP_URL", &url));
        let mut app = TestApp::spawn_with(backend, &vars).await?;
        app.smtp = Some(smtp);
        Some(app)
    }

    /// Sends mail to an SMTP server that is not there yet; [`TestApp::start_smtp`] starts it.
    pub async fn spawn_with_smtp_down(
        backend: Backend,
        extra: &[(&str, &str)],
    ) -> Option<(TestApp, u16)> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("smtp://127.0.0.1:{port}");
        let mut vars = extra.to_vec();
        vars.push(("MEETPUNT_SMTP_URL", &url));
        Some((TestApp::spawn_with(backend, &vars).await?, port))
    }

    /// Starts the SMTP server the portal could not reach.
    pub fn start_smtp(&mut self, port: u16) {
        self.smtp = Some(SmtpServer::start_on(port));
    }

    pub async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> Option<TestApp> {
        let db = testing::fresh(backend).await?;
        let url = db.url.clone();
        Some(TestApp::spawn_on(url, Some(db), extra).await)
    }

    /// A second server instance on the same database (several instances on one PostgreSQL),
    /// sending its mail where this one does.
    pub async fn spawn_sharing(&self, extra: &[(&str, &str)]) -> TestApp {
        let mut vars: Vec<(&str, &str)> = extra.to_vec();
        let smtp = self
            .smtp
            .as_ref()
            .map(|s| format!("smtp://127.0.0.1:{}", s.port));
        if let Some(url) = &smtp {
            vars.push(("MEETPUNT_SMTP_URL", url));
        }
        TestApp::spawn_on(self.db_url.clone(), None, &vars).await
    }

    async fn spawn_on(
        db_url: String,
        db: Option<testing::TestDatabase>,
        extra: &[(&str, &str)],
    ) -> TestApp {
        let data = tempfile::tempdir().unwrap();
        let mut vars: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), db_url.clone()),
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
        let running = server::start_with_clock(config.clone(), Clock::manual(t0()), async move {
            let _ = stopped.await;
        })
        .await
        .expect("the server starts");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            base: format!("http://{}", running.addr),
            client,
            running: Some(running),
            stop: Some(stop),
            smtp: None,
            config,
            db_url,
            _db: db,
            _data: data,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The server's clock: a manual one that only moves when the test moves it.
    pub fn clock(&self) -> &Clock {
        &self.running.as_ref().expect("running").state.clock
    }

    /// The current time on the server's clock.
    pub fn now(&self) -> SystemTime {
        self.clock().now()
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

    /// A browser with an empty cookie jar.
    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            jar: Mutex::new(BTreeMap::new()),
            account: None,
            patient: None,
        }
    }

    /// Makes an account for `person` (with its organisation or patient record) and signs it
    /// in through the sign-in form, in one call. Each call makes a new person.
    pub async fn sign_in_as(&self, person: Person) -> Browser<'_> {
        static PEOPLE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = PEOPLE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let email = format!("persoon{n}@example.org");
        let now = self.now();
        let (role, organisation, level) = match person {
            Person::Professional(kind, level) => (
                Role::Professional,
                Some(self.organisation(kind).await),
                Some(level),
            ),
            Person::Patient => (Role::Patient, None, None),
            Person::Carer => (Role::Carer, None, None),
        };
        let account = accounts::create_account(
            self.store(),
            &NewAccount {
                email: &email,
                name: &format!("Persoon {n}"),
                role,
                organisation: organisation.as_ref().map(|o| o.as_str()),
                level,
                password: Some(PASSWORD),
            },
            now,
        )
        .await
        .expect("the account is made");
        let mut browser = self.browser();
        browser.account = Some(account);
        if role == Role::Professional {
            self.second_step_for(account).await;
        }
        if person == Person::Patient {
            let practice = self.organisation(OrganisationKind::Hap).await;
            let record = NewPatient::check(
                &format!("Persoon {n}"),
                "1941-03-02",
                Some(email.clone()),
                None,
                jiff::civil::date(2026, 3, 2),
            )
            .unwrap();
            let by = RecordedBy::default();
            let patient = patients::create(self.store(), &record, Some(&practice), &by, now)
                .await
                .unwrap();
            patients::link_account(self.store(), patient, account, &by, now)
                .await
                .unwrap();
            browser.patient = Some(patient);
        }
        let response = browser
            .post(
                app::access::SIGN_IN_PATH,
                &[("email", &email), ("password", PASSWORD), ("next", "/mijn")],
            )
            .await;
        assert_eq!(response.status(), 303, "signing in as {person:?}");
        if role == Role::Professional {
            assert_eq!(response.headers()["location"], "/inloggen/code");
            let code = totp(TOTP_KEY, self.now());
            let response = browser.post("/inloggen/code", &[("code", &code)]).await;
            assert_eq!(response.status(), 303, "the code of {person:?}");
        }
        assert!(browser.cookie("meetpunt_session").is_some(), "a session");
        browser
    }

    /// Gives `account` a second step with [`TOTP_KEY`], already on.
    pub async fn second_step_for(&self, account: AccountId) {
        let secret = app::access::server::second_factor::Secret::from_base32(TOTP_KEY).unwrap();
        app::access::server::second_factor::set_up_with(self.store(), account, &secret, self.now())
            .await
            .unwrap();
    }

    /// The harness's organisation of this kind (made on first use): `test-hap`, `test-vvt`, ...
    pub async fn organisation(&self, kind: OrganisationKind) -> OrganisationId {
        let id = format!("test-{}", kind.code());
        match organisations::add(
            self.store(),
            &id,
            &format!("Test {}", kind.code()),
            kind,
            self.now(),
        )
        .await
        {
            Ok(()) | Err(organisations::OrganisationError::Exists(_)) => {}
            Err(e) => panic!("adding {id}: {e}"),
        }
        OrganisationId::parse(&id).unwrap()
    }

    /// The server's mail transport (SMTP with [`TestApp::spawn_with_smtp`], else the outbox).
    pub fn mailer(&self) -> server::mail::Mailer {
        server::mail::Mailer::from_config(&self.config).unwrap()
    }

    /// Every message the SMTP server received so far (started with [`spawn_with_smtp`]).
    pub fn mail(&self) -> Vec<String> {
        self.smtp
            .as_ref()
            .expect("started with an SMTP server")
            .received()
    }

    /// The links to this portal in the messages received so far.
    pub fn mail_links(&self) -> Vec<String> {
        self.mail()
            .iter()
            .flat_map(|m| smtp::links(m, &self.base))
            .collect()
    }

    /// The paths of the links to this portal containing `fragment` in the messages received
    /// so far, each once (a mail has its link in the text and in the HTML), oldest first.
    pub fn mail_paths(&self, fragment: &str) -> Vec<String> {
        let mut paths: Vec<String> = Vec::new();
        for link in self
            .mail_links()
            .into_iter()
            .filter(|l| l.contains(fragment))
        {
            let path = link.strip_prefix(&self.base).unwrap_or(&link).to_owned();
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
        paths
    }

    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.running.take().unwrap().wait().await.unwrap();
    }
}

impl Browser<'_> {
    /// The `Cookie` header this browser sends.
    fn cookie_header(&self) -> String {
        let jar = self.jar.lock().unwrap();
        jar.iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Keeps the cookies a response sets (and forgets those it removes).
    fn keep_cookies(&self, response: &reqwest::Response) {
        let mut jar = self.jar.lock().unwrap();
        for value in response.headers().get_all("set-cookie") {
            let Ok(text) = value.to_str() else { continue };
            let Some((name, rest)) = text.split_once('=') else {
                continue;
            };
            let value = rest.split(';').next().unwrap_or_default();
            if value.is_empty() || text.contains("Max-Age=0") {
                jar.remove(name);
            } else {
                jar.insert(name.to_string(), value.to_string());
            }
        }
    }

    /// Sets up the second step on `/inlogcode` (signed in, or signing in as a professional
    /// who has to), and returns the key and the recovery codes.
    pub async fn set_up_second_step(&self) -> (String, Vec<String>) {
        let page = self.get("/inlogcode").await.text().await.unwrap();
        let key = key_on(&page);
        let done = self
            .post("/inlogcode", &[("code", &totp(&key, self.app.now()))])
            .await;
        assert_eq!(done.headers()["location"], "/inlogcode/herstelcodes");
        let shown = self
            .get("/inlogcode/herstelcodes")
            .await
            .text()
            .await
            .unwrap();
        (key, codes_on(&shown))
    }

    /// The live session this browser is signed in with.
    pub async fn session(&self) -> app::access::server::Session {
        let token = app::access::server::SessionToken::from_cookie(
            &self.cookie("meetpunt_session").expect("signed in"),
        )
        .unwrap();
        let state = self.app.running_state().unwrap();
        match app::access::server::session(self.app.store(), &state.access, &token, self.app.now())
            .await
            .unwrap()
        {
            app::access::server::Lookup::Live(session) => session,
            _ => panic!("the session ended"),
        }
    }

    /// The value of a cookie in the jar.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().unwrap().get(name).cloned()
    }

    /// `GET path`, as a browser asking for a page.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .header("accept", "text/html")
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        response
    }

    /// Posts a form from a page of this site.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let response = self
            .app
            .client
            .post(self.app.url(path))
            .header("sec-fetch-site", "same-origin")
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        response
    }
}

impl TestApp {
    /// Jan Jansen, with an e-mail address, in the care network of the harness's practice.
    pub async fn patient_jan(&self) -> PatientId {
        let practice = self.organisation(OrganisationKind::Hap).await;
        let record = NewPatient::check(
            "Jan Jansen",
            "1941-03-02",
            Some("jan@example.org".into()),
            None,
            jiff::civil::date(2026, 3, 2),
        )
        .unwrap();
        patients::create(
            self.store(),
            &record,
            Some(&practice),
            &RecordedBy::default(),
            self.now(),
        )
        .await
        .unwrap()
    }

    /// Sends `ask` to `patient` from the harness's practice, due 16 March 2026.
    pub async fn send_request(
        &self,
        patient: PatientId,
        ask: app::requests::Ask,
    ) -> app::requests::RequestId {
        self.send_request_due(patient, ask, jiff::civil::date(2026, 3, 16))
            .await
    }

    /// Sends `ask` to `patient` from the harness's practice, due on `due`.
    pub async fn send_request_due(
        &self,
        patient: PatientId,
        ask: app::requests::Ask,
        due: jiff::civil::Date,
    ) -> app::requests::RequestId {
        let practice = self.organisation(OrganisationKind::Hap).await;
        let new = app::requests::server::NewRequest {
            patient,
            ask,
            due,
            reminders: false,
            repeat_months: None,
        };
        app::requests::server::send(
            self.store(),
            &app::requests::server::Requester::admin(practice),
            &new,
            7,
            self.now(),
        )
        .await
        .unwrap()
    }

    /// Fills in the GFI through the link with this token and submits it, as the link pages
    /// do: "no" to the questions about doing things without help, mark 5, sometimes sombre,
    /// the rest "no" — a score of 6 of 15 (frail).
    pub async fn fill_in_gfi(&self, token: &str) {
        self.fill_in_gfi_as(token, None).await;
    }

    /// [`TestApp::fill_in_gfi`] by whoever has `viewer`'s session.
    pub async fn fill_in_gfi_as(&self, token: &str, viewer: Option<&app::access::server::Session>) {
        use app::questionnaires::definition::AnswerValue;
        self.fill_in_as(token, viewer, |id| match id {
            "gfi-5" => Some(AnswerValue::Integer(5)),
            "gfi-14" => Some(AnswerValue::Text("sometimes".into())),
            id if id.starts_with("gfi-") => Some(AnswerValue::Text("no".into())),
            _ => None,
        })
        .await;
    }

    /// Fills in the questionnaire of the link with this token — `answer` gives each
    /// question's answer by its link id, or none — and submits it, as the link pages do.
    pub async fn fill_in(
        &self,
        token: &str,
        answer: impl Fn(&str) -> Option<app::questionnaires::definition::AnswerValue>,
    ) {
        self.fill_in_as(token, None, answer).await;
    }

    /// [`TestApp::fill_in`] by whoever has `viewer`'s session (a visit's link works only for
    /// its professional).
    pub async fn fill_in_as(
        &self,
        token: &str,
        viewer: Option<&app::access::server::Session>,
        answer: impl Fn(&str) -> Option<app::questionnaires::definition::AnswerValue>,
    ) {
        use app::requests::link;
        let opened = link::open(self.store(), token, viewer, self.now())
            .await
            .unwrap()
            .unwrap();
        let definition = link::definition(self.store(), &opened)
            .await
            .unwrap()
            .unwrap();
        let mut answers = app::questionnaires::answers::Answers::new();
        for item in definition.all_items() {
            if let Some(value) = answer(&item.link_id) {
                answers.insert(item.link_id.clone(), vec![value]);
            }
        }
        let all: Vec<String> = answers.keys().cloned().collect();
        link::save_page(
            self.store(),
            &opened,
            &definition,
            &all,
            answers,
            0,
            false,
            None,
            self.now(),
        )
        .await
        .unwrap()
        .expect("the request is open");
        let submitted = link::submit(self.store(), &opened, &definition, None, self.now())
            .await
            .unwrap();
        assert!(
            matches!(submitted, link::Submitted::Stored),
            "{submitted:?}"
        );
    }

    /// The state the server's handlers and workers share.
    pub fn running_state(&self) -> Option<&app::state::AppState> {
        self.running.as_ref().map(|r| &r.state)
    }
}

/// The one number a query gives, e.g. `SELECT COUNT(*) FROM readings`.
pub async fn count(store: &app::db::Store, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

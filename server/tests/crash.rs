//! The server killed with SIGKILL, once while patients save their answers step by step and
//! once while submissions arrive. After a restart on the same database every answer the
//! server acknowledged (a 303 to the next page) is there, and no response is stored twice.
//! The server is the real binary in a process of its own, so it can be killed.

#![cfg(unix)]

use app::db::{testing, Backend, Store};
use app::organisations::server as organisations;
use app::organisations::{OrganisationId, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::NewPatient;
use app::questionnaires::answers::Answers;
use app::questionnaires::definition::AnswerValue;
use app::questionnaires::live::field_id;
use app::requests::server::{self as requests, NewRequest, Requester};
use app::requests::{Ask, RequestId};
use serde_json::{json, Map, Value};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

app::on_both_backends!(
    a_kill_while_drafts_are_saved_keeps_every_acknowledged_answer,
    a_kill_while_submissions_arrive_keeps_each_acknowledged_one_once,
);

/// Patients saving at once, and how often each goes through the four GFI steps.
const DRAFTS: usize = 8;
const ROUNDS: u32 = 10;
/// Acknowledged saves before the kill.
const KILL_AFTER_SAVES: usize = 48;
/// Requests submitted, tasks submitting, acknowledged submits before the kill.
const SUBMISSIONS: usize = 40;
const SENDERS: usize = 6;
const KILL_AFTER_SUBMITS: usize = 10;

/// The `meetpunt` binary serving on a port of its own; killed when dropped.
struct Server {
    child: Child,
    base: String,
    client: reqwest::Client,
    log: PathBuf,
}

impl Server {
    /// Starts `meetpunt serve` on the database and waits until `/healthz` answers.
    async fn start(database_url: &str, data: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = data.join(format!("meetpunt-{port}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_meetpunt"))
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("MEETPUNT_ADDR", format!("127.0.0.1:{port}"))
            .env("MEETPUNT_DATA_DIR", data)
            .env(
                "MEETPUNT_SITE_ROOT",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../public"),
            )
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start meetpunt");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            client,
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let health = server
                .client
                .get(format!("{}/healthz", server.base))
                .send()
                .await;
            if health.is_ok_and(|r| r.status() == 200) {
                return server;
            }
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("meetpunt stopped ({status}): {}", server.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "meetpunt does not answer: {}",
                server.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, requests in flight are cut off.
    fn kill(&mut self) {
        self.child.kill().expect("send SIGKILL");
        let status = self.child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "meetpunt ended before the kill ({status}): {}",
            self.log_text()
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Posts a form as a page of the portal does (same site); the redirect is not followed.
async fn post(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}{path}"))
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A fresh database with the instrument library, Jan in a practice's care network, and
/// GFI requests sent to him, each with a link.
struct Prepared {
    db: testing::TestDatabase,
    store: Store,
    data: tempfile::TempDir,
    links: Vec<Link>,
}

struct Link {
    request: RequestId,
    token: String,
    path: String,
}

async fn prepare(backend: Backend, n: usize) -> Option<Prepared> {
    let (db, store) = testing::migrated(backend).await?;
    // What the server does at start, so the GFI is there to send.
    app::questionnaires::server::sync_builtin_library(&store)
        .await
        .unwrap();
    // The binary runs on the system clock, so the data is made on it too.
    let now = SystemTime::now();
    let today = app::measurements::clock::today(now);
    organisations::add(
        &store,
        "praktijk-noord",
        "Praktijk Noord",
        OrganisationKind::Hap,
        now,
    )
    .await
    .unwrap();
    let practice = OrganisationId::parse("praktijk-noord").unwrap();
    let record = NewPatient::check(
        "Jan Jansen",
        "1941-03-02",
        Some("jan@example.org".into()),
        None,
        today,
    )
    .unwrap();
    let jan = patients::create(
        &store,
        &record,
        Some(&practice),
        &RecordedBy::default(),
        now,
    )
    .await
    .unwrap();
    let due = today.checked_add(jiff::Span::new().days(14)).unwrap();
    let mut links = Vec::new();
    for _ in 0..n {
        let new = NewRequest {
            patient: jan,
            ask: Ask::Questionnaire("gfi".into()),
            due,
            reminders: false,
            repeat_months: None,
        };
        let request = requests::send(&store, &Requester::admin(practice.clone()), &new, 7, now)
            .await
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        let token = requests::mint_link(&mut tx, request, 7, now).await.unwrap();
        tx.commit().await.unwrap();
        links.push(Link {
            request,
            token: token.expose().to_owned(),
            path: requests::link_path(&token),
        });
    }
    Some(Prepared {
        db,
        store,
        data: tempfile::tempdir().unwrap(),
        links,
    })
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn count_for(store: &Store, sql: &str, request: RequestId) -> i64 {
    sqlx::query(sql)
        .bind(request.0)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn status(store: &Store, request: RequestId) -> String {
    sqlx::query("SELECT status FROM requests WHERE id = $1")
        .bind(request.0)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("status")
        .unwrap()
}

/// The answers in a request's draft, by link id (empty without a draft).
async fn draft_answers(store: &Store, request: RequestId) -> Map<String, Value> {
    let row = sqlx::query("SELECT answers FROM drafts WHERE request_id = $1")
        .bind(request.0)
        .fetch_optional(store.pool())
        .await
        .unwrap();
    row.map(|row| {
        serde_json::from_str::<Map<String, Value>>(&row.try_get::<String, _>("answers").unwrap())
            .unwrap()
    })
    .unwrap_or_default()
}

/// Waits until `n` answers were acknowledged, or every task is done.
async fn wait_for<T>(acks: &AtomicUsize, n: usize, tasks: &[tokio::task::JoinHandle<T>]) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while acks.load(Ordering::SeqCst) < n && !tasks.iter().all(|t| t.is_finished()) {
        assert!(
            Instant::now() < deadline,
            "only {} acknowledged",
            acks.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// The answers of GFI step `step` in round `round`, as link id and typed value. The mark is
/// the round and the other values change too, so a save is told apart from an older one.
fn step_answers(step: usize, round: u32) -> Vec<(String, String)> {
    let three = ["yes", "sometimes", "no"];
    let pick = |k: u32| three[((round + k) % 3) as usize].to_string();
    match step {
        1 => (1..=9)
            .map(|n| {
                let typed = if n == 5 {
                    round.to_string()
                } else if round.is_multiple_of(2) {
                    "yes".to_string()
                } else {
                    "no".to_string()
                };
                (format!("gfi-{n}"), typed)
            })
            .collect(),
        2 => vec![("gfi-10".to_string(), pick(0))],
        3 => (11..=13).map(|n| (format!("gfi-{n}"), pick(n))).collect(),
        _ => (14..=15).map(|n| (format!("gfi-{n}"), pick(n))).collect(),
    }
}

/// A typed value as the draft stores it: the mark as a number, the others as their code.
fn stored(link_id: &str, typed: &str) -> Value {
    match link_id {
        "gfi-5" => json!([typed.parse::<i64>().unwrap()]),
        _ => json!([typed]),
    }
}

/// What one patient's browser saw: the answers the server acknowledged, those of the save
/// that got no answer (stored or not), and any answer that was not the expected redirect.
#[derive(Default)]
struct Saves {
    acknowledged: BTreeMap<String, Value>,
    unanswered: BTreeMap<String, Value>,
    unexpected: Vec<String>,
}

/// Goes through the four steps again and again, one save at a time as a browser does,
/// until a save gets no answer.
async fn keep_saving(
    client: reqwest::Client,
    base: String,
    path: String,
    acks: Arc<AtomicUsize>,
) -> Saves {
    let mut saves = Saves::default();
    for round in 1..=ROUNDS {
        for step in 1..=4 {
            let answers = step_answers(step, round);
            let mut form: Vec<(String, String)> = answers
                .iter()
                .map(|(id, typed)| (field_id(id), typed.clone()))
                .collect();
            form.push(("go".into(), "next".into()));
            let next = if step == 4 {
                format!("{path}/controle")
            } else {
                format!("{path}/vraag/{}", step + 1)
            };
            let values = answers
                .iter()
                .map(|(id, typed)| (id.clone(), stored(id, typed)));
            match post(&client, &base, &format!("{path}/vraag/{step}"), &form).await {
                Ok(response) if response.status() == 303 && location(&response) == next => {
                    saves.acknowledged.extend(values);
                    acks.fetch_add(1, Ordering::SeqCst);
                }
                Ok(response) => {
                    saves.unexpected.push(format!(
                        "step {step}: {} to {:?}",
                        response.status(),
                        location(&response)
                    ));
                    saves.unanswered.extend(values);
                    return saves;
                }
                Err(_) => {
                    saves.unanswered.extend(values);
                    return saves;
                }
            }
        }
    }
    saves
}

/// The `<input>` tag of a form field in a page.
fn input_tag<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let at = html.find(&format!(r#"name="{name}""#))?;
    let start = html[..at].rfind("<input")?;
    let end = at + html[at..].find('>')?;
    Some(&html[start..=end])
}

async fn a_kill_while_drafts_are_saved_keeps_every_acknowledged_answer(backend: Backend) {
    let Some(prepared) = prepare(backend, DRAFTS).await else {
        return;
    };
    let Prepared {
        db,
        store,
        data,
        links,
    } = &prepared;
    let mut first = Server::start(&db.url, data.path()).await;
    for link in links {
        let started = post(
            &first.client,
            &first.base,
            &format!("{}/start", link.path),
            &[],
        )
        .await
        .unwrap();
        assert_eq!(started.status(), 303);
        assert_eq!(location(&started), format!("{}/vraag/1", link.path));
    }

    // Every patient saves step after step; the server is killed while they do.
    let acks = Arc::new(AtomicUsize::new(0));
    let savers: Vec<_> = links
        .iter()
        .map(|link| {
            tokio::spawn(keep_saving(
                first.client.clone(),
                first.base.clone(),
                link.path.clone(),
                acks.clone(),
            ))
        })
        .collect();
    wait_for(&acks, KILL_AFTER_SAVES, &savers).await;
    first.kill();
    let mut seen = Vec::new();
    for saver in savers {
        seen.push(saver.await.unwrap());
    }
    let unexpected: Vec<&String> = seen.iter().flat_map(|s| &s.unexpected).collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    assert!(acks.load(Ordering::SeqCst) >= KILL_AFTER_SAVES);

    let second = Server::start(&db.url, data.path()).await;
    for (link, saves) in links.iter().zip(&seen) {
        let draft = draft_answers(store, link.request).await;
        // Each acknowledged answer is there, or the one of the save cut off after it.
        for (id, value) in &saves.acknowledged {
            let now = draft.get(id);
            assert!(
                now == Some(value) || (now.is_some() && now == saves.unanswered.get(id)),
                "{}: {id} was saved as {value}, after the restart {now:?}",
                link.path
            );
        }
        // Nothing else is there.
        for (id, now) in &draft {
            assert!(
                saves.acknowledged.get(id) == Some(now) || saves.unanswered.get(id) == Some(now),
                "{}: {id} is {now}, which was never acknowledged or sent last",
                link.path
            );
        }
        if !saves.acknowledged.is_empty() {
            assert_eq!(status(store, link.request).await, "in_progress");
        }
        // The restarted server shows the stored mark on step 1.
        let page = second
            .client
            .get(format!("{}{}/vraag/1", second.base, link.path))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{}", link.path);
        let html = page.text().await.unwrap();
        let mark = input_tag(&html, &field_id("gfi-5"))
            .unwrap_or_else(|| panic!("no field for the mark: {html}"));
        if let Some(value) = draft.get("gfi-5") {
            assert!(
                mark.contains(&format!(r#"value="{}""#, value[0])),
                "{value}: {mark}"
            );
        }
    }
}

/// What one submit got.
enum Answer {
    Acknowledged,
    /// No answer: the server went away first.
    Silent,
    Other(String),
}

/// Submits the links taken from the queue until it is empty.
async fn keep_submitting(
    client: reqwest::Client,
    base: String,
    paths: Arc<Vec<String>>,
    queue: Arc<Mutex<VecDeque<usize>>>,
    acks: Arc<AtomicUsize>,
) -> Vec<(usize, Answer)> {
    let mut answers = Vec::new();
    loop {
        let next = queue.lock().unwrap().pop_front();
        let Some(i) = next else { break };
        let path = format!("{}/versturen", paths[i]);
        let answer = match post(&client, &base, &path, &[]).await {
            Ok(response) if response.status() == 303 && location(&response) == "/ontvangen" => {
                acks.fetch_add(1, Ordering::SeqCst);
                Answer::Acknowledged
            }
            // The second of a double click may find the draft just deleted by the first and
            // go to the review page: not acknowledged, and nothing lost.
            Ok(response)
                if response.status() == 303
                    && location(&response) == format!("{}/controle", paths[i]) =>
            {
                Answer::Silent
            }
            Ok(response) => Answer::Other(format!(
                "{} to {:?}",
                response.status(),
                location(&response)
            )),
            Err(_) => Answer::Silent,
        };
        answers.push((i, answer));
    }
    answers
}

/// Saves the whole GFI into the request's draft as the step pages do: "no" to every
/// question, 7 as the mark.
async fn fill_in(store: &Store, token: &str) {
    let now = SystemTime::now();
    let opened = app::requests::link::open(store, token, None, now)
        .await
        .unwrap()
        .expect("a usable link");
    let definition = app::requests::link::definition(store, &opened)
        .await
        .unwrap()
        .expect("a questionnaire");
    let answers: Answers = (1..=15)
        .map(|n| {
            let value = if n == 5 {
                AnswerValue::Integer(7)
            } else {
                AnswerValue::Text("no".into())
            };
            (format!("gfi-{n}"), vec![value])
        })
        .collect();
    let on_page: Vec<String> = answers.keys().cloned().collect();
    let checked = app::requests::link::save_page(
        store,
        &opened,
        &definition,
        &on_page,
        answers,
        3,
        false,
        None,
        now,
    )
    .await
    .unwrap()
    .expect("the request is open");
    assert!(checked.is_complete(), "{:?}", checked.errors);
}

async fn a_kill_while_submissions_arrive_keeps_each_acknowledged_one_once(backend: Backend) {
    let Some(prepared) = prepare(backend, SUBMISSIONS).await else {
        return;
    };
    let Prepared {
        db,
        store,
        data,
        links,
    } = &prepared;
    for link in links {
        fill_in(store, &link.token).await;
    }
    let mut first = Server::start(&db.url, data.path()).await;

    // Every link is sent twice (a double click), from several tasks at once; the server is
    // killed while they do.
    let queue: VecDeque<usize> = (0..links.len()).flat_map(|i| [i, i]).collect();
    let queue = Arc::new(Mutex::new(queue));
    let paths: Arc<Vec<String>> = Arc::new(links.iter().map(|l| l.path.clone()).collect());
    let acks = Arc::new(AtomicUsize::new(0));
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            tokio::spawn(keep_submitting(
                first.client.clone(),
                first.base.clone(),
                paths.clone(),
                queue.clone(),
                acks.clone(),
            ))
        })
        .collect();
    wait_for(&acks, KILL_AFTER_SUBMITS, &senders).await;
    first.kill();
    let mut acknowledged = BTreeSet::new();
    let mut unexpected = Vec::new();
    for sender in senders {
        for (i, answer) in sender.await.unwrap() {
            match answer {
                Answer::Acknowledged => {
                    acknowledged.insert(i);
                }
                Answer::Silent => {}
                Answer::Other(what) => unexpected.push(format!("{}: {what}", paths[i])),
            }
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:?}");
    assert!(!acknowledged.is_empty());

    let second = Server::start(&db.url, data.path()).await;
    // Each acknowledged submit is stored, once.
    for &i in &acknowledged {
        let request = links[i].request;
        let responses = count_for(
            store,
            "SELECT COUNT(*) AS n FROM responses WHERE request_id = $1",
            request,
        )
        .await;
        assert_eq!(responses, 1, "{}", links[i].path);
        assert_eq!(
            status(store, request).await,
            "completed",
            "{}",
            links[i].path
        );
    }
    let twice = count(
        store,
        "SELECT COUNT(*) AS n FROM (SELECT request_id FROM responses
         GROUP BY request_id HAVING COUNT(*) > 1) AS twice",
    )
    .await;
    assert_eq!(twice, 0);

    // Every link sent again, acknowledged before or not: received, and stored once.
    for link in links {
        let again = post(
            &second.client,
            &second.base,
            &format!("{}/versturen", link.path),
            &[],
        )
        .await
        .unwrap();
        assert_eq!(again.status(), 303, "{}", link.path);
        assert_eq!(location(&again), "/ontvangen", "{}", link.path);
    }
    let n = i64::try_from(links.len()).unwrap();
    assert_eq!(count(store, "SELECT COUNT(*) AS n FROM responses").await, n);
    assert_eq!(
        count(
            store,
            "SELECT COUNT(DISTINCT request_id) AS n FROM responses"
        )
        .await,
        n
    );
    assert_eq!(
        count(
            store,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'response_submitted'"
        )
        .await,
        n
    );
    assert_eq!(
        count(
            store,
            "SELECT COUNT(*) AS n FROM requests WHERE status = 'completed'"
        )
        .await,
        n
    );
    assert_eq!(count(store, "SELECT COUNT(*) AS n FROM drafts").await, 0);
    // Each response holds the fifteen answers of its draft.
    let rows = sqlx::query("SELECT answers FROM responses")
        .fetch_all(store.pool())
        .await
        .unwrap();
    for row in rows {
        let answers: Map<String, Value> =
            serde_json::from_str(&row.try_get::<String, _>("answers").unwrap()).unwrap();
        assert_eq!(answers.len(), 15, "{answers:?}");
    }
}

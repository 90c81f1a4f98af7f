//! The mail outbox delivered by the server's worker to a real SMTP server on loopback: the
//! invitation of a request arrives once, with a working link of which only the hash is
//! stored; a mail server that is down delays mail without losing it; two server instances on
//! one PostgreSQL send every mail once.

mod test_app;

use app::db::{Backend, Store};
use app::patients::PatientId;
use app::requests::Ask;
use sqlx::Row;
use std::time::Duration;
use test_app::{eventually, TestApp};

app::on_both_backends!(
    in_development_a_page_lists_the_mail_in_the_outbox_folder_with_its_links,
    an_invitation_arrives_once_with_a_link_whose_hash_is_stored,
    mail_waits_while_the_mail_server_is_down_and_arrives_once_when_it_is_back,
);

/// Fast polling for the tests.
const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

async fn jan(app: &TestApp) -> PatientId {
    app.patient_jan().await
}

async fn send_gfi(app: &TestApp, patient: PatientId) {
    app.send_request(patient, Ask::Questionnaire("gfi".into()))
        .await;
}

async fn outbox_status(store: &Store) -> Vec<(String, i64)> {
    app::mail::outbox::counts(store).await.unwrap()
}

async fn in_development_a_page_lists_the_mail_in_the_outbox_folder_with_its_links(
    backend: Backend,
) {
    let Some(app) = TestApp::spawn_with(backend, &[POLL]).await else {
        return;
    };
    let patient = jan(&app).await;
    send_gfi(&app, patient).await;
    let browser = app.browser();
    let store = app.store().clone();
    assert!(
        eventually(|| async { outbox_status(&store).await == [("sent".to_string(), 1)] }).await
    );
    let html = browser
        .get("/ontwikkeling/post")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Test hap vraagt u iets in te vullen"),
        "{html}"
    );
    assert!(html.contains("jan@example.org"), "{html}");
    let link = format!("{}/l/", app.base);
    assert!(html.contains(&format!(r#"href="{link}"#)), "{html}");
    app.stop().await;
    // With a mail server (as in production) there is no such page.
    let Some(smtp) = TestApp::spawn_with_smtp(backend).await else {
        return;
    };
    assert_eq!(smtp.browser().get("/ontwikkeling/post").await.status(), 404);
    smtp.stop().await;
}

async fn an_invitation_arrives_once_with_a_link_whose_hash_is_stored(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let patient = jan(&app).await;
    send_gfi(&app, patient).await;
    assert!(
        eventually(|| async { app.mail().len() == 1 }).await,
        "the mail arrives"
    );
    let mail = &app.mail()[0];
    assert!(mail.contains("To: jan@example.org"), "{mail}");
    let links = app.mail_links();
    // The same link in the Dutch and the English part, in text and HTML.
    assert!(!links.is_empty());
    let link = &links[0];
    assert!(links.iter().all(|l| l == link), "{links:?}");
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 64, "{link}");
    let stored: Vec<String> = sqlx::query("SELECT token_hash FROM link_tokens")
        .fetch_all(app.store().pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("token_hash").unwrap())
        .collect();
    let hash = app::access::server::SecretToken::from_cookie(token)
        .unwrap()
        .hash();
    assert_eq!(stored, [hash]);
    assert!(
        !stored[0].contains(token),
        "the token itself is never stored"
    );
    assert!(
        eventually(|| async { outbox_status(app.store()).await == [("sent".to_string(), 1)] })
            .await
    );
    // Nothing more is sent on later turns.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.mail().len(), 1);
    app.stop().await;
}

async fn mail_waits_while_the_mail_server_is_down_and_arrives_once_when_it_is_back(
    backend: Backend,
) {
    let Some((mut app, port)) = TestApp::spawn_with_smtp_down(backend, &[POLL]).await else {
        return;
    };
    let patient = jan(&app).await;
    send_gfi(&app, patient).await;
    // The first attempt fails; the message waits, and the link made for it is gone again.
    let store = app.store().clone();
    assert!(
        eventually(|| async {
            sqlx::query("SELECT attempts, status FROM outbox")
                .fetch_one(store.pool())
                .await
                .map(|r| {
                    r.try_get::<i64, _>("attempts").unwrap() == 1
                        && r.try_get::<String, _>("status").unwrap() == "pending"
                })
                .unwrap_or(false)
        })
        .await
    );
    let row = sqlx::query("SELECT last_error FROM outbox")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(row
        .try_get::<Option<String>, _>("last_error")
        .unwrap()
        .is_some());
    let tokens: i64 = sqlx::query("SELECT COUNT(*) AS n FROM link_tokens")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(tokens, 0);
    // The mail server comes back; the message goes out once its wait (30 s) is over.
    app.start_smtp(port);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(app.mail().is_empty(), "not before its next attempt");
    app.clock().advance(Duration::from_secs(30));
    assert!(eventually(|| async { app.mail().len() == 1 }).await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.mail().len(), 1);
    assert_eq!(outbox_status(&store).await, [("sent".to_string(), 1)]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_send_every_mail_once() {
    let Some(first) = TestApp::spawn_with_smtp_and(Backend::Postgres, &[POLL]).await else {
        return;
    };
    let second = first.spawn_sharing(&[POLL]).await;
    let patient = jan(&first).await;
    for _ in 0..20 {
        send_gfi(&first, patient).await;
    }
    assert!(
        eventually(|| async { outbox_status(first.store()).await == [("sent".to_string(), 20)] })
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mail = first.mail();
    assert_eq!(mail.len(), 20);
    // Twenty different links: every message went out once, with its own link (each instance
    // puts its own address in the links it makes).
    let links_of = |base: &str| -> Vec<String> {
        mail.iter()
            .flat_map(|m| test_app::smtp::links(m, base))
            .collect()
    };
    let (mut links, by_second) = (links_of(&first.base), links_of(&second.base));
    links.extend(by_second.iter().cloned());
    links.sort();
    links.dedup();
    assert_eq!(links.len(), 20);
    second.stop().await;
    first.stop().await;
}

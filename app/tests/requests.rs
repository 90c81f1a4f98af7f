//! Requests and the mail outbox in the database, on SQLite and PostgreSQL.

#![cfg(feature = "ssr")]

use app::db::{testing, Backend, Store};
use app::mail::outbox;
use app::mail::LINK_PLACEHOLDER;
use app::organisations::server as organisations;
use app::organisations::{OrganisationId, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::{NewPatient, PatientId};
use app::questionnaires::server as library;
use app::requests::server::{self as requests, NewRequest, RequestError, Requester};
use app::requests::{Ask, RequestId};
use sqlx::Row;
use std::time::Duration;
use testing::t0;

app::on_both_backends!(
    sending_stores_the_request_its_mail_and_the_log_together,
    a_request_that_cannot_be_logged_leaves_nothing,
    requests_that_cannot_be_sent_are_refused_with_the_reason_and_store_nothing,
    a_measurement_request_keeps_its_protocol,
    each_message_is_claimed_once_and_an_interrupted_one_is_never_sent_again,
    a_link_is_made_at_delivery_and_only_its_hash_is_kept,
);

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// A practice with Jan (with an e-mail address) in its care network.
async fn setup(backend: Backend) -> Option<(testing::TestDatabase, Store, PatientId)> {
    let (db, store) = testing::migrated(backend).await?;
    library::sync_builtin_library(&store).await.unwrap();
    organisations::add(
        &store,
        "hap-noord",
        "Huisartsenpraktijk Noord",
        OrganisationKind::Hap,
        t0(),
    )
    .await
    .unwrap();
    let jan = NewPatient::check(
        "Jan Jansen",
        "1941-03-02",
        Some("jan@example.org".into()),
        None,
        jiff::civil::date(2026, 3, 2),
    )
    .unwrap();
    let patient = patients::create(
        &store,
        &jan,
        Some(&practice()),
        &RecordedBy::default(),
        t0(),
    )
    .await
    .unwrap();
    Some((db, store, patient))
}

fn practice() -> OrganisationId {
    OrganisationId::parse("hap-noord").unwrap()
}

fn gfi(patient: PatientId) -> NewRequest {
    NewRequest {
        patient,
        ask: Ask::Questionnaire("gfi".into()),
        due: jiff::civil::date(2026, 3, 16),
        reminders: true,
        repeat_months: None,
    }
}

async fn send(store: &Store, new: &NewRequest) -> Result<RequestId, RequestError> {
    requests::send(store, &Requester::admin(practice()), new, 7, t0()).await
}

async fn sending_stores_the_request_its_mail_and_the_log_together(backend: Backend) {
    let Some((_db, store, patient)) = setup(backend).await else {
        return;
    };
    let id = send(&store, &gfi(patient)).await.unwrap();
    let row = sqlx::query(
        "SELECT kind, instrument_id, instrument_version, due_on, status, reminders FROM requests",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(row.try_get::<String, _>("kind").unwrap(), "questionnaire");
    assert_eq!(row.try_get::<String, _>("instrument_id").unwrap(), "gfi");
    assert_eq!(
        row.try_get::<String, _>("instrument_version").unwrap(),
        "1.0"
    );
    assert_eq!(row.try_get::<String, _>("due_on").unwrap(), "2026-03-16");
    assert_eq!(row.try_get::<String, _>("status").unwrap(), "sent");
    assert_eq!(row.try_get::<i64, _>("reminders").unwrap(), 1);
    // The invitation waits in the outbox with a place for the link, not a link.
    let mail = sqlx::query(
        "SELECT recipient, subject, body_text, body_html, status, request_id FROM outbox",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(
        mail.try_get::<String, _>("recipient").unwrap(),
        "jan@example.org"
    );
    assert_eq!(mail.try_get::<String, _>("status").unwrap(), "pending");
    assert_eq!(mail.try_get::<i64, _>("request_id").unwrap(), id.0);
    let subject: String = mail.try_get("subject").unwrap();
    assert!(
        subject.starts_with("Huisartsenpraktijk Noord vraagt u iets in te vullen"),
        "{subject}"
    );
    let text: String = mail.try_get("body_text").unwrap();
    assert!(text.contains("Beste Jan Jansen,"), "{text}");
    assert!(text.contains("Groningen Frailty Indicator"), "{text}");
    assert!(text.contains("vóór 16 maart 2026"), "{text}");
    assert!(text.contains("tot en met 23 maart 2026"), "{text}");
    assert!(text.contains(LINK_PLACEHOLDER));
    assert!(!text.contains("/l/"));
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM link_tokens").await,
        0
    );
    let log = app::audit::server::recent(&store, 1).await.unwrap();
    assert_eq!(log[0].action, "request_sent");
    assert_eq!(log[0].patient, Some(patient.0));
    assert_eq!(log[0].object, Some(id.to_string()));
    assert_eq!(log[0].organisation.as_deref(), Some("hap-noord"));
    let listed = requests::list(&store, Some(patient), None).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].what.as_str(), listed[0].status.as_str()),
        ("gfi", "sent")
    );
}

async fn a_request_that_cannot_be_logged_leaves_nothing(backend: Backend) {
    let Some((_db, store, patient)) = setup(backend).await else {
        return;
    };
    let rename = |from: &'static str, to: &'static str| {
        let store = store.clone();
        async move {
            sqlx::query(&format!("ALTER TABLE {from} RENAME TO {to}"))
                .execute(store.pool())
                .await
                .unwrap();
        }
    };
    rename("audit_log", "audit_log_gone").await;
    let result = send(&store, &gfi(patient)).await;
    rename("audit_log_gone", "audit_log").await;
    assert!(matches!(result, Err(RequestError::Store(_))), "{result:?}");
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM requests").await, 0);
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM outbox").await, 0);
    send(&store, &gfi(patient)).await.unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM outbox").await, 1);
}

async fn requests_that_cannot_be_sent_are_refused_with_the_reason_and_store_nothing(
    backend: Backend,
) {
    let Some((_db, store, patient)) = setup(backend).await else {
        return;
    };
    let unknown = NewRequest {
        ask: Ask::Questionnaire("bestaat-niet".into()),
        ..gfi(patient)
    };
    assert!(matches!(
        send(&store, &unknown).await,
        Err(RequestError::UnknownInstrument(_))
    ));
    let late = NewRequest {
        due: jiff::civil::date(2026, 3, 1),
        ..gfi(patient)
    };
    assert!(matches!(
        send(&store, &late).await,
        Err(RequestError::DueInPast(_))
    ));
    // Due today is fine.
    let today = NewRequest {
        due: jiff::civil::date(2026, 3, 2),
        ..gfi(patient)
    };
    send(&store, &today).await.unwrap();
    sqlx::query("DELETE FROM outbox")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM requests")
        .execute(store.pool())
        .await
        .unwrap();
    let stranger = NewPatient::check(
        "Piet",
        "1950-01-01",
        None,
        None,
        jiff::civil::date(2026, 3, 2),
    )
    .unwrap();
    let no_mail = patients::create(
        &store,
        &stranger,
        Some(&practice()),
        &RecordedBy::default(),
        t0(),
    )
    .await
    .unwrap();
    assert!(matches!(
        send(&store, &gfi(no_mail)).await,
        Err(RequestError::NoEmail)
    ));
    organisations::add(
        &store,
        "vvt-oost",
        "Thuiszorg Oost",
        OrganisationKind::Vvt,
        t0(),
    )
    .await
    .unwrap();
    let other = Requester::admin(OrganisationId::parse("vvt-oost").unwrap());
    let outside = requests::send(&store, &other, &gfi(patient), 7, t0()).await;
    assert!(
        matches!(outside, Err(RequestError::NotInCareNetwork(_))),
        "{outside:?}"
    );
    sqlx::query("UPDATE patients SET consent = 'withdrawn'")
        .execute(store.pool())
        .await
        .unwrap();
    assert!(matches!(
        send(&store, &gfi(patient)).await,
        Err(RequestError::NoConsent)
    ));
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM requests").await, 0);
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM outbox").await, 0);
}

async fn a_measurement_request_keeps_its_protocol(backend: Backend) {
    let Some((_db, store, patient)) = setup(backend).await else {
        return;
    };
    let protocol: app::measurements::protocol::Protocol = serde_json::from_value(
        serde_json::json!({"type": "blood-pressure-week", "start": "2026-03-03"}),
    )
    .unwrap();
    let new = NewRequest {
        ask: Ask::Measurements(protocol.clone()),
        ..gfi(patient)
    };
    send(&store, &new).await.unwrap();
    let row = sqlx::query("SELECT kind, protocol FROM requests")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>("kind").unwrap(), "protocol");
    let stored: app::measurements::protocol::Protocol =
        serde_json::from_str(&row.try_get::<String, _>("protocol").unwrap()).unwrap();
    assert_eq!(stored, protocol);
    let listed = requests::list(&store, None, None).await.unwrap();
    assert_eq!(listed[0].what, "blood-pressure-week");
    let text: String = sqlx::query("SELECT body_text FROM outbox")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("body_text")
        .unwrap();
    assert!(
        text.contains("thuismetingen") && text.contains("bloeddruk"),
        "{text}"
    );
}

async fn each_message_is_claimed_once_and_an_interrupted_one_is_never_sent_again(backend: Backend) {
    let Some((_db, store, patient)) = setup(backend).await else {
        return;
    };
    for _ in 0..10 {
        send(&store, &gfi(patient)).await.unwrap();
    }
    let hold = Duration::from_secs(600);
    // Four workers claim at once: every message goes to exactly one.
    let claims = (0..4).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            outbox::claim(&store, &format!("worker-{i}"), 4, hold, t0())
                .await
                .unwrap()
        })
    });
    let mut ids = Vec::new();
    for claim in claims {
        ids.extend(claim.await.unwrap().into_iter().map(|c| c.id));
    }
    ids.sort_unstable();
    let total = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), total, "a message claimed twice");
    assert_eq!(total, 10);
    // Nothing is left to claim while they are being sent.
    assert!(outbox::claim(&store, "late", 10, hold, t0())
        .await
        .unwrap()
        .is_empty());
    // One is sent, one is retried later, one is refused; the rest stop mid-delivery.
    let all = sqlx::query("SELECT id, attempts FROM outbox ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let first: i64 = all[0].try_get("id").unwrap();
    let second: i64 = all[1].try_get("id").unwrap();
    let third: i64 = all[2].try_get("id").unwrap();
    outbox::mark_sent(&store, first, t0()).await.unwrap();
    let retry = outbox::Claimed {
        id: second,
        to: String::new(),
        subject: String::new(),
        text: String::new(),
        html: String::new(),
        link: None,
        attempts: 1,
    };
    outbox::mark_retry(&store, &retry, "connection refused", t0())
        .await
        .unwrap();
    outbox::mark_failed(&store, third, "550 no such mailbox")
        .await
        .unwrap();
    // The retry waits 30 seconds.
    assert!(
        outbox::claim(&store, "w", 10, hold, t0() + Duration::from_secs(29))
            .await
            .unwrap()
            .is_empty()
    );
    let again = outbox::claim(&store, "w", 10, hold, t0() + Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(
        again.iter().map(|c| (c.id, c.attempts)).collect::<Vec<_>>(),
        [(second, 2)]
    );
    outbox::mark_sent(&store, second, t0()).await.unwrap();
    // The claims of the other seven run out: their delivery was interrupted.
    assert_eq!(
        outbox::recover_interrupted(&store, t0() + Duration::from_secs(599))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        outbox::recover_interrupted(&store, t0() + hold)
            .await
            .unwrap(),
        7
    );
    assert!(
        outbox::claim(&store, "w", 10, hold, t0() + Duration::from_secs(7200))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        outbox::counts(&store).await.unwrap(),
        [
            ("failed".to_string(), 1),
            ("sent".to_string(), 2),
            ("unknown".to_string(), 7)
        ]
    );
}

async fn a_link_is_made_at_delivery_and_only_its_hash_is_kept(backend: Backend) {
    let Some((_db, store, patient)) = setup(backend).await else {
        return;
    };
    let id = send(&store, &gfi(patient)).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let token = requests::mint_link(&mut tx, id, 7, t0()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(token.expose().len(), 64);
    assert!(requests::link_path(&token).starts_with("/l/"));
    let row = sqlx::query("SELECT token_hash, request_id, expires_at FROM link_tokens")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(
        row.try_get::<String, _>("token_hash").unwrap(),
        token.hash()
    );
    assert_ne!(token.hash(), token.expose());
    assert_eq!(row.try_get::<i64, _>("request_id").unwrap(), id.0);
    // Due 16 March, seven days' grace: through 23 March, Dutch time (UTC+1 then).
    assert_eq!(
        row.try_get::<String, _>("expires_at").unwrap(),
        "2026-03-23T23:00:00.000Z"
    );
    requests::forget_link(&store, &token).await.unwrap();
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM link_tokens").await,
        0
    );
}

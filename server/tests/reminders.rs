//! Reminders with the test clock, on both backends: three days before the due date and on
//! it, each once (also with two instances at once), through the outbox and the real SMTP
//! server; none after completion, for a request without reminders, or after the patient
//! withdrew consent.

mod test_app;

use app::db::Backend;
use app::organisations::OrganisationKind;
use app::requests::server::{NewRequest, Requester};
use app::requests::Ask;
use std::time::{Duration, SystemTime};
use test_app::{count, eventually, TestApp};

app::on_both_backends!(reminders_go_on_the_right_days_once_and_only_while_needed,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 3600)
}

async fn reminders(app: &TestApp) -> i64 {
    count(app.store(), "SELECT COUNT(*) FROM reminders").await
}

/// One turn of the reminder job as two server instances would run it at the same moment;
/// how many reminders went.
async fn turn(app: &TestApp) -> u64 {
    let (a, b) = (app.store().clone(), app.store().clone());
    let now = app.now();
    let first = tokio::spawn(async move { app::requests::remind::send_due(&a, 7, now).await });
    let second = tokio::spawn(async move { app::requests::remind::send_due(&b, 7, now).await });
    first.await.unwrap().unwrap() + second.await.unwrap().unwrap()
}

async fn reminders_go_on_the_right_days_once_and_only_while_needed(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let jan = app.patient_jan().await;
    let practice = app.organisation(OrganisationKind::Hap).await;
    let send = |reminders: bool| {
        let app = &app;
        let practice = practice.clone();
        async move {
            app::requests::server::send(
                app.store(),
                &Requester::admin(practice),
                &NewRequest {
                    patient: jan,
                    ask: Ask::Questionnaire("gfi".into()),
                    due: jiff::civil::date(2026, 3, 16),
                    reminders,
                    repeat_months: None,
                },
                7,
                app.now(),
            )
            .await
            .unwrap()
        }
    };
    // Sent on 2 March (the clock's start), due 16 March: one with reminders, one without,
    // and one with reminders that Jan completes.
    let reminded = send(true).await;
    send(false).await;
    let completed = send(true).await;
    assert!(eventually(|| async { app.mail_links().len() >= 3 }).await);
    let mut tx = app.store().begin().await.unwrap();
    let token = app::requests::server::mint_link(&mut tx, completed, 7, app.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.fill_in_gfi(token.expose()).await;

    // 12 March: four days before, nothing yet.
    let start: SystemTime = app.now();
    app.clock().set(start + days(10));
    assert_eq!(turn(&app).await, 0);
    // 13 March: the reminder before, once, though two instances ran.
    app.clock().set(start + days(11));
    assert_eq!(turn(&app).await, 1);
    assert_eq!(reminders(&app).await, 1);
    assert_eq!(turn(&app).await, 0);
    app.clock().set(start + days(13));
    assert_eq!(turn(&app).await, 0);
    // It arrives as a reminder, with a working link.
    let reminder = || {
        app.mail()
            .into_iter()
            .filter(|m| m.contains("Herinnering"))
            .collect::<Vec<_>>()
    };
    assert!(eventually(|| async { reminder().len() == 1 }).await);
    assert!(reminder()[0].contains("jan@example.org"));
    // 16 March: the reminder on the due date, once.
    app.clock().set(start + days(14));
    assert_eq!(turn(&app).await, 1);
    assert_eq!(turn(&app).await, 0);
    assert!(eventually(|| async { reminder().len() == 2 }).await);
    let kinds = count(
        app.store(),
        &format!(
            "SELECT COUNT(*) FROM reminders WHERE request_id = {}",
            reminded.0
        ),
    )
    .await;
    assert_eq!(
        kinds, 2,
        "both reminders were for the open request with reminders on"
    );
    // The access log names the server as the one who reminded.
    let logged = count(
        app.store(),
        "SELECT COUNT(*) FROM audit_log WHERE action = 'reminder_sent' AND actor_role = 'system'",
    )
    .await;
    assert_eq!(logged, 2);

    // A new request with reminders; Jan withdraws consent before it is due: no reminder.
    app.clock().set(start + days(15));
    let later = app::requests::server::send(
        app.store(),
        &Requester::admin(practice.clone()),
        &NewRequest {
            patient: jan,
            ask: Ask::Questionnaire("gfi".into()),
            due: jiff::civil::date(2026, 3, 30),
            reminders: true,
            repeat_months: None,
        },
        7,
        app.now(),
    )
    .await
    .unwrap();
    sqlx::query("UPDATE patients SET consent = 'withdrawn' WHERE id = $1")
        .bind(jan.0)
        .execute(app.store().pool())
        .await
        .unwrap();
    for day in [25, 28] {
        app.clock().set(start + days(day));
        assert_eq!(turn(&app).await, 0, "day {day}");
    }
    let none = count(
        app.store(),
        &format!(
            "SELECT COUNT(*) FROM reminders WHERE request_id = {}",
            later.0
        ),
    )
    .await;
    assert_eq!(none, 0);
    app.stop().await;
}

//! Reminders with the test clock, on both backends: three days before the due date and on
//! it, each once (also with two instances at once), through the outbox and the real SMTP
//! server; none after completion, for a request without reminders, or after the patient
//! withdrew consent. Two days after the due date the reminder goes on to the carers whose
//! running mandate covers the request, once each, without a link.

mod test_app;

use app::carers::Scope;
use app::db::Backend;
use app::organisations::OrganisationKind;
use app::requests::server::{NewRequest, Requester};
use app::requests::Ask;
use std::time::{Duration, SystemTime};
use test_app::{count, eventually, Person, TestApp};

app::on_both_backends!(
    reminders_go_on_the_right_days_once_and_only_while_needed,
    reminders_go_on_to_the_carers_whose_mandate_covers_the_request,
);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 3600)
}

/// Sends `ask` to `patient` for `practice`, due on (year, month, day).
async fn send_due(
    app: &TestApp,
    practice: &app::organisations::OrganisationId,
    patient: app::patients::PatientId,
    ask: Ask,
    (year, month, day): (i16, i8, i8),
    reminders: bool,
) -> app::requests::RequestId {
    app::requests::server::send(
        app.store(),
        &Requester::admin(practice.clone()),
        &NewRequest {
            patient,
            ask,
            due: jiff::civil::date(year, month, day),
            reminders,
            repeat_months: None,
        },
        7,
        app.now(),
    )
    .await
    .unwrap()
}

/// The patient withdraws consent.
async fn withdraw_consent(app: &TestApp, patient: app::patients::PatientId) {
    sqlx::query("UPDATE patients SET consent = 'withdrawn' WHERE id = $1")
        .bind(patient.0)
        .execute(app.store().pool())
        .await
        .unwrap();
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
    let gfi = || Ask::Questionnaire("gfi".into());
    let send = |reminders: bool| send_due(&app, &practice, jan, gfi(), (2026, 3, 16), reminders);
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
    let later = send_due(&app, &practice, jan, gfi(), (2026, 3, 30), true).await;
    withdraw_consent(&app, jan).await;
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

/// One turn of the carers' reminders (two days after the due date) as two instances would
/// run it at the same moment; how many went.
async fn carers_turn(app: &TestApp) -> u64 {
    let now = app.now();
    let url = app.url("");
    let one = |store: app::db::Store, url: String| async move {
        let to = app::requests::remind::ToCarers {
            after_days: 2,
            grace_days: 7,
            public_url: &url,
        };
        app::requests::remind::send_to_carers(&store, &to, now)
            .await
            .unwrap()
    };
    let first = tokio::spawn(one(app.store().clone(), url.clone()));
    let second = tokio::spawn(one(app.store().clone(), url));
    first.await.unwrap() + second.await.unwrap()
}

async fn reminders_go_on_to_the_carers_whose_mandate_covers_the_request(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let patient = app.sign_in_as(Person::Patient).await;
    let record = patient.patient.unwrap();
    let practice = app.organisation(OrganisationKind::Hap).await;
    // Four carers: one for questionnaires, one for measurements, one whose mandate the
    // patient stopped, and one who never chose a password.
    let mut carers = Vec::new();
    for _ in 0..3 {
        carers.push(app.sign_in_as(Person::Carer).await.account.unwrap());
    }
    let unactivated = app::access::server::accounts::create_account(
        app.store(),
        &app::access::server::accounts::NewAccount {
            email: "nog-geen-wachtwoord@example.org",
            name: "Nog Geen Wachtwoord",
            role: app::access::Role::Carer,
            organisation: None,
            level: None,
            password: None,
        },
        app.now(),
    )
    .await
    .unwrap();
    let questionnaires = Scope {
        questionnaires: true,
        ..Scope::default()
    };
    let measurements = Scope {
        measurements: true,
        results: true,
        ..Scope::default()
    };
    for (carer, scope) in [
        (carers[0], questionnaires),
        (carers[1], measurements),
        (carers[2], Scope::ALL),
        (unactivated, Scope::ALL),
    ] {
        assert!(
            app::carers::server::give(app.store(), record, carer, scope, 12, app.now())
                .await
                .unwrap()
        );
    }
    sqlx::query("UPDATE mandates SET revoked_at = $1 WHERE carer_account_id = $2")
        .bind(app::db::timestamp(app.now()))
        .bind(carers[2].0)
        .execute(app.store().pool())
        .await
        .unwrap();
    let address = |account: app::access::AccountId| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, String>("SELECT email FROM accounts WHERE id = $1")
                .bind(account.0)
                .fetch_one(app.store().pool())
                .await
                .unwrap()
        }
    };
    let (for_questionnaires, for_measurements) =
        (address(carers[0]).await, address(carers[1]).await);

    // Due 16 March, all with reminders: the GFI, a blood-pressure week, and a GFI the
    // patient completes.
    let send = |ask: Ask| send_due(&app, &practice, record, ask, (2026, 3, 16), true);
    let gfi = send(Ask::Questionnaire("gfi".into())).await;
    let start = jiff::civil::date(2026, 3, 9);
    let protocol = app::requests::named_protocol("blood-pressure-week", start, start).unwrap();
    let week = send(Ask::Measurements(protocol)).await;
    let completed = send(Ask::Questionnaire("gfi".into())).await;
    let mut tx = app.store().begin().await.unwrap();
    let token = app::requests::server::mint_link(&mut tx, completed, 7, app.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.fill_in_gfi(token.expose()).await;

    // On the due date and the day after, the carers hear nothing yet.
    let clock_start: SystemTime = app.now();
    for day in [14, 15] {
        app.clock().set(clock_start + days(day));
        assert_eq!(carers_turn(&app).await, 0, "day {day}");
    }
    // 18 March: one each, though two instances ran: the GFI to the carer for questionnaires,
    // the week to the carer for measurements; nothing for the completed GFI, the stopped
    // mandate or the carer without a password.
    app.clock().set(clock_start + days(16));
    assert_eq!(carers_turn(&app).await, 2);
    assert_eq!(carers_turn(&app).await, 0);
    app.clock().set(clock_start + days(18));
    assert_eq!(carers_turn(&app).await, 0);
    let sent = |request: app::requests::RequestId, carer: app::access::AccountId| {
        let app = &app;
        async move {
            count(
                app.store(),
                &format!(
                    "SELECT COUNT(*) FROM carer_reminders c JOIN mandates m ON m.id = c.mandate_id
                     WHERE c.request_id = {} AND m.carer_account_id = {}",
                    request.0, carer.0
                ),
            )
            .await
        }
    };
    assert_eq!(sent(gfi, carers[0]).await, 1);
    assert_eq!(sent(week, carers[1]).await, 1);
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM carer_reminders").await,
        2
    );

    // The mail names the patient and what was asked, and points to the sign-in page with no
    // link that works by itself.
    let to_carers = || {
        app.mail()
            .into_iter()
            .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
            .filter(|m| m.contains("Het is nog niet gedaan."))
            .collect::<Vec<_>>()
    };
    assert!(eventually(|| async { to_carers().len() == 2 }).await);
    let mail = to_carers();
    let gfi_mail = mail
        .iter()
        .find(|m| m.contains(&for_questionnaires))
        .expect("the questionnaire carer's mail");
    assert!(
        gfi_mail.contains("Groningen Frailty Indicator"),
        "{gfi_mail}"
    );
    assert!(gfi_mail.contains("Persoon"), "{gfi_mail}");
    assert!(gfi_mail.contains(&app.url("/inloggen")), "{gfi_mail}");
    assert!(!gfi_mail.contains("/l/"), "{gfi_mail}");
    assert!(mail
        .iter()
        .any(|m| m.contains(&for_measurements) && m.contains("thuismetingen")));
    // The access log names the server, for the patient's record.
    let logged = count(
        app.store(),
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'reminder_sent' AND actor_role = 'system'
             AND object LIKE '%:reminder:carer:%' AND patient_id = {}",
            record.0
        ),
    )
    .await;
    assert_eq!(logged, 2);

    // A new GFI due 30 March; the patient withdraws consent: no carer hears of it.
    let later = send_due(
        &app,
        &practice,
        record,
        Ask::Questionnaire("gfi".into()),
        (2026, 3, 30),
        true,
    )
    .await;
    withdraw_consent(&app, record).await;
    for day in [30, 32] {
        app.clock().set(clock_start + days(day));
        assert_eq!(carers_turn(&app).await, 0, "day {day}");
    }
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM carer_reminders WHERE request_id = {}",
                later.0
            )
        )
        .await,
        0
    );
    app.stop().await;
}

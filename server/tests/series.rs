//! A repeating request with the test clock, on both backends: the series goes on past a
//! request the patient answered, stops when requests are left unanswered a number of times in
//! a row (the reason kept, logged, and shown on the request's page), and makes nothing after.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::repeat::{made_on, next_due};
use app::requests::server::{NewRequest, Requester};
use app::requests::{Ask, RequestId};
use std::time::Duration;
use test_app::{count, eventually, Person, TestApp};

app::on_both_backends!(a_series_left_unanswered_stops_and_says_why);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

/// The request made after `request`, if any.
async fn successor(app: &TestApp, request: RequestId) -> Option<RequestId> {
    sqlx::query_scalar::<_, Option<i64>>("SELECT successor_id FROM requests WHERE id = $1")
        .bind(request.0)
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .map(RequestId)
}

/// Moves the clock to the day the request after one due on `due` is made.
fn to_the_next(app: &TestApp, due: jiff::civil::Date, months: u8) -> jiff::civil::Date {
    let next = next_due(due, months);
    let today = app::measurements::clock::today(app.now());
    let days = made_on(next).since(today).unwrap().get_days();
    app.clock().advance(Duration::from_secs(
        u64::try_from(days).unwrap() * 86_400 + 3_600,
    ));
    next
}

async fn a_series_left_unanswered_stops_and_says_why(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let jan = app.patient_jan().await;
    let practice = app.organisation(OrganisationKind::Hap).await;
    let due = jiff::civil::date(2026, 3, 16);
    let first = app::requests::server::send(
        app.store(),
        &Requester::admin(practice),
        &NewRequest {
            patient: jan,
            ask: Ask::Questionnaire("gfi".into()),
            due,
            reminders: false,
            repeat_months: Some(3),
        },
        7,
        app.now(),
    )
    .await
    .unwrap();
    // The patient answers the first request.
    assert!(eventually(|| async { app.mail_paths("/l/").len() == 1 }).await);
    let token = app.mail_paths("/l/").remove(0);
    app.fill_in_gfi(token.trim_start_matches("/l/")).await;
    let state = app.running_state().unwrap().clone();
    let turn = || server::workers::repeat::turn(state.clone(), 2);

    // The second is made, and left unanswered.
    let due = to_the_next(&app, due, 3);
    assert_eq!(turn().await, Ok(1));
    let second = successor(&app, first).await.expect("a second request");
    // One unanswered request after an answered one: the third is made all the same.
    let due = to_the_next(&app, due, 3);
    assert_eq!(turn().await, Ok(1));
    let third = successor(&app, second).await.expect("a third request");
    // Two in a row unanswered: the series stops at the third.
    to_the_next(&app, due, 3);
    assert_eq!(turn().await, Ok(0));
    assert_eq!(successor(&app, third).await, None);
    let stopped: Option<String> =
        sqlx::query_scalar("SELECT repeat_stopped FROM requests WHERE id = $1")
            .bind(third.0)
            .fetch_one(app.store().pool())
            .await
            .unwrap();
    assert_eq!(stopped.as_deref(), Some("unanswered"));
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'request_sent'
                 AND outcome = 'refused' AND reason = 'unanswered' AND object = '{third}'"
            )
        )
        .await,
        1
    );
    // Nothing more, however long one waits.
    app.clock().advance(Duration::from_secs(400 * 86_400));
    assert_eq!(turn().await, Ok(0));
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM requests").await, 3);

    // The professional sees how each repeats, and why the series stopped.
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let page = |request: RequestId| {
        let nurse = &nurse;
        async move {
            let page = nurse
                .get(&format!("/verzoeken/{}", request.0))
                .await
                .text()
                .await
                .unwrap();
            let start = page.find("data-testid=\"repeat\"").expect(&page);
            page[start..start + page[start..].find("</dd>").unwrap()].to_owned()
        }
    };
    let on_first = page(first).await;
    assert!(on_first.contains("Elke 3 maanden"), "{on_first}");
    assert!(
        on_first.contains(&format!("href=\"/verzoeken/{}\"", second.0)),
        "{on_first}"
    );
    let on_third = page(third).await;
    assert!(
        on_third.contains("Gestopt: de laatste verzoeken zijn niet ingevuld"),
        "{on_third}"
    );
    assert!(!on_third.contains("href="), "{on_third}");
    app.stop().await;
}

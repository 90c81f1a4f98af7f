//! "Wachtwoord vergeten" over HTTP with a real SMTP server and the test clock, on both
//! backends: the same answer for known and unknown addresses, the link by mail, a new
//! password through it (every session ended), once only, for an hour, a few mails an hour.

mod test_app;

use app::access::server::{self as accounts, NewAccount};
use app::access::Role;
use app::db::Backend;
use std::time::Duration;
use test_app::{count, eventually, TestApp};

app::on_both_backends!(a_forgotten_password_is_replaced_through_a_link_by_mail,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");
const NEW: &str = "een nieuwe zin voor de winter";

async fn ask(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_form("/wachtwoord-vergeten", &[("email", email)], None)
        .await
}

async fn a_forgotten_password_is_replaced_through_a_link_by_mail(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    accounts::create_account(
        app.store(),
        &NewAccount {
            email: "jan@example.org",
            name: "Jan Jansen",
            role: Role::Patient,
            organisation: None,
            level: None,
            password: Some(test_app::PASSWORD),
        },
        app.now(),
    )
    .await
    .unwrap();
    // Jan is signed in on his phone.
    let phone = app.browser();
    phone
        .post(
            "/inloggen",
            &[
                ("email", "jan@example.org"),
                ("password", test_app::PASSWORD),
            ],
        )
        .await;
    assert_eq!(phone.get("/mijn").await.status(), 200);

    // The sign-in page leads to the form.
    let sign_in = app.get("/inloggen").await.text().await.unwrap();
    assert!(sign_in.contains(r#"href="/wachtwoord-vergeten""#));
    let form = app.get("/wachtwoord-vergeten").await.text().await.unwrap();
    assert!(form.contains(r#"action="/wachtwoord-vergeten""#), "{form}");

    // A known and an unknown address get the very same answer.
    let known = ask(&app, " Jan@Example.org ").await;
    let unknown = ask(&app, "niemand@example.org").await;
    for answer in [&known, &unknown] {
        assert_eq!(answer.status(), 303);
        assert_eq!(
            answer.headers()["location"],
            "/wachtwoord-vergeten?verstuurd=1"
        );
        assert!(answer.headers().get("set-cookie").is_none());
    }
    let page = app
        .get("/wachtwoord-vergeten?verstuurd=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Als er een account bij dit e-mailadres hoort"),
        "{page}"
    );
    // Something that is not an address is named as such.
    let bad = ask(&app, "jan-at-example").await;
    assert_eq!(bad.headers()["location"], "/wachtwoord-vergeten?fout=email");
    let page = app
        .get("/wachtwoord-vergeten?fout=email")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"role="alert""#) && page.contains("geldig e-mailadres"));

    // Jan's mail arrives; nobody else gets one.
    assert!(eventually(|| async { app.mail_paths("/wachtwoord-herstellen/").len() == 1 }).await);
    let mail = app.mail();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("jan@example.org"));
    assert!(mail[0].contains("Nieuw wachtwoord voor Meetpunt"));
    let link = app.mail_paths("/wachtwoord-herstellen/").remove(0);
    // Both requests are in the access log, without the addresses typed.
    let asked = || async {
        count(
            app.store(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'password_reset_asked'",
        )
        .await
            == 2
    };
    assert!(eventually(asked).await);
    let with_address = count(
        app.store(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE object LIKE '%@%' OR reason LIKE '%@%'",
    )
    .await;
    assert_eq!(with_address, 0);

    // The link's page names the account and asks for the new password twice.
    let page = app.get(&link).await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("U kiest een nieuw wachtwoord voor jan@example.org"),
        "{html}"
    );
    assert!(html.contains(r#"autocomplete="new-password""#));

    // Two different passwords, or a well-known one, come back named.
    let post = |password: &'static str, repeat: &'static str| {
        let app = &app;
        let link = link.clone();
        async move {
            app.post_form(&link, &[("password", password), ("repeat", repeat)], None)
                .await
        }
    };
    let mismatch = post(NEW, "een andere zin voor de winter").await;
    assert_eq!(
        mismatch.headers()["location"].to_str().unwrap(),
        format!("{link}?fout=ongelijk")
    );
    let common = post("Wachtwoord2026!", "Wachtwoord2026!").await;
    assert_eq!(
        common.headers()["location"].to_str().unwrap(),
        format!("{link}?fout=bekend")
    );
    let html = app
        .get(&format!("{link}?fout=bekend"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Dit wachtwoord wordt veel gebruikt"),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#));

    // The new password: on to signing in, and the phone's session has ended.
    let done = post(NEW, NEW).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/inloggen");
    // The browser that chose the password is Jan's known device from now on: someone
    // guessing his address elsewhere does not hold him up there.
    assert!(done
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("meetpunt_device=")));
    assert_eq!(phone.get("/mijn").await.status(), 302);
    let laptop = app.browser();
    let signed_in = laptop
        .post(
            "/inloggen",
            &[("email", "jan@example.org"), ("password", NEW)],
        )
        .await;
    assert_eq!(signed_in.headers()["location"], "/mijn");
    let old = app.browser();
    let refused = old
        .post(
            "/inloggen",
            &[
                ("email", "jan@example.org"),
                ("password", test_app::PASSWORD),
            ],
        )
        .await;
    assert!(refused.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/inloggen"));
    // Logged as Jan's own change.
    let by_jan = count(
        app.store(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'password_set' AND actor_account_id IS NOT NULL",
    )
    .await;
    assert_eq!(by_jan, 1);

    // Once only.
    let gone = app.get(&link).await.text().await.unwrap();
    assert!(gone.contains(r#"data-testid="gone""#), "{gone}");
    let again = post(NEW, NEW).await;
    assert_eq!(
        again.headers()["location"].to_str().unwrap(),
        format!("{link}?fout=verlopen")
    );

    // A new link works for an hour.
    ask(&app, "jan@example.org").await;
    assert!(eventually(|| async { app.mail_paths("/wachtwoord-herstellen/").len() == 2 }).await);
    let late = app.mail_paths("/wachtwoord-herstellen/").pop().unwrap();
    app.clock().advance(Duration::from_secs(61 * 60));
    let gone = app.get(&late).await.text().await.unwrap();
    assert!(gone.contains(r#"data-testid="gone""#), "{gone}");

    // At most three mails an hour to one account, however often someone asks.
    for _ in 0..5 {
        ask(&app, "jan@example.org").await;
    }
    assert!(eventually(|| async { app.mail_paths("/wachtwoord-herstellen/").len() == 5 }).await);
    let refused = || async {
        count(
            app.store(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'password_reset_asked' AND reason = 'too_often'",
        )
        .await
            == 2
    };
    assert!(eventually(refused).await);
    assert_eq!(app.mail_paths("/wachtwoord-herstellen/").len(), 5);
    app.stop().await;
}

//! A manager invites colleagues over HTTP with a real SMTP server, on both backends: the
//! e-mail domains keep private and foreign addresses out; refused input comes back as typed;
//! the mail's link (only its hash stored) lets the colleague choose a password once, or join
//! with the account they have; pending invitations are sent again (the old link stops) or
//! revoked; links expire; the manager changes a colleague's level with immediate effect;
//! nobody else may do any of it, and a refusal looks the same for an invitation that exists
//! and one that does not.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use sqlx::Row;
use std::time::Duration;
use test_app::{count, eventually, Person, TestApp};

app::on_both_backends!(a_manager_invites_colleagues,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");
const GOOD_PASSWORD: &str = "groene appel op de fiets";

/// The paths of every invitation link sent to `to` so far (in no particular order).
fn links_to(app: &TestApp, to: &str) -> Vec<String> {
    app.mail()
        .iter()
        .filter(|m| m.contains(to))
        .flat_map(|m| test_app::smtp::links(m, &app.base))
        .filter(|l| l.contains("/uitnodiging/"))
        .map(|l| l.strip_prefix(&app.base).unwrap_or(&l).to_owned())
        .collect()
}

/// The one invitation link sent to `to`.
fn link_to(app: &TestApp, to: &str) -> Option<String> {
    links_to(app, to).pop()
}

async fn a_manager_invites_colleagues(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let manager = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::A))
        .await;
    let page = manager.get("/organisatie").await.text().await.unwrap();
    assert!(
        page.contains("action=\"/organisatie/uitnodigen\""),
        "{page}"
    );
    assert!(page.contains("action=\"/organisatie/domeinen\""), "{page}");
    // Only the practice's own levels are offered.
    assert!(page.contains("<option value=\"C+\""), "{page}");
    assert!(!page.contains("<option value=\"zorgverlener\""), "{page}");

    // A private provider is never the organisation's domain; what was typed comes back.
    let refused = manager
        .post(
            "/organisatie/domeinen",
            &[("domeinen", "praktijk-noord.nl gmail.com")],
        )
        .await;
    assert_eq!(refused.status(), 303);
    let back = manager.get("/organisatie").await.text().await.unwrap();
    assert!(back.contains("data-testid=\"problem\""), "{back}");
    assert!(back.contains("gmail.com"), "{back}");
    assert!(
        back.contains("value=\"praktijk-noord.nl gmail.com\""),
        "{back}"
    );
    // Shown once.
    let again = manager.get("/organisatie").await.text().await.unwrap();
    assert!(!again.contains("data-testid=\"problem\""), "{again}");
    let saved = manager
        .post(
            "/organisatie/domeinen",
            &[("domeinen", "@Praktijk-Noord.nl, example.org")],
        )
        .await;
    assert_eq!(saved.headers()["location"], "/organisatie?domeinen=1");
    let page = manager
        .get("/organisatie?domeinen=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("value=\"praktijk-noord.nl example.org\""),
        "{page}"
    );

    // Refused invitations come back as typed, with the reason; nothing is sent.
    for (email, level, expect) in [
        ("an@gmail.com", "C+", "hoort niet bij de e-maildomeinen"),
        ("geen adres", "C+", "Vul een geldig e-mailadres in"),
        (
            "an@praktijk-noord.nl",
            "zorgverlener",
            "Kies een niveau uit de lijst",
        ),
    ] {
        let response = manager
            .post(
                "/organisatie/uitnodigen",
                &[("naam", "An de Vries"), ("email", email), ("niveau", level)],
            )
            .await;
        assert_eq!(response.status(), 303);
        let back = manager.get("/organisatie").await.text().await.unwrap();
        assert!(back.contains(expect), "{email}: {back}");
        assert!(back.contains("value=\"An de Vries\""), "{back}");
    }
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM invitations").await,
        0
    );

    // Invited: pending on the page, a mail with a link whose token is not stored.
    let invited = manager
        .post(
            "/organisatie/uitnodigen",
            &[
                ("naam", "An de Vries"),
                ("email", "An@Praktijk-Noord.nl"),
                ("niveau", "C+"),
            ],
        )
        .await;
    assert_eq!(invited.headers()["location"], "/organisatie?uitgenodigd=1");
    let page = manager
        .get("/organisatie?uitgenodigd=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("De uitnodiging is verstuurd."), "{page}");
    assert!(page.contains("data-testid=\"pending\""), "{page}");
    assert!(page.contains("an@praktijk-noord.nl"), "{page}");
    assert!(eventually(|| async { link_to(&app, "an@praktijk-noord.nl").is_some() }).await);
    let link = link_to(&app, "an@praktijk-noord.nl").unwrap();
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert_eq!(token.len(), 64);
    let stored: String = sqlx::query("SELECT token_hash FROM invitations WHERE status = 'pending'")
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("token_hash")
        .unwrap();
    assert_ne!(stored, token);
    let hash = app::access::server::SecretToken::from_cookie(&token)
        .unwrap()
        .hash();
    assert_eq!(stored, hash);

    // The colleague opens it: a password form; never stored by a browser.
    let an = app.browser();
    let shown = an.get(&link).await;
    assert_eq!(shown.status(), 200);
    assert_eq!(shown.headers()["cache-control"], "no-store");
    let shown = shown.text().await.unwrap();
    assert!(shown.contains("an@praktijk-noord.nl"), "{shown}");
    assert!(shown.contains("autocomplete=\"new-password\""), "{shown}");
    // Passwords that differ or break the rule: back with the reason, nothing made.
    for (password, repeat, code) in [
        (GOOD_PASSWORD, "iets anders dan dat", "ongelijk"),
        ("kort", "kort", "kort"),
    ] {
        let response = an
            .post(&link, &[("password", password), ("repeat", repeat)])
            .await;
        assert_eq!(
            response.headers()["location"],
            format!("{link}?fout={code}").as_str()
        );
        let back = an
            .get(&format!("{link}?fout={code}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(back.contains("error-summary"), "{back}");
    }
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM accounts WHERE email = 'an@praktijk-noord.nl'"
        )
        .await,
        0
    );
    let accepted = an
        .post(
            &link,
            &[("password", GOOD_PASSWORD), ("repeat", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(accepted.headers()["location"], "/inloggen");
    let sign_in = an.get("/inloggen").await.text().await.unwrap();
    assert!(
        sign_in.contains("De uitnodiging is aangenomen."),
        "{sign_in}"
    );
    assert!(sign_in.contains("an@praktijk-noord.nl"), "{sign_in}");
    let signed_in = an
        .post(
            "/inloggen",
            &[
                ("email", "an@praktijk-noord.nl"),
                ("password", GOOD_PASSWORD),
                ("next", "/verzoeken"),
            ],
        )
        .await;
    // A professional sets up the second step first, then goes on.
    assert_eq!(signed_in.headers()["location"], "/inlogcode");
    let (_, codes) = an.set_up_second_step().await;
    assert_eq!(codes.len(), 10);
    assert_eq!(an.get("/verzoeken").await.status(), 200);
    let level: String = sqlx::query(
        "SELECT m.level FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE a.email = 'an@praktijk-noord.nl' AND m.organisation_id = 'test-hap'",
    )
    .fetch_one(app.store().pool())
    .await
    .unwrap()
    .try_get("level")
    .unwrap();
    assert_eq!(level, "C+");
    // Once only.
    let used = app.browser().get(&link).await.text().await.unwrap();
    assert!(used.contains("data-testid=\"gone\""), "{used}");
    let reuse = app
        .browser()
        .post(
            &link,
            &[("password", GOOD_PASSWORD), ("repeat", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(
        reuse.headers()["location"],
        format!("{link}?fout=verlopen").as_str()
    );
    let members = manager.get("/organisatie").await.text().await.unwrap();
    assert!(!members.contains("data-testid=\"pending\""), "{members}");

    // The manager changes An's level: B has no access, at once.
    let an_id: i64 = sqlx::query("SELECT id FROM accounts WHERE email = 'an@praktijk-noord.nl'")
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let changed = manager
        .post(
            &format!("/organisatie/leden/{an_id}/niveau"),
            &[("niveau", "B")],
        )
        .await;
    assert_eq!(changed.headers()["location"], "/organisatie?niveau=1");
    assert_ne!(an.get("/verzoeken").await.status(), 200);
    // Not a level of a practice, or one's own level: refused, nothing changed.
    let wrong = manager
        .post(
            &format!("/organisatie/leden/{an_id}/niveau"),
            &[("niveau", "zorgverlener")],
        )
        .await;
    assert_eq!(wrong.status(), 400);
    let own = manager.account.unwrap().0;
    let mine = manager
        .post(
            &format!("/organisatie/leden/{own}/niveau"),
            &[("niveau", "C")],
        )
        .await;
    assert_eq!(mine.headers()["location"], "/organisatie?eigen=1");
    assert_eq!(manager.get("/organisatie").await.status(), 200);

    // Sent again: a new link, the old one stops working.
    manager
        .post(
            "/organisatie/uitnodigen",
            &[
                ("naam", "Bo Bakker"),
                ("email", "bo@praktijk-noord.nl"),
                ("niveau", "C"),
            ],
        )
        .await;
    assert!(eventually(|| async { link_to(&app, "bo@praktijk-noord.nl").is_some() }).await);
    let first = link_to(&app, "bo@praktijk-noord.nl").unwrap();
    let bo: i64 = sqlx::query("SELECT id FROM invitations WHERE email = 'bo@praktijk-noord.nl'")
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let resent = manager
        .post(&format!("/organisatie/uitnodigingen/{bo}/opnieuw"), &[])
        .await;
    assert_eq!(resent.headers()["location"], "/organisatie?opnieuw=1");
    let second = || {
        links_to(&app, "bo@praktijk-noord.nl")
            .into_iter()
            .find(|l| *l != first)
    };
    assert!(eventually(|| async { second().is_some() }).await);
    let second = second().unwrap();
    let old = app.browser().get(&first).await.text().await.unwrap();
    assert!(old.contains("data-testid=\"gone\""), "{old}");
    let new = app.browser().get(&second).await.text().await.unwrap();
    assert!(new.contains("autocomplete=\"new-password\""), "{new}");
    // A link works seven days.
    app.clock().advance(Duration::from_secs(8 * 86_400));
    let late = app.browser().get(&second).await.text().await.unwrap();
    assert!(late.contains("data-testid=\"gone\""), "{late}");
    // (A week later the manager signs in again.)
    let manager = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::A))
        .await;
    let page = manager.get("/organisatie").await.text().await.unwrap();
    assert!(page.contains("(verlopen)"), "{page}");

    // Revoked: gone from the list, its link no longer works.
    let revoked = manager
        .post(&format!("/organisatie/uitnodigingen/{bo}/intrekken"), &[])
        .await;
    assert_eq!(revoked.headers()["location"], "/organisatie?ingetrokken=1");
    let page = manager.get("/organisatie").await.text().await.unwrap();
    assert!(!page.contains("bo@praktijk-noord.nl"), "{page}");

    // Someone who works for another organisation now is not invited (an account acts for
    // one organisation at a time); once they left it, they join with their account, and no
    // password is asked or changed.
    let elsewhere = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Zorgverlener,
        ))
        .await;
    let their: String = sqlx::query("SELECT email FROM accounts WHERE id = $1")
        .bind(elsewhere.account.unwrap().0)
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("email")
        .unwrap();
    let cor = [("naam", "Cor"), ("email", their.as_str()), ("niveau", "E")];
    manager.post("/organisatie/uitnodigen", &cor).await;
    let back = manager.get("/organisatie").await.text().await.unwrap();
    assert!(back.contains("al voor een andere organisatie"), "{back}");
    app::access::server::end_membership(app.store(), &their, "test-vvt", app.now())
        .await
        .unwrap();
    let hash_before: String = sqlx::query("SELECT password_hash FROM accounts WHERE email = $1")
        .bind(&their)
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("password_hash")
        .unwrap();
    manager.post("/organisatie/uitnodigen", &cor).await;
    assert!(eventually(|| async { link_to(&app, &their).is_some() }).await);
    let link = link_to(&app, &their).unwrap();
    let shown = app.browser().get(&link).await.text().await.unwrap();
    assert!(shown.contains("U heeft al een account"), "{shown}");
    assert!(!shown.contains("type=\"password\""), "{shown}");
    let joined = app.browser().post(&link, &[]).await;
    assert_eq!(joined.headers()["location"], "/inloggen");
    let current: Vec<String> = sqlx::query(
        "SELECT organisation_id FROM memberships WHERE account_id = $1 AND ended_at IS NULL",
    )
    .bind(elsewhere.account.unwrap().0)
    .fetch_all(app.store().pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("organisation_id").unwrap())
    .collect();
    assert_eq!(current, ["test-hap"]);
    let hash_after: String = sqlx::query("SELECT password_hash FROM accounts WHERE email = $1")
        .bind(&their)
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("password_hash")
        .unwrap();
    assert_eq!(hash_before, hash_after);

    // A patient's address gets the same answer as anyone's (the form never tells who is a
    // patient), and its link does not work.
    let patient = app.sign_in_as(Person::Patient).await;
    let patient_email: String = sqlx::query("SELECT email FROM accounts WHERE id = $1")
        .bind(patient.account.unwrap().0)
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("email")
        .unwrap();
    let answer = manager
        .post(
            "/organisatie/uitnodigen",
            &[("naam", "P"), ("email", &patient_email), ("niveau", "C")],
        )
        .await;
    assert_eq!(answer.headers()["location"], "/organisatie?uitgenodigd=1");
    assert!(eventually(|| async { link_to(&app, &patient_email).is_some() }).await);
    let link = link_to(&app, &patient_email).unwrap();
    let gone = app.browser().get(&link).await.text().await.unwrap();
    assert!(gone.contains("data-testid=\"gone\""), "{gone}");
    // A current member is not invited again.
    manager.post("/organisatie/uitnodigen", &cor).await;
    let back = manager.get("/organisatie").await.text().await.unwrap();
    assert!(back.contains("al lid van uw organisatie"), "{back}");

    // Nobody else: a colleague without the right, another organisation's manager (the same
    // answer for an invitation that exists and one that does not), nobody signed in.
    let nurse = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let invite = [
        ("naam", "Eve"),
        ("email", "eve@praktijk-noord.nl"),
        ("niveau", "A"),
    ];
    assert_eq!(
        nurse
            .post("/organisatie/uitnodigen", &invite)
            .await
            .status(),
        403
    );
    assert_eq!(
        nurse
            .post("/organisatie/domeinen", &[("domeinen", "")])
            .await
            .status(),
        403
    );
    assert_eq!(
        nurse
            .post(
                &format!("/organisatie/leden/{an_id}/niveau"),
                &[("niveau", "A")]
            )
            .await
            .status(),
        403
    );
    let other = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Thuiszorg,
            Level::Hoofdzorgverlener,
        ))
        .await;
    manager
        .post(
            "/organisatie/uitnodigen",
            &[
                ("naam", "Dee"),
                ("email", "dee@praktijk-noord.nl"),
                ("niveau", "C"),
            ],
        )
        .await;
    let dee: i64 = sqlx::query("SELECT id FROM invitations WHERE email = 'dee@praktijk-noord.nl'")
        .fetch_one(app.store().pool())
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    for action in ["intrekken", "opnieuw"] {
        let ours = other
            .post(&format!("/organisatie/uitnodigingen/{dee}/{action}"), &[])
            .await;
        assert_eq!(ours.status(), 403);
        let ours = ours.text().await.unwrap();
        let missing = other
            .post(&format!("/organisatie/uitnodigingen/987654/{action}"), &[])
            .await;
        assert_eq!(missing.status(), 403);
        assert_eq!(ours, missing.text().await.unwrap());
    }
    let anonymous = app.browser().post("/organisatie/uitnodigen", &invite).await;
    assert_eq!(anonymous.status(), 303);
    assert!(anonymous.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/inloggen"));
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM invitations WHERE email = 'eve@praktijk-noord.nl'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM invitations WHERE status = 'pending' AND email = 'dee@praktijk-noord.nl'"
        )
        .await,
        1
    );

    // Everything a manager did is in the access log.
    for (action, expected) in [
        ("invitation_sent", 6),
        ("invitation_accepted", 2),
        ("invitation_revoked", 1),
        ("setting_changed", 1),
        ("membership_changed", 2),
    ] {
        assert_eq!(
            count(
                app.store(),
                &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")
            )
            .await,
            expected,
            "{action}"
        );
    }
    // The manager's own change is logged as theirs, with where it came from.
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE action = 'membership_changed'
             AND actor_account_id IS NOT NULL AND actor_role = 'professional'"
        )
        .await,
        1
    );
    app.stop().await;
}

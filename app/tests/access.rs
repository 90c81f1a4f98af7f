//! Accounts, sign-in and sessions, against SQLite and PostgreSQL.

#![cfg(feature = "ssr")]

use app::access::server::{self as accounts, AccessError, Lookup, NewAccount, SessionToken};
use app::access::{Notice, PasswordProblem, Policy, Role};
use app::audit::server as audit;
use app::db::{testing, Backend, Store};
use app::organisations::server as organisations;
use app::organisations::OrganisationKind;
use sqlx::Row;
use std::time::{Duration, SystemTime};

app::on_both_backends!(
    a_patient_signs_in_and_out_and_the_log_says_so,
    unknown_addresses_and_wrong_passwords_get_the_same_answer,
    sessions_end_when_idle_and_after_twelve_hours,
    a_new_password_unlocks_and_ends_every_session,
    bad_accounts_are_refused_and_nothing_is_stored,
    secrets_are_stored_only_as_hashes,
);

const PASSWORD: &str = "groene-fiets-onder-de-boom";

use testing::t0;

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

async fn store(backend: Backend) -> Option<(testing::TestDatabase, Store)> {
    let (db, store) = testing::migrated(backend).await?;
    organisations::add(
        &store,
        "hap-noord",
        "Huisartsenpraktijk Noord",
        OrganisationKind::Hap,
        t0(),
    )
    .await
    .unwrap();
    Some((db, store))
}

async fn patient(store: &Store, email: &str) -> i64 {
    accounts::create_account(
        store,
        &NewAccount {
            email,
            name: "Jan Jansen",
            role: Role::Patient,
            organisation: None,
            level: None,
            password: Some(PASSWORD),
        },
        t0(),
    )
    .await
    .unwrap()
    .0
}

/// Signs Jan in (the default policy).
async fn sign_in(
    store: &Store,
    password: &str,
    at: SystemTime,
) -> Result<(SessionToken, accounts::Session), Notice> {
    accounts::sign_in(
        store,
        &Policy::default(),
        "jan@example.org",
        password,
        None,
        at,
    )
    .await
    .map(|step| step.session().expect("no second step for a patient"))
}

async fn lookup(store: &Store, token: &SessionToken, at: SystemTime) -> Lookup {
    accounts::session(store, &Policy::default(), token, at)
        .await
        .unwrap()
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn a_patient_signs_in_and_out_and_the_log_says_so(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let policy = Policy::default();
    let id = patient(&store, "Jan.Jansen@Example.org").await;
    // The address is matched without regard to case or surrounding spaces.
    let (token, session) = accounts::sign_in(
        &store,
        &policy,
        "  jan.jansen@example.ORG ",
        PASSWORD,
        None,
        t0(),
    )
    .await
    .unwrap()
    .session()
    .unwrap();
    assert_eq!(session.account_id.0, id);
    assert_eq!(session.signed_in.name, "Jan Jansen");
    assert_eq!(session.signed_in.role, Role::Patient);
    assert_eq!(session.signed_in.organisation, None);

    let Lookup::Live(found) = lookup(&store, &token, t0() + minutes(5)).await else {
        panic!("the session is live");
    };
    assert_eq!(found.account_id.0, id);

    accounts::sign_out(&store, &token, None, t0() + minutes(6))
        .await
        .unwrap();
    assert!(matches!(
        lookup(&store, &token, t0() + minutes(7)).await,
        Lookup::Unknown
    ));
    // Signing out twice is harmless.
    accounts::sign_out(&store, &token, None, t0() + minutes(8))
        .await
        .unwrap();

    let log = audit::recent(&store, 10).await.unwrap();
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|r| (r.action.as_str(), r.outcome.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("sign_out", "success"),
            ("sign_in", "success"),
            ("account_created", "success")
        ]
    );
    assert_eq!(log[0].actor, Some(id));
    assert_eq!(log[0].role.as_deref(), Some("patient"));
    assert_eq!(log[1].actor, Some(id));
    assert_eq!(log[1].object, Some(format!("account:{id}")));
    assert_eq!(log[1].at, "2026-03-02T09:00:00.000Z");
}

async fn unknown_addresses_and_wrong_passwords_get_the_same_answer(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let policy = Policy::default();
    let id = patient(&store, "jan@example.org").await;
    let unknown =
        accounts::sign_in(&store, &policy, "piet@example.org", PASSWORD, None, t0()).await;
    let wrong = sign_in(&store, "niet-mijn-wachtwoord", t0()).await;
    assert_eq!(unknown.err(), Some(Notice::Wrong));
    assert_eq!(wrong.err(), Some(Notice::Wrong));
    for (email, password) in [("", PASSWORD), ("jan@example.org", ""), (" ", "")] {
        assert_eq!(
            accounts::sign_in(&store, &policy, email, password, None, t0())
                .await
                .err(),
            Some(Notice::Missing)
        );
    }
    let log = audit::recent(&store, 2).await.unwrap();
    assert_eq!(log[0].actor, Some(id));
    assert_eq!(log[0].reason.as_deref(), Some("wrong_password"));
    assert_eq!(log[1].actor, None);
    assert_eq!(log[1].object, None);
    assert_eq!(log[1].reason.as_deref(), Some("unknown_account"));
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM sessions").await, 0);
}

async fn sessions_end_when_idle_and_after_twelve_hours(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    patient(&store, "jan@example.org").await;
    let (idle, _) = sign_in(&store, PASSWORD, t0()).await.unwrap();
    // 29 minutes of quiet is fine and counts as use; 30 minutes after that it has ended.
    assert!(matches!(
        lookup(&store, &idle, t0() + minutes(29)).await,
        Lookup::Live(_)
    ));
    assert!(matches!(
        lookup(&store, &idle, t0() + minutes(59)).await,
        Lookup::Ended
    ));
    // An ended session is gone for good.
    assert!(matches!(
        lookup(&store, &idle, t0() + minutes(60)).await,
        Lookup::Unknown
    ));

    // Busy all day: a request every 20 minutes keeps it alive, until 12 hours after sign-in.
    let (busy, _) = sign_in(&store, PASSWORD, t0()).await.unwrap();
    let mut at = t0();
    while at + minutes(20) < t0() + minutes(12 * 60) {
        at += minutes(20);
        assert!(
            matches!(lookup(&store, &busy, at).await, Lookup::Live(_)),
            "live at {at:?}"
        );
    }
    assert!(matches!(
        lookup(&store, &busy, t0() + minutes(12 * 60)).await,
        Lookup::Ended
    ));
    // A made-up token finds nothing.
    let forged = SessionToken::from_cookie(&"ab".repeat(32)).unwrap();
    assert!(matches!(
        lookup(&store, &forged, t0()).await,
        Lookup::Unknown
    ));
    assert!(SessionToken::from_cookie("not-a-token").is_none());
    // Signing in clears out sessions nobody can use any more.
    sign_in(&store, PASSWORD, t0() + minutes(13 * 60))
        .await
        .unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM sessions").await, 1);
}

async fn a_new_password_unlocks_and_ends_every_session(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    patient(&store, "jan@example.org").await;
    let (phone, _) = sign_in(&store, PASSWORD, t0()).await.unwrap();
    for _ in 0..5 {
        let _ = sign_in(&store, "fout-wachtwoord-1", t0()).await;
    }
    assert_eq!(
        sign_in(&store, PASSWORD, t0()).await.err(),
        Some(Notice::Locked(1))
    );
    let new = "blauwe-auto-bij-de-kerk";
    assert!(matches!(
        accounts::set_password(&store, "jan@example.org", "kort", t0()).await,
        Err(AccessError::Password(PasswordProblem::TooShort))
    ));
    accounts::set_password(&store, "JAN@example.org", new, t0() + minutes(1))
        .await
        .unwrap();
    assert!(matches!(
        lookup(&store, &phone, t0() + minutes(2)).await,
        Lookup::Unknown
    ));
    assert_eq!(
        sign_in(&store, PASSWORD, t0() + minutes(2)).await.err(),
        Some(Notice::Wrong)
    );
    assert!(sign_in(&store, new, t0() + minutes(3)).await.is_ok());
    assert!(matches!(
        accounts::set_password(&store, "piet@example.org", new, t0()).await,
        Err(AccessError::UnknownAccount(_))
    ));
}

async fn bad_accounts_are_refused_and_nothing_is_stored(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let new = |email: &'static str, role: Role, organisation: Option<&'static str>| NewAccount {
        email,
        name: "Anna de Wit",
        role,
        organisation,
        level: None,
        password: Some(PASSWORD),
    };
    let refused = [
        (new("geen-adres", Role::Patient, None), "not a valid e-mail"),
        (new("a@b", Role::Patient, None), "not a valid e-mail"),
        (
            new("anna@example.org", Role::Professional, None),
            "needs an organisation",
        ),
        (
            new("anna@example.org", Role::Professional, Some("hap-zuid")),
            "organisation hap-zuid not found",
        ),
    ];
    for (account, expected) in &refused {
        let err = accounts::create_account(&store, account, t0())
            .await
            .unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
    }
    let weak = NewAccount {
        password: Some("anna@example.org-1"),
        ..new("anna@example.org", Role::Patient, None)
    };
    assert!(matches!(
        accounts::create_account(&store, &weak, t0()).await,
        Err(AccessError::Password(PasswordProblem::ContainsEmail))
    ));
    let nameless = NewAccount {
        name: "  ",
        ..new("anna@example.org", Role::Patient, None)
    };
    assert!(matches!(
        accounts::create_account(&store, &nameless, t0()).await,
        Err(AccessError::InvalidName)
    ));
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM accounts").await, 0);

    let anna = new("anna@example.org", Role::Professional, Some("hap-noord"));
    accounts::create_account(&store, &anna, t0()).await.unwrap();
    let again = new("ANNA@example.org", Role::Patient, None);
    assert!(matches!(
        accounts::create_account(&store, &again, t0()).await,
        Err(AccessError::Exists(email)) if email == "anna@example.org"
    ));
    let list = accounts::list_accounts(&store).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].role, Role::Professional);
    assert_eq!(list[0].organisation.as_deref(), Some("hap-noord"));
    assert_eq!(list[0].level.as_deref(), Some("C"));
    assert!(list[0].has_password);
    // Without a first password the account exists but cannot sign in.
    let later = NewAccount {
        password: None,
        ..new("later@example.org", Role::Carer, None)
    };
    accounts::create_account(&store, &later, t0())
        .await
        .unwrap();
    let list = accounts::list_accounts(&store).await.unwrap();
    assert!(!list[1].has_password);
    assert_eq!(
        accounts::sign_in(
            &store,
            &Policy::default(),
            "later@example.org",
            PASSWORD,
            None,
            t0()
        )
        .await
        .err(),
        Some(Notice::Wrong)
    );
    let log = audit::recent(&store, 1).await.unwrap();
    assert_eq!(log[0].reason.as_deref(), Some("no_password"));
    // A professional's session names the organisation (the second step aside).
    let optional = Policy {
        second_factor_for_professionals: false,
        ..Policy::default()
    };
    let (_, session) =
        accounts::sign_in(&store, &optional, "anna@example.org", PASSWORD, None, t0())
            .await
            .unwrap()
            .session()
            .unwrap();
    assert_eq!(
        session.signed_in.organisation.as_deref(),
        Some("Huisartsenpraktijk Noord")
    );
    let membership = session.membership.expect("a professional's membership");
    assert_eq!(membership.organisation.as_str(), "hap-noord");
    assert_eq!(membership.level, app::organisations::Level::C);
}

async fn secrets_are_stored_only_as_hashes(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    patient(&store, "jan@example.org").await;
    let (token, _) = sign_in(&store, PASSWORD, t0()).await.unwrap();
    let row = sqlx::query("SELECT password_hash FROM accounts")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let hash: String = row.try_get("password_hash").unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(PASSWORD));
    let row = sqlx::query("SELECT token_hash FROM sessions")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let stored: String = row.try_get("token_hash").unwrap();
    assert_eq!(token.expose().len(), 64);
    assert_eq!(stored.len(), 64);
    assert_ne!(stored, token.expose());
    // Two sign-ins never share a token.
    let (second, _) = sign_in(&store, PASSWORD, t0()).await.unwrap();
    assert_ne!(second.expose(), token.expose());
}

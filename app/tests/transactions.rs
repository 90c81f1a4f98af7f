//! One transaction per use case, against SQLite and PostgreSQL: when a later write of a use
//! case fails, nothing of its earlier writes is left.
//!
//! The access-log record is the last write of every use case, so each test takes the log
//! away (renames its table), runs the use case, puts the log back and looks at what is left.
//! Renaming works the same on both backends and needs no hooks in the code under test.

#![cfg(feature = "ssr")]

use app::access::server::accounts::find_by_email as find_account;
use app::access::server::{self as accounts, AccessError, Lookup, NewAccount, SessionToken};
use app::access::{Notice, Policy, Role};
use app::audit::server as audit;
use app::db::{testing, Backend, Store};
use app::organisations::server::{self as organisations, OrganisationError};
use app::organisations::{Level, OrganisationId, OrganisationKind, Scope};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::NewPatient;
use sqlx::Row;
use std::time::{Duration, SystemTime};

app::on_both_backends!(
    an_account_and_its_membership_are_stored_together_or_not_at_all,
    a_wrong_password_is_counted_even_when_it_cannot_be_logged,
    a_sign_in_that_cannot_be_logged_starts_no_session_and_resets_nothing,
    a_new_password_that_cannot_be_logged_changes_nothing,
    a_settings_change_that_cannot_be_logged_is_not_stored,
    a_patient_that_cannot_be_logged_is_not_created_nor_put_in_a_care_network,
    a_settings_change_is_logged_with_the_setting_and_the_organisation,
);

const PASSWORD: &str = "groene-fiets-onder-de-boom";
const WRONG: &str = "fout-wachtwoord-1";
const EMAIL: &str = "jan@example.org";

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

/// Takes the access log away: every use case's last write now fails, on both backends.
async fn lose_the_log(store: &Store) {
    sqlx::Executor::execute(
        store.pool(),
        "ALTER TABLE audit_log RENAME TO audit_log_gone",
    )
    .await
    .unwrap();
}

/// Puts the access log back, so what is left can be read.
async fn restore_the_log(store: &Store) {
    sqlx::Executor::execute(
        store.pool(),
        "ALTER TABLE audit_log_gone RENAME TO audit_log",
    )
    .await
    .unwrap();
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// The wrong attempts counted under Jan's address (the only address these tests use).
async fn failed_attempts(store: &Store) -> i64 {
    count(
        store,
        "SELECT COALESCE(MAX(failures), 0) AS n FROM sign_in_throttle WHERE key LIKE 'address:%'",
    )
    .await
}

/// Jan, a patient with a password.
async fn patient(store: &Store) {
    accounts::create_account(
        store,
        &NewAccount {
            email: EMAIL,
            name: "Jan Jansen",
            role: Role::Patient,
            organisation: None,
            level: None,
            password: Some(PASSWORD),
        },
        t0(),
    )
    .await
    .unwrap();
}

async fn sign_in(
    store: &Store,
    password: &str,
    at: SystemTime,
) -> Result<(SessionToken, accounts::Session), Notice> {
    accounts::sign_in(store, &Policy::default(), EMAIL, password, None, at)
        .await
        .map(|step| step.session().expect("no second step for a patient"))
}

async fn an_account_and_its_membership_are_stored_together_or_not_at_all(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let anna = NewAccount {
        email: "anna@example.org",
        name: "Anna de Wit",
        role: Role::Professional,
        organisation: Some("hap-noord"),
        level: Some(Level::A),
        password: Some(PASSWORD),
    };
    lose_the_log(&store).await;
    let failed = accounts::create_account(&store, &anna, t0()).await;
    restore_the_log(&store).await;
    assert!(matches!(failed, Err(AccessError::Store(_))), "{failed:?}");
    assert_eq!(
        find_account(&store, "anna@example.org").await.unwrap(),
        None
    );
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM accounts").await, 0);
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM memberships").await,
        0
    );
    assert!(audit::recent(&store, 10).await.unwrap().is_empty());

    // With the log back the same call succeeds: the missing log was the only obstacle, and
    // the address is free because nothing of the first attempt was kept.
    let id = accounts::create_account(&store, &anna, t0()).await.unwrap();
    assert_eq!(
        find_account(&store, "anna@example.org").await.unwrap(),
        Some(id)
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM memberships").await,
        1
    );
    let list = accounts::list_accounts(&store).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].organisation.as_deref(), Some("hap-noord"));
    assert_eq!(list[0].level.as_deref(), Some("A"));
    let log = audit::recent(&store, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "account_created");
    assert_eq!(log[0].object, Some(id.to_string()));
    assert_eq!(log[0].organisation.as_deref(), Some("hap-noord"));
}

async fn a_wrong_password_is_counted_even_when_it_cannot_be_logged(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    patient(&store).await;
    lose_the_log(&store).await;
    let refused = sign_in(&store, WRONG, t0()).await.err();
    restore_the_log(&store).await;
    assert_eq!(refused, Some(Notice::Unavailable));
    // The attempt was counted before its password was checked: breaking the log is no way
    // around the count.
    assert_eq!(failed_attempts(&store).await, 1);
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM sessions").await, 0);

    // With the log back, wrong passwords count as usual: the fifth starts the waiting.
    for i in 0..3 {
        assert_eq!(
            sign_in(&store, WRONG, t0() + minutes(1 + i)).await.err(),
            Some(Notice::Wrong)
        );
    }
    assert_eq!(failed_attempts(&store).await, 4);
    assert_eq!(
        sign_in(&store, WRONG, t0() + minutes(4)).await.err(),
        Some(Notice::Locked(1))
    );
    let log = audit::recent(&store, 10).await.unwrap();
    let refusals = log
        .iter()
        .filter(|r| r.action == "sign_in" && r.outcome == "refused")
        .count();
    assert_eq!(
        refusals, 4,
        "the attempt that could not be logged is not in the log"
    );
}

async fn a_sign_in_that_cannot_be_logged_starts_no_session_and_resets_nothing(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    patient(&store).await;
    assert_eq!(
        sign_in(&store, WRONG, t0()).await.err(),
        Some(Notice::Wrong)
    );
    assert_eq!(failed_attempts(&store).await, 1);

    lose_the_log(&store).await;
    let refused = sign_in(&store, PASSWORD, t0() + minutes(1)).await.err();
    restore_the_log(&store).await;
    assert_eq!(refused, Some(Notice::Unavailable));
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM sessions").await, 0);
    // That attempt was counted too, and without a session nothing was reset.
    assert_eq!(failed_attempts(&store).await, 2);
    let log = audit::recent(&store, 10).await.unwrap();
    assert_eq!(log[0].action, "sign_in");
    assert_eq!(log[0].reason.as_deref(), Some("wrong_password"));

    assert!(sign_in(&store, PASSWORD, t0() + minutes(2)).await.is_ok());
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM sessions").await, 1);
    assert_eq!(failed_attempts(&store).await, 0);
}

async fn a_new_password_that_cannot_be_logged_changes_nothing(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    patient(&store).await;
    let (phone, _) = sign_in(&store, PASSWORD, t0()).await.unwrap();
    let new = "blauwe-auto-bij-de-kerk";

    lose_the_log(&store).await;
    let failed = accounts::set_password(&store, EMAIL, new, t0() + minutes(1)).await;
    restore_the_log(&store).await;
    assert!(matches!(failed, Err(AccessError::Store(_))), "{failed:?}");
    // The session that would have ended is still there and still works.
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM sessions").await, 1);
    let lookup = accounts::session(&store, &Policy::default(), &phone, t0() + minutes(2))
        .await
        .unwrap();
    assert!(matches!(lookup, Lookup::Live(_)), "{lookup:?}");
    // The new password was not stored; the old one still signs in.
    assert_eq!(
        sign_in(&store, new, t0() + minutes(3)).await.err(),
        Some(Notice::Wrong)
    );
    assert!(sign_in(&store, PASSWORD, t0() + minutes(4)).await.is_ok());
    let set = audit::recent(&store, 10)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.action == "password_set")
        .count();
    assert_eq!(set, 0);
}

async fn a_settings_change_that_cannot_be_logged_is_not_stored(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let noord = "hap-noord";
    let scope = Scope::Thresholds;
    organisations::set(&store, noord, &scope, "glucose_low", 3.9, t0())
        .await
        .unwrap();
    let before = [(Scope::Thresholds, "glucose_low".to_string(), 3.9)];
    assert_eq!(organisations::all(&store, noord).await.unwrap(), before);

    lose_the_log(&store).await;
    let changed =
        organisations::set(&store, noord, &scope, "glucose_low", 3.5, t0() + minutes(1)).await;
    let added = organisations::set(&store, noord, &scope, "inr_high", 3.5, t0() + minutes(1)).await;
    let removed =
        organisations::unset(&store, noord, &scope, "glucose_low", t0() + minutes(1)).await;
    restore_the_log(&store).await;
    assert!(
        matches!(changed, Err(OrganisationError::Store(_))),
        "{changed:?}"
    );
    assert!(
        matches!(added, Err(OrganisationError::Store(_))),
        "{added:?}"
    );
    assert!(
        matches!(removed, Err(OrganisationError::Store(_))),
        "{removed:?}"
    );
    // The old value is in place, the new setting is not there, the removed one is not gone.
    assert_eq!(organisations::all(&store, noord).await.unwrap(), before);
    assert_eq!(audit::recent(&store, 10).await.unwrap().len(), 1);

    // With the log back, removing works.
    assert!(
        organisations::unset(&store, noord, &scope, "glucose_low", t0() + minutes(2))
            .await
            .unwrap()
    );
    assert!(organisations::all(&store, noord).await.unwrap().is_empty());
}

async fn a_patient_that_cannot_be_logged_is_not_created_nor_put_in_a_care_network(
    backend: Backend,
) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let noord = OrganisationId::parse("hap-noord").unwrap();
    let jan = NewPatient::check(
        "Jan Jansen",
        "1941-03-02",
        Some(EMAIL.to_string()),
        Some("111222333"),
        jiff::civil::date(2026, 11, 30),
    )
    .unwrap();
    lose_the_log(&store).await;
    let failed = patients::create(&store, &jan, Some(&noord), &RecordedBy::default(), t0()).await;
    restore_the_log(&store).await;
    assert!(failed.is_err(), "{failed:?}");
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM patients").await, 0);
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM care_network").await,
        0
    );
    assert_eq!(patients::find_by_email(&store, EMAIL).await.unwrap(), None);

    // With the log back the same record (with the same, unique, BSN) can be created.
    let id = patients::create(&store, &jan, Some(&noord), &RecordedBy::default(), t0())
        .await
        .unwrap();
    assert_eq!(
        patients::find_by_email(&store, EMAIL).await.unwrap(),
        Some(id)
    );
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM patients").await, 1);
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM care_network").await,
        1
    );
}

async fn a_settings_change_is_logged_with_the_setting_and_the_organisation(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let noord = "hap-noord";
    organisations::set(&store, noord, &Scope::Thresholds, "glucose_low", 3.9, t0())
        .await
        .unwrap();
    let log = audit::recent(&store, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    let record = &log[0];
    assert_eq!(record.action, "setting_changed");
    assert_eq!(
        record.object.as_deref(),
        Some("setting:hap-noord:thresholds:glucose_low")
    );
    assert_eq!(record.organisation.as_deref(), Some("hap-noord"));
    assert_eq!(record.actor, None);
    assert_eq!(record.role.as_deref(), Some("admin"));
    assert_eq!(record.patient, None);
    assert_eq!(record.outcome, "success");
    assert_eq!(record.reason, None);
    assert_eq!(record.at, "2026-03-02T09:00:00.000Z");

    // Removing it is logged the same way; removing what is not set changes nothing and
    // logs nothing.
    assert!(organisations::unset(
        &store,
        noord,
        &Scope::Thresholds,
        "glucose_low",
        t0() + minutes(1)
    )
    .await
    .unwrap());
    assert!(!organisations::unset(
        &store,
        noord,
        &Scope::Thresholds,
        "glucose_low",
        t0() + minutes(2)
    )
    .await
    .unwrap());
    let log = audit::recent(&store, 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].action, "setting_changed");
    assert_eq!(log[0].object, log[1].object);
    assert_eq!(log[0].at, "2026-03-02T09:01:00.000Z");
}

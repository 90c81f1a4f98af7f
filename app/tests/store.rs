//! The store suite: every test runs against SQLite and against PostgreSQL, each on a fresh
//! database.

#![cfg(feature = "ssr")]

use app::db::{testing, Backend, Migration, Store, StoreError, StoreOptions};
use app::organisations::server::{self as organisations, OrganisationError};
use app::organisations::{OrganisationKind, Scope};
use app::questionnaires::{library, server as questionnaires};
use sqlx::Row;
use std::time::SystemTime;

/// The newest schema version (both backends have the same versions; a test checks that).
const LATEST: i64 = app::db::SQLITE_MIGRATIONS.len() as i64;

app::on_both_backends!(
    migrations_apply_to_a_fresh_database_and_a_second_run_does_nothing,
    the_identity_migration_keeps_accounts_and_makes_memberships,
    the_worklist_migration_fills_in_what_each_request_asks_and_its_latest_result,
    mandates_without_a_carer_account_keep_every_mandate_and_reminder,
    a_failed_migration_leaves_the_database_as_it_was,
    a_migration_edited_after_it_was_applied_is_refused,
    a_database_from_a_newer_version_is_refused,
    the_builtin_library_is_added_once,
    the_catalogue_lists_the_newest_version_and_keeps_the_old_one,
    a_missing_definition_is_not_found,
    a_closed_store_reports_unavailable,
    an_organisation_keeps_its_instrument_settings_and_thresholds,
    organisation_settings_are_checked_before_they_are_stored,
    removing_an_organisation_removes_its_settings,
);

/// A fresh, empty database, or `None` when PostgreSQL was deliberately skipped.
async fn fresh(backend: Backend) -> Option<(testing::TestDatabase, Store)> {
    let db = testing::fresh(backend).await?;
    let store = Store::connect(&db.url, &StoreOptions::default())
        .await
        .expect("connect to a fresh test database");
    assert_eq!(store.backend(), backend);
    Some((db, store))
}

use testing::migrated;

async fn table_exists(store: &Store, table: &str) -> bool {
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(store.pool())
        .await
        .is_ok()
}

async fn migrations_apply_to_a_fresh_database_and_a_second_run_does_nothing(backend: Backend) {
    let Some((_db, store)) = fresh(backend).await else {
        return;
    };
    let first = store.migrate().await.unwrap();
    assert_eq!(first.applied, (1..=LATEST).collect::<Vec<i64>>());
    assert_eq!(first.already, 0);
    for table in [
        "instruments",
        "organisations",
        "organisation_settings",
        "accounts",
        "sessions",
        "audit_log",
        "memberships",
        "patients",
        "care_network",
        "worker_leases",
        "requests",
        "link_tokens",
        "outbox",
        "drafts",
        "responses",
        "readings",
    ] {
        assert!(table_exists(&store, table).await, "{table}");
    }
    let second = store.migrate().await.unwrap();
    assert!(second.applied.is_empty());
    assert_eq!(second.already, LATEST as usize);
}

/// A database in use before the identity model: its professionals become members of their
/// organisation (level C), every account and its password stay, open sessions end, and the
/// access log keeps its rows under the new column names.
/// The worklist's columns for requests made before it: what each asks (an instrument's id, or
/// the protocol's name from its JSON) and when its latest result arrived (the response, or the
/// newest reading entered for it).
async fn the_worklist_migration_fills_in_what_each_request_asks_and_its_latest_result(
    backend: Backend,
) {
    let Some((_db, store)) = fresh(backend).await else {
        return;
    };
    let before: Vec<Migration> = match backend {
        Backend::Sqlite => app::db::SQLITE_MIGRATIONS,
        Backend::Postgres => app::db::POSTGRES_MIGRATIONS,
    }
    .iter()
    .copied()
    .filter(|m| m.version <= 7)
    .collect();
    store.migrate_with(&before).await.unwrap();
    let at = "2026-01-01T00:00:00.000Z";
    for sql in [
        format!("INSERT INTO organisations (id, name, kind, created_at) VALUES ('hap', 'HAP', 'hap', '{at}')"),
        format!("INSERT INTO patients (name, birth_date, created_at) VALUES ('Jan', '1941-03-02', '{at}')"),
        format!(
            "INSERT INTO requests (patient_id, organisation_id, kind, instrument_id, instrument_version,
                                   due_on, status, created_at, updated_at)
             VALUES (1, 'hap', 'questionnaire', 'gfi', '1.0', '2026-01-10', 'completed', '{at}', '{at}')"
        ),
        format!(
            "INSERT INTO requests (patient_id, organisation_id, kind, protocol, due_on, status,
                                   created_at, updated_at)
             VALUES (1, 'hap', 'protocol', '{{\"type\":\"daily-weight\",\"start\":\"2026-01-01\"}}',
                     '2026-01-10', 'in_progress', '{at}', '{at}')"
        ),
        "INSERT INTO responses (request_id, patient_id, instrument_id, instrument_version, answers,
                                scores, entered_by, entered_via, submitted_at)
         VALUES (1, 1, 'gfi', '1.0', '{}', '{}', 'patient', 'link', '2026-01-05T10:00:00.000Z')"
            .to_owned(),
        "INSERT INTO readings (patient_id, reading_id, request_id, kind, value, measured_at,
                               entered_at, entered_by, entered_via, status)
         VALUES (1, 'a', 2, 'body-weight', '80', '2026-01-02T07:00:00.000Z',
                 '2026-01-02T07:01:00.000Z', 'patient', 'link', 'final'),
                (1, 'b', 2, 'body-weight', '81', '2026-01-03T07:00:00.000Z',
                 '2026-01-03T07:01:00.000Z', 'patient', 'link', 'final')"
            .to_owned(),
    ] {
        sqlx::query(&sql).execute(store.pool()).await.unwrap();
    }
    let report = store.migrate().await.unwrap();
    assert_eq!(report.applied, (8..=LATEST).collect::<Vec<i64>>());
    let rows =
        sqlx::query("SELECT what, result_at, flagged, reviewed_at FROM requests ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let got: Vec<(String, Option<String>, i64, Option<String>)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("what").unwrap(),
                r.try_get("result_at").unwrap(),
                r.try_get("flagged").unwrap(),
                r.try_get("reviewed_at").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "gfi".into(),
                Some("2026-01-05T10:00:00.000Z".into()),
                0,
                None
            ),
            (
                "daily-weight".into(),
                Some("2026-01-03T07:01:00.000Z".into()),
                0,
                None
            ),
        ]
    );
}

async fn the_identity_migration_keeps_accounts_and_makes_memberships(backend: Backend) {
    let Some((_db, store)) = fresh(backend).await else {
        return;
    };
    let before: Vec<Migration> = match backend {
        Backend::Sqlite => app::db::SQLITE_MIGRATIONS,
        Backend::Postgres => app::db::POSTGRES_MIGRATIONS,
    }
    .iter()
    .copied()
    .filter(|m| m.version <= 3)
    .collect();
    store.migrate_with(&before).await.unwrap();
    for sql in [
        "INSERT INTO organisations (id, name, created_at) VALUES ('hap-noord', 'Noord', '2026-01-01T00:00:00.000Z')",
        "INSERT INTO accounts (email, display_name, role, organisation_id, password_hash, failed_attempts, created_at)
         VALUES ('anna@example.org', 'Anna', 'professional', 'hap-noord', '$argon2id$x', 2, '2026-01-01T00:00:00.000Z')",
        "INSERT INTO accounts (email, display_name, role, created_at)
         VALUES ('jan@example.org', 'Jan', 'patient', '2026-01-02T00:00:00.000Z')",
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at)
         SELECT 'abc', id, '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z' FROM accounts
         WHERE email = 'anna@example.org'",
        "INSERT INTO audit_log (at, actor_account_id, action, outcome, patient_account_id)
         VALUES ('2026-01-03T00:00:00.000Z', 1, 'account_created', 'success', 7)",
    ] {
        sqlx::query(sql).execute(store.pool()).await.unwrap();
    }
    let report = store.migrate().await.unwrap();
    assert_eq!(report.applied, (4..=LATEST).collect::<Vec<i64>>());
    let row = sqlx::query(
        "SELECT a.email, a.password_hash, m.organisation_id, m.level, o.kind
         FROM accounts a JOIN memberships m ON m.account_id = a.id
         JOIN organisations o ON o.id = m.organisation_id",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(
        row.try_get::<String, _>("email").unwrap(),
        "anna@example.org"
    );
    assert_eq!(
        row.try_get::<String, _>("password_hash").unwrap(),
        "$argon2id$x"
    );
    assert_eq!(
        row.try_get::<String, _>("organisation_id").unwrap(),
        "hap-noord"
    );
    assert_eq!(row.try_get::<String, _>("level").unwrap(), "C");
    assert_eq!(row.try_get::<String, _>("kind").unwrap(), "hap");
    let count = |sql: &'static str| {
        let store = store.clone();
        async move {
            sqlx::query(sql)
                .fetch_one(store.pool())
                .await
                .unwrap()
                .try_get::<i64, _>("n")
                .unwrap()
        }
    };
    assert_eq!(count("SELECT COUNT(*) AS n FROM accounts").await, 2);
    assert_eq!(count("SELECT COUNT(*) AS n FROM memberships").await, 1);
    assert_eq!(count("SELECT COUNT(*) AS n FROM sessions").await, 0);
    assert_eq!(
        // An old row keeps the patient's account and names no patient record.
        count("SELECT COUNT(*) AS n FROM audit_log WHERE patient_id IS NULL AND client_address IS NULL AND patient_account_id = 7").await,
        1
    );
    // New accounts still get fresh ids after the rebuild.
    sqlx::query(
        "INSERT INTO accounts (email, display_name, role, created_at)
         VALUES ('els@example.org', 'Els', 'carer', '2026-01-04T00:00:00.000Z')",
    )
    .execute(store.pool())
    .await
    .unwrap();
    assert_eq!(
        count("SELECT COUNT(DISTINCT id) AS n FROM accounts").await,
        3
    );
}

/// Migration 21 lets a mandate name an address instead of a carer's account (on SQLite by
/// rebuilding the table and the reminders that refer to it): every mandate and reminder stays,
/// new ones get fresh ids, and a mandate names exactly one of the two.
async fn mandates_without_a_carer_account_keep_every_mandate_and_reminder(backend: Backend) {
    let Some((_db, store)) = fresh(backend).await else {
        return;
    };
    let before: Vec<Migration> = match backend {
        Backend::Sqlite => app::db::SQLITE_MIGRATIONS,
        Backend::Postgres => app::db::POSTGRES_MIGRATIONS,
    }
    .iter()
    .copied()
    .filter(|m| m.version <= 20)
    .collect();
    store.migrate_with(&before).await.unwrap();
    let at = "'2026-01-01T00:00:00.000Z'";
    for sql in [
        format!("INSERT INTO organisations (id, name, created_at) VALUES ('hap-noord', 'Noord', {at})"),
        format!("INSERT INTO accounts (email, display_name, role, created_at) VALUES ('jan@example.org', 'Jan', 'patient', {at})"),
        format!("INSERT INTO accounts (email, display_name, role, created_at) VALUES ('els@example.org', 'Els', 'carer', {at})"),
        format!("INSERT INTO patients (name, birth_date, account_id, created_at)
                 SELECT 'Jan', '1940-01-01', id, {at} FROM accounts WHERE role = 'patient'"),
        format!("INSERT INTO mandates (patient_id, carer_account_id, scope, granted_by, granted_via, created_at, expires_at)
                 SELECT p.id, c.id, 'questionnaires', p.account_id, 'patient', {at}, '2026-04-01T00:00:00.000Z'
                 FROM patients p, accounts c WHERE c.role = 'carer'"),
        format!("INSERT INTO requests (patient_id, organisation_id, kind, instrument_id, due_on, status, created_at, updated_at)
                 SELECT id, 'hap-noord', 'questionnaire', 'gfi', '2026-01-10', 'sent', {at}, {at} FROM patients"),
        format!("INSERT INTO carer_reminders (request_id, mandate_id, sent_at)
                 SELECT r.id, m.id, {at} FROM requests r, mandates m"),
    ] {
        sqlx::query(&sql).execute(store.pool()).await.unwrap();
    }
    store.migrate().await.unwrap();
    let one = |sql: &'static str| {
        let store = store.clone();
        async move {
            sqlx::query(sql)
                .fetch_one(store.pool())
                .await
                .unwrap()
                .try_get::<i64, _>("n")
                .unwrap()
        }
    };
    assert_eq!(
        one(
            "SELECT COUNT(*) AS n FROM mandates m JOIN accounts a ON a.id = m.carer_account_id
             WHERE a.email = 'els@example.org' AND m.invited_email IS NULL AND m.id = 1"
        )
        .await,
        1
    );
    assert_eq!(
        one("SELECT COUNT(*) AS n FROM carer_reminders WHERE mandate_id = 1").await,
        1
    );
    // A mandate for an address, with a fresh id.
    let insert = |carer: &'static str, address: &'static str| {
        let store = store.clone();
        async move {
            sqlx::query(&format!(
                "INSERT INTO mandates (patient_id, carer_account_id, invited_name, invited_email,
                                       scope, granted_by, granted_via, created_at, expires_at)
                 SELECT p.id, {carer}, 'Piet', {address}, 'questionnaires', p.account_id,
                        'patient', {at}, '2026-04-01T00:00:00.000Z' FROM patients p"
            ))
            .execute(store.pool())
            .await
        }
    };
    insert("NULL", "'piet@example.org'").await.unwrap();
    assert_eq!(
        one("SELECT MAX(id) AS n FROM mandates WHERE invited_email = 'piet@example.org'").await,
        2
    );
    // Neither, or both, is refused.
    assert!(insert("NULL", "NULL").await.is_err());
    assert!(insert("p.account_id", "'piet@example.org'").await.is_err());
    // The reminders still refer to the mandates.
    sqlx::query("DELETE FROM carer_reminders WHERE mandate_id = 1")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("INSERT INTO carer_reminders (request_id, mandate_id, sent_at) VALUES (1, 99, '2026-01-01T00:00:00.000Z')")
        .execute(store.pool())
        .await
        .expect_err("a reminder for a mandate that does not exist");
}

async fn a_failed_migration_leaves_the_database_as_it_was(backend: Backend) {
    let Some((_db, store)) = fresh(backend).await else {
        return;
    };
    let migrations = [
        Migration {
            version: 1,
            name: "good",
            sql: "CREATE TABLE first_table (id BIGINT PRIMARY KEY);",
        },
        Migration {
            version: 2,
            name: "bad",
            sql: "CREATE TABLE second_table (id BIGINT PRIMARY KEY); INSERT INTO no_such_table VALUES (1);",
        },
    ];
    let err = store.migrate_with(&migrations).await.unwrap_err();
    match err {
        StoreError::Migration { version, name, .. } => {
            assert_eq!((version, name.as_str()), (2, "bad"));
        }
        other => panic!("expected a migration error, got {other}"),
    }
    assert!(
        !table_exists(&store, "first_table").await,
        "migration 1 must be rolled back"
    );
    assert!(
        !table_exists(&store, "second_table").await,
        "migration 2 must be rolled back"
    );
    assert!(
        !table_exists(&store, "schema_migrations").await,
        "no bookkeeping may remain"
    );
}

async fn a_migration_edited_after_it_was_applied_is_refused(backend: Backend) {
    let Some((_db, store)) = fresh(backend).await else {
        return;
    };
    let original = [Migration {
        version: 1,
        name: "a",
        sql: "CREATE TABLE t (id BIGINT);",
    }];
    store.migrate_with(&original).await.unwrap();
    let edited = [Migration {
        version: 1,
        name: "a",
        sql: "CREATE TABLE t (id TEXT);",
    }];
    let err = store.migrate_with(&edited).await.unwrap_err();
    assert!(
        matches!(err, StoreError::MigrationChanged { version: 1 }),
        "{err}"
    );
}

async fn a_database_from_a_newer_version_is_refused(backend: Backend) {
    let Some((_db, store)) = migrated(backend).await else {
        return;
    };
    sqlx::query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', 'now')")
        .execute(store.pool())
        .await
        .unwrap();
    let err = store.migrate().await.unwrap_err();
    assert!(
        matches!(err, StoreError::UnknownMigration { version: 999 }),
        "{err}"
    );
}

async fn the_builtin_library_is_added_once(backend: Backend) {
    let Some((_db, store)) = migrated(backend).await else {
        return;
    };
    let shipped = library::builtin().len();
    assert_eq!(
        questionnaires::sync_builtin_library(&store).await.unwrap(),
        shipped
    );
    assert_eq!(
        questionnaires::sync_builtin_library(&store).await.unwrap(),
        0
    );
    let list = questionnaires::list_catalogue(&store).await.unwrap();
    assert_eq!(list.len(), shipped);
    let gfi = list
        .iter()
        .find(|e| e.id == "gfi")
        .expect("GFI is in the catalogue");
    assert_eq!(gfi.item_count, 15);
    assert!(gfi.title.nl.contains("GFI"));
}

async fn the_catalogue_lists_the_newest_version_and_keeps_the_old_one(backend: Backend) {
    let Some((_db, store)) = migrated(backend).await else {
        return;
    };
    questionnaires::sync_builtin_library(&store).await.unwrap();
    let mut newer = library::builtin()
        .into_iter()
        .find(|d| d.id == "gfi")
        .unwrap();
    let original_title = newer.title.nl.clone();
    newer.version = "1.1".into();
    newer.title.nl = "GFI (nieuwe tekst)".into();
    assert!(questionnaires::insert_definition(&store, &newer, false)
        .await
        .unwrap());
    assert!(!questionnaires::insert_definition(&store, &newer, false)
        .await
        .unwrap());

    let list = questionnaires::list_catalogue(&store).await.unwrap();
    let gfi: Vec<_> = list.iter().filter(|e| e.id == "gfi").collect();
    assert_eq!(gfi.len(), 1, "one row per instrument");
    assert_eq!(gfi[0].version, "1.1");

    let old = questionnaires::load_definition(&store, "gfi", "1.0")
        .await
        .unwrap();
    assert_eq!(old.title.nl, original_title, "an old version never changes");

    // Versions compare as versions: 1.10 comes after 1.9 (as text it would come before).
    for version in ["1.9", "1.10"] {
        let mut next = newer.clone();
        next.version = version.into();
        next.title.nl = format!("GFI {version}");
        questionnaires::insert_definition(&store, &next, false)
            .await
            .unwrap();
    }
    let latest = questionnaires::latest_definition(&store, "gfi")
        .await
        .unwrap();
    assert_eq!(latest.version, "1.10");
    let list = questionnaires::list_catalogue(&store).await.unwrap();
    let gfi: Vec<_> = list.iter().filter(|e| e.id == "gfi").collect();
    assert_eq!((gfi.len(), gfi[0].version.as_str()), (1, "1.10"));
    assert_eq!(gfi[0].title.nl, "GFI 1.10");
}

async fn a_missing_definition_is_not_found(backend: Backend) {
    let Some((_db, store)) = migrated(backend).await else {
        return;
    };
    let err = questionnaires::load_definition(&store, "nope", "1.0")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err}");
}

async fn a_closed_store_reports_unavailable(backend: Backend) {
    let Some((_db, store)) = migrated(backend).await else {
        return;
    };
    store.ping().await.unwrap();
    store.close().await;
    assert!(matches!(
        store.ping().await,
        Err(StoreError::Unavailable(_))
    ));
}

#[tokio::test]
async fn sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout() {
    let Some((_db, store)) = fresh(Backend::Sqlite).await else {
        return;
    };
    let mut conn = store.pool().acquire().await.unwrap();
    let mode: String = sqlx::query("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(fk, 1);
    let timeout: i64 = sqlx::query("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(timeout, 5000);
    // synchronous: 1 = NORMAL (the documented default).
    let sync: i64 = sqlx::query("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(sync, 1);
}

#[tokio::test]
async fn an_unreachable_postgres_server_is_reported_unavailable_quickly() {
    let options = StoreOptions {
        acquire_timeout: std::time::Duration::from_secs(2),
        ..StoreOptions::default()
    };
    // Port 1 on loopback: nothing listens there.
    let err = Store::connect("postgres://nobody@127.0.0.1:1/none", &options)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err}");
}

async fn with_library(backend: Backend) -> Option<(testing::TestDatabase, Store)> {
    let (db, store) = migrated(backend).await?;
    questionnaires::sync_builtin_library(&store).await.unwrap();
    Some((db, store))
}

async fn an_organisation_keeps_its_instrument_settings_and_thresholds(backend: Backend) {
    let Some((_db, store)) = with_library(backend).await else {
        return;
    };
    organisations::add(
        &store,
        "hap-noord",
        "Huisartsenpraktijk Noord",
        OrganisationKind::Hap,
        SystemTime::now(),
    )
    .await
    .unwrap();
    organisations::add(
        &store,
        "vvt-oost",
        "Thuiszorg Oost",
        OrganisationKind::Hap,
        SystemTime::now(),
    )
    .await
    .unwrap();
    let list = organisations::list(&store).await.unwrap();
    let ids: Vec<&str> = list.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, vec!["hap-noord", "vvt-oost"]);

    let gfi = Scope::Instrument("gfi".into());
    organisations::set(
        &store,
        "hap-noord",
        &gfi,
        "frail_from",
        5.0,
        SystemTime::now(),
    )
    .await
    .unwrap();
    let values = organisations::instrument_settings(&store, "hap-noord", "gfi")
        .await
        .unwrap();
    assert_eq!(values.get("frail_from"), Some(&5.0));
    // Setting it again changes it; the other organisation keeps the default.
    organisations::set(
        &store,
        "hap-noord",
        &gfi,
        "frail_from",
        6.0,
        SystemTime::now(),
    )
    .await
    .unwrap();
    let values = organisations::instrument_settings(&store, "hap-noord", "gfi")
        .await
        .unwrap();
    assert_eq!(values.get("frail_from"), Some(&6.0));
    assert!(
        organisations::instrument_settings(&store, "vvt-oost", "gfi")
            .await
            .unwrap()
            .is_empty()
    );

    organisations::set(
        &store,
        "hap-noord",
        &Scope::Thresholds,
        "bp_mean_systolic_high",
        130.0,
        SystemTime::now(),
    )
    .await
    .unwrap();
    organisations::set(
        &store,
        "hap-noord",
        &Scope::Thresholds,
        "weight_gain_days",
        2.0,
        SystemTime::now(),
    )
    .await
    .unwrap();
    let overrides = organisations::thresholds(&store, "hap-noord")
        .await
        .unwrap();
    assert_eq!(overrides.bp_mean_systolic_high, Some(130.0));
    assert_eq!(overrides.weight_gain_days, Some(2));
    assert_eq!(overrides.glucose_low, None);

    let all = organisations::all(&store, "hap-noord").await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], (gfi.clone(), "frail_from".to_string(), 6.0));
    assert!(
        organisations::unset(&store, "hap-noord", &gfi, "frail_from", SystemTime::now())
            .await
            .unwrap()
    );
    assert!(
        !organisations::unset(&store, "hap-noord", &gfi, "frail_from", SystemTime::now())
            .await
            .unwrap()
    );
    assert_eq!(
        organisations::all(&store, "hap-noord").await.unwrap().len(),
        2
    );
}

async fn organisation_settings_are_checked_before_they_are_stored(backend: Backend) {
    let Some((_db, store)) = with_library(backend).await else {
        return;
    };
    organisations::add(
        &store,
        "hap-noord",
        "Noord",
        OrganisationKind::Hap,
        SystemTime::now(),
    )
    .await
    .unwrap();
    let err = organisations::add(
        &store,
        "hap-noord",
        "Again",
        OrganisationKind::Hap,
        SystemTime::now(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, OrganisationError::Exists(_)), "{err}");
    let err = organisations::add(
        &store,
        "HAP Noord",
        "x",
        OrganisationKind::Hap,
        SystemTime::now(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, OrganisationError::InvalidId(_)), "{err}");

    let gfi = Scope::Instrument("gfi".into());
    let err = organisations::set(&store, "nobody", &gfi, "frail_from", 5.0, SystemTime::now())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "organisation nobody not found");
    let err = organisations::set(
        &store,
        "hap-noord",
        &Scope::Instrument("nope".into()),
        "k",
        1.0,
        SystemTime::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.to_string(), "instrument nope not found");
    let err = organisations::set(&store, "hap-noord", &gfi, "cutoff", 5.0, SystemTime::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "gfi has no setting cutoff; settings: frail_from"
    );
    let err = organisations::set(
        &store,
        "hap-noord",
        &Scope::Thresholds,
        "inr_low",
        3.5,
        SystemTime::now(),
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("inr_low (3.5) must be lower than inr_high (3)"),
        "{err}"
    );
    let err = organisations::set(
        &store,
        "hap-noord",
        &Scope::Thresholds,
        "bp_high",
        1.0,
        SystemTime::now(),
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("thresholds has no setting bp_high; settings: bp_mean_systolic_high"),
        "{err}"
    );
    let err = organisations::set(
        &store,
        "hap-noord",
        &gfi,
        "frail_from",
        f64::NAN,
        SystemTime::now(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, OrganisationError::InvalidValue(_)), "{err}");
    // Nothing of the refused changes was stored.
    assert!(organisations::all(&store, "hap-noord")
        .await
        .unwrap()
        .is_empty());
}

async fn removing_an_organisation_removes_its_settings(backend: Backend) {
    let Some((_db, store)) = with_library(backend).await else {
        return;
    };
    organisations::add(
        &store,
        "hap-noord",
        "Noord",
        OrganisationKind::Hap,
        SystemTime::now(),
    )
    .await
    .unwrap();
    organisations::set(
        &store,
        "hap-noord",
        &Scope::Thresholds,
        "glucose_low",
        3.9,
        SystemTime::now(),
    )
    .await
    .unwrap();
    // Foreign keys are enforced on both backends, so settings cannot outlive their owner.
    sqlx::query("DELETE FROM organisations WHERE id = $1")
        .bind("hap-noord")
        .execute(store.pool())
        .await
        .unwrap();
    let row = sqlx::query("SELECT COUNT(*) AS n FROM organisation_settings")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(row.try_get::<i64, _>("n").unwrap(), 0);
}

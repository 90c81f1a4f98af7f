//! The identity model and the guard, against SQLite and PostgreSQL: patient records of their
//! own, memberships with levels, care networks, and an access-log record of every decision
//! and every change to patient data.

#![cfg(feature = "ssr")]

use app::access::capability::Capability;
use app::access::server::guard::authorise;
use app::access::server::{self as accounts, AccessError, Lookup, NewAccount, Session};
use app::access::{AccountId, Policy, Role};
use app::audit::server::{self as audit, Stored};
use app::db::{testing, Backend, Store, StoreError};
use app::error::AppError;
use app::organisations::server as organisations;
use app::organisations::{Level, Membership, OrganisationId, OrganisationKind};
use app::patients::server::{self as patients, RecordedBy};
use app::patients::{NetworkRole, NewPatient, PatientId};
use sqlx::Row;
use std::time::Duration;

app::on_both_backends!(
    a_patient_record_exists_without_an_account_and_an_account_is_linked_later,
    a_professional_session_carries_the_organisation_its_kind_and_the_level,
    a_level_that_does_not_fit_the_kind_of_organisation_is_refused_and_nothing_is_stored,
    the_guard_allows_and_refuses_and_logs_every_decision,
    every_patient_data_write_leaves_a_record_naming_the_patient,
    a_member_who_leaves_loses_access_at_once_and_a_new_level_or_kind_applies,
);

const PASSWORD: &str = "groene-fiets-onder-de-boom";
const CLIENT: &str = "192.0.2.7";

use testing::t0;

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn org(id: &str) -> OrganisationId {
    OrganisationId::parse(id).unwrap()
}

/// A fresh database with two GP practices, a nursing organisation and a network partner.
async fn store(backend: Backend) -> Option<(testing::TestDatabase, Store)> {
    let (db, store) = testing::migrated(backend).await?;
    for (id, name, kind) in [
        (
            "hap-noord",
            "Huisartsenpraktijk Noord",
            OrganisationKind::Hap,
        ),
        ("hap-zuid", "Huisartsenpraktijk Zuid", OrganisationKind::Hap),
        ("vvt-oost", "Thuiszorg Oost", OrganisationKind::Vvt),
        (
            "fysio-west",
            "Fysiotherapie West",
            OrganisationKind::Netwerkpartner,
        ),
    ] {
        organisations::add(&store, id, name, kind, t0())
            .await
            .unwrap();
    }
    Some((db, store))
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// An account with [`PASSWORD`].
async fn account(
    store: &Store,
    email: &str,
    name: &str,
    role: Role,
    organisation: Option<&str>,
    level: Option<Level>,
) -> AccountId {
    let new = NewAccount {
        email,
        name,
        role,
        organisation,
        level,
        password: Some(PASSWORD),
    };
    accounts::create_account(store, &new, t0()).await.unwrap()
}

/// The default policy without the second step: these tests are about what a session may
/// do, not about signing in (`second_factor` tests that).
fn password_only() -> Policy {
    Policy {
        second_factor_for_professionals: false,
        ..Policy::default()
    }
}

/// Signs in with [`PASSWORD`] from [`CLIENT`] and returns the session.
async fn sign_in(store: &Store, email: &str) -> Session {
    let (_, session) =
        accounts::sign_in(store, &password_only(), email, PASSWORD, Some(CLIENT), t0())
            .await
            .unwrap()
            .session()
            .unwrap();
    session
}

/// A checked patient record born 1941-03-02.
fn record(name: &str, email: Option<&str>) -> NewPatient {
    NewPatient::check(
        name,
        "1941-03-02",
        email.map(str::to_owned),
        None,
        jiff::civil::date(2026, 11, 30),
    )
    .unwrap()
}

/// Asks the guard, as a route would, and returns its answer with the newest log record.
async fn ask(
    store: &Store,
    session: Option<&Session>,
    capability: Capability,
    patient: PatientId,
) -> (Result<(), AppError>, Stored) {
    let result = {
        authorise(store, session, capability, patient, Some(CLIENT), t0())
            .await
            .map(|_| ())
    };
    let mut log = audit::recent(store, 1).await.unwrap();
    assert_eq!(log.len(), 1);
    (result, log.remove(0))
}

/// Who asked, as the access log must name them.
#[derive(Clone, Copy, Debug)]
struct Who {
    actor: Option<AccountId>,
    role: Option<&'static str>,
    organisation: Option<&'static str>,
}

fn professional(id: AccountId, organisation: &'static str) -> Who {
    Who {
        actor: Some(id),
        role: Some("professional"),
        organisation: Some(organisation),
    }
}

const NOBODY: Who = Who {
    actor: None,
    role: None,
    organisation: None,
};

/// Checks the guard's log record: the capability as the action, the patient record, who
/// asked, the outcome with its reason (`None` for allowed) and the client address.
#[track_caller]
fn logged(
    record: &Stored,
    capability: Capability,
    patient: PatientId,
    who: Who,
    refused: Option<&str>,
) {
    let what = format!("{} on {patient} by {who:?}", capability.code());
    assert_eq!(record.action, capability.code(), "{what}");
    assert_eq!(record.patient, Some(patient.0), "{what}");
    assert_eq!(record.object, Some(patient.to_string()), "{what}");
    assert_eq!(record.actor, who.actor.map(|a| a.0), "{what}");
    assert_eq!(record.role.as_deref(), who.role, "{what}");
    assert_eq!(record.organisation.as_deref(), who.organisation, "{what}");
    let outcome = if refused.is_some() {
        "refused"
    } else {
        "success"
    };
    assert_eq!(record.outcome, outcome, "{what}");
    assert_eq!(record.reason.as_deref(), refused, "{what}");
    assert_eq!(record.client.as_deref(), Some(CLIENT), "{what}");
    assert_eq!(record.at, "2026-03-02T09:00:00.000Z", "{what}");
}

async fn a_patient_record_exists_without_an_account_and_an_account_is_linked_later(
    backend: Backend,
) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let admin = RecordedBy::default();
    let jan = patients::create(
        &store,
        &record("Jan Jansen", Some("jan@example.org")),
        None,
        &admin,
        t0(),
    )
    .await
    .unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM accounts").await, 0);
    // Without an organisation the record has no care network yet.
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM care_network").await,
        0
    );
    assert_eq!(
        patients::find_by_email(&store, " Jan@Example.org ")
            .await
            .unwrap(),
        Some(jan)
    );
    assert_eq!(
        patients::find_by_email(&store, "piet@example.org")
            .await
            .unwrap(),
        None
    );

    let account_id = account(
        &store,
        "jan@example.org",
        "Jan Jansen",
        Role::Patient,
        None,
        None,
    )
    .await;
    let unlinked = sign_in(&store, "jan@example.org").await;
    assert_eq!(unlinked.patient, None);

    patients::link_account(&store, jan, account_id, &admin, t0() + minutes(1))
        .await
        .unwrap();
    let linked = sign_in(&store, "jan@example.org").await;
    assert_eq!(linked.account_id, account_id);
    assert_eq!(linked.role, Role::Patient);
    assert_eq!(linked.membership, None);
    assert_eq!(linked.patient, Some(jan));

    let log = audit::recent(&store, 2).await.unwrap();
    assert_eq!(log[0].action, "sign_in");
    assert_eq!(log[0].client.as_deref(), Some(CLIENT));
    assert_eq!(log[1].action, "patient_linked");
    assert_eq!(log[1].patient, Some(jan.0));
    assert_eq!(log[1].object, Some(account_id.to_string()));

    // A record that does not exist cannot be linked.
    let missing = PatientId(jan.0 + 1000);
    assert!(matches!(
        patients::link_account(&store, missing, account_id, &admin, t0()).await,
        Err(StoreError::NotFound)
    ));
}

async fn a_professional_session_carries_the_organisation_its_kind_and_the_level(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let anna_id = account(
        &store,
        "anna@example.org",
        "Anna de Wit",
        Role::Professional,
        Some("hap-noord"),
        Some(Level::A),
    )
    .await;
    account(
        &store,
        "bert@example.org",
        "Bert Bakker",
        Role::Professional,
        Some("hap-noord"),
        None,
    )
    .await;
    account(
        &store,
        "carla@example.org",
        "Carla Smit",
        Role::Professional,
        Some("vvt-oost"),
        None,
    )
    .await;

    let anna = sign_in(&store, "anna@example.org").await;
    assert_eq!(anna.account_id, anna_id);
    assert_eq!(anna.role, Role::Professional);
    assert_eq!(anna.patient, None);
    assert_eq!(
        anna.membership,
        Some(Membership {
            organisation: org("hap-noord"),
            kind: OrganisationKind::Hap,
            level: Level::A,
        })
    );
    assert_eq!(
        anna.signed_in.organisation.as_deref(),
        Some("Huisartsenpraktijk Noord")
    );
    // Without a level, the kind's default: C at a GP practice, zorgverlener elsewhere.
    let bert = sign_in(&store, "bert@example.org").await;
    assert_eq!(
        bert.membership,
        Some(Membership {
            organisation: org("hap-noord"),
            kind: OrganisationKind::Hap,
            level: Level::C,
        })
    );
    let carla = sign_in(&store, "carla@example.org").await;
    assert_eq!(
        carla.membership,
        Some(Membership {
            organisation: org("vvt-oost"),
            kind: OrganisationKind::Vvt,
            level: Level::Zorgverlener,
        })
    );
    // The sign-in is logged for the organisation the professional acts for.
    let log = audit::recent(&store, 1).await.unwrap();
    assert_eq!(log[0].action, "sign_in");
    assert_eq!(log[0].actor, Some(carla.account_id.0));
    assert_eq!(log[0].role.as_deref(), Some("professional"));
    assert_eq!(log[0].organisation.as_deref(), Some("vvt-oost"));

    let levels: Vec<(String, Option<String>, Option<String>)> = accounts::list_accounts(&store)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.email, a.organisation, a.level))
        .collect();
    assert_eq!(
        levels,
        [
            (
                "anna@example.org".to_string(),
                Some("hap-noord".to_string()),
                Some("A".to_string())
            ),
            (
                "bert@example.org".to_string(),
                Some("hap-noord".to_string()),
                Some("C".to_string())
            ),
            (
                "carla@example.org".to_string(),
                Some("vvt-oost".to_string()),
                Some("zorgverlener".to_string())
            ),
        ]
    );
}

async fn a_level_that_does_not_fit_the_kind_of_organisation_is_refused_and_nothing_is_stored(
    backend: Backend,
) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let new = |organisation: &'static str, level: Level| NewAccount {
        email: "dirk@example.org",
        name: "Dirk de Vries",
        role: Role::Professional,
        organisation: Some(organisation),
        level: Some(level),
        password: None,
    };
    match accounts::create_account(&store, &new("vvt-oost", Level::A), t0()).await {
        Err(AccessError::LevelDoesNotFit {
            level,
            kind,
            allowed,
        }) => {
            assert_eq!(level, "A");
            assert_eq!(kind, "vvt");
            assert_eq!(allowed, "hoofdzorgverlener, zorgverlener");
        }
        other => panic!("expected LevelDoesNotFit, got {other:?}"),
    }
    // And the other way round: a level of other organisations at a GP practice.
    let refused =
        accounts::create_account(&store, &new("hap-noord", Level::Zorgverlener), t0()).await;
    assert!(
        matches!(
            refused,
            Err(AccessError::LevelDoesNotFit {
                level: "zorgverlener",
                kind: "hap",
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM accounts").await, 0);
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM memberships").await,
        0
    );
    assert!(audit::recent(&store, 10).await.unwrap().is_empty());

    // A level that fits is accepted.
    accounts::create_account(&store, &new("vvt-oost", Level::Hoofdzorgverlener), t0())
        .await
        .unwrap();
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM memberships").await,
        1
    );
}

async fn the_guard_allows_and_refuses_and_logs_every_decision(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let admin = RecordedBy::default();
    let view = Capability::ViewPatient;

    // People: a nurse at each GP practice (level C), an assistant without access (level B),
    // a physiotherapist (network partner), a patient and a carer.
    let anna_id = account(
        &store,
        "anna@example.org",
        "Anna de Wit",
        Role::Professional,
        Some("hap-noord"),
        Some(Level::C),
    )
    .await;
    let bert_id = account(
        &store,
        "bert@example.org",
        "Bert Bakker",
        Role::Professional,
        Some("hap-zuid"),
        Some(Level::C),
    )
    .await;
    let bea_id = account(
        &store,
        "bea@example.org",
        "Bea Smit",
        Role::Professional,
        Some("hap-noord"),
        Some(Level::B),
    )
    .await;
    let fenna_id = account(
        &store,
        "fenna@example.org",
        "Fenna Visser",
        Role::Professional,
        Some("fysio-west"),
        None,
    )
    .await;
    let jan_id = account(
        &store,
        "jan@example.org",
        "Jan Jansen",
        Role::Patient,
        None,
        None,
    )
    .await;
    let carla_id = account(
        &store,
        "carla@example.org",
        "Carla Jansen",
        Role::Carer,
        None,
        None,
    )
    .await;

    // Two patient records in the first practice's care network; Jan's is linked to his account.
    let noord = org("hap-noord");
    let jan = patients::create(
        &store,
        &record("Jan Jansen", Some("jan@example.org")),
        Some(&noord),
        &admin,
        t0(),
    )
    .await
    .unwrap();
    let piet = patients::create(
        &store,
        &record("Piet Pietersen", None),
        Some(&noord),
        &admin,
        t0(),
    )
    .await
    .unwrap();
    patients::link_account(&store, jan, jan_id, &admin, t0())
        .await
        .unwrap();

    let anna = sign_in(&store, "anna@example.org").await;
    let bert = sign_in(&store, "bert@example.org").await;
    let bea = sign_in(&store, "bea@example.org").await;
    let fenna = sign_in(&store, "fenna@example.org").await;
    let jan_session = sign_in(&store, "jan@example.org").await;
    let carla = sign_in(&store, "carla@example.org").await;
    assert_eq!(
        [
            anna.account_id,
            bert.account_id,
            bea.account_id,
            fenna.account_id,
            jan_session.account_id,
            carla.account_id
        ],
        [anna_id, bert_id, bea_id, fenna_id, jan_id, carla_id]
    );
    assert_eq!(jan_session.patient, Some(jan));

    // A nurse of a practice in the care network may see the record.
    let (result, log) = ask(&store, Some(&anna), view, jan).await;
    assert_eq!(result, Ok(()));
    logged(&log, view, jan, professional(anna_id, "hap-noord"), None);

    // A nurse of another practice may not, until the practice joins this patient's network.
    let (result, log) = ask(&store, Some(&bert), view, jan).await;
    assert_eq!(result, Err(AppError::Forbidden));
    logged(
        &log,
        view,
        jan,
        professional(bert_id, "hap-zuid"),
        Some("no_care_relationship"),
    );
    patients::add_to_care_network(
        &store,
        jan,
        &org("hap-zuid"),
        NetworkRole::Member,
        &admin,
        t0(),
    )
    .await
    .unwrap();
    let (result, log) = ask(&store, Some(&bert), view, jan).await;
    assert_eq!(result, Ok(()));
    logged(&log, view, jan, professional(bert_id, "hap-zuid"), None);
    // The relationship is with Jan, not with every patient of the first practice.
    let (result, log) = ask(&store, Some(&bert), view, piet).await;
    assert_eq!(result, Err(AppError::Forbidden));
    logged(
        &log,
        view,
        piet,
        professional(bert_id, "hap-zuid"),
        Some("no_care_relationship"),
    );

    // Level B has no access, even in the care network.
    let (result, log) = ask(&store, Some(&bea), view, jan).await;
    assert_eq!(result, Err(AppError::Forbidden));
    logged(
        &log,
        view,
        jan,
        professional(bea_id, "hap-noord"),
        Some("not_allowed"),
    );

    // A network partner needs a place in the care network, and then may ask for
    // measurements but not send questionnaires.
    let measure = Capability::RequestMeasurements;
    let questionnaire = Capability::SendQuestionnaire;
    let (result, log) = ask(&store, Some(&fenna), measure, jan).await;
    assert_eq!(result, Err(AppError::Forbidden));
    logged(
        &log,
        measure,
        jan,
        professional(fenna_id, "fysio-west"),
        Some("no_care_relationship"),
    );
    patients::add_to_care_network(
        &store,
        jan,
        &org("fysio-west"),
        NetworkRole::Member,
        &admin,
        t0(),
    )
    .await
    .unwrap();
    let (result, log) = ask(&store, Some(&fenna), measure, jan).await;
    assert_eq!(result, Ok(()));
    logged(
        &log,
        measure,
        jan,
        professional(fenna_id, "fysio-west"),
        None,
    );
    let (result, log) = ask(&store, Some(&fenna), questionnaire, jan).await;
    assert_eq!(result, Err(AppError::Forbidden));
    logged(
        &log,
        questionnaire,
        jan,
        professional(fenna_id, "fysio-west"),
        Some("not_allowed"),
    );

    // A patient sees their own record, not someone else's, and does not manage their own.
    let patient = Who {
        actor: Some(jan_id),
        role: Some("patient"),
        organisation: None,
    };
    let (result, log) = ask(&store, Some(&jan_session), view, jan).await;
    assert_eq!(result, Ok(()));
    logged(&log, view, jan, patient, None);
    let (result, log) = ask(&store, Some(&jan_session), view, piet).await;
    assert_eq!(result, Err(AppError::Forbidden));
    logged(&log, view, piet, patient, Some("not_own_record"));
    let (result, log) = ask(&store, Some(&jan_session), questionnaire, jan).await;
    assert_eq!(result, Err(AppError::Forbidden));
    logged(&log, questionnaire, jan, patient, Some("not_allowed"));

    // A carer reaches nobody's data until mandates exist.
    let (result, log) = ask(&store, Some(&carla), view, jan).await;
    assert_eq!(result, Err(AppError::Forbidden));
    let carer = Who {
        actor: Some(carla_id),
        role: Some("carer"),
        organisation: None,
    };
    logged(&log, view, jan, carer, Some("no_mandate"));

    // Nobody signed in is asked to sign in, and that is logged too.
    let (result, log) = ask(&store, None, view, jan).await;
    assert_eq!(result, Err(AppError::NotSignedIn));
    logged(&log, view, jan, NOBODY, Some("not_signed_in"));

    // Every one of the thirteen questions above left exactly one record.
    let questions = count(
        &store,
        "SELECT COUNT(*) AS n FROM audit_log WHERE client_address = '192.0.2.7' AND patient_id IS NOT NULL",
    )
    .await;
    assert_eq!(questions, 13);
}

async fn every_patient_data_write_leaves_a_record_naming_the_patient(backend: Backend) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let admin = RecordedBy::default();
    let jan = patients::create(
        &store,
        &record("Jan Jansen", Some("jan@example.org")),
        Some(&org("hap-noord")),
        &admin,
        t0(),
    )
    .await
    .unwrap();
    let log = audit::recent(&store, 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["care_network_changed", "patient_created"]);
    for r in &log {
        assert_eq!(r.patient, Some(jan.0), "{}", r.action);
        assert_eq!(r.actor, None);
        assert_eq!(r.role.as_deref(), Some("admin"));
        assert_eq!(r.outcome, "success");
        assert_eq!(r.client, None);
    }
    assert_eq!(log[1].object, Some(jan.to_string()));
    assert_eq!(
        log[0].object,
        Some(format!("care_network:{}:hap-noord", jan.0))
    );

    // A professional adds an organisation: the record names them, their organisation and
    // where the request came from.
    let anna_id = accounts::create_account(
        &store,
        &NewAccount {
            email: "anna@example.org",
            name: "Anna de Wit",
            role: Role::Professional,
            organisation: Some("hap-noord"),
            level: None,
            password: None,
        },
        t0(),
    )
    .await
    .unwrap();
    let anna = RecordedBy {
        account: Some(anna_id),
        role: Some("professional"),
        organisation: Some(org("hap-noord")),
        client: Some(CLIENT.to_string()),
    };
    patients::add_to_care_network(
        &store,
        jan,
        &org("vvt-oost"),
        NetworkRole::Manager,
        &anna,
        t0() + minutes(1),
    )
    .await
    .unwrap();
    let log = audit::recent(&store, 1).await.unwrap();
    assert_eq!(log[0].action, "care_network_changed");
    assert_eq!(log[0].patient, Some(jan.0));
    assert_eq!(
        log[0].object,
        Some(format!("care_network:{}:vvt-oost", jan.0))
    );
    assert_eq!(log[0].actor, Some(anna_id.0));
    assert_eq!(log[0].role.as_deref(), Some("professional"));
    assert_eq!(log[0].organisation.as_deref(), Some("hap-noord"));
    assert_eq!(log[0].client.as_deref(), Some(CLIENT));
    let managers = count(
        &store,
        &format!(
            "SELECT COUNT(*) AS n FROM care_network WHERE patient_id = {} AND role = 'manager'",
            jan.0
        ),
    )
    .await;
    assert_eq!(managers, 1);

    // Linking an account is a write to the record too.
    let jan_account = accounts::create_account(
        &store,
        &NewAccount {
            email: "jan@example.org",
            name: "Jan Jansen",
            role: Role::Patient,
            organisation: None,
            level: None,
            password: None,
        },
        t0(),
    )
    .await
    .unwrap();
    patients::link_account(&store, jan, jan_account, &admin, t0() + minutes(2))
        .await
        .unwrap();
    let log = audit::recent(&store, 1).await.unwrap();
    assert_eq!(log[0].action, "patient_linked");
    assert_eq!(log[0].patient, Some(jan.0));
    assert_eq!(log[0].object, Some(jan_account.to_string()));

    // Every record about Jan's data names his record.
    let about_jan = count(
        &store,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE patient_id = {}",
            jan.0
        ),
    )
    .await;
    assert_eq!(about_jan, 4);
}

async fn a_member_who_leaves_loses_access_at_once_and_a_new_level_or_kind_applies(
    backend: Backend,
) {
    let Some((_db, store)) = store(backend).await else {
        return;
    };
    let by = RecordedBy::default();
    let patient = patients::create(
        &store,
        &record("Jan", None),
        Some(&org("hap-noord")),
        &by,
        t0(),
    )
    .await
    .unwrap();
    account(
        &store,
        "anna@example.org",
        "Anna",
        Role::Professional,
        Some("hap-noord"),
        None,
    )
    .await;
    let anna = sign_in(&store, "anna@example.org").await;
    assert!(ask(&store, Some(&anna), Capability::InvitePatient, patient)
        .await
        .0
        .is_ok());

    // Level B gives no access; the level must fit the kind.
    accounts::set_level(&store, "anna@example.org", "hap-noord", Level::B, t0())
        .await
        .unwrap();
    let anna = sign_in(&store, "anna@example.org").await;
    let (refused, entry) = ask(&store, Some(&anna), Capability::ViewPatient, patient).await;
    assert_eq!(refused, Err(AppError::Forbidden));
    assert_eq!(entry.reason.as_deref(), Some("not_allowed"));
    assert!(matches!(
        accounts::set_level(
            &store,
            "anna@example.org",
            "hap-noord",
            Level::Zorgverlener,
            t0()
        )
        .await,
        Err(AccessError::LevelDoesNotFit { .. })
    ));
    accounts::set_level(&store, "anna@example.org", "hap-noord", Level::A, t0())
        .await
        .unwrap();
    let log = audit::recent(&store, 1).await.unwrap();
    assert_eq!(log[0].action, "membership_changed");

    // A practice that turns out to be home care: HAP levels no longer fit, nothing is allowed
    // until the member gets a fitting level.
    let misfits = organisations::set_kind(&store, "hap-noord", OrganisationKind::Thuiszorg, t0())
        .await
        .unwrap();
    assert_eq!(misfits, 1);
    let anna = sign_in(&store, "anna@example.org").await;
    assert_eq!(
        ask(&store, Some(&anna), Capability::ViewPatient, patient)
            .await
            .0,
        Err(AppError::Forbidden)
    );
    accounts::set_level(
        &store,
        "anna@example.org",
        "hap-noord",
        Level::Zorgverlener,
        t0(),
    )
    .await
    .unwrap();
    let anna = sign_in(&store, "anna@example.org").await;
    assert!(ask(&store, Some(&anna), Capability::ViewPatient, patient)
        .await
        .0
        .is_ok());
    assert_eq!(
        ask(&store, Some(&anna), Capability::InvitePatient, patient)
            .await
            .0,
        Err(AppError::Forbidden),
        "only a GP practice invites patients"
    );

    // Leaving ends every session at once; the account stays, and acts for nobody.
    let (token, _) = accounts::sign_in(
        &store,
        &password_only(),
        "anna@example.org",
        PASSWORD,
        None,
        t0(),
    )
    .await
    .unwrap()
    .session()
    .unwrap();
    accounts::end_membership(&store, "anna@example.org", "hap-noord", t0() + minutes(1))
        .await
        .unwrap();
    assert!(matches!(
        accounts::session(&store, &Policy::default(), &token, t0() + minutes(2))
            .await
            .unwrap(),
        Lookup::Unknown
    ));
    let anna = sign_in(&store, "anna@example.org").await;
    assert!(anna.membership.is_none());
    let (refused, entry) = ask(&store, Some(&anna), Capability::ViewPatient, patient).await;
    assert_eq!(refused, Err(AppError::Forbidden));
    assert_eq!(entry.organisation, None);
    assert!(matches!(
        accounts::end_membership(&store, "anna@example.org", "hap-noord", t0()).await,
        Err(AccessError::NoMembership(..))
    ));
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) AS n FROM memberships WHERE ended_at IS NOT NULL"
        )
        .await,
        1
    );
}

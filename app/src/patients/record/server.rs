//! Adding and changing records and care networks (server only).

use super::*;
use crate::access::capability::{professional_may, Capability};
use crate::access::server::guard::Authorised;
use crate::access::server::Session;
use crate::audit::{self, Action, Entry};
use crate::db::{timestamp, Conn, StoreError};
use crate::organisations::{Membership, OrganisationId};
use crate::patients::{Consent, NetworkRole, NewPatient, PatientId};
use crate::state::AppState;
use sqlx::Row;
use std::time::SystemTime;

/// The professional's membership when it may add patients: `Some(true)` for full records.
pub fn adds(session: Option<&Session>) -> Result<(&Membership, bool), AppError> {
    let session = session.ok_or(AppError::NotSignedIn)?;
    let membership = session.membership.as_ref().ok_or(AppError::Forbidden)?;
    let may = |capability| professional_may(membership.kind, membership.level, capability);
    if !may(Capability::AddPatientMinimal) {
        return Err(AppError::Forbidden);
    }
    Ok((membership, may(Capability::AddPatientFull)))
}

/// The record other than `patient` that `bsn` belongs to, if any.
async fn bsn_taken(
    conn: &mut Conn,
    bsn: &str,
    patient: Option<PatientId>,
) -> Result<Option<PatientId>, StoreError> {
    let row = sqlx::query("SELECT id FROM patients WHERE bsn = $1")
        .bind(bsn)
        .fetch_optional(conn)
        .await?;
    Ok(match row {
        Some(row) => Some(PatientId(row.try_get("id")?)).filter(|&other| Some(other) != patient),
        None => None,
    })
}

/// Logs a refusal about `patient` (its own connection: the use case's transaction is
/// rolled back), so the organisations in its network see the attempt.
async fn log_refusal(
    state: &AppState,
    session: &Session,
    patient: PatientId,
    capability: Capability,
    reason: &'static str,
    client: Option<&str>,
) -> Result<(), AppError> {
    let entry = Entry {
        outcome: audit::Outcome::Refused(reason),
        ..entry(
            session,
            Action::Access(capability),
            patient,
            patient.to_string(),
            client,
        )
    };
    let mut conn = state.store.conn().await?;
    audit::server::record(&mut conn, &entry, state.now()).await?;
    Ok(())
}

/// A BSN that another record has: told, and logged on that record.
async fn taken(
    state: &AppState,
    session: &Session,
    other: PatientId,
    client: Option<&str>,
) -> Result<Result<PatientId, Vec<Problem>>, AppError> {
    log_refusal(
        state,
        session,
        other,
        Capability::AddPatientFull,
        "bsn_taken",
        client,
    )
    .await?;
    Ok(Err(vec![Problem::BsnTaken]))
}

fn entry(
    session: &Session,
    action: Action,
    patient: PatientId,
    object: String,
    client: Option<&str>,
) -> Entry {
    Entry::of_session(session, patient, action, object, client)
}

/// How a consent came to be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentVia {
    /// By the patient themself, online.
    Patient,
    /// By a professional, after a conversation with the patient.
    Professional,
}

impl ConsentVia {
    /// The code stored.
    pub fn code(self) -> &'static str {
        match self {
            ConsentVia::Patient => "patient",
            ConsentVia::Professional => "professional",
        }
    }
}

/// Records a new consent status with its date, who and how (a status that does not change
/// is left as it was, with its date); logged; in the caller's transaction.
pub async fn set_consent(
    conn: &mut Conn,
    session: &Session,
    patient: PatientId,
    consent: Consent,
    via: ConsentVia,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let changed = sqlx::query(
        "UPDATE patients SET consent = $1, consent_at = $2, consent_by = $3, consent_via = $4
         WHERE id = $5 AND consent <> $1",
    )
    .bind(consent.code())
    .bind(timestamp(now))
    .bind(session.account_id.0)
    .bind(via.code())
    .bind(patient.0)
    .execute(&mut *conn)
    .await?;
    if changed.rows_affected() > 0 {
        let object = format!("{patient}:consent:{}", consent.code());
        audit::server::record(
            conn,
            &entry(session, Action::PatientChanged, patient, object, client),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Adds a record typed by a professional whose organisation may: it joins the care
/// network and manages it; logged; in one transaction.
pub async fn create(
    state: &AppState,
    session: &Session,
    fields: &Fields,
    client: Option<&str>,
) -> Result<Result<PatientId, Vec<Problem>>, AppError> {
    let (membership, full) = adds(Some(session))?;
    let now = state.now();
    let today = crate::measurements::clock::today(now);
    let (record, consent) = match check(fields, full, false, today) {
        Ok(checked) => checked,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut tx = state.store.begin().await?;
    if let Some(bsn) = &record.bsn {
        if let Some(other) = bsn_taken(&mut tx, bsn, None).await? {
            drop(tx);
            return taken(state, session, other, client).await;
        }
    }
    let id = match insert(&mut tx, &record, now).await {
        Ok(id) => id,
        // Another record got the same BSN at the same moment.
        Err(e) if e.is_unique_violation() => return Ok(Err(vec![Problem::BsnTaken])),
        Err(e) => return Err(e.into()),
    };
    audit::server::record(
        &mut tx,
        &entry(session, Action::PatientCreated, id, id.to_string(), client),
        now,
    )
    .await?;
    join(
        &mut tx,
        session,
        id,
        &membership.organisation,
        NetworkRole::Manager,
        client,
        now,
    )
    .await?;
    if let Some(consent) = consent {
        set_consent(
            &mut tx,
            session,
            id,
            consent,
            ConsentVia::Professional,
            client,
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Ok(id))
}

async fn insert(
    conn: &mut Conn,
    record: &NewPatient,
    now: SystemTime,
) -> Result<PatientId, StoreError> {
    let row = sqlx::query(
        "INSERT INTO patients (name, birth_date, email, bsn, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&record.name)
    .bind(record.birth_date.to_string())
    .bind(record.email.as_deref())
    .bind(record.bsn.as_deref())
    .bind(timestamp(now))
    .fetch_one(conn)
    .await?;
    Ok(PatientId(row.try_get("id")?))
}

/// Puts an organisation in the care network at `role` (a new manager makes the old one a
/// member); logged.
async fn join(
    conn: &mut Conn,
    session: &Session,
    patient: PatientId,
    organisation: &OrganisationId,
    role: NetworkRole,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    if role == NetworkRole::Manager {
        sqlx::query(
            "UPDATE care_network SET role = 'member' WHERE patient_id = $1 AND role = 'manager'",
        )
        .bind(patient.0)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO care_network (patient_id, organisation_id, role, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (patient_id, organisation_id) DO UPDATE SET role = excluded.role",
    )
    .bind(patient.0)
    .bind(organisation.as_str())
    .bind(role.code())
    .bind(timestamp(now))
    .execute(&mut *conn)
    .await?;
    let object = format!(
        "care_network:{}:{}:{}",
        patient.0,
        organisation,
        role.code()
    );
    audit::server::record(
        conn,
        &entry(session, Action::CareNetworkChanged, patient, object, client),
        now,
    )
    .await
}

/// Changes the record the guard allowed editing: name, date of birth, e-mail, the BSN
/// (full records only; empty keeps it) and the consent; logged; in one transaction.
pub async fn update(
    state: &AppState,
    authorised: &Authorised,
    fields: &Fields,
    client: Option<&str>,
) -> Result<Result<(), Vec<Problem>>, AppError> {
    let session = authorised.session();
    let patient = authorised.patient();
    let full = adds(Some(session)).map(|(_, full)| full).unwrap_or(false);
    let now = state.now();
    let today = crate::measurements::clock::today(now);
    let keep_bsn = fields.bsn.trim().is_empty();
    let (record, consent) = match check(fields, full, keep_bsn, today) {
        Ok(checked) => checked,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut tx = state.store.begin().await?;
    if let Some(bsn) = &record.bsn {
        if let Some(other) = bsn_taken(&mut tx, bsn, Some(patient)).await? {
            drop(tx);
            return taken(state, session, other, client)
                .await
                .map(|r| r.map(|_| ()));
        }
    }
    let updated = sqlx::query(
        "UPDATE patients SET name = $1, birth_date = $2, email = $3, bsn = COALESCE($4, bsn)
         WHERE id = $5",
    )
    .bind(&record.name)
    .bind(record.birth_date.to_string())
    .bind(record.email.as_deref())
    .bind(record.bsn.as_deref())
    .bind(patient.0)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from);
    match updated {
        Ok(_) => {}
        Err(e) if e.is_unique_violation() => return Ok(Err(vec![Problem::BsnTaken])),
        Err(e) => return Err(e.into()),
    }
    // Which kind of change, never the values: a new BSN is told apart.
    let object = match record.bsn {
        Some(_) => format!("{patient}:bsn"),
        None => patient.to_string(),
    };
    audit::server::record(
        &mut tx,
        &entry(session, Action::PatientChanged, patient, object, client),
        now,
    )
    .await?;
    if let Some(consent) = consent {
        set_consent(
            &mut tx,
            session,
            patient,
            consent,
            ConsentVia::Professional,
            client,
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Ok(()))
}

/// The care network of a patient: its organisations, the manager first.
pub async fn network(conn: &mut Conn, patient: PatientId) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.kind, c.role FROM care_network c
         JOIN organisations o ON o.id = c.organisation_id
         WHERE c.patient_id = $1 ORDER BY c.role <> 'manager', o.name",
    )
    .bind(patient.0)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Member {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                kind: row.try_get("kind")?,
                manager: row.try_get::<String, _>("role")? == NetworkRole::Manager.code(),
            })
        })
        .collect()
}

/// Whether the professional's organisation may change the patient's network: it
/// manages it, or nobody does.
fn may_change(network: &[Member], session: &Session) -> bool {
    let Some(own) = session.membership.as_ref() else {
        return false;
    };
    network
        .iter()
        .find(|m| m.manager)
        .is_none_or(|m| m.id == own.organisation.as_str())
}

/// Adds an organisation to the network (`manager`: hands the management to it, which
/// must be in the network already); refused unless the professional's organisation may
/// change it. Logged.
pub async fn change_network(
    state: &AppState,
    authorised: &Authorised,
    organisation: &str,
    manager: bool,
    client: Option<&str>,
) -> Result<(), AppError> {
    let session = authorised.session();
    let patient = authorised.patient();
    let now = state.now();
    let mut tx = state.store.begin().await?;
    let network = network(&mut tx, patient).await?;
    if !may_change(&network, session) {
        drop(tx);
        log_refusal(
            state,
            session,
            patient,
            Capability::EditPatient,
            "not_network_manager",
            client,
        )
        .await?;
        return Err(AppError::Forbidden);
    }
    let organisation = OrganisationId::parse(organisation).ok_or(AppError::BadRequest)?;
    if !crate::organisations::server::is_known_in(&mut tx, organisation.as_str()).await? {
        return Err(AppError::BadRequest);
    }
    let in_network = network.iter().any(|m| m.id == organisation.as_str());
    let role = match (manager, in_network) {
        (true, true) => NetworkRole::Manager,
        (true, false) => return Err(AppError::BadRequest),
        (false, true) => return Ok(()),
        (false, false) => NetworkRole::Member,
    };
    join(&mut tx, session, patient, &organisation, role, client, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The professionals involved in a patient's care, by name.
async fn team(
    conn: &mut Conn,
    patient: PatientId,
    own: &str,
) -> Result<Vec<TeamMember>, StoreError> {
    let rows = sqlx::query(
        "SELECT t.account_id, a.display_name, o.name AS organisation, t.organisation_id
         FROM care_team t JOIN accounts a ON a.id = t.account_id
              JOIN organisations o ON o.id = t.organisation_id
              JOIN memberships m ON m.account_id = t.account_id
                   AND m.organisation_id = t.organisation_id AND m.ended_at IS NULL
         WHERE t.patient_id = $1 ORDER BY a.display_name, t.account_id",
    )
    .bind(patient.0)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(TeamMember {
                account: row.try_get("account_id")?,
                name: row.try_get("display_name")?,
                organisation: row.try_get("organisation")?,
                ours: row.try_get::<String, _>("organisation_id")? == own,
            })
        })
        .collect()
}

/// The current members of an organisation with access to the portal: account and name,
/// `me` first.
async fn colleagues(
    conn: &mut Conn,
    organisation: &str,
    me: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT a.id, a.display_name, m.level, o.kind FROM memberships m
         JOIN accounts a ON a.id = m.account_id
         JOIN organisations o ON o.id = m.organisation_id
         WHERE m.organisation_id = $1 AND m.ended_at IS NULL
         ORDER BY a.id <> $2, a.display_name, a.id",
    )
    .bind(organisation)
    .bind(me)
    .fetch_all(conn)
    .await?;
    let mut out = Vec::new();
    for row in &rows {
        let level: String = row.try_get("level")?;
        let kind: String = row.try_get("kind")?;
        let kind = crate::organisations::OrganisationKind::parse(&kind);
        let works = crate::organisations::Level::parse(&level)
            .zip(kind)
            .is_some_and(|(l, k)| l.fits(k) && l.uses_portal());
        if works {
            out.push((row.try_get("id")?, row.try_get("display_name")?));
        }
    }
    Ok(out)
}

/// Adds a professional of the viewer's own organisation to the patient's care team, or
/// removes one; logged. Anyone else is refused as a bad request.
pub async fn change_team(
    state: &AppState,
    authorised: &Authorised,
    account: i64,
    add: bool,
    client: Option<&str>,
) -> Result<(), AppError> {
    let session = authorised.session();
    let patient = authorised.patient();
    let now = state.now();
    let own = session
        .membership
        .as_ref()
        .map(|m| m.organisation.as_str().to_owned())
        .ok_or(AppError::Forbidden)?;
    let mut tx = state.store.begin().await?;
    let ours = colleagues(&mut tx, &own, session.account_id.0)
        .await?
        .iter()
        .any(|(a, _)| *a == account);
    let changed = if add {
        if !ours {
            drop(tx);
            log_refusal(
                state,
                session,
                patient,
                Capability::EditPatient,
                "not_a_colleague",
                client,
            )
            .await?;
            return Err(AppError::BadRequest);
        }
        sqlx::query(
            "INSERT INTO care_team (patient_id, account_id, organisation_id, added_by,
                                    created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (patient_id, account_id) DO NOTHING",
        )
        .bind(patient.0)
        .bind(account)
        .bind(&own)
        .bind(session.account_id.0)
        .bind(crate::db::timestamp(now))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?
        .rows_affected()
    } else {
        // Only someone of one's own organisation (also one who left it).
        sqlx::query(
            "DELETE FROM care_team
             WHERE patient_id = $1 AND account_id = $2 AND organisation_id = $3",
        )
        .bind(patient.0)
        .bind(account)
        .bind(&own)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?
        .rows_affected()
    };
    if changed > 0 {
        let what = if add { "added" } else { "removed" };
        let object = format!("care_team:{}:{account}:{what}", patient.0);
        audit::server::record(
            &mut tx,
            &entry(session, Action::CareNetworkChanged, patient, object, client),
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The edit page's data, through the guard (edit the record).
pub async fn edit(id: i64) -> Result<Edit, AppError> {
    let state = AppState::from_context()?;
    let session = crate::access::session();
    let client = crate::access::client();
    let patient = PatientId(id);
    let authorised = crate::access::server::guard::authorise(
        &state.store,
        session.as_ref(),
        Capability::EditPatient,
        patient,
        client.as_deref(),
        state.now(),
    )
    .await?;
    let session = authorised.session();
    let full = adds(Some(session)).map(|(_, full)| full).unwrap_or(false);
    let mut conn = state.store.conn().await?;
    let row =
        sqlx::query("SELECT name, birth_date, email, bsn, consent FROM patients WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(StoreError::from)?
            .ok_or(AppError::Forbidden)?;
    let get = |column: &str| -> Result<Option<String>, AppError> {
        Ok(row.try_get(column).map_err(StoreError::from)?)
    };
    let name = get("name")?.unwrap_or_default();
    let born = get("birth_date")?.unwrap_or_default();
    let born = born
        .parse::<jiff::civil::Date>()
        .map(|d| d.strftime("%d-%m-%Y").to_string())
        .unwrap_or(born);
    let stored = Fields {
        naam: name.clone(),
        geboortedatum: born,
        email: get("email")?.unwrap_or_default(),
        bsn: String::new(),
        toestemming: get("consent")?.unwrap_or_default(),
    };
    let has_bsn = get("bsn")?.is_some();
    let network = network(&mut conn, patient).await?;
    let may_change_network = may_change(&network, session);
    let others = if may_change_network {
        crate::organisations::server::names(&mut conn)
            .await?
            .into_iter()
            .filter(|(id, _)| !network.iter().any(|m| &m.id == id))
            .collect()
    } else {
        Vec::new()
    };
    let own = session
        .membership
        .as_ref()
        .map(|m| m.organisation.as_str().to_owned())
        .unwrap_or_default();
    let team = team(&mut conn, patient, &own).await?;
    let colleagues = colleagues(&mut conn, &own, session.account_id.0)
        .await?
        .into_iter()
        .filter(|(account, _)| !team.iter().any(|t| t.account == *account))
        .collect();
    let may_invite = session.membership.as_ref().is_some_and(|m| {
        crate::access::capability::professional_may(m.kind, m.level, Capability::InvitePatient)
    });
    let account = if may_invite {
        Some(crate::access::activation::server::state(&mut conn, patient).await?)
    } else {
        None
    };
    drop(conn);
    let draft = taken_draft(session, Some(id));
    let (fields, problems) = match draft {
        Some(draft) => (draft.fields, draft.problems),
        None => (stored, Vec::new()),
    };
    Ok(Edit {
        name,
        form: Form {
            patient: Some(id),
            fields,
            full,
            has_bsn,
            problems,
        },
        network,
        may_change_network,
        others,
        team,
        colleagues,
        account,
    })
}

/// The form to add a patient, for a professional whose organisation may.
pub async fn new_form() -> Result<Form, AppError> {
    let session = crate::access::session();
    let (_, full) = adds(session.as_ref())?;
    let session = session.as_ref().ok_or(AppError::NotSignedIn)?;
    let (fields, problems) = match taken_draft(session, None) {
        Some(draft) => (draft.fields, draft.problems),
        None => (Fields::default(), Vec::new()),
    };
    Ok(Form {
        patient: None,
        fields,
        full,
        has_bsn: false,
        problems,
    })
}

/// The draft of this account's refused form for this record, read once.
fn taken_draft(session: &Session, patient: Option<i64>) -> Option<Draft> {
    crate::ui::take_page_cookie(DRAFT_COOKIE, crate::patients::pages::PATIENTS_PATH)
        .and_then(|value| Draft::from_cookie_value(&value))
        .filter(|d| d.account == session.account_id.0 && d.patient == patient)
}

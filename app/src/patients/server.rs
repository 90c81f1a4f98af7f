//! Patient records and care networks in the database (server only). Every change is written
//! with its access-log record in one transaction.

use super::{NetworkRole, NewPatient, PatientId};
use crate::access::AccountId;
use crate::audit::{self, Action, Entry};
use crate::db::{timestamp, Store, StoreError};
use crate::organisations::OrganisationId;
use sqlx::Row;
use std::time::SystemTime;

/// Who records a change: the acting account (or an administrator on the command line when
/// `None`), as the access log names it.
#[derive(Clone, Debug, Default)]
pub struct RecordedBy {
    /// The acting account.
    pub account: Option<AccountId>,
    /// Its role code (`admin` on the command line).
    pub role: Option<&'static str>,
    /// The organisation it acts for.
    pub organisation: Option<OrganisationId>,
    /// Where the request came from.
    pub client: Option<String>,
}

impl RecordedBy {
    fn entry(&self, action: Action, patient: PatientId, object: String) -> Entry {
        Entry {
            actor: self.account,
            role: self.role.or(Some("admin")),
            organisation: self.organisation.clone(),
            patient: Some(patient),
            action,
            object: Some(object),
            outcome: audit::Outcome::Success,
            client: self.client.clone(),
        }
    }
}

/// Creates a patient record; with `organisation`, that organisation joins its care network.
pub async fn create(
    store: &Store,
    new: &NewPatient,
    organisation: Option<&OrganisationId>,
    by: &RecordedBy,
    now: SystemTime,
) -> Result<PatientId, StoreError> {
    let mut tx = store.begin().await?;
    let row = sqlx::query(
        "INSERT INTO patients (name, birth_date, email, bsn, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&new.name)
    .bind(new.birth_date.to_string())
    .bind(new.email.as_deref())
    .bind(new.bsn.as_deref())
    .bind(timestamp(now))
    .fetch_one(&mut *tx)
    .await?;
    let id = PatientId(row.try_get("id")?);
    audit::server::record(
        &mut tx,
        &by.entry(Action::PatientCreated, id, id.to_string()),
        now,
    )
    .await?;
    if let Some(organisation) = organisation {
        join_care_network(&mut tx, id, organisation, NetworkRole::Member, by, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Adds an organisation to a patient's care network (or changes its role there).
async fn join_care_network(
    conn: &mut crate::db::Conn,
    patient: PatientId,
    organisation: &OrganisationId,
    role: NetworkRole,
    by: &RecordedBy,
    now: SystemTime,
) -> Result<(), StoreError> {
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
    let object = format!("care_network:{}:{}", patient.0, organisation);
    audit::server::record(
        conn,
        &by.entry(Action::CareNetworkChanged, patient, object),
        now,
    )
    .await
}

/// Adds an organisation to a patient's care network, in its own transaction.
pub async fn add_to_care_network(
    store: &Store,
    patient: PatientId,
    organisation: &OrganisationId,
    role: NetworkRole,
    by: &RecordedBy,
    now: SystemTime,
) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    join_care_network(&mut tx, patient, organisation, role, by, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Links an account to a patient record, so the account sees the record's data.
pub async fn link_account(
    store: &Store,
    patient: PatientId,
    account: AccountId,
    by: &RecordedBy,
    now: SystemTime,
) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    let done = sqlx::query("UPDATE patients SET account_id = $1 WHERE id = $2")
        .bind(account.0)
        .bind(patient.0)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    audit::server::record(
        &mut tx,
        &by.entry(Action::PatientLinked, patient, account.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The organisations in a patient's care network, by id.
pub async fn care_network(
    store: &Store,
    patient: PatientId,
) -> Result<Vec<OrganisationId>, StoreError> {
    let rows = sqlx::query(
        "SELECT organisation_id FROM care_network WHERE patient_id = $1 ORDER BY organisation_id",
    )
    .bind(patient.0)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| Ok(OrganisationId::from_stored(row.try_get("organisation_id")?)))
        .collect()
}

/// The patient record with this e-mail address, if exactly one has it.
pub async fn find_by_email(store: &Store, email: &str) -> Result<Option<PatientId>, StoreError> {
    let rows = sqlx::query("SELECT id FROM patients WHERE email = $1 LIMIT 2")
        .bind(email.trim().to_lowercase())
        .fetch_all(store.pool())
        .await?;
    match rows.as_slice() {
        [row] => Ok(Some(PatientId(row.try_get("id")?))),
        _ => Ok(None),
    }
}

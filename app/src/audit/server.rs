//! Writing and reading the access log (server only).

use super::{Entry, Outcome};
use crate::db::{timestamp, Conn, Store, StoreError};
use sqlx::Row;
use std::time::SystemTime;

/// Adds one record to the access log, on the connection or transaction of the change it
/// describes, so both are kept or neither.
pub async fn record(conn: &mut Conn, entry: &Entry, now: SystemTime) -> Result<(), StoreError> {
    let (outcome, reason) = match entry.outcome {
        Outcome::Success => ("success", None),
        Outcome::Refused(reason) => ("refused", Some(reason)),
    };
    sqlx::query(
        "INSERT INTO audit_log
            (at, actor_account_id, actor_role, organisation_id, patient_id, action,
             object, outcome, reason, client_address)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(timestamp(now))
    .bind(entry.actor.map(|a| a.0))
    .bind(entry.role)
    .bind(entry.organisation.as_ref().map(|o| o.as_str()))
    .bind(entry.patient.map(|p| p.0))
    .bind(entry.action.code())
    .bind(entry.object.as_deref())
    .bind(outcome)
    .bind(reason)
    .bind(entry.client.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// One stored record, as read back (for the log views and tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// When (RFC 3339 UTC).
    pub at: String,
    /// The acting account.
    pub actor: Option<i64>,
    /// The actor's role code.
    pub role: Option<String>,
    /// The organisation the actor acted for.
    pub organisation: Option<String>,
    /// The patient record.
    pub patient: Option<i64>,
    /// The action code.
    pub action: String,
    /// The object.
    pub object: Option<String>,
    /// `success` or `refused`.
    pub outcome: String,
    /// Why it was refused.
    pub reason: Option<String>,
    /// Where the request came from.
    pub client: Option<String>,
}

/// The newest records first.
pub async fn recent(store: &Store, limit: i64) -> Result<Vec<Stored>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, actor_account_id, actor_role, organisation_id, patient_id, action, object,
                outcome, reason, client_address
         FROM audit_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Stored {
                at: row.try_get("at")?,
                actor: row.try_get("actor_account_id")?,
                role: row.try_get("actor_role")?,
                organisation: row.try_get("organisation_id")?,
                patient: row.try_get("patient_id")?,
                action: row.try_get("action")?,
                object: row.try_get("object")?,
                outcome: row.try_get("outcome")?,
                reason: row.try_get("reason")?,
                client: row.try_get("client_address")?,
            })
        })
        .collect()
}

//! Writing and reading the access log (server only).

use super::{Entry, Outcome};
use crate::db::{timestamp, Store, StoreError};
use sqlx::Row;
use std::time::SystemTime;

/// Adds one record to the access log.
pub async fn record(store: &Store, entry: &Entry, now: SystemTime) -> Result<(), StoreError> {
    let (outcome, reason) = match entry.outcome {
        Outcome::Success => ("success", None),
        Outcome::Refused(reason) => ("refused", Some(reason)),
    };
    sqlx::query(
        "INSERT INTO audit_log
            (at, actor_account_id, actor_role, organisation_id, patient_account_id, action,
             object, outcome, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(timestamp(now))
    .bind(entry.actor)
    .bind(entry.role)
    .bind(entry.organisation.as_deref())
    .bind(entry.patient)
    .bind(entry.action.code())
    .bind(entry.object.as_deref())
    .bind(outcome)
    .bind(reason)
    .execute(store.pool())
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
    /// The action code.
    pub action: String,
    /// The object.
    pub object: Option<String>,
    /// `success` or `refused`.
    pub outcome: String,
    /// Why it was refused.
    pub reason: Option<String>,
}

/// The newest records first.
pub async fn recent(store: &Store, limit: i64) -> Result<Vec<Stored>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, actor_account_id, actor_role, action, object, outcome, reason
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
                action: row.try_get("action")?,
                object: row.try_get("object")?,
                outcome: row.try_get("outcome")?,
                reason: row.try_get("reason")?,
            })
        })
        .collect()
}

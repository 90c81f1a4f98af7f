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
    let rows = sqlx::query(&format!("{SELECT} ORDER BY id DESC LIMIT $1"))
        .bind(limit)
        .fetch_all(store.pool())
        .await?;
    rows.iter().map(stored).collect()
}

/// The records from `from` up to (not including) `to`, oldest first.
pub async fn between(
    store: &Store,
    from: SystemTime,
    to: SystemTime,
) -> Result<Vec<Stored>, StoreError> {
    between_for(store, None, from, to).await
}

/// The records from `from` up to (not including) `to` of what was done for `organisation`
/// (all when `None`), oldest first.
pub async fn between_for(
    store: &Store,
    organisation: Option<&str>,
    from: SystemTime,
    to: SystemTime,
) -> Result<Vec<Stored>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE at >= $1 AND at < $2 AND ($3 = '' OR organisation_id = $3) ORDER BY id"
    ))
    .bind(crate::db::timestamp(from))
    .bind(crate::db::timestamp(to))
    .bind(organisation.unwrap_or_default())
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(stored).collect()
}

/// Whole days on the Dutch calendar, `first` to `last` (both included), as the moments they
/// begin and end; `None` when `last` is before `first` or a day cannot be placed.
pub fn days(first: jiff::civil::Date, last: jiff::civil::Date) -> Option<(SystemTime, SystemTime)> {
    if last < first {
        return None;
    }
    let start = |d: jiff::civil::Date| {
        d.to_zoned(crate::measurements::clock::zone().clone())
            .ok()
            .map(|z| SystemTime::from(z.timestamp()))
    };
    Some((start(first)?, start(last.tomorrow().ok()?)?))
}

const SELECT: &str = "SELECT at, actor_account_id, actor_role, organisation_id, patient_id, \
                      action, object, outcome, reason, client_address FROM audit_log";

fn stored(row: &sqlx::any::AnyRow) -> Result<Stored, StoreError> {
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
}

/// Records as CSV (RFC 4180, a header line, CRLF): the time in UTC to the second, user,
/// role, organisation, patient record, event, object, outcome, reason, client address. A cell
/// that a spreadsheet would run as a formula starts with an apostrophe.
pub fn csv(records: &[Stored]) -> String {
    fn cell(text: &str) -> String {
        let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{text}")
        } else {
            text.to_owned()
        };
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    }
    let mut out = String::from(
        "time_utc,user,role,organisation,patient,event,object,outcome,reason,client_address\r\n",
    );
    for r in records {
        // Stored with milliseconds; the log gives the second.
        let time =
            r.at.parse::<jiff::Timestamp>()
                .map(|t| format!("{:.0}", t))
                .unwrap_or_else(|_| r.at.clone());
        let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        let cells = [
            time,
            number(r.actor),
            text(&r.role),
            text(&r.organisation),
            number(r.patient),
            r.action.clone(),
            text(&r.object),
            r.outcome.clone(),
            text(&r.reason),
            text(&r.client),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it_and_defuses_formulas() {
        let record = Stored {
            at: "2026-03-02T09:00:00.123Z".into(),
            actor: Some(7),
            role: Some("professional".into()),
            organisation: Some("hap-noord".into()),
            patient: Some(3),
            action: "see_own_questionnaires".into(),
            object: Some("=HYPERLINK(\"x\")".into()),
            outcome: "refused".into(),
            reason: Some("no care relationship, other organisation".into()),
            client: None,
        };
        let out = csv(&[record]);
        let mut lines = out.split("\r\n");
        assert!(lines.next().unwrap().starts_with("time_utc,user,role"));
        assert_eq!(
            lines.next().unwrap(),
            "2026-03-02T09:00:00Z,7,professional,hap-noord,3,see_own_questionnaires,\
             \"'=HYPERLINK(\"\"x\"\")\",refused,\"no care relationship, other organisation\","
        );
    }
}

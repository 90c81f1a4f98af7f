//! Reminders of open requests that have reminders on (server only): one
//! [`DAYS_BEFORE`] days before the due date, and one on the due date, each once, through the
//! outbox, while the request is open (not completed, cancelled or expired) and the patient
//! has an e-mail address and did not refuse or withdraw consent. A request sent less than
//! [`DAYS_BEFORE`] days before its due date gets no "before" reminder: its invitation is
//! still fresh. The periodic job in the server runs [`send_due`].

use super::server::{remind, Requester};
use super::RequestId;
use crate::db::{Store, StoreError};
use crate::organisations::OrganisationId;
use sqlx::Row;
use std::time::SystemTime;

/// How many days before the due date the first reminder goes.
pub const DAYS_BEFORE: i64 = 3;

/// Which reminder is due for a request due on `due`, sent on `sent` (both Dutch calendar
/// days), `today`: `before`, `due` or none.
pub fn due_reminder(
    today: jiff::civil::Date,
    due: jiff::civil::Date,
    sent: jiff::civil::Date,
) -> Option<&'static str> {
    let before = due.checked_sub(jiff::Span::new().days(DAYS_BEFORE)).ok()?;
    if today >= due {
        Some("due")
    } else if today >= before && sent < before {
        Some("before")
    } else {
        None
    }
}

/// Sends every reminder that is due at `now` and was not sent yet; returns how many went.
/// Harmless when several instances run it at once: each reminder is claimed once.
pub async fn send_due(store: &Store, grace_days: u16, now: SystemTime) -> Result<u64, StoreError> {
    let today = crate::measurements::clock::today(now);
    let horizon = today
        .checked_add(jiff::Span::new().days(DAYS_BEFORE))
        .unwrap_or(today);
    let rows = sqlx::query(
        "SELECT r.id, r.organisation_id, r.due_on, r.created_at,
                (SELECT COUNT(*) FROM reminders m WHERE m.request_id = r.id AND m.kind = 'before')
                    AS before_sent,
                (SELECT COUNT(*) FROM reminders m WHERE m.request_id = r.id AND m.kind = 'due')
                    AS due_sent
         FROM requests r
         WHERE r.reminders = 1 AND r.status IN ('sent', 'opened', 'in_progress')
           AND r.due_on <= $1
         ORDER BY r.id",
    )
    .bind(horizon.to_string())
    .fetch_all(store.pool())
    .await?;
    let mut sent = 0;
    for row in rows {
        let due: jiff::civil::Date = match row.try_get::<String, _>("due_on")?.parse() {
            Ok(due) => due,
            Err(_) => continue,
        };
        let created: String = row.try_get("created_at")?;
        let Ok(created) = created.parse::<jiff::Timestamp>() else {
            continue;
        };
        let made_on = crate::measurements::clock::local(created).date();
        let Some(kind) = due_reminder(today, due, made_on) else {
            continue;
        };
        let done: i64 = row.try_get(if kind == "due" {
            "due_sent"
        } else {
            "before_sent"
        })?;
        if done > 0 {
            continue;
        }
        let id = RequestId(row.try_get("id")?);
        let by = Requester::server(OrganisationId::from_stored(row.try_get("organisation_id")?));
        if remind(store, &by, id, kind, grace_days, now).await?.is_ok() {
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn three_days_before_and_on_the_due_date() {
        let due = date(2026, 3, 16);
        let sent = date(2026, 3, 2);
        assert_eq!(due_reminder(date(2026, 3, 12), due, sent), None);
        assert_eq!(due_reminder(date(2026, 3, 13), due, sent), Some("before"));
        assert_eq!(due_reminder(date(2026, 3, 15), due, sent), Some("before"));
        assert_eq!(due_reminder(date(2026, 3, 16), due, sent), Some("due"));
        assert_eq!(due_reminder(date(2026, 3, 18), due, sent), Some("due"));
        // Sent two days before its due date: no reminder before it, one on the day.
        let late = date(2026, 3, 14);
        assert_eq!(due_reminder(date(2026, 3, 14), due, late), None);
        assert_eq!(due_reminder(date(2026, 3, 16), due, late), Some("due"));
    }
}

//! Reminders of open requests that have reminders on (server only): one
//! [`DAYS_BEFORE`] days before the due date, and one on the due date, each once, through the
//! outbox, while the request is open (not completed, cancelled or expired) and the patient
//! has an e-mail address and did not refuse or withdraw consent. A request sent less than
//! [`DAYS_BEFORE`] days before its due date gets no "before" reminder: its invitation is
//! still fresh. Some days after the due date the reminder goes on to the patient's carers
//! ([`send_to_carers`]). The periodic job in the server runs both.

use super::server::{asked_of, remind, Requester};
use super::{link_valid_until, Asked, RequestId};
use crate::audit::{self, Action};
use crate::carers::Scope;
use crate::db::{timestamp, Store, StoreError};
use crate::mail::outbox::enqueue;
use crate::mail::{bilingual, carer_reminder, CarerReminder};
use crate::organisations::OrganisationId;
use crate::patients::{Consent, PatientId};
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

/// When and how reminders go on to carers.
#[derive(Clone, Debug)]
pub struct ToCarers<'a> {
    /// Days after the due date; 0: never.
    pub after_days: u16,
    /// Days after the due date that a request's link still works: no reminder after that.
    pub grace_days: u16,
    /// The portal's address, for the sign-in page in the mail.
    pub public_url: &'a str,
}

/// Whether a mandate with `scope` covers what a request asks: filling in a questionnaire or
/// entering measurements.
pub fn covers(scope: Scope, questionnaire: bool) -> bool {
    if questionnaire {
        scope.questionnaires
    } else {
        scope.measurements
    }
}

/// Tells each carer who acts for a patient under a running mandate that covers it, once, that
/// a request with reminders on is still open [`ToCarers::after_days`] days after its due
/// date, while its link works and the patient did not refuse or withdraw consent. Only carers
/// who chose a password (they do it by signing in). Returns how many went; harmless when
/// several instances run it at once.
pub async fn send_to_carers(
    store: &Store,
    to: &ToCarers<'_>,
    now: SystemTime,
) -> Result<u64, StoreError> {
    if to.after_days == 0 {
        return Ok(0);
    }
    let today = crate::measurements::clock::today(now);
    let Ok(latest_due) = today.checked_sub(jiff::Span::new().days(i64::from(to.after_days))) else {
        return Ok(0);
    };
    let rows = sqlx::query(
        "SELECT r.id, m.id AS mandate_id
         FROM requests r
         JOIN mandates m ON m.patient_id = r.patient_id
         JOIN accounts a ON a.id = m.carer_account_id
         WHERE r.reminders = 1 AND r.status IN ('sent', 'opened', 'in_progress')
           AND r.due_on <= $1
           AND m.revoked_at IS NULL AND m.expires_at > $2 AND a.password_hash IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM carer_reminders c
                           WHERE c.request_id = r.id AND c.mandate_id = m.id)
         ORDER BY r.id, m.id",
    )
    .bind(latest_due.to_string())
    .bind(timestamp(now))
    .fetch_all(store.pool())
    .await?;
    let mut sent = 0;
    for row in rows {
        let request = RequestId(row.try_get("id")?);
        if escalate(store, to, request, row.try_get("mandate_id")?, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// One reminder to one carer, checked again under the request's lock and claimed in the
/// transaction that queues its mail and writes its access-log record; `false` when it is not
/// (or no longer) due.
async fn escalate(
    store: &Store,
    to: &ToCarers<'_>,
    request: RequestId,
    mandate: i64,
    now: SystemTime,
) -> Result<bool, StoreError> {
    let mut tx = store.begin().await?;
    let status = super::link::lock(&mut tx, store.backend(), request).await?;
    let Some(row) = sqlx::query(
        "SELECT r.organisation_id, r.patient_id, r.due_on, r.instrument_id, r.instrument_version,
                r.protocol, p.name, p.consent, o.name AS organisation_name, m.scope,
                a.email AS carer_email, a.display_name AS carer_name
         FROM requests r JOIN patients p ON p.id = r.patient_id
              JOIN organisations o ON o.id = r.organisation_id
              JOIN mandates m ON m.patient_id = r.patient_id
              JOIN accounts a ON a.id = m.carer_account_id
         WHERE r.id = $1 AND m.id = $2
           AND m.revoked_at IS NULL AND m.expires_at > $3 AND a.password_hash IS NOT NULL",
    )
    .bind(request.0)
    .bind(mandate)
    .bind(timestamp(now))
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(false);
    };
    let due: jiff::civil::Date = row
        .try_get::<String, _>("due_on")?
        .parse()
        .map_err(|_| StoreError::Query(sqlx::Error::Decode("due_on".into())))?;
    let refused = matches!(
        Consent::parse(&row.try_get::<String, _>("consent")?),
        Some(Consent::Refused | Consent::Withdrawn)
    );
    if status.is_final()
        || refused
        || link_valid_until(due, to.grace_days) <= crate::measurements::clock::instant(now)
    {
        return Ok(false);
    }
    let (asked, titles) = asked_of(store, &row).await?;
    let questionnaire = matches!(asked, Asked::Questionnaire { .. });
    if !covers(
        Scope::parse(&row.try_get::<String, _>("scope")?),
        questionnaire,
    ) {
        return Ok(false);
    }
    let claimed = sqlx::query(
        "INSERT INTO carer_reminders (request_id, mandate_id, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (request_id, mandate_id) DO NOTHING",
    )
    .bind(request.0)
    .bind(mandate)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    let (carer, patient, organisation): (String, String, String) = (
        row.try_get("carer_name")?,
        row.try_get("name")?,
        row.try_get("organisation_name")?,
    );
    let sign_in = format!("{}{}", to.public_url, crate::access::SIGN_IN_PATH);
    let message = bilingual(|lang| {
        carer_reminder(
            lang,
            &CarerReminder {
                carer: &carer,
                patient: &patient,
                organisation: &organisation,
                questionnaire,
                title: titles.get(lang),
                due,
                sign_in: &sign_in,
            },
        )
    });
    let email: String = row.try_get("carer_email")?;
    enqueue(&mut tx, &email, &message, None, now).await?;
    let by = Requester::server(OrganisationId::from_stored(row.try_get("organisation_id")?));
    let entry = by.entry(
        PatientId(row.try_get("patient_id")?),
        Action::ReminderSent,
        format!("{request}:reminder:carer:{mandate}"),
    );
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_mandate_covers_what_it_lets_the_carer_do() {
        let only = |questionnaires, measurements| Scope {
            questionnaires,
            measurements,
            results: true,
        };
        assert!(covers(only(true, false), true));
        assert!(!covers(only(true, false), false));
        assert!(covers(only(false, true), false));
        assert!(!covers(only(false, true), true));
    }

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

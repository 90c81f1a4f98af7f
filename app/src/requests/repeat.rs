//! Requests that repeat (e.g. the GFI every 6 months, a blood-pressure week every 3 months).
//! A repeating request gets its successor two weeks ([`LEAD_DAYS`]) before the successor's
//! due date — its own due date plus the months — whether or not it was answered; a cancelled
//! one stops its series. The successor asks the same (the newest version of the
//! questionnaire, or the same protocol moved by the months), is mailed like any request and
//! repeats in turn. A periodic job makes them; each request gets one successor, also with
//! several server instances. A series the patient can no longer receive (no e-mail address,
//! consent refused or withdrawn, the organisation left the care network) stops, and so does
//! one left unanswered a number of times in a row (`MEETPUNT_REPEAT_STOP_AFTER`): the reason
//! is kept on the request it stopped at, for the professional to see, and logged.

use super::server::{resolve, send_in, NewRequest, RequestError, Requester};
use super::{named_protocol, Ask, RequestId};
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{Store, StoreError};
use crate::measurements::protocol::Protocol;
use crate::organisations::OrganisationId;
use crate::patients::PatientId;
use jiff::civil::Date;
use sqlx::Row;
use std::time::SystemTime;

/// How many days before its due date the next request of a series is made and mailed.
pub const LEAD_DAYS: i64 = 14;

/// Requests looked at in one turn (the rest wait for the next).
const BATCH: i64 = 500;

/// The due date `months` after `due` (the last day of a shorter month when needed).
pub fn next_due(due: Date, months: u8) -> Date {
    due.checked_add(jiff::Span::new().months(i64::from(months)))
        .unwrap_or(due)
}

/// [`next_due`] on the series' own day of the month (`anchor`, the first due date's day): a
/// series due on the 31st is due on the last day of a shorter month and on the 31st again
/// after it, instead of drifting to the 28th for good.
pub fn next_due_on(due: Date, months: u8, anchor: i8) -> Date {
    let next = next_due(due, months);
    let day = anchor.clamp(1, next.days_in_month());
    next.with().day(day).build().unwrap_or(next)
}

/// The day the next request of a series is made: [`LEAD_DAYS`] before its due date.
pub fn made_on(next_due: Date) -> Date {
    next_due
        .checked_sub(jiff::Span::new().days(LEAD_DAYS))
        .unwrap_or(next_due)
}

/// The same protocol moved to end at `due`: its start keeps its distance to the due date,
/// but is never before `earliest` (the day the request is made: a week of measurements must
/// not be over before its mail arrives).
pub fn moved(protocol: &Protocol, old_due: Date, due: Date, earliest: Date) -> Option<Protocol> {
    let start = match protocol {
        Protocol::BloodPressureWeek(p) => p.start,
        Protocol::DailyWeight(p) => p.start,
        Protocol::GlucoseDayCurve(p) => p.start,
        Protocol::FreeSeries(_) => return None,
    };
    let lead = old_due.since(start).ok()?;
    let new_start = due.checked_sub(lead).ok()?.max(earliest).min(due);
    named_protocol(protocol.name(), new_start, due).ok()
}

/// The due date of the next request: the months later on the series' day of the month, or —
/// when the server was down past the day it should have been made — [`LEAD_DAYS`] from today.
pub fn next_due_from(due: Date, months: u8, anchor: i8, today: Date) -> Date {
    let next = next_due_on(due, months, anchor);
    let soonest = today
        .checked_add(jiff::Span::new().days(LEAD_DAYS))
        .unwrap_or(today);
    if made_on(next) < today {
        soonest.max(next)
    } else {
        next
    }
}

/// One request whose successor may be due.
struct Repeating {
    id: RequestId,
    patient: PatientId,
    organisation: OrganisationId,
    requested_by: Option<i64>,
    due: Date,
    months: u8,
    reminders: bool,
    instrument: Option<String>,
    protocol: Option<String>,
}

/// How a series goes on: the grace days of its links, and after how many requests left
/// unanswered in a row it stops (0: never).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeriesRules {
    /// Days a link keeps working after its due date.
    pub grace_days: u16,
    /// Unanswered requests in a row that stop a series (0: never).
    pub stop_after: u8,
}

/// Why a series stopped, as stored in `requests.repeat_stopped`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// Left unanswered too many times in a row.
    Unanswered,
    /// The patient has no e-mail address.
    NoEmail,
    /// The patient refused or withdrew consent.
    NoConsent,
    /// The organisation is no longer in the patient's care network.
    NoCareRelationship,
    /// What it asked cannot be asked again.
    CannotRepeat,
}

impl Stopped {
    /// The stored code (also the access log's reason).
    pub fn code(self) -> &'static str {
        match self {
            Stopped::Unanswered => "unanswered",
            Stopped::NoEmail => "no_email",
            Stopped::NoConsent => "no_consent",
            Stopped::NoCareRelationship => "no_care_relationship",
            Stopped::CannotRepeat => "cannot_repeat",
        }
    }

    /// From the stored code (an unknown one reads as [`Stopped::CannotRepeat`]).
    pub fn parse(code: &str) -> Stopped {
        [
            Stopped::Unanswered,
            Stopped::NoEmail,
            Stopped::NoConsent,
            Stopped::NoCareRelationship,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .unwrap_or(Stopped::CannotRepeat)
    }
}

/// Makes the successors due by `now`; how many were made.
pub async fn make_due(
    store: &Store,
    rules: SeriesRules,
    now: SystemTime,
) -> Result<u64, StoreError> {
    let today = crate::measurements::clock::today(now);
    let rows = sqlx::query(
        "SELECT id, patient_id, organisation_id, requested_by, due_on, repeat_months,
                reminders, instrument_id, protocol
         FROM requests
         WHERE repeat_months IS NOT NULL AND successor_id IS NULL AND status <> 'cancelled'
           AND repeat_stopped IS NULL
         ORDER BY due_on, id LIMIT $1",
    )
    .bind(BATCH)
    .fetch_all(store.pool())
    .await?;
    let mut made = 0;
    for row in rows {
        let due: String = row.try_get("due_on")?;
        let Ok(due) = due.parse::<Date>() else {
            continue;
        };
        let months: i64 = row.try_get("repeat_months")?;
        let repeating = Repeating {
            id: RequestId(row.try_get("id")?),
            patient: PatientId(row.try_get("patient_id")?),
            organisation: OrganisationId::from_stored(row.try_get("organisation_id")?),
            requested_by: row.try_get("requested_by")?,
            due,
            months: u8::try_from(months).unwrap_or(u8::MAX),
            reminders: row.try_get::<i64, _>("reminders")? != 0,
            instrument: row.try_get("instrument_id")?,
            protocol: row.try_get("protocol")?,
        };
        if made_on(next_due(due, repeating.months)) > today {
            continue;
        }
        if make_one(store, &repeating, rules, today, now).await? {
            made += 1;
        }
    }
    Ok(made)
}

/// The due date of the first request of the series `request` belongs to.
async fn first_due(store: &Store, request: RequestId) -> Result<Option<Date>, StoreError> {
    let row = sqlx::query(
        "WITH RECURSIVE chain (id, due_on, depth) AS (
             SELECT id, due_on, 0 FROM requests WHERE id = $1
             UNION ALL
             SELECT r.id, r.due_on, chain.depth + 1 FROM requests r
             JOIN chain ON r.successor_id = chain.id WHERE chain.depth < 1000
         )
         SELECT due_on FROM chain ORDER BY depth DESC LIMIT 1",
    )
    .bind(request.0)
    .fetch_optional(store.pool())
    .await?;
    Ok(match row {
        Some(row) => row.try_get::<String, _>("due_on")?.parse().ok(),
        None => None,
    })
}

/// Whether `request` and the requests before it in its series, `run` of them in all, were
/// each left unanswered (none completed); `false` for a run of 0 or a shorter series.
async fn unanswered_in_a_row(
    store: &Store,
    request: RequestId,
    run: u8,
) -> Result<bool, StoreError> {
    if run == 0 {
        return Ok(false);
    }
    let statuses: Vec<String> = sqlx::query_scalar(
        "WITH RECURSIVE chain (id, status, depth) AS (
             SELECT id, status, 0 FROM requests WHERE id = $1
             UNION ALL
             SELECT r.id, r.status, chain.depth + 1 FROM requests r
             JOIN chain ON r.successor_id = chain.id WHERE chain.depth + 1 < $2
         )
         SELECT status FROM chain ORDER BY depth",
    )
    .bind(request.0)
    .bind(i64::from(run))
    .fetch_all(store.pool())
    .await?;
    Ok(statuses.len() == usize::from(run) && statuses.iter().all(|s| s != "completed"))
}

/// Makes one successor in one transaction with the link from its predecessor; `false` when
/// another instance made it first or the series stopped.
async fn make_one(
    store: &Store,
    old: &Repeating,
    rules: SeriesRules,
    today: Date,
    now: SystemTime,
) -> Result<bool, StoreError> {
    let unanswered = unanswered_in_a_row(store, old.id, rules.stop_after).await?;
    let anchor = first_due(store, old.id).await?.unwrap_or(old.due).day();
    let due = next_due_from(old.due, old.months, anchor, today);
    let ask = match (&old.instrument, &old.protocol) {
        (Some(instrument), _) => Some(Ask::Questionnaire(instrument.clone())),
        (None, Some(json)) => serde_json::from_str::<Protocol>(json)
            .ok()
            .and_then(|p| moved(&p, old.due, due, today))
            .map(Ask::Measurements),
        (None, None) => None,
    };
    let by = Requester::repeat(
        old.organisation.clone(),
        old.requested_by.map(crate::access::AccountId),
    );
    let new = ask.map(|ask| NewRequest {
        patient: old.patient,
        ask,
        due,
        reminders: old.reminders,
        repeat_months: Some(old.months),
    });
    // What it asks is resolved before the transaction (it reads the library).
    let resolved = match &new {
        Some(new) => Some(resolve(store, new, now).await),
        None => None,
    };
    let mut tx = store.begin().await?;
    // Claims the predecessor: on PostgreSQL another instance waits here and then finds it
    // taken; SQLite has one writer at a time.
    let claimed = sqlx::query(
        "UPDATE requests SET updated_at = updated_at
         WHERE id = $1 AND successor_id IS NULL AND repeat_months IS NOT NULL
           AND status <> 'cancelled' AND repeat_stopped IS NULL",
    )
    .bind(old.id.0)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    let stopped = if unanswered {
        Stopped::Unanswered
    } else {
        let sent = match (&new, resolved) {
            (Some(new), Some(Ok(resolved))) => {
                send_in(&mut tx, &by, new, &resolved, rules.grace_days, now).await
            }
            (_, Some(Err(refused))) => Err(refused),
            _ => Err(RequestError::InvalidProtocol("cannot be repeated".into())),
        };
        match sent {
            Ok(new) => {
                sqlx::query("UPDATE requests SET successor_id = $1 WHERE id = $2")
                    .bind(new.0)
                    .bind(old.id.0)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(true);
            }
            Err(RequestError::Store(e)) => return Err(e),
            Err(RequestError::NoEmail) => Stopped::NoEmail,
            Err(RequestError::NoConsent) => Stopped::NoConsent,
            Err(RequestError::NotInCareNetwork(_)) => Stopped::NoCareRelationship,
            Err(_) => Stopped::CannotRepeat,
        }
    };
    // The series cannot go on: it stops at this request (which stays as it is), in the
    // transaction that claimed it, with the reason for the professional to see.
    sqlx::query("UPDATE requests SET repeat_stopped = $1 WHERE id = $2")
        .bind(stopped.code())
        .bind(old.id.0)
        .execute(&mut *tx)
        .await?;
    let entry = Entry {
        actor: None,
        role: Some("system"),
        organisation: Some(old.organisation.clone()),
        patient: Some(old.patient),
        action: Action::RequestSent,
        object: Some(old.id.to_string()),
        outcome: Outcome::Refused(stopped.code()),
        client: None,
    };
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_next_due_date_is_the_months_later_and_made_two_weeks_before() {
        assert_eq!(next_due(date(2026, 1, 15), 6), date(2026, 7, 15));
        assert_eq!(next_due(date(2026, 8, 31), 6), date(2027, 2, 28));
        assert_eq!(next_due(date(2026, 11, 30), 3), date(2027, 2, 28));
        assert_eq!(made_on(date(2026, 7, 15)), date(2026, 7, 1));
    }

    #[test]
    fn a_series_keeps_its_day_of_the_month() {
        // 31 August, every 6 months: 28 February, then 31 August again (not the 28th).
        let feb = next_due_on(date(2026, 8, 31), 6, 31);
        assert_eq!(feb, date(2027, 2, 28));
        assert_eq!(next_due_on(feb, 6, 31), date(2027, 8, 31));
        // Every 3 months from 30 November: 28 February, 30 May.
        let feb = next_due_on(date(2026, 11, 30), 3, 30);
        assert_eq!(feb, date(2027, 2, 28));
        assert_eq!(next_due_on(feb, 3, 30), date(2027, 5, 30));
        assert_eq!(next_due_on(date(2026, 1, 15), 6, 15), date(2026, 7, 15));
    }

    #[test]
    fn a_protocol_moves_with_its_due_date() {
        let week =
            named_protocol("blood-pressure-week", date(2026, 3, 1), date(2026, 3, 8)).unwrap();
        let next = moved(&week, date(2026, 3, 8), date(2026, 6, 8), date(2026, 5, 25)).unwrap();
        match next {
            Protocol::BloodPressureWeek(p) => assert_eq!(p.start, date(2026, 6, 1)),
            other => panic!("{other:?}"),
        }
        let weight = named_protocol("daily-weight", date(2026, 3, 1), date(2026, 3, 31)).unwrap();
        match moved(
            &weight,
            date(2026, 3, 31),
            date(2026, 6, 30),
            date(2026, 6, 16),
        )
        .unwrap()
        {
            // Sent 16 June: the month of weighing starts then, not in May.
            Protocol::DailyWeight(p) => {
                assert_eq!(p.start, date(2026, 6, 16));
                assert_eq!(p.end, Some(date(2026, 6, 30)));
            }
            other => panic!("{other:?}"),
        }
        // A server that was down past the day: the next one comes soon, not in the past.
        assert_eq!(
            next_due_from(date(2026, 1, 15), 3, 15, date(2026, 5, 1)),
            date(2026, 5, 15)
        );
        assert_eq!(
            next_due_from(date(2026, 1, 15), 3, 15, date(2026, 4, 1)),
            date(2026, 4, 15)
        );
    }
}

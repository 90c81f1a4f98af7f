//! Home measurements entered through a request's link (server only): a reading, or the
//! correction of one entered for the same request, checked by the measurement engine and
//! stored with the request's progress and the access-log record in one transaction. A
//! refused entry is kept as typed (the request's draft), so nothing typed is lost.

use super::link::{self, Opened};
use super::status::{Event, Status};
use super::RequestId;
use crate::audit::{self, Action};
use crate::db::{Conn, Store, StoreError};
use crate::measurements::clock::instant;
use crate::measurements::entry::{check_entry, parse_date, EntryFields, EntryProblem, Input};
use crate::measurements::evaluate::{evaluate, Evaluation};
use crate::measurements::protocol::Protocol;
use crate::measurements::reading::{EnteredBy, EntryError, Provenance, Reading, TimeRules};
use crate::measurements::server::{self as readings, Author, Stored, Via};
use crate::measurements::thresholds::Thresholds;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::time::SystemTime;

/// A refused entry as typed, kept until the next entry is stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryDraft {
    /// What was typed.
    pub fields: EntryFields,
    /// The reading being corrected, if it was a correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correcting: Option<String>,
    /// What was wrong, found when it was sent.
    #[serde(default)]
    pub problems: Vec<EntryProblem>,
}

/// What an entry did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entered {
    /// Stored now, or before by the same form: the reading's id.
    Saved(String),
    /// Stored, and nothing is left to measure: the request is completed (the reading's id).
    Completed(String),
    /// Refused: kept as typed, with the problems shown on the form.
    Refused,
    /// Completed, expired or cancelled meanwhile: nothing stored.
    Closed,
}

/// The refused entry waiting on the form, if any.
pub async fn entry_draft(
    store: &Store,
    request: RequestId,
) -> Result<Option<EntryDraft>, StoreError> {
    let row = sqlx::query("SELECT answers FROM drafts WHERE request_id = $1")
        .bind(request.0)
        .fetch_optional(store.pool())
        .await?;
    Ok(row
        .and_then(|row| row.try_get::<String, _>("answers").ok())
        .and_then(|json| serde_json::from_str(&json).ok()))
}

async fn keep_draft(
    conn: &mut Conn,
    request: RequestId,
    draft: &EntryDraft,
    now: SystemTime,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(draft)
        .map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
    sqlx::query(
        "INSERT INTO drafts (request_id, answers, page, updated_at) VALUES ($1, $2, 0, $3)
         ON CONFLICT (request_id) DO UPDATE
         SET answers = excluded.answers, updated_at = excluded.updated_at",
    )
    .bind(request.0)
    .bind(json)
    .bind(crate::db::timestamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The protocol of a measurement request.
pub fn protocol(opened: &Opened) -> Option<&Protocol> {
    match &opened.asked {
        super::Asked::Measurements(protocol) => Some(protocol),
        super::Asked::Questionnaire { .. } => None,
    }
}

/// The limits in force for the organisation that asks.
pub async fn thresholds(
    store: &Store,
    organisation: &crate::organisations::OrganisationId,
) -> Result<Thresholds, StoreError> {
    let overrides = crate::organisations::server::thresholds(store, organisation.as_str())
        .await
        .map_err(|e| match e {
            crate::organisations::server::OrganisationError::Store(e) => e,
            other => StoreError::Query(sqlx::Error::Protocol(other.to_string())),
        })?;
    Thresholds::layered(&[overrides]).map_err(|e| StoreError::Query(sqlx::Error::Protocol(e)))
}

/// Every stored version of the patient's measurements of the protocol's kind.
pub async fn stored(
    store: &Store,
    patient: crate::patients::PatientId,
    protocol: &Protocol,
) -> Result<Vec<Stored>, StoreError> {
    let mut conn = store.conn().await?;
    readings::versions(&mut conn, patient, protocol.schedule().kind).await
}

/// Whether nothing is left to measure: no slot open now or still to come (a protocol without
/// an end always has one).
pub fn nothing_left(evaluation: &Evaluation<'_>) -> bool {
    evaluation.next_due.is_none()
}

/// What the entry is about, besides the fields.
pub struct Entry<'a> {
    /// The opened link.
    pub opened: &'a Opened,
    /// Its protocol.
    pub protocol: &'a Protocol,
    /// The reading corrected, if it is a correction.
    pub correcting: Option<&'a str>,
    /// Limits on when a measurement may say it was taken.
    pub rules: TimeRules,
    /// The limits for flags.
    pub thresholds: &'a Thresholds,
    /// The person's address, for the access log.
    pub client: Option<&'a str>,
}

/// Enters a reading (or corrects one entered for this request). The form's key names the
/// reading: the same form sent again stores nothing more. A refused entry is kept as typed,
/// with its problems, and comes back on the form.
pub async fn enter(
    store: &Store,
    entry: &Entry<'_>,
    mut fields: EntryFields,
    now: SystemTime,
) -> Result<Entered, StoreError> {
    let opened = entry.opened;
    let kind = entry.protocol.schedule().kind;
    let at = instant(now);
    let mut tx = store.begin().await?;
    let status = link::lock(&mut tx, store.backend(), opened.request).await?;
    if status.is_final() {
        return Ok(Entered::Closed);
    }
    match readings::request_of(&mut tx, opened.patient, &fields.key).await? {
        // The same form again (a double click, a resent form): it was stored.
        Some(request) if request == Some(opened.request) => {
            tx.commit().await?;
            link::log_read(store, opened, entry.client, now).await?;
            return Ok(Entered::Saved(fields.key));
        }
        // A key of another request's reading: never this form's; a new key is given below.
        Some(_) => fields.key.clear(),
        None => {}
    }
    let stored = readings::versions(&mut tx, opened.patient, kind).await?;
    let mut record = readings::record(&stored);
    // A correction counts the days back from the original's entry, as the record does.
    let original = entry.correcting.and_then(|old| {
        stored
            .iter()
            .find(|s| s.measurement.reading.id == old && s.request == Some(opened.request))
    });
    let since = original.map_or(at, |s| s.measurement.provenance.entered_at);
    let mut checked = check_entry(kind, &fields, at, since, entry.rules);
    if entry.correcting.is_some() && fields.reason.trim().is_empty() {
        let reason = EntryProblem::refused(EntryError::ReasonRequired);
        match &mut checked {
            Ok(_) => checked = Err(vec![reason]),
            Err(problems) => problems.insert(0, reason),
        }
    }
    let accepted = checked.and_then(|(value, measured_at)| {
        let reading = Reading {
            id: fields.key.clone(),
            kind,
            value,
            measured_at,
        };
        let provenance = Provenance {
            entered_at: at,
            entered_by: match opened.carer {
                Some(carer) => EnteredBy::Carer {
                    person: format!("account-{carer}"),
                    mandate: opened
                        .mandate
                        .map(|m| format!("mandate-{m}"))
                        .unwrap_or_default(),
                },
                None => EnteredBy::Patient,
            },
            device: None,
            method: None,
        };
        match (entry.correcting, original) {
            (None, _) => record.add(reading, provenance, entry.rules),
            // Only a reading entered for this request can be corrected through its link.
            (Some(old), None) => Err(EntryError::UnknownId { id: old.into() }),
            (Some(old), Some(_)) => {
                record.correct(old, reading, provenance, &fields.reason, entry.rules)
            }
        }
        .cloned()
        .map_err(|e| vec![EntryProblem::refused(e)])
    });
    let measurement = match accepted {
        Ok(measurement) => measurement,
        Err(problems) => {
            // A problem with the form's key itself: the next try gets a new one.
            if fields.key.is_empty() || problems.iter().any(|p| p.input == Input::Form) {
                fields.key = super::server::new_key()?;
            }
            // Kept as the day input shows it (an ISO date), if it could be read.
            if let Some(day) = parse_date(&fields.date) {
                fields.date = day.to_string();
            }
            let draft = EntryDraft {
                fields,
                correcting: entry.correcting.map(str::to_owned),
                problems,
            };
            keep_draft(&mut tx, opened.request, &draft, now).await?;
            audit::server::record(
                &mut tx,
                &link::entry(opened, Action::AnswersSaved, entry.client),
                now,
            )
            .await?;
            tx.commit().await?;
            return Ok(Entered::Refused);
        }
    };
    let author = Author {
        account: opened.carer.map(crate::access::AccountId),
        via: if opened.via_account {
            Via::Account
        } else {
            Via::Link
        },
    };
    let inserted = readings::insert(
        &mut tx,
        opened.patient,
        Some(opened.request),
        &measurement,
        author,
    )
    .await?;
    if !inserted {
        // Another transaction stored this key in the meantime; nothing of this one is kept.
        return Err(StoreError::Query(sqlx::Error::Protocol(
            "reading key taken".into(),
        )));
    }
    sqlx::query("DELETE FROM drafts WHERE request_id = $1")
        .bind(opened.request.0)
        .execute(&mut *tx)
        .await?;
    let current = record.current_readings();
    let evaluation = evaluate(entry.protocol, &current, at, entry.thresholds);
    let finished = nothing_left(&evaluation);
    link::note_result(&mut tx, opened.request, !evaluation.flags.is_empty(), now).await?;
    let events: &[Event] = if finished {
        &[Event::Save, Event::Complete]
    } else {
        &[Event::Save]
    };
    let status = link::advance(&mut tx, opened.request, status, events, now).await?;
    audit::server::record(
        &mut tx,
        &link::entry(opened, Action::ReadingSaved, entry.client),
        now,
    )
    .await?;
    tx.commit().await?;
    let id = measurement.reading.id;
    Ok(if status == Status::Completed {
        Entered::Completed(id)
    } else {
        Entered::Saved(id)
    })
}

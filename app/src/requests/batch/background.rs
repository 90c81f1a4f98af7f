//! Sending a batch to its patients, in the background: each patient through the guard and
//! logged as the professional's, one runner at a time per batch, stopped when the sender left
//! or the request can no longer be sent (server only).

use super::server::capability;
use crate::access::server::Session;
use crate::db::{timestamp, StoreError};
use crate::error::AppError;
use crate::patients::PatientId;
use crate::requests::server::{resolve, send_in, NewRequest, RequestError, Requester, Resolved};
use crate::requests::Ask;
use crate::state::AppState;
use jiff::civil::Date;
use sqlx::Row;
use std::time::SystemTime;

/// How many patients one look at a batch takes on before it looks at the time again.
const SLICE: i64 = 50;

/// How long a runner's claim on a batch outlasts its time (one send may take a while); a
/// runner that stopped without letting go holds the batch no longer than this after.
const CLAIM_MARGIN: std::time::Duration = std::time::Duration::from_secs(30);

/// How far one run on a batch got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// Every patient has an outcome.
    Finished,
    /// The time was up first.
    OutOfTime,
    /// Another runner works on it now (or it is finished).
    Busy,
}

/// Why a batch stopped before every patient had their turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The professional who sent it left the organisation.
    SenderLeft,
    /// What it asks can no longer be sent (e.g. its due date passed).
    CannotSend,
}

impl Stop {
    /// The code stored with the batch and in the access log.
    pub fn code(self) -> &'static str {
        match self {
            Stop::SenderLeft => "sender_left",
            Stop::CannotSend => "cannot_send",
        }
    }
}

/// Sends the unfinished batches, oldest first, until each is finished or `budget` has
/// passed; how many patients got their outcome. A batch that fails is logged and tried again
/// at the next turn; the others go on.
pub async fn work(state: &AppState, budget: std::time::Duration) -> Result<u64, StoreError> {
    let until = tokio::time::Instant::now() + budget;
    let unfinished = sqlx::query("SELECT id FROM batches WHERE finished_at IS NULL ORDER BY id")
        .fetch_all(state.store.pool())
        .await?
        .iter()
        .map(|row| row.try_get::<i64, _>("id"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut done = 0;
    for batch in unfinished {
        if tokio::time::Instant::now() >= until {
            break;
        }
        match work_on(state, batch, until).await {
            Ok((handled, run)) => {
                done += handled;
                if run == Run::OutOfTime {
                    break;
                }
            }
            Err(error) => {
                tracing::warn!(batch, %error, "a list could not be sent on; tried again later")
            }
        }
    }
    Ok(done)
}

/// Sends one batch until it is finished or `until`, when no other runner works on it; how
/// many patients got their outcome, and how far it got.
pub async fn work_on(
    state: &AppState,
    batch: i64,
    until: tokio::time::Instant,
) -> Result<(u64, Run), StoreError> {
    let now = state.now();
    let hold = until.saturating_duration_since(tokio::time::Instant::now()) + CLAIM_MARGIN;
    let claimed = sqlx::query(
        "UPDATE batches SET working_until = $1
         WHERE id = $2 AND finished_at IS NULL
           AND (working_until IS NULL OR working_until <= $3)",
    )
    .bind(timestamp(now + hold))
    .bind(batch)
    .bind(timestamp(now))
    .execute(state.store.pool())
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok((0, Run::Busy));
    }
    let run = run(state, batch, until).await;
    sqlx::query("UPDATE batches SET working_until = NULL WHERE id = $1")
        .bind(batch)
        .execute(state.store.pool())
        .await?;
    run
}

/// The run on a claimed batch.
async fn run(
    state: &AppState,
    batch: i64,
    until: tokio::time::Instant,
) -> Result<(u64, Run), StoreError> {
    let row = sqlx::query(
        "SELECT organisation_id, requested_by, what, due_on, instrument, protocol, reminders,
                repeat_months, client
         FROM batches WHERE id = $1 AND finished_at IS NULL",
    )
    .bind(batch)
    .fetch_optional(state.store.pool())
    .await?;
    let Some(row) = row else {
        return Ok((0, Run::Finished));
    };
    let organisation =
        crate::organisations::OrganisationId::from_stored(row.try_get("organisation_id")?);
    let what: String = row.try_get("what")?;
    let client: Option<String> = row.try_get("client")?;
    let due: String = row.try_get("due_on")?;
    let ask = match (
        row.try_get::<Option<String>, _>("instrument")?,
        row.try_get::<Option<String>, _>("protocol")?,
    ) {
        (Some(id), _) => Some(Ask::Questionnaire(id)),
        (None, Some(json)) => serde_json::from_str(&json).ok().map(Ask::Measurements),
        (None, None) => None,
    };
    let template = match (ask, due.parse::<Date>()) {
        (Some(ask), Ok(due)) => Some(NewRequest {
            patient: PatientId(0),
            ask,
            due,
            reminders: row.try_get::<i64, _>("reminders")? != 0,
            repeat_months: row
                .try_get::<Option<i64>, _>("repeat_months")?
                .and_then(|m| u8::try_from(m).ok()),
        }),
        _ => None,
    };
    let requested_by = row
        .try_get::<Option<i64>, _>("requested_by")?
        .map(crate::access::AccountId);
    let resolved = match &template {
        Some(template) => match resolve(&state.store, template, state.now()).await {
            Ok(resolved) => Some(resolved),
            Err(RequestError::Store(e)) => return Err(e),
            Err(_) => None,
        },
        None => None,
    };
    let (Some(template), Some(resolved)) = (template, resolved) else {
        let skipped = stop(state, batch, Stop::CannotSend, requested_by, &organisation).await?;
        return Ok((skipped, Run::Finished));
    };
    let mut handled = 0;
    loop {
        // The professional as they stand now, again for every slice: one who left the
        // organisation sends no more.
        let session = match requested_by {
            Some(account) => {
                crate::access::server::sessions::standing(&state.store, account, &organisation)
                    .await?
            }
            None => None,
        };
        let Some(session) = session else {
            let skipped = stop(state, batch, Stop::SenderLeft, requested_by, &organisation).await?;
            return Ok((handled + skipped, Run::Finished));
        };
        let pending = sqlx::query(
            "SELECT b.patient_id FROM batch_patients b
             LEFT JOIN batch_outcomes o ON o.batch_id = b.batch_id AND o.patient_id = b.patient_id
             WHERE b.batch_id = $1 AND o.patient_id IS NULL
             ORDER BY b.patient_id LIMIT $2",
        )
        .bind(batch)
        .bind(SLICE)
        .fetch_all(state.store.pool())
        .await?
        .iter()
        .map(|row| row.try_get::<i64, _>("patient_id"))
        .collect::<Result<Vec<_>, _>>()?;
        if pending.is_empty() {
            finish(&mut *state.store.conn().await?, batch, state.now()).await?;
            return Ok((handled, Run::Finished));
        }
        for patient in pending {
            if tokio::time::Instant::now() >= until {
                return Ok((handled, Run::OutOfTime));
            }
            let new = NewRequest {
                patient: PatientId(patient),
                ..template.clone()
            };
            match send_one(
                state,
                &session,
                batch,
                &new,
                &resolved,
                &what,
                client.as_deref(),
            )
            .await
            {
                Ok(true) => handled += 1,
                // Another server got to this patient first.
                Ok(false) => {}
                // The cause is in the log already; the batch is tried again at the next turn.
                Err(e) => return Err(StoreError::Unavailable(format!("batch {batch}: {e}"))),
            }
        }
    }
}

/// Stops a batch for `reason`: every patient without an outcome gets `stopped` with a
/// record in the access log, the batch keeps why and is finished, in one transaction; how
/// many patients were left.
async fn stop(
    state: &AppState,
    batch: i64,
    reason: Stop,
    requested_by: Option<crate::access::AccountId>,
    organisation: &crate::organisations::OrganisationId,
) -> Result<u64, StoreError> {
    let now = state.now();
    let mut tx = state.store.begin().await?;
    let left = sqlx::query(
        "SELECT b.patient_id FROM batch_patients b
         WHERE b.batch_id = $1 AND NOT EXISTS (
             SELECT 1 FROM batch_outcomes o WHERE o.batch_id = b.batch_id
                                              AND o.patient_id = b.patient_id)",
    )
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|row| row.try_get::<i64, _>("patient_id"))
    .collect::<Result<Vec<_>, _>>()?;
    for &patient in &left {
        sqlx::query(
            "INSERT INTO batch_outcomes (batch_id, patient_id, outcome)
             VALUES ($1, $2, 'stopped')",
        )
        .bind(batch)
        .bind(patient)
        .execute(&mut *tx)
        .await?;
        let entry = crate::audit::Entry {
            actor: requested_by,
            role: Some("system"),
            organisation: Some(organisation.clone()),
            patient: Some(PatientId(patient)),
            action: crate::audit::Action::RequestSent,
            object: Some(format!("batch:{batch}")),
            outcome: crate::audit::Outcome::Refused(reason.code()),
            client: None,
        };
        crate::audit::server::record(&mut tx, &entry, now).await?;
    }
    sqlx::query("UPDATE batches SET stopped = $1 WHERE id = $2")
        .bind(reason.code())
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    finish(&mut tx, batch, now).await?;
    tx.commit().await?;
    Ok(left.len() as u64)
}

/// Marks the batch finished (each of its patients has an outcome).
async fn finish(conn: &mut crate::db::Conn, batch: i64, now: SystemTime) -> Result<(), StoreError> {
    sqlx::query("UPDATE batches SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL")
        .bind(timestamp(now))
        .bind(batch)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sends to one patient: through the guard, then in one transaction the outcome (claimed
/// first, so a patient is done once), the check for one still open, and the request;
/// `false` when the patient already had their outcome.
async fn send_one(
    state: &AppState,
    session: &Session,
    batch: i64,
    new: &NewRequest,
    resolved: &Resolved,
    what: &str,
    client: Option<&str>,
) -> Result<bool, AppError> {
    let patient = new.patient;
    let now = state.now();
    let authorised = crate::access::server::guard::authorise(
        &state.store,
        Some(session),
        capability(&new.ask),
        patient,
        client,
        now,
    )
    .await;
    let by = match &authorised {
        Ok(authorised) => Requester::authorised(authorised, client),
        Err(AppError::Forbidden | AppError::NotSignedIn) => None,
        Err(_) => return authorised.map(|_| false),
    };
    let mut tx = state.store.begin().await?;
    let claimed = sqlx::query(
        "INSERT INTO batch_outcomes (batch_id, patient_id, outcome) VALUES ($1, $2, 'not_allowed')
         ON CONFLICT (batch_id, patient_id) DO NOTHING",
    )
    .bind(batch)
    .bind(patient.0)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    let Some(by) = by else {
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(true);
    };
    let today = crate::measurements::clock::today(now).to_string();
    let open = sqlx::query(
        "SELECT COUNT(*) AS n FROM requests
         WHERE patient_id = $1 AND organisation_id = $2 AND what = $3
           AND status IN ('sent', 'opened', 'in_progress') AND due_on >= $4",
    )
    .bind(patient.0)
    .bind(by.organisation().as_str())
    .bind(what)
    .bind(&today)
    .fetch_one(&mut *tx)
    .await
    .map_err(StoreError::from)?
    .try_get::<i64, _>("n")
    .map_err(StoreError::from)?;
    let (outcome, request) = if open > 0 {
        ("already_open", None)
    } else {
        match send_in(&mut tx, &by, new, resolved, state.link_grace_days, now).await {
            Ok(id) => ("sent", Some(id.0)),
            Err(RequestError::Store(e)) => return Err(e.into()),
            Err(refused) => {
                let (outcome, reason) = match refused {
                    RequestError::NoEmail => ("no_email", "no_email"),
                    RequestError::NoConsent => ("no_consent", "no_consent"),
                    _ => ("not_allowed", "not_allowed"),
                };
                let entry = crate::audit::Entry {
                    outcome: crate::audit::Outcome::Refused(reason),
                    ..crate::audit::Entry::of_session(
                        session,
                        patient,
                        crate::audit::Action::RequestSent,
                        format!("batch:{batch}"),
                        client,
                    )
                };
                crate::audit::server::record(&mut tx, &entry, now).await?;
                (outcome, None)
            }
        }
    };
    sqlx::query(
        "UPDATE batch_outcomes SET outcome = $1, request_id = $2
         WHERE batch_id = $3 AND patient_id = $4",
    )
    .bind(outcome)
    .bind(request)
    .bind(batch)
    .bind(patient.0)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(true)
}

//! Reading the form and sending (server only).

use super::*;
use crate::access::capability::{professional_may, Capability};
use crate::access::server::Session;
use crate::db::{timestamp, StoreError};
use crate::organisations::Membership;
use crate::patients::PatientId;
use crate::requests::server::{resolve, send_in, NewRequest, RequestError, Requester, Resolved};
use crate::requests::Ask;
use crate::state::AppState;
use jiff::civil::Date;
use sqlx::Row;
use std::time::SystemTime;

/// The form, checked.
pub struct Checked {
    /// Whom.
    pub criteria: Criteria,
    /// The saved selection used, if any (its name).
    pub selection: Option<String>,
    /// What.
    pub ask: Ask,
    /// By when.
    pub due: Date,
    /// Reminders.
    pub reminders: bool,
    /// Repeat.
    pub repeat_months: Option<u8>,
    /// A name to save the criteria under.
    pub save_as: Option<String>,
}

/// What a batch of `ask` needs the organisation's kind and the level to allow.
pub fn capability(ask: &Ask) -> Capability {
    match ask {
        Ask::Questionnaire(_) => Capability::SendQuestionnaire,
        Ask::Measurements(_) => Capability::RequestMeasurements,
    }
}

/// The saved selections of an organisation, by name.
pub async fn selections(
    state: &AppState,
    organisation: &str,
    lang: Lang,
) -> Result<Vec<(Selection, Criteria)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, name, min_age, consent_only FROM selections
         WHERE organisation_id = $1 ORDER BY name",
    )
    .bind(organisation)
    .fetch_all(state.store.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let criteria = Criteria {
                min_age: u8::try_from(row.try_get::<i64, _>("min_age")?).unwrap_or(0),
                consent_only: row.try_get::<i64, _>("consent_only")? != 0,
            };
            Ok((
                Selection {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    description: criteria.describe(lang),
                },
                criteria,
            ))
        })
        .collect()
}

/// Checks the form against today and the organisation's saved selections.
pub async fn check(
    state: &AppState,
    organisation: &str,
    form: &ListForm,
) -> Result<Result<Checked, Vec<Problem>>, StoreError> {
    let lang = crate::ui::i18n::Lang::Nl;
    let mut problems = Vec::new();
    let today = crate::measurements::clock::today(state.now());
    let saved = selections(state, organisation, lang).await?;
    let (criteria, selection) = match form.selectie.strip_prefix("sel-") {
        Some(id) => match saved.iter().find(|(s, _)| s.id.to_string() == id) {
            Some((s, criteria)) => (Some(*criteria), Some(s.name.clone())),
            None => (None, None),
        },
        None => (
            form.leeftijd
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|age| *age <= 120)
                .map(|min_age| Criteria {
                    min_age,
                    consent_only: form.toestemming == "ja",
                }),
            None,
        ),
    };
    if criteria.is_none() {
        problems.push(Problem::Who);
    }
    let due = form
        .due
        .trim()
        .parse::<Date>()
        .ok()
        .filter(|due| *due >= today);
    if due.is_none() {
        problems.push(Problem::Due);
    }
    let ask = due.and_then(|due| crate::requests::ask_from_form(&form.ask, today, due));
    if ask.is_none() && due.is_some() {
        problems.push(Problem::What);
    }
    let repeat = crate::requests::repeat_from_form(&form.herhalen);
    if repeat.is_none() {
        problems.push(Problem::Repeat);
    }
    let save_as = form.opslaan.trim();
    let save_as = (!save_as.is_empty() && selection.is_none()).then(|| save_as.to_owned());
    if let Some(name) = &save_as {
        if name.chars().count() > 80 || saved.iter().any(|(s, _)| &s.name == name) {
            problems.push(Problem::SaveAs);
        }
    }
    Ok(match (criteria, ask, due, repeat) {
        (Some(criteria), Some(ask), Some(due), Some(repeat_months)) if problems.is_empty() => {
            Ok(Checked {
                criteria,
                selection,
                ask,
                due,
                reminders: form.reminders == "yes",
                repeat_months,
                save_as,
            })
        }
        _ => Err(problems),
    })
}

/// The organisation's batch made by the form with this key, if any.
pub async fn existing(
    state: &AppState,
    organisation: &str,
    key: &str,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT id FROM batches WHERE form_key = $1 AND organisation_id = $2")
        .bind(key)
        .bind(organisation)
        .fetch_optional(state.store.pool())
        .await?;
    row.map(|row| row.try_get("id"))
        .transpose()
        .map_err(StoreError::from)
}

/// The `FROM … WHERE …` of the organisation's patients the criteria reach, with `$1` the
/// organisation and `$2` the latest date of birth, and that date.
fn reach(state: &AppState, criteria: Criteria) -> (String, String) {
    let today = crate::measurements::clock::today(state.now());
    let born_by = today
        .checked_sub(jiff::Span::new().years(i64::from(criteria.min_age)))
        .unwrap_or(today);
    let consent = if criteria.consent_only {
        " AND p.consent = 'given'"
    } else {
        ""
    };
    (
        format!(
            "FROM patients p JOIN care_network c ON c.patient_id = p.id
             WHERE c.organisation_id = $1 AND p.birth_date <= $2{consent}"
        ),
        born_by.to_string(),
    )
}

/// The organisation's patients the criteria reach, by name: id, e-mail, consent.
async fn reached(
    state: &AppState,
    organisation: &str,
    criteria: Criteria,
) -> Result<Vec<(PatientId, Option<String>, String)>, StoreError> {
    let (from, born_by) = reach(state, criteria);
    let sql = format!("SELECT p.id, p.email, p.consent {from} ORDER BY p.name, p.id LIMIT $3");
    let rows = sqlx::query(&sql)
        .bind(organisation)
        .bind(born_by)
        .bind(MAX_PATIENTS + 1)
        .fetch_all(state.store.pool())
        .await?;
    rows.iter()
        .map(|row| {
            Ok((
                PatientId(row.try_get("id")?),
                row.try_get("email")?,
                row.try_get("consent")?,
            ))
        })
        .collect()
}

fn what(ask: &Ask) -> String {
    match ask {
        Ask::Questionnaire(id) => id.clone(),
        Ask::Measurements(protocol) => protocol.name().to_owned(),
    }
}

/// The member whose kind and level allow sending `ask` (else refused).
pub fn sender(session: &Session, ask: &Ask) -> Result<Membership, AppError> {
    session
        .membership
        .clone()
        .filter(|m| professional_may(m.kind, m.level, capability(ask)))
        .ok_or(AppError::Forbidden)
}

/// How many patients the checked form reaches, and how many of them will be skipped for
/// want of an e-mail address or consent.
pub async fn preview(
    state: &AppState,
    organisation: &str,
    checked: &Checked,
    titles: impl Fn(&str) -> String,
    key: String,
    lang: Lang,
) -> Result<Preview, StoreError> {
    let patients = reached(state, organisation, checked.criteria).await?;
    let no_email = |email: &Option<String>| email.as_deref().is_none_or(str::is_empty);
    // Each patient counted once, for the reason the send will give first.
    let without_email = patients.iter().filter(|(_, e, _)| no_email(e)).count() as u64;
    let without_consent = patients
        .iter()
        .filter(|(_, e, consent)| {
            !no_email(e) && matches!(consent.as_str(), "refused" | "withdrawn")
        })
        .count() as u64;
    Ok(Preview {
        whom: whom(checked, lang),
        what: titles(&what(&checked.ask)),
        due: lang.date(checked.due),
        patients: patients.len() as u64,
        without_email,
        without_consent,
        key,
    })
}

fn whom(checked: &Checked, lang: Lang) -> String {
    match &checked.selection {
        Some(name) => {
            crate::requests::text::selection_whom(lang, name, &checked.criteria.describe(lang))
        }
        None => crate::requests::text::patients_of(lang, &checked.criteria.describe(lang)),
    }
}

/// Starts sending the checked form: one batch with what it asks and the patients it
/// reaches now, in one transaction; its id. The requests go out in the background
/// ([`work`]), each through the guard and logged as the professional's, as if sent alone. A
/// form sent again (the same key) answers with its batch.
pub async fn start(
    state: &AppState,
    session: &Session,
    checked: &Checked,
    key: &str,
    client: Option<&str>,
) -> Result<i64, AppError> {
    let membership = sender(session, &checked.ask)?;
    let organisation = membership.organisation.as_str();
    let now = state.now();
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::BadRequest);
    }
    let lang = crate::ui::current_lang();
    let what = what(&checked.ask);
    // What it asks must resolve now (the background resolves it again).
    match resolve(&state.store, &template(checked), now).await {
        Ok(_) => {}
        Err(RequestError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(AppError::BadRequest),
    }
    let (instrument, protocol) = match &checked.ask {
        Ask::Questionnaire(id) => (Some(id.clone()), None),
        Ask::Measurements(protocol) => (
            None,
            Some(serde_json::to_string(protocol).map_err(|_| AppError::BadRequest)?),
        ),
    };
    let mut tx = state.store.begin().await?;
    let made = sqlx::query(
        "INSERT INTO batches (organisation_id, requested_by, form_key, what, due_on,
                              selection, created_at, instrument, protocol, reminders,
                              repeat_months, client)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (form_key) DO NOTHING RETURNING id",
    )
    .bind(organisation)
    .bind(session.account_id.0)
    .bind(key)
    .bind(&what)
    .bind(checked.due.to_string())
    .bind(whom(checked, lang))
    .bind(timestamp(now))
    .bind(instrument)
    .bind(protocol)
    .bind(i64::from(checked.reminders))
    .bind(checked.repeat_months.map(i64::from))
    .bind(client)
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    let Some(row) = made else {
        drop(tx);
        return same_again(state, organisation, key, &what, checked.due).await;
    };
    let batch: i64 = row.try_get("id").map_err(StoreError::from)?;
    let (from, born_by) = reach(state, checked.criteria);
    let reached = sqlx::query(&format!(
        "INSERT INTO batch_patients (batch_id, patient_id) SELECT $3, p.id {from} LIMIT $4"
    ))
    .bind(organisation)
    .bind(born_by)
    .bind(batch)
    .bind(MAX_PATIENTS + 1)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?
    .rows_affected();
    if reached as i64 > MAX_PATIENTS {
        return Err(AppError::BadRequest);
    }
    // Nobody reached: finished as it starts.
    sqlx::query("UPDATE batches SET patients = $1, finished_at = $2 WHERE id = $3")
        .bind(reached as i64)
        .bind((reached == 0).then(|| timestamp(now)))
        .bind(batch)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    tx.commit().await.map_err(StoreError::from)?;
    if let Some(name) = &checked.save_as {
        save_selection(state, session, organisation, name, checked.criteria).await?;
    }
    Ok(batch)
}

/// The request each patient of a batch gets, but for the patient.
fn template(checked: &Checked) -> NewRequest {
    NewRequest {
        patient: PatientId(0),
        ask: checked.ask.clone(),
        due: checked.due,
        reminders: checked.reminders,
        repeat_months: checked.repeat_months,
    }
}

/// The batch of a form sent again: it must ask the same, by the same day.
async fn same_again(
    state: &AppState,
    organisation: &str,
    key: &str,
    what: &str,
    due: Date,
) -> Result<i64, AppError> {
    let row = sqlx::query(
        "SELECT id, what, due_on FROM batches WHERE form_key = $1 AND organisation_id = $2",
    )
    .bind(key)
    .bind(organisation)
    .fetch_optional(state.store.pool())
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::Forbidden)?;
    let same = row.try_get::<String, _>("what").map_err(StoreError::from)? == what
        && row
            .try_get::<String, _>("due_on")
            .map_err(StoreError::from)?
            == due.to_string();
    if !same {
        return Err(AppError::BadRequest);
    }
    Ok(row.try_get("id").map_err(StoreError::from)?)
}

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

async fn save_selection(
    state: &AppState,
    session: &Session,
    organisation: &str,
    name: &str,
    criteria: Criteria,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO selections (organisation_id, name, min_age, consent_only,
                                 created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (organisation_id, name) DO NOTHING",
    )
    .bind(organisation)
    .bind(name)
    .bind(i64::from(criteria.min_age))
    .bind(i64::from(criteria.consent_only))
    .bind(session.account_id.0)
    .bind(timestamp(state.now()))
    .execute(state.store.pool())
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

/// The list page's data.
pub async fn page(form: ListForm, count: bool) -> Result<ListShown, AppError> {
    let (state, session, membership) =
        crate::access::organisation_records(Capability::SendQuestionnaire, "batches").await?;
    let lang = crate::ui::current_lang();
    let organisation = membership.organisation.as_str();
    let (asks, today) = crate::requests::desk::load::asks(&state, lang).await?;
    let selections = selections(&state, organisation, lang)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let mut form = form;
    if form.leeftijd.is_empty() {
        form.leeftijd = DEFAULT_MIN_AGE.to_string();
    }
    let (problems, preview) = if count {
        match check(&state, organisation, &form).await? {
            Ok(checked) => {
                sender(&session, &checked.ask)?;
                let titles = crate::requests::desk::load::titles(&state, lang).await?;
                let key = crate::requests::server::new_key()?;
                let preview = preview(&state, organisation, &checked, titles, key, lang).await?;
                (Vec::new(), Some(preview))
            }
            Err(problems) => (problems, None),
        }
    } else {
        (Vec::new(), None)
    };
    Ok(ListShown {
        form,
        asks,
        selections,
        today,
        problems,
        preview,
    })
}

/// A batch's outcomes, for its organisation (logged as one access).
pub async fn outcomes(id: i64) -> Result<Outcomes, AppError> {
    let (state, _, membership) =
        crate::access::organisation_records(Capability::SendQuestionnaire, &format!("batch:{id}"))
            .await?;
    let lang = crate::ui::current_lang();
    let batch = sqlx::query(
        "SELECT what, due_on, selection, patients, finished_at, stopped FROM batches
         WHERE id = $1 AND organisation_id = $2",
    )
    .bind(id)
    .bind(membership.organisation.as_str())
    .fetch_optional(state.store.pool())
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::Forbidden)?;
    let titles = crate::requests::desk::load::titles(&state, lang).await?;
    let get = |column: &str| -> Result<String, AppError> {
        Ok(batch.try_get(column).map_err(StoreError::from)?)
    };
    let rows = sqlx::query(
        "SELECT p.name, p.birth_date, o.outcome, o.request_id FROM batch_outcomes o
         JOIN patients p ON p.id = o.patient_id
         WHERE o.batch_id = $1 ORDER BY p.name, p.id",
    )
    .bind(id)
    .fetch_all(state.store.pool())
    .await
    .map_err(StoreError::from)?;
    let rows: Vec<OutcomeRow> = rows
        .iter()
        .map(|row| -> Result<OutcomeRow, StoreError> {
            let outcome: String = row.try_get("outcome")?;
            let born: String = row.try_get("birth_date")?;
            // Whom the organisation may not reach (any more) stays unnamed.
            let hidden = outcome == "not_allowed";
            Ok(OutcomeRow {
                name: if hidden {
                    "—".into()
                } else {
                    row.try_get("name")?
                },
                born: if hidden {
                    String::new()
                } else {
                    born.parse::<Date>()
                        .map(|d| d.strftime("%d-%m-%Y").to_string())
                        .unwrap_or(born)
                },
                text: outcome_words(lang, &outcome).to_owned(),
                outcome,
                href: row
                    .try_get::<Option<i64>, _>("request_id")?
                    .map(|r| format!("{}/{r}", crate::requests::desk::REQUESTS_PATH)),
            })
        })
        .collect::<Result<_, _>>()?;
    let counts = OUTCOMES
        .iter()
        .map(|(code, text)| {
            (
                lang.t(*text).to_owned(),
                rows.iter().filter(|r| r.outcome == *code).count() as u64,
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let due = get("due_on")?;
    Ok(Outcomes {
        what: titles(&get("what")?),
        whom: get("selection")?,
        patients: u64::try_from(
            batch
                .try_get::<i64, _>("patients")
                .map_err(StoreError::from)?,
        )
        .unwrap_or(0),
        finished: batch
            .try_get::<Option<String>, _>("finished_at")
            .map_err(StoreError::from)?
            .is_some(),
        stopped: batch
            .try_get::<Option<String>, _>("stopped")
            .map_err(StoreError::from)?
            .map(|code| {
                lang.t(if code == Stop::SenderLeft.code() {
                    T::BatchStoppedSenderLeft
                } else {
                    T::BatchStoppedCannotSend
                })
                .to_owned()
            }),
        due: due.parse::<Date>().map(|d| lang.date(d)).unwrap_or(due),
        counts,
        rows,
    })
}

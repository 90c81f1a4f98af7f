//! Reading the form and sending (server only).

use super::*;
use crate::access::capability::{professional_may, Capability};
use crate::access::server::Session;
use crate::db::{timestamp, StoreError};
use crate::organisations::Membership;
use crate::patients::PatientId;
use crate::requests::server::{resolve, NewRequest, RequestError};
use crate::requests::Ask;
use crate::state::AppState;
use jiff::civil::Date;
use sqlx::Row;

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
/// ([`super::background::work`]), each through the guard and logged as the professional's,
/// as if sent alone. A form sent again (the same key) answers with its batch.
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
                lang.t(if code == super::background::Stop::SenderLeft.code() {
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

//! Sending one request to many patients at once: everyone of the organisation's patients of
//! at least an age (optionally only those who gave consent), or a saved selection of that
//! kind. The professional first sees how many patients it is, then sends; every patient gets
//! an outcome — sent (with the request), or skipped and why: no e-mail address, no consent,
//! the same still open, or not allowed. Each request goes through the guard and is logged
//! like one sent alone; a form sent twice makes one batch (and a batch cut short goes on where
//! it stopped when sent again).

use crate::error::AppError;
use crate::requests::text::T;
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// The list form (a GET shows how many patients; the POST sends).
pub const BATCH_PATH: &str = "/verzoeken/lijst";
/// The most patients one batch reaches.
pub const MAX_PATIENTS: i64 = 5_000;
/// The age the form starts with.
pub const DEFAULT_MIN_AGE: u8 = 75;

/// The list form, as typed (GET for the count, POST to send).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListForm {
    /// `leeftijd` (by age) or `sel-ID` (a saved selection).
    #[serde(default)]
    pub selectie: String,
    /// The lowest age, in years.
    #[serde(default)]
    pub leeftijd: String,
    /// `ja`: only patients who gave consent.
    #[serde(default)]
    pub toestemming: String,
    /// What: `instrument:ID` or `protocol:NAME`.
    #[serde(default)]
    pub ask: String,
    /// The due date.
    #[serde(default)]
    pub due: String,
    /// `yes`: reminders.
    #[serde(default)]
    pub reminders: String,
    /// Every how many months it repeats (empty: once).
    #[serde(default)]
    pub herhalen: String,
    /// A name to save the criteria under (empty: not saved).
    #[serde(default)]
    pub opslaan: String,
    /// The form's key (one batch per form).
    #[serde(default)]
    pub key: String,
}

impl ListForm {
    /// The query string that shows this form again (without the count).
    pub fn query(&self) -> String {
        use crate::access::percent_encode as e;
        format!(
            "selectie={}&leeftijd={}&toestemming={}&ask={}&due={}&reminders={}&herhalen={}&opslaan={}",
            e(&self.selectie),
            e(&self.leeftijd),
            e(&self.toestemming),
            e(&self.ask),
            e(&self.due),
            e(&self.reminders),
            e(&self.herhalen),
            e(&self.opslaan),
        )
    }
}

/// Whom a batch reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    /// The lowest age, in years.
    pub min_age: u8,
    /// Only patients who gave consent.
    pub consent_only: bool,
}

impl Criteria {
    /// In words, e.g. "75 jaar en ouder, met toestemming".
    pub fn describe(self, lang: Lang) -> String {
        let mut text = crate::requests::text::age_and_older(lang, self.min_age);
        if self.consent_only {
            text.push_str(lang.t(T::BatchConsentOnlySuffix));
        }
        text
    }
}

/// What is wrong with a list form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// No age (0 to 120) or no known selection.
    Who,
    /// Nothing to ask chosen.
    What,
    /// No due date, or one in the past.
    Due,
    /// The name to save under is too long, or taken.
    SaveAs,
    /// Not a repeat the form offers.
    Repeat,
    /// More patients than one batch reaches.
    TooMany,
}

impl Problem {
    /// The message for people.
    pub fn message(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Problem::Who => T::BatchProblemWho,
            Problem::What => T::SendProblemChoose,
            Problem::Due => T::SendProblemDue,
            Problem::SaveAs => T::BatchProblemSaveAs,
            Problem::Repeat => T::BatchProblemRepeat,
            Problem::TooMany => T::BatchProblemTooMany,
        })
    }

    /// The input it is about.
    pub fn input(self) -> &'static str {
        match self {
            Problem::Who => "leeftijd",
            Problem::What => "ask",
            Problem::Due => "due",
            Problem::SaveAs => "opslaan",
            Problem::Repeat => "herhalen",
            Problem::TooMany => "leeftijd",
        }
    }
}

/// A saved selection, as offered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its criteria in words.
    pub description: String,
}

/// The list page: the form (with its problems), or the count before sending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListShown {
    /// The form as typed.
    pub form: ListForm,
    /// What may be asked: code and name.
    pub asks: Vec<(String, String)>,
    /// The organisation's saved selections.
    pub selections: Vec<Selection>,
    /// Today, the earliest due date.
    pub today: String,
    /// What is wrong (when the count was asked).
    pub problems: Vec<Problem>,
    /// The count, when asked and the form is right.
    pub preview: Option<Preview>,
}

/// How many patients a batch would reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// Whom, in words.
    pub whom: String,
    /// What, in words.
    pub what: String,
    /// The due date, written out.
    pub due: String,
    /// Patients matching.
    pub patients: u64,
    /// Of them without an e-mail address (they will be skipped).
    pub without_email: u64,
    /// Of them who refused or withdrew consent (they will be skipped).
    pub without_consent: u64,
    /// The form's key.
    pub key: String,
}

/// One patient's outcome in a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRow {
    /// The patient's name.
    pub name: String,
    /// The date of birth.
    pub born: String,
    /// The outcome's code.
    pub outcome: String,
    /// The outcome in words.
    pub text: String,
    /// The request's page, when sent.
    pub href: Option<String>,
}

/// A batch's outcomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcomes {
    /// What, in words.
    pub what: String,
    /// Whom, in words.
    pub whom: String,
    /// The due date.
    pub due: String,
    /// Each outcome with how many patients had it.
    pub counts: Vec<(String, u64)>,
    /// Every patient, by name.
    pub rows: Vec<OutcomeRow>,
}

/// The outcome codes, in the order they are listed, with their words.
pub const OUTCOMES: [(&str, T); 5] = [
    ("sent", T::BatchSent),
    ("already_open", T::BatchAlreadyOpen),
    ("no_email", T::BatchNoEmail),
    ("no_consent", T::BatchNoConsent),
    ("not_allowed", T::BatchNotAllowed),
];

#[cfg(feature = "ssr")]
fn outcome_words(lang: Lang, code: &str) -> &'static str {
    OUTCOMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, text)| lang.t(*text))
}

/// Reading the form and sending (server only).
#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::access::capability::{professional_may, Capability};
    use crate::access::server::Session;
    use crate::db::{timestamp, StoreError};
    use crate::organisations::Membership;
    use crate::patients::PatientId;
    use crate::requests::server::{
        resolve, send_in, NewRequest, RequestError, Requester, Resolved,
    };
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
        let row =
            sqlx::query("SELECT id FROM batches WHERE form_key = $1 AND organisation_id = $2")
                .bind(key)
                .bind(organisation)
                .fetch_optional(state.store.pool())
                .await?;
        row.map(|row| row.try_get("id"))
            .transpose()
            .map_err(StoreError::from)
    }

    /// The organisation's patients the criteria reach, by name: id, e-mail, consent.
    async fn reached(
        state: &AppState,
        organisation: &str,
        criteria: Criteria,
    ) -> Result<Vec<(PatientId, Option<String>, String)>, StoreError> {
        let today = crate::measurements::clock::today(state.now());
        let born_by = today
            .checked_sub(jiff::Span::new().years(i64::from(criteria.min_age)))
            .unwrap_or(today);
        let consent = if criteria.consent_only {
            " AND p.consent = 'given'"
        } else {
            ""
        };
        let sql = format!(
            "SELECT p.id, p.email, p.consent FROM patients p
             JOIN care_network c ON c.patient_id = p.id
             WHERE c.organisation_id = $1 AND p.birth_date <= $2{consent}
             ORDER BY p.name, p.id LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(organisation)
            .bind(born_by.to_string())
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

    /// Sends the checked form to every patient it reaches (one request each, through the
    /// guard, logged), noting each patient's outcome with it in one transaction; the batch's
    /// id. A form sent again (the same key) goes on with the patients that have no outcome
    /// yet; a patient two runs reach at once gets one request.
    pub async fn send_all(
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
        let template = NewRequest {
            patient: PatientId(0),
            ask: checked.ask.clone(),
            due: checked.due,
            reminders: checked.reminders,
            repeat_months: checked.repeat_months,
        };
        // What it asks is resolved once for the whole list.
        let resolved = match resolve(&state.store, &template, now).await {
            Ok(resolved) => resolved,
            Err(RequestError::Store(e)) => return Err(e.into()),
            Err(_) => return Err(AppError::BadRequest),
        };
        let patients = reached(state, organisation, checked.criteria).await?;
        if patients.len() as i64 > MAX_PATIENTS {
            return Err(AppError::BadRequest);
        }
        let made = sqlx::query(
            "INSERT INTO batches (organisation_id, requested_by, form_key, what, due_on,
                                  selection, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (form_key) DO NOTHING RETURNING id",
        )
        .bind(organisation)
        .bind(session.account_id.0)
        .bind(key)
        .bind(&what)
        .bind(checked.due.to_string())
        .bind(whom(checked, lang))
        .bind(timestamp(now))
        .fetch_optional(state.store.pool())
        .await
        .map_err(StoreError::from)?;
        let batch: i64 = match made {
            Some(row) => {
                let batch = row.try_get("id").map_err(StoreError::from)?;
                if let Some(name) = &checked.save_as {
                    save_selection(state, session, organisation, name, checked.criteria).await?;
                }
                batch
            }
            None => {
                // The same form again: it must ask the same, by the same day.
                let row = sqlx::query(
                    "SELECT id, what, due_on FROM batches
                     WHERE form_key = $1 AND organisation_id = $2",
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
                        == checked.due.to_string();
                if !same {
                    return Err(AppError::BadRequest);
                }
                row.try_get("id").map_err(StoreError::from)?
            }
        };
        let done: std::collections::HashSet<i64> =
            sqlx::query("SELECT patient_id FROM batch_outcomes WHERE batch_id = $1")
                .bind(batch)
                .fetch_all(state.store.pool())
                .await
                .map_err(StoreError::from)?
                .iter()
                .map(|row| row.try_get("patient_id"))
                .collect::<Result<_, _>>()
                .map_err(StoreError::from)?;
        for (patient, _, _) in patients {
            if done.contains(&patient.0) {
                continue;
            }
            let new = NewRequest {
                patient,
                ..template.clone()
            };
            send_one(state, session, batch, &new, &resolved, &what, client).await?;
        }
        Ok(batch)
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
    /// first, so a patient is done once), the check for one still open, and the request.
    async fn send_one(
        state: &AppState,
        session: &Session,
        batch: i64,
        new: &NewRequest,
        resolved: &Resolved,
        what: &str,
        client: Option<&str>,
    ) -> Result<(), AppError> {
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
            Err(_) => return authorised.map(|_| ()),
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
            return Ok(());
        }
        let Some(by) = by else {
            tx.commit().await.map_err(StoreError::from)?;
            return Ok(());
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
                    let preview =
                        preview(&state, organisation, &checked, titles, key, lang).await?;
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
        let (state, _, membership) = crate::access::organisation_records(
            Capability::SendQuestionnaire,
            &format!("batch:{id}"),
        )
        .await?;
        let lang = crate::ui::current_lang();
        let batch = sqlx::query(
            "SELECT what, due_on, selection FROM batches WHERE id = $1 AND organisation_id = $2",
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
            due: due.parse::<Date>().map(|d| lang.date(d)).unwrap_or(due),
            counts,
            rows,
        })
    }
}

/// The list page's data: the form, and with `count` how many patients it reaches.
#[server(endpoint = "requests/list")]
pub async fn load_list(form: ListForm, count: bool) -> Result<ListShown, AppError> {
    crate::error::answer(server::page(form, count).await)
}

/// A batch's outcomes.
#[server(endpoint = "requests/batch")]
pub async fn batch_outcomes(id: i64) -> Result<Outcomes, AppError> {
    crate::error::answer(server::outcomes(id).await)
}

/// The form's fields again, hidden, for the send button under the count.
fn hidden(form: &ListForm) -> impl IntoView {
    [
        ("selectie", form.selectie.clone()),
        ("leeftijd", form.leeftijd.clone()),
        ("toestemming", form.toestemming.clone()),
        ("ask", form.ask.clone()),
        ("due", form.due.clone()),
        ("reminders", form.reminders.clone()),
        ("herhalen", form.herhalen.clone()),
        ("opslaan", form.opslaan.clone()),
    ]
    .into_iter()
    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
    .collect_view()
}

/// `/verzoeken/lijst`: choose whom (an age, or a saved selection), what and by when; see how
/// many patients it is; send.
#[component]
pub fn SendToListPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let (form, count) = {
        let query = use_query_map().read_untracked();
        let get = |key: &str| query.get(key).unwrap_or_default();
        (
            ListForm {
                selectie: get("selectie"),
                leeftijd: get("leeftijd"),
                toestemming: get("toestemming"),
                ask: get("ask"),
                due: get("due"),
                reminders: get("reminders"),
                herhalen: get("herhalen"),
                opslaan: get("opslaan"),
                key: String::new(),
            },
            query.get("tellen").is_some(),
        )
    };
    let data = Resource::new(move || (), move |_| load_list(form.clone(), count));
    view! {
        <Title text=lang.t(T::BatchTitle)/>
        <h1>{lang.t(T::BatchTitle)}</h1>
        <p class="lead">{lang.t(T::BatchIntro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, |page: ListShown| {
                    if let Some(preview) = page.preview {
                        return view! { <Confirm preview form=page.form/> }.into_any();
                    }
                    view! { <ListFormView page/> }.into_any()
                })
            })}
        </Suspense>
    }
}

/// The count, and the button that sends.
#[component]
fn Confirm(preview: Preview, form: ListForm) -> impl IntoView {
    let lang = use_lang();
    let back = format!("{BATCH_PATH}?{}", form.query());
    let repeat = form
        .herhalen
        .parse::<u8>()
        .ok()
        .map(|months| view! { <p>{crate::requests::text::repeats_every(lang, months)}</p> });
    let skipped = (preview.without_email + preview.without_consent > 0).then(|| {
        view! {
            <p>{crate::requests::text::batch_skipped(lang, preview.without_email, preview.without_consent)}</p>
        }
    });
    view! {
        <div class="notice" role="status" tabindex="-1" autofocus data-testid="preview">
            <h2>{crate::requests::text::batch_count(lang, preview.patients)}</h2>
            <p>{crate::requests::text::batch_summary(lang, &preview.what, &preview.whom, &preview.due)}</p>
            {skipped}
        </div>
        {repeat}
        {if preview.patients == 0 {
            view! {
                <p data-testid="none">{lang.t(T::BatchNone)}</p>
                <p><a href=back>{lang.t(T::BatchChange)}</a></p>
            }
            .into_any()
        } else {
            view! {
                <form class="stacked-form" method="post" action=BATCH_PATH>
                    {hidden(&form)}
                    <input type="hidden" name="key" value=preview.key/>
                    <div class="form-buttons">
                        <button type="submit" class="primary">
                            {crate::requests::text::batch_send(lang, preview.patients)}
                        </button>
                        <a href=back>{lang.t(T::BatchChange)}</a>
                    </div>
                </form>
            }
            .into_any()
        }}
    }
}

/// The form: whom, what, by when.
#[component]
fn ListFormView(page: ListShown) -> impl IntoView {
    let lang = use_lang();
    let form = page.form;
    let problems = page.problems;
    let invalid = {
        let problems = problems.clone();
        move |input: &str| {
            problems
                .iter()
                .any(|p| p.input() == input)
                .then_some("true")
        }
    };
    let summary = (!problems.is_empty()).then(|| {
        let items = problems
            .iter()
            .map(|p| view! { <li><a href=format!("#{}", p.input())>{p.message(lang)}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="problems">
                <h2>{lang.t(T::BatchProblemsTitle)}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let by_age = !form.selectie.starts_with("sel-");
    let saved = page
        .selections
        .iter()
        .map(|s| {
            let value = format!("sel-{}", s.id);
            let id = format!("selectie-{}", s.id);
            let checked = form.selectie == value;
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="selectie" value=value checked=checked/>
                    <label for=id>{s.name.clone()}" ("{s.description.clone()}")"</label>
                </div>
            }
        })
        .collect_view();
    let asks = page
        .asks
        .iter()
        .map(|(value, label)| {
            view! { <option value=value.clone() selected=*value == form.ask>{label.clone()}</option> }
        })
        .collect_view();
    view! {
        {summary}
        <form class="stacked-form" method="get" action=BATCH_PATH>
            <input type="hidden" name="tellen" value="1"/>
            <fieldset>
                <legend>{lang.t(T::BatchWho)}</legend>
                <div class="choice">
                    <input type="radio" id="selectie-leeftijd" name="selectie" value="leeftijd" checked=by_age/>
                    <label for="selectie-leeftijd">{lang.t(T::BatchByAge)}</label>
                </div>
                <label for="leeftijd">{lang.t(T::BatchMinAge)}</label>
                <input type="number" id="leeftijd" name="leeftijd" min="0" max="120" inputmode="numeric"
                    value=form.leeftijd.clone() aria-invalid=invalid("leeftijd")/>
                <div class="choice">
                    <input type="checkbox" id="toestemming" name="toestemming" value="ja" checked=form.toestemming == "ja"/>
                    <label for="toestemming">{lang.t(T::BatchConsentOnly)}</label>
                </div>
                {saved}
            </fieldset>
            <div class="field">
                <label for="opslaan">{lang.t(T::BatchSaveAs)}</label>
                <input type="text" id="opslaan" name="opslaan" maxlength="80" autocomplete="off"
                    value=form.opslaan.clone() aria-invalid=invalid("opslaan")/>
            </div>
            <div class="field">
                <label for="ask">{lang.t(T::WhatLabel)}</label>
                <select id="ask" name="ask" required aria-invalid=invalid("ask")>{asks}</select>
            </div>
            <div class="field">
                <label for="due">{lang.t(T::DueLabel)}</label>
                <input id="due" name="due" type="date" min=page.today required value=form.due.clone()
                    aria-invalid=invalid("due")/>
            </div>
            <div class="choice">
                <input id="reminders" name="reminders" type="checkbox" value="yes" checked=form.reminders == "yes"/>
                <label for="reminders">{lang.t(T::RemindersLabel)}</label>
            </div>
            <crate::requests::desk::RepeatChoice chosen=form.herhalen.clone()/>
            <button type="submit" class="primary">{lang.t(T::BatchCount)}</button>
        </form>
    }
}

/// `/verzoeken/lijst/:id`: what a batch did, per patient.
#[component]
pub fn BatchPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let id: i64 = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
        .unwrap_or(-1);
    let data = Resource::new(move || (), move |_| batch_outcomes(id));
    view! {
        <Title text=lang.t(T::BatchDoneTitle)/>
        <h1>{lang.t(T::BatchDoneTitle)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, |o: Outcomes| {
                    let counts = o
                        .counts
                        .into_iter()
                        .map(|(text, n)| view! { <li>{text}": "{n}</li> })
                        .collect_view();
                    let rows = o
                        .rows
                        .into_iter()
                        .map(|r| {
                            let name = match r.href {
                                Some(href) => view! { <a href=href>{r.name}</a> }.into_any(),
                                None => view! { <span>{r.name}</span> }.into_any(),
                            };
                            view! {
                                <tr data-outcome=r.outcome>
                                    <th scope="row">{name}</th>
                                    <td>{r.born}</td>
                                    <td>{r.text}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="notice" role="status" tabindex="-1" autofocus>
                            <p>{crate::requests::text::batch_summary(lang, &o.what, &o.whom, &o.due)}</p>
                            <ul data-testid="counts">{counts}</ul>
                        </div>
                        <div class="table-scroll">
                            <table class="data" data-testid="outcomes">
                                <caption class="visually-hidden">{lang.t(T::BatchDoneTitle)}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t(T::BatchColumnPatient)}</th>
                                    <th scope="col">{lang.t(T::BatchColumnBorn)}</th>
                                    <th scope="col">{lang.t(T::BatchColumnOutcome)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <p><a href=crate::requests::desk::REQUESTS_PATH>{lang.t(T::BatchToWorklist)}</a></p>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

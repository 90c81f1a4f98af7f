//! Measurements a professional takes at a visit, entered from the patient's page: choose what
//! was measured, type the value (and when, if not just now), save. The reading is the
//! patient's like any other, recorded as entered by that professional at a visit, and every
//! chart and table shows it so (a cross). Through the guard ("enter measurements"), logged;
//! the same form sent twice stores one reading; a refused entry comes back as typed, with a
//! message per field (the typed values wait in a short-lived cookie of the form's own path).

use crate::error::AppError;
use crate::measurements::kind::Kind;
use crate::requests::measure::Form;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What a professional can enter at a visit.
pub const VISIT_KINDS: [Kind; 6] = [
    Kind::BloodPressure,
    Kind::BodyWeight,
    Kind::Glucose,
    Kind::OxygenSaturation,
    Kind::HeartRate,
    Kind::BodyTemperature,
];

/// The cookie that brings a refused entry back to its form.
pub const DRAFT_COOKIE: &str = "meetpunt_bezoek";

/// The visit form's address for patient `id`.
pub fn visit_path(id: i64) -> String {
    format!("{}/{id}/meting", super::pages::PATIENTS_PATH)
}

/// The kind of a form's `soort`, if it is one a professional may enter.
pub fn visit_kind(id: &str) -> Option<Kind> {
    Kind::from_id(id).filter(|k| VISIT_KINDS.contains(k))
}

/// The visit page as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// The patient's record id.
    pub id: i64,
    /// The patient's name.
    pub name: String,
    /// What can be entered: the kind's id and name.
    pub kinds: Vec<(String, String)>,
    /// The kind chosen, if any.
    pub chosen: Option<String>,
    /// Its form, as typed before when it was refused.
    pub form: Option<Form>,
    /// The reading just saved, written out.
    pub saved: Option<String>,
}

/// A refused entry as typed, for the draft cookie.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Draft {
    /// Whose: only that account's form shows it (a shared computer).
    pub account: i64,
    /// The kind's id.
    pub kind: String,
    /// What was typed.
    pub fields: crate::measurements::entry::EntryFields,
    /// What was wrong.
    pub problems: Vec<crate::measurements::entry::EntryProblem>,
}

#[cfg(feature = "ssr")]
impl Draft {
    /// The longest text kept of one input (a cookie holds about 4 KB).
    pub const MAX_INPUT: usize = 40;

    /// The cookie's value, each input cut to [`Draft::MAX_INPUT`] characters.
    pub fn to_cookie_value(&self) -> String {
        let mut draft = self.clone();
        for field in [
            &mut draft.fields.key,
            &mut draft.fields.systolic,
            &mut draft.fields.diastolic,
            &mut draft.fields.pulse,
            &mut draft.fields.value,
            &mut draft.fields.date,
            &mut draft.fields.time,
            &mut draft.fields.reason,
        ] {
            if let Some((cut, _)) = field.char_indices().nth(Self::MAX_INPUT) {
                field.truncate(cut);
            }
        }
        crate::access::percent_encode(&serde_json::to_string(&draft).unwrap_or_default())
    }

    /// Reads [`Draft::to_cookie_value`]; `None` for anything else.
    pub fn from_cookie_value(value: &str) -> Option<Draft> {
        serde_json::from_str(&crate::access::percent_decode(value)?).ok()
    }
}

/// Storing a reading entered at a visit (server only).
#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::access::server::guard::Authorised;
    use crate::audit::{self, Action, Entry};
    use crate::db::{Store, StoreError};
    use crate::measurements::clock::instant;
    use crate::measurements::entry::{check_entry, EntryFields, EntryProblem};
    use crate::measurements::reading::{EnteredBy, Provenance, Reading, TimeRules};
    use crate::measurements::server::{self as readings, Author, Via};
    use std::time::SystemTime;

    /// Whom a professional's entries name: their account.
    pub fn practitioner(authorised: &Authorised) -> EnteredBy {
        EnteredBy::Professional {
            practitioner: format!("account-{}", authorised.session().account_id.0),
        }
    }

    /// Whether the patient has a reading with this form's key: `Some(true)` when it is this
    /// professional's visit entry (the same form sent again), `Some(false)` for any other.
    async fn entered_before(
        conn: &mut crate::db::Conn,
        authorised: &Authorised,
        key: &str,
    ) -> Result<Option<bool>, StoreError> {
        use sqlx::Row;
        if key.is_empty() {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT request_id, entered_via, entered_by_account FROM readings
             WHERE patient_id = $1 AND reading_id = $2",
        )
        .bind(authorised.patient().0)
        .bind(key)
        .fetch_optional(conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mine = row.try_get::<Option<i64>, _>("request_id")?.is_none()
            && row.try_get::<String, _>("entered_via")? == Via::Visit.code()
            && row.try_get::<Option<i64>, _>("entered_by_account")?
                == Some(authorised.session().account_id.0);
        Ok(Some(mine))
    }

    /// Stores the reading typed in `fields` for the authorised patient, entered by the
    /// authorised professional at a visit, with its access-log record, in one transaction.
    /// `Ok(Ok(id))` when stored (or stored before by the same form), `Ok(Err(problems))` when
    /// refused (nothing stored).
    pub async fn enter(
        store: &Store,
        authorised: &Authorised,
        kind: Kind,
        mut fields: EntryFields,
        rules: TimeRules,
        client: Option<&str>,
        now: SystemTime,
    ) -> Result<Result<String, Vec<EntryProblem>>, StoreError> {
        let patient = authorised.patient();
        let at = instant(now);
        let account = authorised.session().account_id;
        let mut tx = store.begin().await?;
        match entered_before(&mut tx, authorised, &fields.key).await? {
            // The same form again (a double click): it was stored.
            Some(true) => return Ok(Ok(fields.key)),
            // A key of another reading (an old form kept open): never this form's.
            Some(false) => fields.key.clear(),
            None => {}
        }
        if fields.key.is_empty() {
            fields.key = crate::requests::server::new_key()?;
        }
        let stored = readings::versions(&mut tx, patient, kind).await?;
        let mut record = readings::record(&stored);
        let accepted =
            check_entry(kind, &fields, at, at, rules).and_then(|(value, measured_at)| {
                let reading = Reading {
                    id: fields.key.clone(),
                    kind,
                    value,
                    measured_at,
                };
                let provenance = Provenance {
                    entered_at: at,
                    entered_by: practitioner(authorised),
                    device: None,
                    method: None,
                };
                record
                    .add(reading, provenance, rules)
                    .cloned()
                    .map_err(|e| vec![EntryProblem::refused(e)])
            });
        let measurement = match accepted {
            Ok(measurement) => measurement,
            Err(problems) => return Ok(Err(problems)),
        };
        let author = Author {
            account: Some(account),
            via: Via::Visit,
        };
        if !readings::insert(&mut tx, patient, None, &measurement, author).await? {
            // The same form, sent twice at once, stored by the other request meanwhile.
            tx.rollback().await?;
            let mut conn = store.conn().await?;
            return match entered_before(&mut conn, authorised, &fields.key).await? {
                Some(true) => Ok(Ok(fields.key)),
                _ => Err(StoreError::Query(sqlx::Error::Protocol(
                    "reading key taken".into(),
                ))),
            };
        }
        audit::server::record(
            &mut tx,
            &Entry::of_session(
                authorised.session(),
                patient,
                Action::ReadingSaved,
                format!("reading:{}", measurement.reading.id),
                client,
            ),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(measurement.reading.id))
    }

    /// The page: through the guard, the patient's name, the chosen kind's form (as typed
    /// before, when refused) and the reading just saved.
    pub async fn visit(
        id: i64,
        kind: Option<String>,
        saved: Option<String>,
    ) -> Result<Visit, AppError> {
        use crate::access::capability::Capability;
        use crate::measurements::entry::value_text;
        use sqlx::Row;
        let state = crate::state::AppState::from_context()?;
        let session = crate::access::session();
        // Only a professional enters at a visit: what is stored here is recorded as theirs.
        if session
            .as_ref()
            .is_some_and(|s| s.role != crate::access::Role::Professional)
        {
            return Err(AppError::Forbidden);
        }
        let client = crate::access::client();
        let patient = crate::patients::PatientId(id);
        let authorised = crate::access::server::guard::authorise(
            &state.store,
            session.as_ref(),
            Capability::EnterMeasurements,
            patient,
            client.as_deref(),
            state.now(),
        )
        .await?;
        let lang = crate::ui::current_lang();
        let name: String = sqlx::query("SELECT name FROM patients WHERE id = $1")
            .bind(id)
            .fetch_optional(state.store.pool())
            .await
            .map_err(StoreError::from)?
            .ok_or(AppError::Forbidden)?
            .try_get("name")
            .map_err(StoreError::from)?;
        let kinds = VISIT_KINDS
            .iter()
            .map(|k| (k.id().to_owned(), lang.t(k.info().name).to_owned()))
            .collect();
        let chosen = kind.as_deref().and_then(visit_kind);
        // Shown once: the next visit to the form starts clean.
        let draft = crate::ui::take_page_cookie(DRAFT_COOKIE, &visit_path(id))
            .and_then(|value| Draft::from_cookie_value(&value));
        let draft = draft.filter(|d| {
            Some(d.kind.as_str()) == chosen.map(Kind::id)
                && d.account == authorised.session().account_id.0
        });
        let form = match (chosen, draft) {
            (Some(kind), Some(draft)) => Some(crate::requests::measure::load::form(
                kind,
                draft.fields,
                &draft.problems,
                lang,
            )),
            (Some(kind), None) => Some(crate::requests::measure::load::form(
                kind,
                EntryFields {
                    key: crate::requests::server::new_key()?,
                    ..EntryFields::default()
                },
                &[],
                lang,
            )),
            _ => None,
        };
        // The reading just saved, if this professional entered it for this patient.
        let saved = match saved {
            Some(reading) => {
                let mut conn = state.store.conn().await?;
                let stored = readings::all_versions(&mut conn, patient).await?;
                let mine = practitioner(&authorised);
                stored
                    .into_iter()
                    .map(|s| s.measurement)
                    .find(|m| m.reading.id == reading && m.provenance.entered_by == mine)
                    .map(|m| {
                        format!(
                            "{} ({}), {}",
                            value_text(m.reading.kind, &m.reading.value, lang),
                            lang.t(m.reading.kind.info().name).to_lowercase(),
                            lang.moment(m.reading.measured_at)
                        )
                    })
            }
            None => None,
        };
        Ok(Visit {
            id,
            name,
            kinds,
            chosen: chosen.map(|k| k.id().to_owned()),
            form,
            saved,
        })
    }
}

/// The visit page's data (through the guard, logged).
#[server(endpoint = "patients/visit")]
pub async fn visit_shown(
    id: i64,
    kind: Option<String>,
    saved: Option<String>,
) -> Result<Visit, AppError> {
    crate::error::answer(server::visit(id, kind, saved).await)
}

/// `/patienten/:id/meting`: enter a measurement taken at a visit.
#[component]
pub fn VisitPage() -> impl IntoView {
    use super::text::T;
    use crate::requests::measure::{problems, EntryInputs};
    use crate::requests::pages::ErrorSummary;
    let lang = use_lang();
    crate::requests::pages::no_store();
    let id = crate::ui::route_id();
    let (kind, saved) = {
        let query = use_query_map().read_untracked();
        (query.get("soort"), query.get("opgeslagen"))
    };
    let data = Resource::new(
        move || (),
        move |_| visit_shown(id, kind.clone(), saved.clone()),
    );
    view! {
        <Title text=lang.t(T::VisitTitle)/>
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, |v: Visit| {
                        let path = visit_path(v.id);
                        let saved = v.saved.map(|text| view! {
                            <div class="notice saved" role="status" tabindex="-1" autofocus data-testid="saved">
                                <h2>{lang.t(T::VisitSaved)}</h2>
                                <p>{text}</p>
                            </div>
                        });
                        let chosen = v.chosen.clone();
                        let kinds = v
                            .kinds
                            .into_iter()
                            .map(|(kind, name)| {
                                let current = (Some(&kind) == chosen.as_ref()).then_some("page");
                                view! { <li><a href=format!("{path}?soort={kind}") aria-current=current>{name}</a></li> }
                            })
                            .collect_view();
                        let form = v.form.map(|form| {
                            let problems = problems(&form);
                            let kind = v.chosen.clone().unwrap_or_default();
                            view! {
                                <ErrorSummary problems/>
                                <form class="stacked-form entry" id="entry-form" method="post" action=path.clone()>
                                    <input type="hidden" name="soort" value=kind/>
                                    <EntryInputs form/>
                                    <div class="form-buttons">
                                        <button type="submit" class="primary">{lang.t(T::VisitSave)}</button>
                                    </div>
                                </form>
                            }
                        });
                        view! {
                            <h1>{lang.t(T::VisitTitle)}</h1>
                            <p class="lead">{crate::patients::text::visit_for(lang, &v.name)}</p>
                            {saved}
                            <h2>{lang.t(T::VisitChoose)}</h2>
                            <ul class="choices" data-testid="kinds">{kinds}</ul>
                            {form}
                            <p><a href=format!("{}/{}", super::pages::PATIENTS_PATH, v.id)>{lang.t(T::VisitBack)}</a></p>
                        }
                        .into_any()
                })
            })}
        </Suspense>
    }
}

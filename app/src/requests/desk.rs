//! The professional's side of requests, plain pages for now (the worklist and charts come
//! with the professionals' workspace): the organisation's requests, sending one, and one
//! request with its answers and scores. Every page asks the guard.

use crate::error::AppError;
use crate::requests::text::T;
use crate::ui::error_page::or_error;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Where the list and the form live.
pub const REQUESTS_PATH: &str = "/verzoeken";
/// The form to send one.
pub const NEW_REQUEST_PATH: &str = "/verzoeken/nieuw";

/// The protocols a professional can ask for, with their names.
#[cfg(feature = "ssr")]
pub(crate) const PROTOCOLS: [(&str, T); 3] = [
    ("blood-pressure-week", T::ProtocolBloodPressureWeekOption),
    ("daily-weight", T::ProtocolDailyWeightOption),
    ("glucose-day-curve", T::ProtocolGlucoseOption),
];

/// What the send form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    /// The organisation's patients: id and "name (date of birth)".
    pub patients: Vec<(i64, String)>,
    /// What may be asked: `instrument:ID` or `protocol:NAME`, and its name.
    pub asks: Vec<(String, String)>,
    /// Today, the earliest due date.
    pub today: String,
}

/// One request for the professional.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    /// The patient's name.
    pub patient: String,
    /// What was asked.
    pub what: String,
    /// The due date.
    pub due: String,
    /// Its status, in words.
    pub status: String,
    /// Each scale: name, score "7 (0–15)", band, whether complete.
    pub scales: Vec<(String, String, String)>,
    /// Each shown question with its answer.
    pub answers: Vec<(String, String)>,
    /// Who entered it, how and when, in words.
    pub entered: Option<String>,
    /// Where the instrument comes from.
    pub source: String,
    /// A measurement request (else a questionnaire).
    pub measurements: bool,
    /// The readings entered for it: when, value (with marks), who entered it how.
    pub readings: Vec<(String, String, String)>,
    /// The protocol's evaluation in sentences: the result and the completeness.
    pub outcome: Vec<String>,
    /// The flags' texts.
    pub flags: Vec<String>,
    /// The result as one line for the GP system's journal, once there is one.
    pub his: Option<String>,
    /// Whether the professional may send it again or call it off (open, their
    /// organisation's, their right).
    pub may_manage: bool,
    /// How it repeats (or why that stopped), in words, when it repeats.
    pub repeat: Option<String>,
    /// The next request of its series, once made.
    pub next: Option<i64>,
}

/// A request's status in words.
pub fn status_text(lang: crate::ui::i18n::Lang, status: crate::requests::status::Status) -> String {
    use crate::requests::status::Status;
    lang.t(match status {
        Status::Sent => T::StatusSent,
        Status::Opened => T::StatusOpened,
        Status::InProgress => T::StatusInProgress,
        Status::Completed => T::StatusCompleted,
        Status::Expired => T::StatusExpired,
        Status::Cancelled => T::StatusCancelled,
    })
    .to_owned()
}

#[cfg(feature = "ssr")]
pub(crate) mod load {
    use super::*;
    use crate::access::capability::Capability;
    use crate::requests::server::{self as requests};
    use crate::requests::{protocol_title, Asked, RequestId};
    use crate::state::AppState;
    use crate::ui::i18n::Lang;

    use crate::access::client;

    /// What a request asks, for people: the questionnaire's title or the protocol's name
    /// (from `Listed::what`: an instrument id or a protocol's name).
    pub async fn titles(state: &AppState, lang: Lang) -> Result<impl Fn(&str) -> String, AppError> {
        let catalogue: Vec<(String, String)> =
            crate::questionnaires::server::list_catalogue(&state.store)
                .await?
                .into_iter()
                .map(|e| (e.id, e.title.get(lang).to_owned()))
                .collect();
        Ok(move |what: &str| {
            let protocol = PROTOCOLS.iter().find(|(name, _)| *name == what);
            match protocol {
                Some((_, key)) => lang.t(*key).to_owned(),
                None => catalogue
                    .iter()
                    .find(|(id, _)| id == what)
                    .map_or_else(|| what.to_owned(), |(_, title)| title.clone()),
            }
        })
    }

    /// What may be asked (`instrument:ID` or `protocol:NAME` with its name), and today.
    pub async fn asks(
        state: &AppState,
        lang: Lang,
    ) -> Result<(Vec<(String, String)>, String), AppError> {
        let mut asks: Vec<(String, String)> =
            crate::questionnaires::server::list_catalogue(&state.store)
                .await?
                .into_iter()
                .map(|e| (format!("instrument:{}", e.id), e.title.get(lang).to_owned()))
                .collect();
        for (name, key) in PROTOCOLS {
            asks.push((format!("protocol:{name}"), lang.t(key).to_owned()));
        }
        let today = crate::measurements::clock::today(state.now()).to_string();
        Ok((asks, today))
    }

    pub async fn choices() -> Result<Choices, AppError> {
        let (state, _, membership) =
            crate::access::organisation_records(Capability::SendQuestionnaire, "requests").await?;
        let lang = crate::ui::current_lang();
        let patients = requests::organisation_patients(&state.store, &membership.organisation)
            .await?
            .into_iter()
            .map(|(id, name, born)| (id.0, format!("{name} ({born})")))
            .collect();
        let (asks, today) = asks(&state, lang).await?;
        Ok(Choices {
            patients,
            asks,
            today,
        })
    }

    /// How a request repeats, or why its series stopped at it.
    fn repeat_text(
        lang: crate::ui::i18n::Lang,
        repeat: &crate::requests::server::Repeat,
        status: crate::requests::status::Status,
    ) -> String {
        use crate::requests::repeat::Stopped;
        let why = match repeat.stopped {
            _ if repeat.next.is_some() => None,
            Some(Stopped::Unanswered) => Some(T::RepeatStoppedUnanswered),
            Some(Stopped::NoEmail) => Some(T::RepeatStoppedNoEmail),
            Some(Stopped::NoConsent) => Some(T::RepeatStoppedNoConsent),
            Some(Stopped::NoCareRelationship) => Some(T::RepeatStoppedNoCareRelationship),
            Some(Stopped::CannotRepeat) => Some(T::RepeatStoppedCannotRepeat),
            None if status == crate::requests::status::Status::Cancelled => {
                Some(T::RepeatStoppedCancelled)
            }
            None => None,
        };
        match why {
            Some(why) => lang.t(why).to_owned(),
            None => crate::requests::text::repeats_every_months(lang, repeat.months),
        }
    }

    pub async fn shown(id: i64) -> Result<Shown, AppError> {
        let state = AppState::from_context()?;
        let session = crate::access::session();
        let client = client();
        let (detail, _) = super::super::results::reach(
            &state,
            session.as_ref(),
            RequestId(id),
            client.as_deref(),
        )
        .await?;
        let lang = crate::ui::current_lang();
        let may_manage = !detail.status.is_final()
            && session
                .as_ref()
                .and_then(|s| s.membership.as_ref())
                .is_some_and(|m| {
                    m.organisation == detail.organisation
                        && crate::access::capability::professional_may(
                            m.kind,
                            m.level,
                            super::super::manage::sending_capability(&detail.asked),
                        )
                });
        let (what, source, definition) = match &detail.asked {
            Asked::Questionnaire {
                instrument,
                version,
            } => {
                let definition = crate::questionnaires::server::load_definition(
                    &state.store,
                    instrument,
                    version,
                )
                .await?;
                (
                    format!("{} ({version})", definition.title.get(lang)),
                    definition.source.clone(),
                    Some(definition),
                )
            }
            Asked::Measurements(p) => {
                // The professional's name of the protocol ("Bloeddrukweek (thuismetingen)");
                // the patient's wording for any other.
                let what = PROTOCOLS
                    .iter()
                    .find(|(name, _)| *name == p.name())
                    .map_or_else(|| protocol_title(p, lang), |(_, key)| lang.t(*key));
                (what.to_owned(), String::new(), None)
            }
        };
        let his = match (&detail.response, &definition) {
            (Some(response), Some(definition)) => {
                Some(super::super::results::his_line(definition, response, lang))
            }
            _ => None,
        };
        let (scales, answers, entered) = match (&detail.response, &definition) {
            (Some(response), Some(definition)) => {
                let scales = response
                    .scores
                    .scales
                    .iter()
                    .map(|s| {
                        let score = s.score.map_or_else(
                            || "—".to_owned(),
                            |v| {
                                format!(
                                    "{} ({}–{})",
                                    lang.number(v),
                                    lang.number(s.min),
                                    lang.number(s.max)
                                )
                            },
                        );
                        let band = s
                            .band
                            .as_ref()
                            .map(|b| match lang {
                                Lang::Nl => b.label_nl.clone(),
                                Lang::En => b.label_en.clone(),
                            })
                            .unwrap_or_default();
                        (s.scale.clone(), score, band)
                    })
                    .collect();
                let answers = crate::requests::flow::review(definition, &response.answers, lang)
                    .rows
                    .into_iter()
                    .map(|(q, a, _)| (q, a))
                    .collect();
                let how = match (response.entered_by.as_str(), response.entered_via.as_str()) {
                    ("patient", "link") => lang.t(T::EnteredByPatientLink).to_owned(),
                    ("patient", "account") => lang.t(T::EnteredByPatientAccount).to_owned(),
                    ("professional", "visit") => lang.t(T::EnteredTogether).to_owned(),
                    ("carer", _) => crate::requests::text::entered_by_carer(
                        lang,
                        response.entered_by_name.as_deref().unwrap_or("—"),
                    ),
                    (by, via) => format!("{by} ({via})"),
                };
                let when = crate::db::parse_timestamp(&response.submitted_at)
                    .ok()
                    .and_then(|t| jiff::Timestamp::try_from(t).ok())
                    .map(|t| lang.moment(t))
                    .unwrap_or_default();
                (scales, answers, Some(format!("{how}, {when}")))
            }
            _ => (Vec::new(), Vec::new(), None),
        };
        let series = match &detail.asked {
            Asked::Measurements(protocol) => {
                Some(super::super::results::series(&state, &detail, protocol, lang).await?)
            }
            Asked::Questionnaire { .. } => None,
        };
        let measurements = series.is_some();
        let (readings, outcome, flags) = series.unwrap_or_default();
        // A series' line: what, its result and completeness, and the day it was looked at.
        let his = his.or_else(|| {
            (measurements && !readings.is_empty()).then(|| {
                let today = crate::measurements::clock::today(state.now());
                format!(
                    "{what}: {}, {}",
                    outcome.join(" "),
                    today.strftime("%d-%m-%Y")
                )
            })
        });
        let repeat = detail
            .repeat
            .as_ref()
            .map(|r| repeat_text(lang, r, detail.status));
        Ok(Shown {
            next: detail.repeat.and_then(|r| r.next).map(|n| n.0),
            repeat,
            may_manage,
            his,
            measurements,
            readings,
            outcome,
            flags,
            patient: detail.patient_name,
            what,
            due: detail.due,
            status: status_text(lang, detail.status),
            scales,
            answers,
            entered,
            source,
        })
    }
}

/// What the send form offers.
#[server(endpoint = "requests/choices")]
pub async fn request_choices() -> Result<Choices, AppError> {
    crate::error::answer(load::choices().await)
}

/// One request with its response.
#[server(endpoint = "requests/shown")]
pub async fn request_shown(id: i64) -> Result<Shown, AppError> {
    crate::error::answer(load::shown(id).await)
}

/// The send forms' "Herhalen": once, or every 3, 6, 12 or 24 months.
#[component]
pub fn RepeatChoice(
    /// The months chosen before (empty: once).
    #[prop(optional)]
    chosen: String,
) -> impl IntoView {
    let lang = use_lang();
    let options = crate::requests::REPEAT_MONTHS
        .into_iter()
        .map(|months| {
            let value = months.to_string();
            let selected = value == chosen;
            view! { <option value=value selected=selected>{crate::requests::text::every_months(lang, months)}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="herhalen">{lang.t(T::RepeatLabel)}</label>
            <p class="hint" id="herhalen-hint">{lang.t(T::RepeatHint)}</p>
            <select id="herhalen" name="herhalen" aria-describedby="herhalen-hint">
                <option value="">{lang.t(T::RepeatOnce)}</option>
                {options}
            </select>
        </div>
    }
}

/// `/verzoeken/nieuw`: choose a patient, what, a due date; send.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let lang = use_lang();
    let problem = use_query_map()
        .read_untracked()
        .get("probleem")
        .and_then(|code| match code.as_str() {
            "geen-email" => Some(T::SendProblemNoEmail),
            "geen-toestemming" => Some(T::SendProblemNoConsent),
            "datum" => Some(T::SendProblemDue),
            "kies" => Some(T::SendProblemChoose),
            _ => None,
        });
    // Sent from a patient's page, the form starts with that patient chosen.
    let chosen: Option<i64> = use_query_map()
        .read_untracked()
        .get("patient")
        .and_then(|id| id.parse().ok());
    let choices = Resource::new(|| (), |_| request_choices());
    view! {
        <Title text=lang.t(T::NewRequestTitle)/>
        <h1>{lang.t(T::NewRequestTitle)}</h1>
        <p><a href=crate::requests::batch::BATCH_PATH>{lang.t(T::BatchLink)}</a></p>
        {problem.map(|p| view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus><p>{lang.t(p)}</p></div>
        })}
        <Suspense>
            {move || Suspend::new(async move {
                or_error(choices.await, |c: Choices| {
                    let patients = c
                        .patients
                        .into_iter()
                        .map(|(id, label)| {
                            view! { <option value=id.to_string() selected=chosen == Some(id)>{label}</option> }
                        })
                        .collect_view();
                    let asks = c
                        .asks
                        .into_iter()
                        .map(|(value, label)| view! { <option value=value>{label}</option> })
                        .collect_view();
                    view! {
                        <form class="stacked-form" method="post" action=REQUESTS_PATH>
                            <div class="field">
                                <label for="patient">{lang.t(T::PatientLabel)}</label>
                                <select id="patient" name="patient" required>{patients}</select>
                            </div>
                            <div class="field">
                                <label for="ask">{lang.t(T::WhatLabel)}</label>
                                <select id="ask" name="ask" required>{asks}</select>
                            </div>
                            <div class="field">
                                <label for="due">{lang.t(T::DueLabel)}</label>
                                <input id="due" name="due" type="date" min=c.today.clone() required/>
                            </div>
                            <div class="choice">
                                <input id="reminders" name="reminders" type="checkbox" value="yes"/>
                                <label for="reminders">{lang.t(T::RemindersLabel)}</label>
                            </div>
                            <RepeatChoice/>
                            <button type="submit" class="primary">{lang.t(T::SendButton)}</button>
                        </form>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// `/verzoeken/:id`: the request, and once answered its scores and answers.
#[component]
pub fn RequestPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id();
    let shown = Resource::new(move || (), move |_| request_shown(id));
    // What sending the invitation again did, once.
    let resent = use_query_map()
        .read_untracked()
        .get("opnieuw")
        .and_then(|code| {
            Some(lang.t(match code.as_str() {
                "verstuurd" => T::ResendDone,
                "gesloten" => T::ResendClosed,
                "geen-email" => T::ResendNoEmail,
                "geen-toestemming" => T::ResendNoConsent,
                _ => return None,
            }))
        });
    view! {
        <Title text=lang.t(T::DetailTitle)/>
        <Suspense>
            {move || Suspend::new(async move {
                or_error(shown.await, |s: Shown| {
                    let scales = s
                        .scales
                        .into_iter()
                        .map(|(scale, score, band)| view! {
                            <tr><th scope="row">{scale}</th><td>{score}</td><td>{band}</td></tr>
                        })
                        .collect_view();
                    let answers = s
                        .answers
                        .into_iter()
                        .map(|(q, a)| view! { <div class="review-row"><dt>{q}</dt><dd>{a}</dd></div> })
                        .collect_view();
                    view! {
                        <h1>{s.what.clone()}</h1>
                        <dl class="facts">
                            <dt>{lang.t(T::ColumnPatient)}</dt><dd>{s.patient}</dd>
                            <dt>{lang.t(T::ColumnDue)}</dt><dd>{s.due}</dd>
                            <dt>{lang.t(T::ColumnStatus)}</dt><dd data-testid="status">{s.status}</dd>
                            {s.repeat.map(|repeat| view! {
                                <dt>{lang.t(T::RepeatLabel)}</dt>
                                <dd data-testid="repeat">
                                    {repeat}
                                    {s.next.map(|next| view! {
                                        " " <a href=format!("{REQUESTS_PATH}/{next}")>{lang.t(T::RepeatNextLink)}</a>
                                    })}
                                </dd>
                            })}
                        </dl>
                        {resent.map(|text| view! {
                            <div class="notice" role="status" tabindex="-1" autofocus data-testid="resent"><p>{text}</p></div>
                        })}
                        {(s.may_manage && !s.measurements).then(|| view! {
                            <form class="inline-form" method="post" action=format!("{REQUESTS_PATH}/{id}/samen")>
                                <p class="hint" id="together-hint">{lang.t(T::TogetherHint)}</p>
                                <button type="submit" aria-describedby="together-hint" data-testid="together">{lang.t(T::TogetherButton)}</button>
                            </form>
                        })}
                        {s.may_manage.then(|| view! {
                            <form class="inline-form" method="post" action=format!("{REQUESTS_PATH}/{id}/opnieuw")>
                                <p class="hint" id="resend-hint">{lang.t(T::ResendHint)}</p>
                                <button type="submit" aria-describedby="resend-hint" data-testid="resend">{lang.t(T::ResendButton)}</button>
                            </form>
                            <form class="inline-form" method="post" action=format!("{REQUESTS_PATH}/{id}/annuleren")>
                                <p class="hint" id="cancel-hint">{lang.t(T::CancelHint)}</p>
                                <button type="submit" aria-describedby="cancel-hint" data-testid="cancel">{lang.t(T::CancelButton)}</button>
                            </form>
                        })}
                        {s.his.map(|his| view! {
                            <h2>{lang.t(T::HisTitle)}</h2>
                            <p class="hint" id="his-hint">{lang.t(T::HisHint)}</p>
                            <textarea id="his" class="his" readonly rows="3" aria-label=lang.t(T::HisTitle) aria-describedby="his-hint" data-testid="his">{his}</textarea>
                            <crate::ui::IslandScripts/>
                            <crate::ui::copy::CopyButton
                                target="his".to_owned()
                                texts=crate::ui::copy::CopyTexts {
                                    label: lang.t(T::CopyButton).to_owned(),
                                    done: lang.t(T::CopyDone).to_owned(),
                                    failed: lang.t(T::CopyFailed).to_owned(),
                                }
                            />
                            <h2>{lang.t(T::FhirTitle)}</h2>
                            <p class="hint" id="fhir-hint">{lang.t(T::FhirHint)}</p>
                            <p>
                                <a class="button" href=super::fhir_download(id) download aria-describedby="fhir-hint" data-testid="fhir">
                                    {lang.t(T::FhirDownload)}
                                </a>
                            </p>
                        })}
                        {if s.measurements {
                            let empty = s.readings.is_empty();
                            let rows = s
                                .readings
                                .into_iter()
                                .map(|(when, value, entered)| view! {
                                    <tr><td>{when}</td><td>{value}</td><td>{entered}</td></tr>
                                })
                                .collect_view();
                            let outcome = s.outcome.into_iter().map(|line| view! { <p>{line}</p> }).collect_view();
                            let flags = (!s.flags.is_empty()).then(|| {
                                let items = s.flags.into_iter().map(|f| view! { <li>{f}</li> }).collect_view();
                                view! { <h2>{lang.t(T::FlagsTitle)}</h2><ul data-testid="flags">{items}</ul> }
                            });
                            view! {
                                <h2>{lang.t(T::EvaluationTitle)}</h2>
                                <div data-testid="outcome">{outcome}</div>
                                {flags}
                                <h2>{lang.t(T::ReadingsTitle)}</h2>
                                {empty.then(|| view! { <p>{lang.t(T::NoReadingsYet)}</p> })}
                                <div class="table-scroll" hidden=empty>
                                    <table class="data" data-testid="readings">
                                        <thead><tr>
                                            <th scope="col">{lang.t(T::ColumnWhen)}</th>
                                            <th scope="col">{lang.t(T::ColumnValue)}</th>
                                            <th scope="col">{lang.t(T::ColumnEnteredBy)}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        } else {
                            match s.entered {
                                None => view! { <p>{lang.t(T::NoResponseYet)}</p> }.into_any(),
                                Some(entered) => view! {
                                    <h2>{lang.t(T::ScoresTitle)}</h2>
                                    <table class="data" data-testid="scores">
                                        <tbody>{scales}</tbody>
                                    </table>
                                    <p class="source">{s.source}</p>
                                    <p>{entered}</p>
                                    <h2>{lang.t(T::AnswersTitle)}</h2>
                                    <dl class="review">{answers}</dl>
                                }
                                .into_any(),
                            }
                        }}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

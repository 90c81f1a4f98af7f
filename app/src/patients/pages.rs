//! The professionals' patient pages: the organisation's patients with a search, and one
//! patient with the charts of a period on one time axis and the requests of that period.
//! Plain server-rendered pages: the search and the period are GET forms.

use super::text::T;
use crate::charts::view::ChartFigure;
use crate::charts::Figure;
use crate::error::AppError;
use crate::ui::error_page::or_error;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The list of patients.
pub const PATIENTS_PATH: &str = "/patienten";

/// A patient in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundRow {
    /// The record's id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// The date of birth, `dd-mm-jjjj`.
    pub born: String,
    /// The BSN masked, or empty.
    pub bsn: String,
    /// The consent for digital networked care, in words.
    pub consent: String,
}

/// A page of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// The patients on this page.
    pub rows: Vec<FoundRow>,
    /// This page's number, from 0.
    pub page: u32,
    /// Whether there is a next page.
    pub more: bool,
    /// Whether a search was given.
    pub searched: bool,
    /// Whether the professional may add patients.
    pub may_add: bool,
}

/// A request in the patient's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The day it was answered, or sent.
    pub day: String,
    /// What was asked.
    pub what: String,
    /// The scores, or where it stands.
    pub result: String,
    /// The request's page.
    pub href: String,
}

/// One patient for the professional.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    /// The record's id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// The date of birth.
    pub born: String,
    /// The BSN masked, or empty.
    pub bsn: String,
    /// The e-mail address, or empty.
    pub email: String,
    /// The consent, in words.
    pub consent: String,
    /// The period shown (its code).
    pub period: String,
    /// The charts.
    pub figures: Vec<Figure>,
    /// The requests of the period, newest first.
    pub events: Vec<Event>,
    /// Whether the professional may send this patient a request.
    pub may_send: bool,
    /// Whether the professional may enter measurements for this patient (at a visit).
    pub may_enter: bool,
}

/// The organisation's patients matching `query`, a page at a time (logged as one access).
#[server(endpoint = "patients/find")]
pub async fn find_patients(query: String, page: u32) -> Result<Found, AppError> {
    crate::error::answer(super::load::find(query, page).await)
}

/// One patient with the charts and requests of `period` (through the guard, logged).
#[server(endpoint = "patients/shown")]
pub async fn patient_shown(id: i64, period: String) -> Result<Shown, AppError> {
    crate::error::answer(super::load::shown(id, super::timeline::Period::parse(&period)).await)
}

fn page_link(query: &str, page: u32) -> String {
    let mut href = format!("{PATIENTS_PATH}?pagina={page}");
    if !query.is_empty() {
        href.push_str(&format!("&zoek={}", crate::access::percent_encode(query)));
    }
    href
}

/// `/patienten`: the organisation's patients, by name, with a search.
#[component]
pub fn PatientsPage() -> impl IntoView {
    let lang = use_lang();
    let query_map = use_query_map().read_untracked();
    let query = query_map.get("zoek").unwrap_or_default();
    let page: u32 = query_map
        .get("pagina")
        .and_then(|p| p.parse().ok())
        .unwrap_or(0)
        .min(10_000);
    let q = query.clone();
    let found = Resource::new(move || (), move |_| find_patients(q.clone(), page));
    view! {
        <Title text=lang.t(T::PatientsTitle)/>
        <h1>{lang.t(T::PatientsTitle)}</h1>
        <form class="search-form" method="get" action=PATIENTS_PATH role="search">
            <div class="field">
                <label for="zoek">{lang.t(T::SearchLabel)}</label>
                <p class="hint" id="zoek-hint">{lang.t(T::SearchHint)}</p>
                <input id="zoek" name="zoek" type="search" value=query.clone()
                    aria-describedby="zoek-hint" autocomplete="off" spellcheck="false"/>
            </div>
            <button type="submit">{lang.t(T::SearchButton)}</button>
        </form>
        <Suspense>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    or_error(found.await, move |found: Found| {
                        let add = found.may_add.then(|| view! {
                            <p class="actions"><a class="button" href=super::record::NEW_PATIENT_PATH>{lang.t(super::record::T::NewLink)}</a></p>
                        });
                        if found.rows.is_empty() {
                            let empty = if found.searched || found.page > 0 {
                                T::NoPatients
                            } else {
                                T::NoPatientsYet
                            };
                            return view! { <p role="status">{lang.t(empty)}</p>{add} }.into_any();
                        }
                        let body = found
                            .rows
                            .into_iter()
                            .map(|r| {
                                let href = format!("{PATIENTS_PATH}/{}", r.id);
                                view! {
                                    <tr>
                                        <th scope="row"><a href=href>{r.name}</a></th>
                                        <td>{r.born}</td>
                                        <td>{r.bsn}</td>
                                        <td data-testid="consent">{r.consent}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let previous = (found.page > 0).then(|| {
                            view! { <a rel="prev" href=page_link(&query, found.page - 1)>{lang.t(T::PreviousPage)}</a> }
                        });
                        let next = found.more.then(|| {
                            view! { <a rel="next" href=page_link(&query, found.page + 1)>{lang.t(T::NextPage)}</a> }
                        });
                        view! {
                            <div class="table-scroll">
                                <table class="data" data-testid="patients">
                                    <caption class="visually-hidden">{lang.t(T::PatientsTitle)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{lang.t(T::ColumnName)}</th>
                                            <th scope="col">{lang.t(T::ColumnBorn)}</th>
                                            <th scope="col">{lang.t(T::ColumnBsn)}</th>
                                            <th scope="col">{lang.t(T::ConsentLabel)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{body}</tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label=lang.t(T::PatientsTitle)>{previous}" "{next}</nav>
                            {add}
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}

/// `/patienten/:id`: one patient, their charts on one time axis and their requests.
#[component]
pub fn PatientPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id();
    let period = use_query_map()
        .read_untracked()
        .get("periode")
        .unwrap_or_default();
    let shown = Resource::new(move || (), move |_| patient_shown(id, period.clone()));
    view! {
        <Title text=lang.t(T::PatientTitle)/>
        <Suspense>
            {move || Suspend::new(async move {
                or_error(shown.await, |s: Shown| {
                    let periods = super::timeline::Period::ALL
                        .into_iter()
                        .map(|p| {
                            let selected = p.code() == s.period;
                            view! { <option value=p.code() selected=selected>{p.label(lang)}</option> }
                        })
                        .collect_view();
                    let no_charts = s.figures.is_empty();
                    let figures = s
                        .figures
                        .into_iter()
                        .map(|figure| view! { <ChartFigure figure/> })
                        .collect_view();
                    let no_events = s.events.is_empty();
                    let events = s
                        .events
                        .into_iter()
                        .map(|e| view! {
                            <tr>
                                <td>{e.day}</td>
                                <th scope="row"><a href=e.href>{e.what}</a></th>
                                <td>{e.result}</td>
                            </tr>
                        })
                        .collect_view();
                    let none = lang.t(T::NoEmail).to_owned();
                    view! {
                        <h1>{s.name}</h1>
                        <dl class="facts">
                            <dt>{lang.t(T::ColumnBorn)}</dt><dd>{s.born}</dd>
                            {(!s.bsn.is_empty()).then(|| view! { <dt>{lang.t(T::ColumnBsn)}</dt><dd>{s.bsn.clone()}</dd> })}
                            <dt>{lang.t(T::EmailLabel)}</dt>
                            <dd>{if s.email.is_empty() { none } else { s.email }}</dd>
                            <dt>{lang.t(T::ConsentLabel)}</dt><dd>{s.consent}</dd>
                        </dl>
                        <p class="actions">
                            {s.may_send.then(|| view! {
                                <a class="button" href=format!("{}?patient={}", crate::requests::desk::NEW_REQUEST_PATH, s.id)>{lang.t(T::NewRequestForPatient)}</a>
                            })}
                            " "
                            {s.may_enter.then(|| view! {
                                <a class="button" href=super::visit::visit_path(s.id)>{lang.t(T::VisitLink)}</a>
                            })}
                            " "
                            <a class="button" href=super::record::record_path(s.id)>{lang.t(super::record::T::EditLink)}</a>
                        </p>
                        <h2>{lang.t(T::ChartsTitle)}</h2>
                        <form class="inline-form" method="get" action=format!("{PATIENTS_PATH}/{}", s.id)>
                            <label for="periode">{lang.t(T::PeriodLabel)}</label>
                            <select id="periode" name="periode">{periods}</select>
                            <button type="submit">{lang.t(T::ShowButton)}</button>
                        </form>
                        {if no_charts {
                            view! { <p>{lang.t(T::ChartsEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <p class="hint">{lang.t(T::ChartsHint)}" "{lang.t(crate::charts::text::T::MarksKey)}</p>
                                <div class="charts">{figures}</div>
                            }
                            .into_any()
                        }}
                        <h2>{lang.t(T::EventsTitle)}</h2>
                        {if no_events {
                            view! { <p>{lang.t(T::EventsEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll">
                                    <table class="data" data-testid="events">
                                        <caption class="visually-hidden">{lang.t(T::EventsTitle)}</caption>
                                        <thead><tr>
                                            <th scope="col">{lang.t(T::ColumnDay)}</th>
                                            <th scope="col">{lang.t(T::ColumnWhat)}</th>
                                            <th scope="col">{lang.t(T::ColumnResult)}</th>
                                        </tr></thead>
                                        <tbody>{events}</tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        }}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

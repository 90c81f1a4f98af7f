//! Sending one request to many patients at once: everyone of the organisation's patients of
//! at least an age (optionally only those who gave consent), or a saved selection of that
//! kind. The professional first sees how many patients it is, then sends; every patient gets
//! an outcome — sent (with the request), or skipped and why: no e-mail address, no consent,
//! the same still open, or not allowed. Each request goes through the guard and is logged
//! like one sent alone; a form sent twice makes one batch. The patients are fixed when the
//! list is sent; what is not sent while the professional waits (a second, by default) goes
//! on in the background, and the batch's page says how far it is. A professional who leaves
//! the organisation meanwhile sends no more: whoever is left is skipped.

use crate::error::AppError;
use crate::requests::text::T;
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
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
    /// The patients it reaches.
    pub patients: u64,
    /// Whether each of them has an outcome (else it is still being sent).
    pub finished: bool,
    /// Why sending stopped before everyone had their turn, in words.
    pub stopped: Option<String>,
    /// Each outcome with how many patients had it.
    pub counts: Vec<(String, u64)>,
    /// Every patient, by name.
    pub rows: Vec<OutcomeRow>,
}

/// The outcome codes, in the order they are listed, with their words.
pub const OUTCOMES: [(&str, T); 6] = [
    ("sent", T::BatchSent),
    ("already_open", T::BatchAlreadyOpen),
    ("no_email", T::BatchNoEmail),
    ("no_consent", T::BatchNoConsent),
    ("not_allowed", T::BatchNotAllowed),
    ("stopped", T::BatchStopped),
];

#[cfg(feature = "ssr")]
fn outcome_words(lang: Lang, code: &str) -> &'static str {
    OUTCOMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, text)| lang.t(*text))
}

#[cfg(feature = "ssr")]
pub mod background;
#[cfg(feature = "ssr")]
pub mod server;

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

/// `/verzoeken/lijst/:id`: what a batch did, per patient, and while it is being sent how far
/// it is (with a link that shows the page again: nothing refreshes by itself).
#[component]
pub fn BatchPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let id = crate::ui::route_id();
    let data = Resource::new(move || (), move |_| batch_outcomes(id));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, |o: Outcomes| {
                    let title = lang.t(if o.finished { T::BatchDoneTitle } else { T::BatchSendingTitle });
                    let done: u64 = o.counts.iter().map(|(_, n)| n).sum();
                    let progress = (!o.finished).then(|| {
                        view! {
                            <p data-testid="progress">{crate::requests::text::batch_progress(lang, done, o.patients)}</p>
                            <p><a href=format!("{BATCH_PATH}/{id}")>{lang.t(T::BatchRefresh)}</a></p>
                        }
                    });
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
                        <Title text=title/>
                        <h1>{title}</h1>
                        <div class="notice" role="status" tabindex="-1" autofocus>
                            <p>{crate::requests::text::batch_summary(lang, &o.what, &o.whom, &o.due)}</p>
                            {progress}
                            {o.stopped.map(|why| view! { <p data-testid="stopped">{why}</p> })}
                            <ul data-testid="counts">{counts}</ul>
                        </div>
                        <div class="table-scroll">
                            <table class="data" data-testid="outcomes">
                                <caption class="visually-hidden">{title}</caption>
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

//! The pages of a measurement request, reached through the link: what is due now, what is
//! done and what is still to come (from the protocol engine, on the Dutch clock), a form for
//! one reading, the engine's plain advice after saving, and the correction of a reading. Plain
//! forms handled in [`super::routes`]; no JavaScript needed.

use super::pages::{loaded, no_store, token, ErrorSummary};
use crate::error::AppError;
use crate::measurements::entry::{EntryFields, Input};
use crate::requests::text::T;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// The path of a request's readings page.
pub fn readings_path(token: &str) -> String {
    format!("/l/{token}/metingen")
}

/// The path of the correction of one reading.
pub fn correct_path(token: &str, reading: &str) -> String {
    format!("/l/{token}/metingen/{reading}/verbeteren")
}

/// The entry form as shown: kind, values typed, problems.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// A blood-pressure entry (upper, lower, pulse); else one value.
    pub blood_pressure: bool,
    /// The label of the one value, with its unit.
    pub value_label: String,
    /// What was typed (and the form's key).
    pub fields: EntryFields,
    /// Problems, by input name, in the person's language.
    pub errors: Vec<(String, String)>,
}

/// A reading just saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Its id.
    pub id: String,
    /// Value and moment, written out.
    pub text: String,
    /// Whether it counts for the series.
    pub counts: bool,
    /// The engine's advice for flags about it, in the person's language.
    pub advice: Vec<String>,
}

/// One reading in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Its id (to correct it).
    pub id: String,
    /// When it was measured.
    pub when: String,
    /// The value.
    pub value: String,
    /// Whether this is a corrected version.
    pub corrected: bool,
}

/// The readings page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Readings {
    /// The series was completed moments ago: the page only shows what was saved.
    pub completed: bool,
    /// Who asks and what, in a sentence.
    pub ask: String,
    /// What is due now or next; none when nothing is left.
    pub due: Option<String>,
    /// The reading just saved, if the page follows a save.
    pub saved: Option<Saved>,
    /// The form.
    pub form: Form,
    /// The readings entered for this request, newest first.
    pub rows: Vec<Row>,
    /// The sessions' names.
    pub sessions: Vec<String>,
    /// Per day: the day and each session's state.
    pub schedule: Vec<(String, Vec<String>)>,
}

/// The correction page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The reading corrected, written out.
    pub original: String,
    /// The form, filled in with the original.
    pub form: Form,
}

#[cfg(feature = "ssr")]
pub(crate) mod load {
    use super::*;
    use crate::measurements::clock::instant;
    use crate::measurements::entry::value_text;
    use crate::measurements::entry::EntryProblem;
    use crate::measurements::evaluate::{evaluate, SlotState};
    use crate::measurements::kind::{Kind, Value};
    use crate::measurements::reading::Status;
    use crate::requests::entry::{self, EntryDraft};
    use crate::requests::link::Opened;
    use crate::requests::text;
    use crate::requests::{protocol_title, server::new_key};
    use crate::state::AppState;
    use crate::ui::i18n::Lang;

    /// A session's name for people.
    pub fn session_name(name: &str, lang: Lang) -> String {
        let key = match name {
            "morning" => T::SessionMorning,
            "evening" => T::SessionEvening,
            "before-breakfast" => T::SessionBeforeBreakfast,
            "before-lunch" => T::SessionBeforeLunch,
            "before-dinner" => T::SessionBeforeDinner,
            "bedtime" => T::SessionBedtime,
            "day" => T::SessionWholeDay,
            other => return other.to_owned(),
        };
        lang.t(key).to_owned()
    }

    fn slot_state(state: SlotState, lang: Lang) -> &'static str {
        lang.t(match state {
            SlotState::Done => T::SlotDone,
            SlotState::Open => T::SlotOpen,
            SlotState::Upcoming => T::SlotUpcoming,
            SlotState::Partial => T::SlotPartial,
            SlotState::Missed => T::SlotMissed,
        })
    }

    /// The form for `kind` with `fields`, and the problems found when it was sent.
    pub(crate) fn form(
        kind: Kind,
        fields: EntryFields,
        problems: &[EntryProblem],
        lang: Lang,
    ) -> Form {
        let info = kind.info();
        Form {
            blood_pressure: kind == Kind::BloodPressure,
            value_label: format!(
                "{}{}",
                lang.t(info.name),
                info.unit
                    .map(|u| format!(" ({})", lang.t(u)))
                    .unwrap_or_default()
            ),
            fields,
            errors: problems
                .iter()
                .map(|p| (p.input.name().to_owned(), p.message(lang)))
                .collect(),
        }
    }

    /// The refused entry as typed with its problems, if it was this form's (the readings
    /// page's, or the correction of `correcting`).
    fn refused(
        kind: Kind,
        draft: Option<EntryDraft>,
        correcting: Option<&str>,
        lang: Lang,
    ) -> Option<Form> {
        draft
            .filter(|d| d.correcting.as_deref() == correcting)
            .map(|d| form(kind, d.fields, &d.problems, lang))
    }

    /// The opened link of a measurement request (with `just_completed`, also one completed
    /// moments ago: then `true`).
    async fn opened(
        token: &str,
        just_completed: bool,
    ) -> Result<(AppState, Opened, bool), AppError> {
        let (state, _, opened, completed) =
            crate::requests::pages::load::opened_with(token, just_completed).await?;
        if entry::protocol(&opened).is_none() {
            return Err(AppError::NotFound);
        }
        Ok((state, opened, completed))
    }

    pub async fn readings(token: String, saved: Option<String>) -> Result<Readings, AppError> {
        let (state, opened, completed) = opened(&token, true).await?;
        let protocol = entry::protocol(&opened).ok_or(AppError::NotFound)?;
        let lang = crate::ui::current_lang();
        let now = instant(state.now());
        let kind = protocol.schedule().kind;
        let stored = entry::stored(&state.store, opened.patient, protocol).await?;
        let record = crate::measurements::server::record(&stored);
        let current = record.current_readings();
        let thresholds = entry::thresholds(&state.store, &opened.organisation).await?;
        let evaluation = evaluate(protocol, &current, now, &thresholds);
        let due = evaluation.next_due.as_ref().map(|due| {
            let session = session_name(due.slot.session, lang);
            if due.slot.state == SlotState::Open {
                text::due_now(
                    lang,
                    &session,
                    due.slot.done,
                    due.slot.needed,
                    &due.closes.time().strftime("%H:%M").to_string(),
                )
            } else {
                text::due_next(
                    lang,
                    &lang.date(due.opens.date()),
                    &session,
                    &due.opens.time().strftime("%H:%M").to_string(),
                )
            }
        });
        let ours = |id: &str| {
            stored
                .iter()
                .any(|s| s.measurement.reading.id == id && s.is_for(opened.request))
        };
        let saved = saved.filter(|id| ours(id)).and_then(|id| {
            let m = record.current().find(|m| m.reading.id == id)?;
            let counts = !evaluation.ignored.iter().any(|i| i.reading == id);
            let advice = evaluation
                .flags
                .iter()
                .filter(|f| f.reading.as_deref() == Some(id.as_str()) || f.reading.is_none())
                .map(|f| f.advice.get(lang).to_owned())
                .collect();
            Some(Saved {
                text: text::saved_reading(
                    lang,
                    &value_text(kind, &m.reading.value, lang),
                    &lang.moment(m.reading.measured_at),
                ),
                id,
                counts,
                advice,
            })
        });
        let mut rows: Vec<Row> = record
            .current()
            .filter(|m| ours(&m.reading.id))
            .map(|m| Row {
                id: m.reading.id.clone(),
                when: lang.moment(m.reading.measured_at),
                value: value_text(kind, &m.reading.value, lang),
                corrected: m.status == Status::Corrected,
            })
            .collect();
        rows.reverse();
        let draft = entry::entry_draft(&state.store, opened.request).await?;
        let form = match refused(kind, draft, None, lang) {
            Some(form) => form,
            None => {
                let fields = EntryFields {
                    key: new_key()?,
                    ..EntryFields::default()
                };
                form(kind, fields, &[], lang)
            }
        };
        // The schedule around today: two weeks back, a week ahead.
        let today = crate::measurements::clock::local(now).date();
        let window = |day: jiff::civil::Date| {
            let days = (day - today).get_days();
            (-13..=7).contains(&days)
        };
        let sessions: Vec<String> = protocol
            .schedule()
            .sessions
            .iter()
            .map(|s| session_name(&s.name, lang))
            .collect();
        let mut schedule: Vec<(String, Vec<String>)> = Vec::new();
        let mut last_day = None;
        for slot in evaluation.slots.iter().filter(|s| window(s.day)) {
            let cell = text::slot_count(lang, slot.done, slot.needed, slot_state(slot.state, lang));
            if last_day == Some(slot.day) {
                if let Some((_, cells)) = schedule.last_mut() {
                    cells.push(cell);
                }
            } else {
                schedule.push((lang.date(slot.day), vec![cell]));
                last_day = Some(slot.day);
            }
        }
        let title = protocol_title(protocol, lang);
        Ok(Readings {
            completed,
            ask: text::landing_measurements(lang, &opened.organisation_name, title),
            due,
            saved,
            form,
            rows,
            sessions,
            schedule,
        })
    }

    pub async fn correction(token: String, reading: String) -> Result<Correction, AppError> {
        let (state, opened, _) = opened(&token, false).await?;
        let protocol = entry::protocol(&opened).ok_or(AppError::NotFound)?;
        let lang = crate::ui::current_lang();
        let kind = protocol.schedule().kind;
        let stored = entry::stored(&state.store, opened.patient, protocol).await?;
        let record = crate::measurements::server::record(&stored);
        let ours = stored
            .iter()
            .any(|s| s.measurement.reading.id == reading && s.is_for(opened.request));
        let m = record
            .current()
            .find(|m| m.reading.id == reading)
            .filter(|_| ours)
            .ok_or(AppError::NotFound)?;
        let original = text::correcting(
            lang,
            &value_text(kind, &m.reading.value, lang),
            &lang.moment(m.reading.measured_at),
        );
        let draft = entry::entry_draft(&state.store, opened.request).await?;
        let form = match refused(kind, draft, Some(&reading), lang) {
            Some(form) => form,
            None => {
                let local = crate::measurements::clock::local(m.reading.measured_at);
                let n = |v: f64| lang.number(v);
                let mut fields = EntryFields {
                    key: new_key()?,
                    date: local.date().to_string(),
                    time: local.time().strftime("%H:%M").to_string(),
                    ..EntryFields::default()
                };
                match m.reading.value {
                    Value::BloodPressure(bp) => {
                        fields.systolic = n(bp.systolic);
                        fields.diastolic = n(bp.diastolic);
                        fields.pulse = bp.pulse.map(n).unwrap_or_default();
                    }
                    Value::Single(v) => fields.value = n(v),
                }
                form(kind, fields, &[], lang)
            }
        };
        Ok(Correction { original, form })
    }
}

/// The readings page's content.
#[server(endpoint = "link/readings")]
pub async fn link_readings(token: String, saved: Option<String>) -> Result<Readings, AppError> {
    crate::error::answer(load::readings(token, saved).await)
}

/// The correction page's content.
#[server(endpoint = "link/correction")]
pub async fn link_correction(token: String, reading: String) -> Result<Correction, AppError> {
    crate::error::answer(load::correction(token, reading).await)
}

/// One input of the entry form, with its label, hint and message.
#[component]
fn EntryInput(
    input: Input,
    label: String,
    value: String,
    errors: Vec<(String, String)>,
    #[prop(optional)] hint: Option<String>,
    #[prop(default = Some("decimal"))] mode: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let id = input.id();
    let error = errors
        .iter()
        .find(|(name, _)| name == input.name())
        .map(|(_, message)| message.clone());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let invalid = error.as_ref().map(|_| "true");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
            <input type=kind id=id name=input.name() inputmode=mode autocomplete="off" value=value
                aria-invalid=invalid aria-describedby=described/>
        </div>
    }
}

/// The inputs of one reading: the value(s), and when it was measured.
#[component]
pub(crate) fn EntryInputs(form: Form) -> impl IntoView {
    let lang = use_lang();
    let f = form.fields.clone();
    let errors = form.errors.clone();
    let when_given = !f.date.is_empty()
        || !f.time.is_empty()
        || errors
            .iter()
            .any(|(name, _)| name == "date" || name == "time");
    let whole = Some("numeric");
    let values = if form.blood_pressure {
        view! {
            <fieldset class="question" aria-describedby="entry-bp-hint">
                <legend>{lang.t(T::BloodPressureLegend)}</legend>
                <p class="hint" id="entry-bp-hint">{lang.t(T::BloodPressureHint)}</p>
                <EntryInput input=Input::Systolic label=lang.t(T::SystolicLabel).into() value=f.systolic errors=errors.clone() mode=whole/>
                <EntryInput input=Input::Diastolic label=lang.t(T::DiastolicLabel).into() value=f.diastolic errors=errors.clone() mode=whole/>
                <EntryInput input=Input::Pulse label=lang.t(T::PulseLabel).into() value=f.pulse errors=errors.clone() mode=whole/>
            </fieldset>
        }
        .into_any()
    } else {
        view! { <EntryInput input=Input::Value label=form.value_label.clone() value=f.value errors=errors.clone()/> }
            .into_any()
    };
    view! {
        <input type="hidden" name="key" value=f.key/>
        {values}
        <details class="when" open=when_given>
            <summary>{lang.t(T::EarlierSummary)}</summary>
            <EntryInput input=Input::Date label=lang.t(T::DateLabel).into() value=f.date errors=errors.clone() kind="date" mode=None hint=lang.t(T::EarlierHint).to_owned()/>
            <EntryInput input=Input::Time label=lang.t(T::TimeLabel).into() value=f.time errors=errors.clone() kind="time" mode=None/>
        </details>
    }
}

/// The error summary's links: each to its input (the reason to its first choice).
pub(crate) fn problems(form: &Form) -> Vec<(String, String)> {
    form.errors
        .iter()
        .map(|(name, message)| {
            let target = if name == Input::Reason.name() {
                format!("#entry-reason-{REASON_TYPING}")
            } else {
                format!("#entry-{name}")
            };
            (target, message.clone())
        })
        .collect()
}

/// The reasons a patient can give for a correction, as stored.
pub const REASON_TYPING: &str = "typefout";
/// See [`REASON_TYPING`].
pub const REASON_TIME: &str = "tijdstip";

/// A stored correction reason in words.
pub fn reason_text(code: &str, lang: crate::ui::i18n::Lang) -> String {
    match code {
        REASON_TYPING => lang.t(T::ReasonTyping).to_owned(),
        REASON_TIME => lang.t(T::ReasonTime).to_owned(),
        other => other.to_owned(),
    }
}

/// `/l/:token/metingen`: what is due, the form, what was saved, the schedule.
#[component]
pub fn ReadingsPage() -> impl IntoView {
    let lang = use_lang();
    no_store();
    let token = token();
    let saved = use_query_map().read_untracked().get("opgeslagen");
    let data = Resource::new(move || (), {
        let token = token.clone();
        move |_| link_readings(token.clone(), saved.clone())
    });
    view! {
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    loaded(data.await, |r: Readings| {
                        let saved = r.saved.map(|s| {
                            let href = super::measure::correct_path(&token, &s.id);
                            let advice = s
                                .advice
                                .into_iter()
                                .map(|a| view! { <p class="advice">{a}</p> })
                                .collect_view();
                            view! {
                                <div class="notice saved" role="status" tabindex="-1" autofocus data-testid="saved">
                                    <h2>{lang.t(T::SavedTitle)}</h2>
                                    <p>{s.text}</p>
                                    {advice}
                                    {(!s.counts).then(|| view! { <p>{lang.t(T::NotCounted)}</p> })}
                                    {(!r.completed).then(|| view! { <p><a href=href>{lang.t(T::CorrectThisLink)}</a></p> })}
                                </div>
                            }
                        });
                        let problems = problems(&r.form);
                        let action = readings_path(&token);
                        let completed = r.completed;
                        let rows = if r.rows.is_empty() {
                            view! { <p>{lang.t(T::NothingYet)}</p> }.into_any()
                        } else {
                            let rows = r
                                .rows
                                .into_iter()
                                .map(|row| {
                                    let href = correct_path(&token, &row.id);
                                    // The link says which reading, also out of its row.
                                    let link = (!completed).then(|| view! {
                                        <a href=href>{lang.t(T::CorrectLink)}<span class="visually-hidden">{format!(" {}", row.when)}</span></a>
                                    });
                                    view! {
                                        <tr>
                                            <td>{row.when.clone()}</td>
                                            <td>{row.value}{row.corrected.then(|| format!(" ({})", lang.t(T::CorrectedMark)))}</td>
                                            <td>{link}</td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! {
                                <div class="table-scroll">
                                    <table class="data" data-testid="readings">
                                        <thead><tr>
                                            <th scope="col">{lang.t(T::ColumnWhen)}</th>
                                            <th scope="col">{lang.t(T::ColumnValue)}</th>
                                            <th scope="col"><span class="visually-hidden">{lang.t(T::CorrectLink)}</span></th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        };
                        let head = r
                            .sessions
                            .iter()
                            .map(|s| view! { <th scope="col">{s.clone()}</th> })
                            .collect_view();
                        let schedule = r
                            .schedule
                            .into_iter()
                            .map(|(day, cells)| {
                                let cells = cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view();
                                view! { <tr><th scope="row">{day}</th>{cells}</tr> }
                            })
                            .collect_view();
                        view! {
                            <Title text=lang.t(T::MeasureTitle)/>
                            <h1>{lang.t(T::MeasureTitle)}</h1>
                            <p class="lead">{r.ask}</p>
                            {saved}
                            <p class="due" data-testid="due">{r.due.unwrap_or_else(|| lang.t(T::AllDone).to_owned())}</p>
                            {(!completed).then(|| view! {
                                <ErrorSummary problems/>
                                <h2>{lang.t(T::EnterTitle)}</h2>
                                <form class="stacked-form entry" id="entry-form" method="post" action=action>
                                    <EntryInputs form=r.form/>
                                    <div class="form-buttons">
                                        <button type="submit" class="primary">{lang.t(T::SaveReadingButton)}</button>
                                    </div>
                                </form>
                            })}
                            <h2>{lang.t(T::DoneTitle)}</h2>
                            {rows}
                            {(!completed).then(|| view! {
                                <h2>{lang.t(T::ScheduleTitle)}</h2>
                                <div class="table-scroll">
                                    <table class="data" data-testid="schedule">
                                        <thead><tr><th scope="col">{lang.t(T::ColumnDay)}</th>{head}</tr></thead>
                                        <tbody>{schedule}</tbody>
                                    </table>
                                </div>
                            })}
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}

/// `/l/:token/metingen/:reading/verbeteren`: correct one reading; the original is kept.
#[component]
pub fn CorrectionPage() -> impl IntoView {
    let lang = use_lang();
    no_store();
    let token = token();
    let reading = use_params_map()
        .read_untracked()
        .get("reading")
        .unwrap_or_default();
    let data = Resource::new(move || (), {
        let token = token.clone();
        let reading = reading.clone();
        move |_| link_correction(token.clone(), reading.clone())
    });
    view! {
        <Suspense>
            {move || {
                let token = token.clone();
                let reading = reading.clone();
                Suspend::new(async move {
                    loaded(data.await, |c: Correction| {
                        let problems = problems(&c.form);
                        let reason = c.form.fields.reason.clone();
                        let reason_error = c
                            .form
                            .errors
                            .iter()
                            .find(|(name, _)| name == Input::Reason.name())
                            .map(|(_, m)| m.clone());
                        let invalid = reason_error.as_ref().map(|_| "true");
                        let described = reason_error.as_ref().map(|_| "entry-reason-error");
                        let reason_error = reason_error
                            .map(|m| view! { <p class="field-error" id="entry-reason-error">{m}</p> });
                        // No choice made for the person: what went wrong is theirs to say.
                        let choice = |value: &'static str, label: T| {
                            let id = format!("entry-reason-{value}");
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="reason" value=value checked=reason == value/>
                                    <label for=id>{lang.t(label)}</label>
                                </div>
                            }
                        };
                        view! {
                            <Title text=lang.t(T::CorrectTitle)/>
                            <h1>{lang.t(T::CorrectTitle)}</h1>
                            <p class="lead">{c.original}</p>
                            <ErrorSummary problems/>
                            <form class="stacked-form entry" id="entry-form" method="post" action=correct_path(&token, &reading)>
                                <fieldset class="question" id="entry-reason" aria-invalid=invalid aria-describedby=described>
                                    <legend>{lang.t(T::ReasonLegend)}</legend>
                                    {reason_error}
                                    {choice(REASON_TYPING, T::ReasonTyping)}
                                    {choice(REASON_TIME, T::ReasonTime)}
                                </fieldset>
                                <EntryInputs form=c.form/>
                                <div class="form-buttons">
                                    <button type="submit" class="primary">{lang.t(T::SaveCorrectionButton)}</button>
                                </div>
                            </form>
                            <p><a href=readings_path(&token)>{lang.t(T::BackToReadings)}</a></p>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}

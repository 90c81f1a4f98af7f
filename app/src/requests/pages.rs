//! The pages a patient reaches through the link in their mail, without an account: a landing
//! page (a GET changes nothing), the questions step by step, a review, and "received". Every
//! form is a plain post handled in [`super::routes`], so all of it works without JavaScript;
//! with JavaScript the conditional questions react at once (an island).

use crate::error::AppError;
use crate::questionnaires::answers::Answers;
use crate::questionnaires::definition::Item;
use crate::questionnaires::form::QuestionItem;
use crate::questionnaires::live::{Autosave, LiveConditions};
use crate::requests::text::{self, T};
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the "received" page is.
pub const THANKS_PATH: &str = "/ontvangen";

/// What the landing page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Landing {
    /// Who asks.
    pub organisation: String,
    /// What (the questionnaire's or protocol's name).
    pub title: String,
    /// A questionnaire (else measurements).
    pub questionnaire: bool,
    /// About how long it takes, in minutes.
    pub minutes: u64,
    /// The due date, written out.
    pub due: String,
    /// Whether answers were saved before (then "continue").
    pub started: bool,
}

/// One step of the questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The questionnaire's name.
    pub title: String,
    /// This step, from 1.
    pub step: usize,
    /// How many steps there are now.
    pub steps: usize,
    /// The items of the step.
    pub items: Vec<Item>,
    /// The answers saved so far.
    pub values: Answers,
    /// Problems with answers on this step, by item, in the person's language.
    pub errors: Vec<(String, String)>,
    /// The questionnaire's conditions, for the island.
    pub conditions: crate::questionnaires::live::Conditions,
}

/// The review before sending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The questionnaire's name.
    pub title: String,
    /// Question, answer and the step to change it, for every shown question.
    pub rows: Vec<(String, String, usize)>,
    /// What must be put right first, with the step it is on.
    pub errors: Vec<(String, usize)>,
}

#[cfg(feature = "ssr")]
pub(super) mod load {
    use super::*;
    use crate::questionnaires::definition::Definition;
    use crate::requests::link::{self, Opened};
    use crate::requests::{protocol_title, Asked};
    use crate::state::AppState;
    use crate::ui::form::ClientAddress;

    /// The state, the person's address and the opened link, or "not found" for every kind
    /// of unusable link alike. Logs the read.
    pub async fn opened(token: &str) -> Result<(AppState, Option<String>, Opened), AppError> {
        let (state, client, opened, _) = opened_with(token, false).await?;
        Ok((state, client, opened))
    }

    /// [`opened`], also for a measurement request completed moments ago when
    /// `just_completed` (then the last value is `true`): its readings page shows the last
    /// reading's advice once more.
    pub async fn opened_with(
        token: &str,
        just_completed: bool,
    ) -> Result<(AppState, Option<String>, Opened, bool), AppError> {
        let state = AppState::from_context()?;
        let client =
            use_context::<http::request::Parts>().and_then(|parts| ClientAddress::of(&parts).0);
        let viewer = crate::access::session();
        let (opened, completed) =
            match link::open(&state.store, token, viewer.as_ref(), state.now()).await? {
                Some(opened) => (opened, false),
                None if just_completed => (
                    link::open_just_completed(&state.store, token, viewer.as_ref(), state.now())
                        .await?
                        .ok_or(AppError::NotFound)?,
                    true,
                ),
                None => return Err(AppError::NotFound),
            };
        link::log_read(&state.store, &opened, client.as_deref(), state.now()).await?;
        Ok((state, client, opened, completed))
    }

    pub async fn landing(token: String) -> Result<Landing, AppError> {
        let (state, _, opened) = opened(&token).await?;
        let lang = crate::ui::current_lang();
        let (title, questions) = match &opened.asked {
            Asked::Questionnaire { .. } => {
                let definition = link::definition(&state.store, &opened)
                    .await?
                    .ok_or(AppError::Internal)?;
                (
                    definition.title.get(lang).to_owned(),
                    definition.question_count(),
                )
            }
            Asked::Measurements(p) => (protocol_title(p, lang).to_owned(), 0),
        };
        let started = match opened.asked {
            Asked::Questionnaire { .. } => !link::draft(&state.store, opened.request)
                .await?
                .0
                .is_empty(),
            Asked::Measurements(_) => opened.status == crate::requests::status::Status::InProgress,
        };
        Ok(Landing {
            organisation: opened.organisation_name.clone(),
            title,
            questionnaire: matches!(opened.asked, Asked::Questionnaire { .. }),
            // About 20 seconds a question, at least a minute.
            minutes: u64::try_from(questions.div_ceil(3)).unwrap_or(1).max(1),
            due: lang.date(opened.due),
            started,
        })
    }

    /// The definition of a questionnaire link, or "not found".
    pub async fn questionnaire(state: &AppState, opened: &Opened) -> Result<Definition, AppError> {
        link::definition(&state.store, opened)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub async fn step(token: String, step: usize) -> Result<Step, AppError> {
        let (state, _, opened) = opened(&token).await?;
        let definition = questionnaire(&state, &opened).await?;
        let (answers, _) = link::draft(&state.store, opened.request).await?;
        let steps = super::super::flow::visible_pages(&definition, &answers);
        let page = *steps
            .get(step.saturating_sub(1))
            .ok_or(AppError::NotFound)?;
        let lang = crate::ui::current_lang();
        let checked = crate::questionnaires::validate::validate(
            &definition,
            &answers,
            crate::questionnaires::validate::Stage::Draft,
        );
        let items = super::super::flow::page_items(&definition, &answers, page);
        let on_page = super::super::flow::link_ids(&items);
        let errors = checked
            .errors
            .iter()
            .filter(|e| on_page.contains(&e.link_id))
            .map(|e| (e.link_id.clone(), e.message(lang)))
            .collect();
        Ok(Step {
            title: definition.title.get(lang).to_owned(),
            step,
            steps: steps.len(),
            items,
            values: answers,
            errors,
            conditions: crate::questionnaires::live::Conditions::from(&definition),
        })
    }

    pub async fn review(token: String) -> Result<Review, AppError> {
        let (state, _, opened) = opened(&token).await?;
        let definition = questionnaire(&state, &opened).await?;
        let (answers, _) = link::draft(&state.store, opened.request).await?;
        let lang = crate::ui::current_lang();
        Ok(super::super::flow::review(&definition, &answers, lang))
    }
}

/// The landing page's content.
#[server(endpoint = "link/landing")]
pub async fn link_landing(token: String) -> Result<Landing, AppError> {
    crate::error::answer(load::landing(token).await)
}

/// One step of the questions.
#[server(endpoint = "link/step")]
pub async fn link_step(token: String, step: usize) -> Result<Step, AppError> {
    crate::error::answer(load::step(token, step).await)
}

/// The review.
#[server(endpoint = "link/review")]
pub async fn link_review(token: String) -> Result<Review, AppError> {
    crate::error::answer(load::review(token).await)
}

pub(super) fn token() -> String {
    crate::ui::route_param("token")
}

/// Sends every page under `/l/` with `Cache-Control: no-store` (also set by the server's
/// layer): a link page must never stay in a browser's or proxy's cache.
pub(crate) fn no_store() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}

/// One page for every link that cannot be used: it does not say why.
#[component]
pub fn LinkUnusable() -> impl IntoView {
    let lang = use_lang();
    crate::ui::error_page::set_status(404);
    view! {
        <Title text=lang.t(T::UnusableTitle)/>
        <h1>{lang.t(T::UnusableTitle)}</h1>
        <p>{lang.t(T::UnusableBody)}</p>
    }
}

/// Shows a loaded page, or [`LinkUnusable`] / the error page.
pub(super) fn loaded<T: 'static>(
    result: Result<T, AppError>,
    show: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match result {
        Ok(value) => show(value),
        Err(AppError::NotFound) => view! { <LinkUnusable/> }.into_any(),
        Err(error) => view! { <crate::ui::error_page::ErrorPage error/> }.into_any(),
    }
}

/// What must be put right, each linked to where it is; nothing when all is well. Announced
/// and focused, as on the sign-in page.
#[component]
pub(crate) fn ErrorSummary(problems: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    (!problems.is_empty()).then(|| {
        let list = problems
            .into_iter()
            .map(|(href, message)| view! { <li><a href=href>{message}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus>
                <h2>{lang.t(T::ErrorSummaryTitle)}</h2>
                <ul>{list}</ul>
            </div>
        }
    })
}

/// `/l/:token`: who asks, what, how long, and the start button.
#[component]
pub fn LandingPage() -> impl IntoView {
    let lang = use_lang();
    no_store();
    let token = token();
    let data = Resource::new(move || (), {
        let token = token.clone();
        move |_| link_landing(token.clone())
    });
    view! {
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    loaded(data.await, |l: Landing| {
                        let ask = if l.questionnaire {
                            text::landing_ask(lang, &l.organisation, &l.title)
                        } else {
                            text::landing_measurements(lang, &l.organisation, &l.title)
                        };
                        let action = format!("/l/{token}/start");
                        let button = if l.started { T::ContinueButton } else { T::StartButton };
                        view! {
                            <Title text=lang.t(T::LandingTitle)/>
                            <h1>{lang.t(T::LandingTitle)}</h1>
                            <p class="lead">{ask}</p>
                            <p>{text::landing_due(lang, &l.due)}</p>
                            {if l.questionnaire {
                                view! { <p>{text::landing_duration(lang, l.minutes)}" "{lang.t(T::LandingSafe)}</p> }.into_any()
                            } else {
                                view! { <p>{lang.t(T::MeasurementsIntro)}</p> }.into_any()
                            }}
                            <form method="post" action=action>
                                <button type="submit" class="primary">{lang.t(button)}</button>
                            </form>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}

/// `/l/:token/vraag/:step`: the questions of one step, with back and next.
#[component]
pub fn StepPage() -> impl IntoView {
    let lang = use_lang();
    no_store();
    let token = token();
    let step: usize = use_params_map()
        .read_untracked()
        .get("step")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let data = Resource::new(move || (), {
        let token = token.clone();
        move |_| link_step(token.clone(), step)
    });
    view! {
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    loaded(data.await, |s: Step| {
                        let errors: BTreeMap<String, String> = s.errors.iter().cloned().collect();
                        let problems = s
                            .errors
                            .iter()
                            .map(|(link_id, message)| {
                                (format!("#{}", crate::questionnaires::live::field_id(link_id)), message.clone())
                            })
                            .collect();
                        let items = s
                            .items
                            .iter()
                            .map(|item| {
                                view! { <QuestionItem item=item.clone() values=s.values.clone() errors=errors.clone()/> }
                            })
                            .collect_view();
                        let action = format!("/l/{token}/vraag/{}", s.step);
                        let last = s.step >= s.steps;
                        let next = if last { ("review", T::ToReviewButton) } else { ("next", T::NextButton) };
                        view! {
                            <Title text=s.title.clone()/>
                            <p class="progress">{text::step_of(lang, s.step, s.steps)}</p>
                            <h1>{s.title.clone()}</h1>
                            <ErrorSummary problems/>
                            <crate::ui::IslandScripts/>
                            <LiveConditions conditions=s.conditions.clone() autosave=Autosave { to: action.clone(), saved: lang.t(T::AutosaveDone).into(), failed: lang.t(T::AutosaveFailed).into() }>
                                <form class="questionnaire" method="post" action=action aria-label=lang.t(T::QuestionsLabel)>
                                    {items}
                                    <div class="form-buttons">
                                        <button type="submit" name="go" value=next.0 class="primary">{lang.t(next.1)}</button>
                                        {(s.step > 1).then(|| view! {
                                            <button type="submit" name="go" value="back">{lang.t(T::BackButton)}</button>
                                        })}
                                    </div>
                                </form>
                            </LiveConditions>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}

/// `/l/:token/controle`: every answer, what must be put right, and send.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    no_store();
    let token = token();
    let data = Resource::new(move || (), {
        let token = token.clone();
        move |_| link_review(token.clone())
    });
    view! {
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    loaded(data.await, |r: Review| {
                        let problems = r
                            .errors
                            .iter()
                            .map(|(message, step)| (format!("/l/{token}/vraag/{step}"), message.clone()))
                            .collect();
                        let rows = r
                            .rows
                            .iter()
                            .map(|(question, answer, step)| {
                                let href = format!("/l/{token}/vraag/{step}");
                                view! {
                                    <div class="review-row">
                                        <dt>{question.clone()}</dt>
                                        <dd>{answer.clone()}" "<a href=href>{lang.t(T::ReviewChange)}</a></dd>
                                    </div>
                                }
                            })
                            .collect_view();
                        let action = format!("/l/{token}/versturen");
                        view! {
                            <Title text=lang.t(T::ReviewTitle)/>
                            <h1>{lang.t(T::ReviewTitle)}</h1>
                            <p class="lead">{r.title.clone()}</p>
                            <ErrorSummary problems/>
                            <p>{lang.t(T::ReviewIntro)}</p>
                            <dl class="review">{rows}</dl>
                            <form method="post" action=action>
                                <button type="submit" class="primary">{lang.t(T::SubmitButton)}</button>
                            </form>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}

/// `/ontvangen`: received. Shows no answers (and reveals nothing about any link).
#[component]
pub fn ThanksPage() -> impl IntoView {
    let lang = use_lang();
    no_store();
    view! {
        <Title text=lang.t(T::ThanksTitle)/>
        <h1>{lang.t(T::ThanksTitle)}</h1>
        <p>{lang.t(T::ThanksBody)}</p>
    }
}

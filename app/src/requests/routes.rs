//! The forms of the link pages (see `docs/DEVELOPING.md` for the pattern): start, save a step
//! and go back or on, send. Each checks the link again; an unusable link goes back to the
//! link's page, which says so without saying why.

use super::flow::{link_ids, page_items, step_of_page, visible_pages};
use super::link::{self, Submitted};
use super::pages::THANKS_PATH;
use super::Asked;
use crate::questionnaires::paging::answers_from_form;
use crate::state::AppState;
use crate::ui::form::{see_other, ClientAddress};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

/// The request feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/l/{token}/start", post(start))
        .route("/l/{token}/vraag/{step}", post(save_step))
        .route("/l/{token}/versturen", post(submit))
}

fn landing(token: &str) -> Response {
    see_other(&format!("/l/{token}"), &[])
}

fn failed(err: crate::db::StoreError) -> Response {
    tracing::error!(error = %err, "a link form failed");
    let error = crate::error::AppError::from(err);
    let mut response = see_other("/", &[]);
    *response.status_mut() = axum::http::StatusCode::from_u16(error.status()).unwrap_or_default();
    response
}

/// `POST /l/{token}/start`: opens the request and goes to the step where the person was.
async fn start(
    State(state): State<AppState>,
    client: ClientAddress,
    Path(token): Path<String>,
) -> Response {
    let result = async {
        let Some(opened) = link::open(&state.store, &token, state.now()).await? else {
            return Ok(landing(&token));
        };
        let Some(definition) = link::definition(&state.store, &opened).await? else {
            return Ok(landing(&token));
        };
        link::start(&state.store, &opened, client.as_deref(), state.now()).await?;
        // Back where the person was: the step after the last one saved (or the review).
        let (answers, page) = link::draft(&state.store, opened.request).await?;
        if answers.is_empty() {
            return Ok(see_other(&format!("/l/{token}/vraag/1"), &[]));
        }
        let steps = visible_pages(&definition, &answers).len();
        let next = step_of_page(&definition, &answers, page).map_or(1, |s| s + 1);
        Ok(if next > steps {
            see_other(&format!("/l/{token}/controle"), &[])
        } else {
            see_other(&format!("/l/{token}/vraag/{next}"), &[])
        })
    }
    .await;
    result.unwrap_or_else(failed)
}

/// `POST /l/{token}/vraag/{step}`: saves the step's answers; on to the next step, back, or to
/// the review, unless an answer on this step needs correcting (then the step again).
async fn save_step(
    State(state): State<AppState>,
    client: ClientAddress,
    Path((token, step)): Path<(String, usize)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let Some(opened) = link::open(&state.store, &token, state.now()).await? else {
            return Ok(landing(&token));
        };
        let Some(definition) = link::definition(&state.store, &opened).await? else {
            return Ok(landing(&token));
        };
        let (answers, _) = link::draft(&state.store, opened.request).await?;
        let Some(&page) = visible_pages(&definition, &answers).get(step.saturating_sub(1)) else {
            return Ok(landing(&token));
        };
        let items = page_items(&definition, &answers, page);
        let on_page = link_ids(&items);
        let refs: Vec<&crate::questionnaires::definition::Item> = items.iter().collect();
        let given = answers_from_form(&refs, &form);
        let checked = link::save_page(
            &state.store,
            &opened,
            &definition,
            &on_page,
            given,
            page,
            client.as_deref(),
            state.now(),
        )
        .await?;
        let go = form
            .iter()
            .find(|(name, _)| name == "go")
            .map_or("next", |(_, value)| value.as_str());
        let wrong_here = checked.errors.iter().any(|e| on_page.contains(&e.link_id));
        if wrong_here && go != "back" {
            return Ok(see_other(&format!("/l/{token}/vraag/{step}"), &[]));
        }
        let (answers, _) = link::draft(&state.store, opened.request).await?;
        let steps = visible_pages(&definition, &answers);
        let here = steps.iter().position(|&p| p == page).unwrap_or(0);
        let target = match go {
            "back" => Some(here.saturating_sub(1)),
            "review" => None,
            _ => Some(here + 1).filter(|&next| next < steps.len()),
        };
        Ok(match target {
            Some(index) => see_other(&format!("/l/{token}/vraag/{}", index + 1), &[]),
            None => see_other(&format!("/l/{token}/controle"), &[]),
        })
    }
    .await;
    result.unwrap_or_else(failed)
}

/// `POST /l/{token}/versturen`: submits once; a repeated submit gets the same answer.
async fn submit(
    State(state): State<AppState>,
    client: ClientAddress,
    Path(token): Path<String>,
) -> Response {
    let result = async {
        let Some(opened) = link::open(&state.store, &token, state.now()).await? else {
            return Ok(if link::completed(&state.store, &token).await? {
                see_other(THANKS_PATH, &[])
            } else {
                landing(&token)
            });
        };
        let Some(definition) = link::definition(&state.store, &opened).await? else {
            return Ok(landing(&token));
        };
        debug_assert!(matches!(opened.asked, Asked::Questionnaire { .. }));
        Ok(
            match link::submit(
                &state.store,
                &opened,
                &definition,
                client.as_deref(),
                state.now(),
            )
            .await?
            {
                Submitted::Stored => see_other(THANKS_PATH, &[]),
                Submitted::Incomplete(_) => see_other(&format!("/l/{token}/controle"), &[]),
            },
        )
    }
    .await;
    result.unwrap_or_else(failed)
}

//! The patient pages' forms (the pattern of `docs/DEVELOPING.md`): a measurement entered at
//! a visit.

use super::visit::{self, Draft, DRAFT_COOKIE};
use crate::measurements::entry::EntryFields;
use crate::state::AppState;
use crate::ui::form::{see_other, ClientAddress};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

/// The patient feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new().route("/patienten/{id}/meting", post(enter_at_visit))
}

/// The visit form: the kind and the entry's inputs.
#[derive(serde::Deserialize)]
struct VisitForm {
    #[serde(default)]
    soort: String,
    #[serde(flatten)]
    fields: EntryFields,
}

/// How long a refused entry waits for its form.
const DRAFT_SECONDS: u64 = 600;

/// `POST /patienten/{id}/meting`: a professional enters a measurement taken at a visit; the
/// guard decides, the reading and its access-log record are stored together. Saved: the form
/// again with what was saved; refused: the form again as typed, with the problems.
async fn enter_at_visit(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
    Form(form): Form<VisitForm>,
) -> Response {
    use crate::access::capability::Capability;
    let path = visit::visit_path(id);
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(&path);
    };
    let authorised = match crate::access::server::guard::authorise(
        &state.store,
        Some(&session),
        Capability::EnterMeasurements,
        crate::patients::PatientId(id),
        client.as_deref(),
        state.now(),
    )
    .await
    {
        Ok(authorised) => authorised,
        Err(error) => return crate::requests::routes::refused(error),
    };
    let Some(kind) = visit::visit_kind(&form.soort) else {
        return see_other(&path, &[]);
    };
    let entered = visit::server::enter(
        &state.store,
        &authorised,
        kind,
        form.fields.clone(),
        state.time_rules,
        client.as_deref(),
        state.now(),
    )
    .await;
    let clear = state.cookie(DRAFT_COOKIE, "", &path, Some(0));
    match entered {
        Ok(Ok(reading)) => see_other(
            &format!("{path}?soort={}&opgeslagen={reading}", kind.id()),
            &[clear],
        ),
        Ok(Err(problems)) => {
            let mut fields = form.fields;
            // A problem with the form's key itself: the next try gets a new one.
            if problems
                .iter()
                .any(|p| p.input == crate::measurements::entry::Input::Form)
            {
                fields.key.clear();
            }
            let draft = Draft {
                account: session.account_id.0,
                kind: kind.id().to_owned(),
                fields,
                problems,
            };
            let cookie = state.cookie(
                DRAFT_COOKIE,
                &draft.to_cookie_value(),
                &path,
                Some(DRAFT_SECONDS),
            );
            see_other(&format!("{path}?soort={}", kind.id()), &[cookie])
        }
        Err(error) => {
            tracing::error!(error = %error, "a visit's measurement could not be stored");
            crate::requests::routes::refused(crate::error::AppError::Unavailable)
        }
    }
}

//! The second step's form handlers: plain posts answered with a redirect (`docs/forms.md`).

use super::{CodeProblem, Stage, CODES_COOKIE, CODES_PATH, CODE_PATH, OFF_PATH, PENDING_COOKIE};
use super::{PENDING_SECONDS, SETUP_PATH};
use crate::access::routes::{clear_session_cookie, device_cookie, flash_cookie, session_cookie};
use crate::access::server::second_factor::{self as factor, ChangeRefused, OwnChange, StepRefused};
use crate::access::server::{SecretToken, Session};
use crate::access::{Notice, ACCOUNT_PATH, SIGN_IN_PATH};
use crate::state::AppState;
use crate::ui::form::{see_other, ClientAddress};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Form, Router};

/// The second step's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(CODE_PATH, post(code))
        .route(SETUP_PATH, post(first_code))
        .route(
            CODES_PATH,
            post(|s, c, h, e, f| own_post(OwnChange::RenewCodes, (s, c, h, e, f))),
        )
        .route(
            OFF_PATH,
            post(|s, c, h, e, f| own_post(OwnChange::TurnOff, (s, c, h, e, f))),
        )
}

/// The cookie of a sign-in that waits for its second step.
pub fn pending_cookie(state: &AppState, token: &SecretToken) -> String {
    state.cookie(PENDING_COOKIE, token.expose(), "/", Some(PENDING_SECONDS))
}

fn clear_pending_cookie(state: &AppState) -> String {
    state.cookie(PENDING_COOKIE, "", "/", Some(0))
}

/// Brings new recovery codes to the page that shows them once (ten minutes at most).
fn codes_cookie(state: &AppState, next: &str, codes: &[String]) -> String {
    state.cookie(
        CODES_COOKIE,
        &super::codes_cookie_value(next, codes),
        CODES_PATH,
        Some(600),
    )
}

/// A code form.
#[derive(serde::Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /inloggen/code`: the code after the password; signed in when it is right.
async fn code(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    second_step(&state, &client, &headers, &form.code).await
}

/// Completes a pending sign-in with `typed`; a problem goes back to `stage`'s page.
async fn second_step(
    state: &AppState,
    client: &ClientAddress,
    headers: &HeaderMap,
    typed: &str,
) -> Response {
    let Some(token) = state
        .read_cookie(headers, PENDING_COOKIE, "/")
        .and_then(SecretToken::from_cookie)
    else {
        return expired(state);
    };
    let done = factor::complete(
        &state.store,
        &state.access,
        &token,
        typed,
        client.as_deref(),
        state.now(),
    )
    .await;
    match done {
        Ok(Ok(done)) => {
            let mut cookies = vec![
                session_cookie(state, &done.token),
                clear_pending_cookie(state),
            ];
            if let Some(device) = &done.device {
                cookies.push(device_cookie(state, device));
            }
            if done.codes.is_empty() {
                see_other(&done.next, &cookies)
            } else {
                cookies.push(codes_cookie(state, &done.next, &done.codes));
                see_other(CODES_PATH, &cookies)
            }
        }
        Ok(Err(StepRefused::Code(problem, stage))) => back(stage.path(), problem, None),
        Ok(Err(StepRefused::Expired)) => expired(state),
        Err(err) => crate::requests::routes::refused(err.into()),
    }
}

/// The sign-in timed out (or never was): sign in again.
fn expired(state: &AppState) -> Response {
    see_other(
        SIGN_IN_PATH,
        &[
            clear_pending_cookie(state),
            flash_cookie(state, Notice::Expired, ""),
        ],
    )
}

/// Back to a form's page with its problem named.
fn back(path: &str, problem: CodeProblem, form: Option<&str>) -> Response {
    let form = form.map(|f| format!("&bij={f}")).unwrap_or_default();
    see_other(&format!("{path}?fout={}{form}", problem.code()), &[])
}

/// `POST /inlogcode`: the first code from the app, which turns the second step on — for a
/// signed-in person, or for a professional setting it up while signing in.
async fn first_code(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    session: Option<Extension<Session>>,
    Form(form): Form<CodeForm>,
) -> Response {
    match session {
        Some(Extension(session)) => {
            own_change(
                &state,
                &client,
                &headers,
                &session,
                OwnChange::Confirm,
                &form.code,
            )
            .await
        }
        None => second_step(&state, &client, &headers, &form.code).await,
    }
}

/// The parts of a post that changes the signed-in person's own second step.
type OwnPost = (
    State<AppState>,
    ClientAddress,
    HeaderMap,
    Option<Extension<Session>>,
    Form<CodeForm>,
);

/// `POST /inlogcode/herstelcodes` (new recovery codes) and `POST /inlogcode/uitzetten`
/// (turning it off), for the signed-in person.
async fn own_post(change: OwnChange, post: OwnPost) -> Response {
    let (State(state), client, headers, session, Form(form)) = post;
    let Some(Extension(session)) = session else {
        return crate::ui::form::to_sign_in(SETUP_PATH);
    };
    own_change(&state, &client, &headers, &session, change, &form.code).await
}

/// A signed-in person's change to their own second step, and where it leads.
async fn own_change(
    state: &AppState,
    client: &ClientAddress,
    headers: &HeaderMap,
    session: &Session,
    change: OwnChange,
    typed: &str,
) -> Response {
    // The session layer let the request through with this cookie.
    let Some(holder) = state
        .read_cookie(headers, crate::access::SESSION_COOKIE, "/")
        .and_then(SecretToken::from_cookie)
        .map(|token| token.hash())
    else {
        return crate::ui::form::to_sign_in(SETUP_PATH);
    };
    let own = factor::Own {
        session,
        holder: &holder,
        client: client.as_deref(),
    };
    let done = factor::change_own(
        &state.store,
        &state.access,
        &own,
        change,
        typed,
        state.now(),
    )
    .await;
    let form = match change {
        OwnChange::Confirm => None,
        OwnChange::RenewCodes => Some("nieuw"),
        OwnChange::TurnOff => Some("uit"),
    };
    match done {
        Ok(Ok(codes)) if codes.is_empty() => see_other(&format!("{SETUP_PATH}?uit=1"), &[]),
        Ok(Ok(codes)) => see_other(CODES_PATH, &[codes_cookie(state, ACCOUNT_PATH, &codes)]),
        Ok(Err(ChangeRefused::Code(problem))) => back(SETUP_PATH, problem, form),
        Ok(Err(ChangeRefused::Required)) => back(SETUP_PATH, CodeProblem::Required, form),
        Err(err) => crate::requests::routes::refused(err.into()),
    }
}

/// After a right password: on to the second step's page, with the pending sign-in's cookie.
pub(crate) fn to_second_step(state: &AppState, token: &SecretToken, stage: Stage) -> Response {
    see_other(
        stage.path(),
        &[pending_cookie(state, token), clear_session_cookie(state)],
    )
}

//! The sign-in and sign-out forms' handlers (see `docs/forms.md` for the pattern): plain
//! posts answered with a redirect, so they work the same with and without JavaScript.

use super::server::{self as accounts, SessionToken};
use super::{
    local_path, percent_encode, Notice, ACCOUNT_PATH, FLASH_COOKIE, SESSION_COOKIE, SIGN_IN_PATH,
    SIGN_OUT_PATH,
};
use crate::state::AppState;
use crate::ui::form::{see_other, ClientAddress};
use crate::ui::request_cookie;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

/// The access feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(SIGN_IN_PATH, post(sign_in))
        .route(SIGN_OUT_PATH, post(sign_out))
}

/// The session cookie lives as long as the browser (the server ends it sooner when idle).
pub fn session_cookie(state: &AppState, token: &SessionToken) -> String {
    state.cookie(SESSION_COOKIE, token.expose(), "/", None)
}

/// Removes the session cookie.
pub fn clear_session_cookie(state: &AppState) -> String {
    state.cookie(SESSION_COOKIE, "", "/", Some(0))
}

/// Carries a notice (and the address typed) to the sign-in page, for five minutes at most.
pub fn flash_cookie(state: &AppState, notice: Notice, email: &str) -> String {
    state.cookie(
        FLASH_COOKIE,
        &notice.to_cookie_value(email),
        SIGN_IN_PATH,
        Some(300),
    )
}

/// The sign-in form.
#[derive(serde::Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /inloggen`: on success a session cookie and back to where the person was going;
/// otherwise back to the form with the notice and the address typed (never the password).
async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let now = state.now();
    // A new session replaces any old one (no session fixation).
    if let Some(old) = request_cookie(&headers, SESSION_COOKIE).and_then(SessionToken::from_cookie)
    {
        if let Err(err) = accounts::sign_out(&state.store, &old, client.as_deref(), now).await {
            tracing::warn!(error = %err, "ending the previous session failed");
        }
    }
    let next = local_path(&form.next).unwrap_or(ACCOUNT_PATH);
    let result = accounts::sign_in(
        &state.store,
        &state.access,
        &form.email,
        &form.password,
        client.as_deref(),
        now,
    )
    .await;
    match result {
        Ok((token, _session)) => see_other(
            next,
            &[
                session_cookie(&state, &token),
                state.cookie(FLASH_COOKIE, "", SIGN_IN_PATH, Some(0)),
            ],
        ),
        Err(notice) => {
            let email: String = form.email.trim().chars().take(254).collect();
            let back = format!("{SIGN_IN_PATH}?next={}", percent_encode(next));
            see_other(&back, &[flash_cookie(&state, notice, &email)])
        }
    }
}

/// `POST /uitloggen`: ends the session and says so on the sign-in page.
async fn sign_out(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
) -> Response {
    if let Some(token) =
        request_cookie(&headers, SESSION_COOKIE).and_then(SessionToken::from_cookie)
    {
        let ended = accounts::sign_out(&state.store, &token, client.as_deref(), state.now()).await;
        if let Err(err) = ended {
            tracing::error!(error = %err, "sign-out failed");
            return see_other("/", &[clear_session_cookie(&state)]);
        }
    }
    see_other(
        SIGN_IN_PATH,
        &[
            clear_session_cookie(&state),
            flash_cookie(&state, Notice::SignedOut, ""),
        ],
    )
}

//! The sign-in and sign-out forms' handlers (see `docs/forms.md` for the pattern): plain
//! posts answered with a redirect, so they work the same with and without JavaScript.

use super::server::{self as accounts, SecretToken, SessionToken};
use super::{activation, reset};
use super::{
    local_path, percent_encode, Notice, ACCOUNT_PATH, DEVICE_COOKIE, DEVICE_COOKIE_SECONDS,
    END_ALL_SESSIONS_PATH, FLASH_COOKIE, SESSION_COOKIE, SIGN_IN_PATH, SIGN_OUT_PATH,
};
use crate::state::AppState;
use crate::ui::form::{see_other, ClientAddress};
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
        .route(END_ALL_SESSIONS_PATH, post(end_all_sessions))
        .route(reset::FORGOTTEN_PATH, post(forgotten))
        .route("/wachtwoord-herstellen/{token}", post(reset_password))
        .route("/account-activeren/{token}", post(activate))
        .route("/patienten/{id}/account", post(invite_patient))
        .merge(super::second_factor::routes::routes())
}

/// The session cookie lives as long as the browser (the server ends it sooner when idle).
pub fn session_cookie(state: &AppState, token: &SessionToken) -> String {
    state.cookie(SESSION_COOKIE, token.expose(), "/", None)
}

/// The known-device cookie: kept for a year.
pub fn device_cookie(state: &AppState, device: &SecretToken) -> String {
    state.cookie(
        DEVICE_COOKIE,
        device.expose(),
        "/",
        Some(DEVICE_COOKIE_SECONDS),
    )
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
    if let Some(old) = state
        .read_cookie(&headers, SESSION_COOKIE, "/")
        .and_then(SessionToken::from_cookie)
    {
        if let Err(err) = accounts::sign_out(&state.store, &old, client.as_deref(), now).await {
            tracing::warn!(error = %err, "ending the previous session failed");
        }
    }
    let next = local_path(&form.next).unwrap_or(ACCOUNT_PATH);
    let device = state
        .read_cookie(&headers, DEVICE_COOKIE, "/")
        .and_then(SecretToken::from_cookie);
    let attempt = accounts::Attempt {
        email: &form.email,
        password: &form.password,
        client: client.as_deref(),
        device: device.as_ref(),
        next,
    };
    match accounts::attempt_sign_in(&state.store, &state.access, &attempt, now).await {
        Ok(accounts::SignInStep::SecondStep { token, stage }) => {
            super::second_factor::routes::to_second_step(&state, &token, stage)
        }
        Ok(accounts::SignInStep::Started(started)) => {
            let mut cookies = vec![
                session_cookie(&state, &started.token),
                state.cookie(FLASH_COOKIE, "", SIGN_IN_PATH, Some(0)),
            ];
            if let Some(device) = &started.device {
                cookies.push(device_cookie(&state, device));
            }
            see_other(next, &cookies)
        }
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
    if let Some(token) = state
        .read_cookie(&headers, SESSION_COOKIE, "/")
        .and_then(SessionToken::from_cookie)
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

/// `POST /mijn/sessies/beeindigen`: ends every session of the signed-in person, this one
/// too, and says so on the sign-in page.
async fn end_all_sessions(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<accounts::Session>>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(ACCOUNT_PATH);
    };
    let ended =
        accounts::end_all_sessions(&state.store, &session, client.as_deref(), state.now()).await;
    if let Err(err) = ended {
        tracing::error!(error = %err, "ending all sessions failed");
        return crate::requests::routes::refused(crate::error::AppError::from(err));
    }
    see_other(
        SIGN_IN_PATH,
        &[
            clear_session_cookie(&state),
            flash_cookie(&state, Notice::EndedEverywhere, ""),
        ],
    )
}

/// The form that asks for a reset link.
#[derive(serde::Deserialize)]
struct ForgottenForm {
    #[serde(default)]
    email: String,
}

/// `POST /wachtwoord-vergeten`: a malformed address comes back with the problem; every other
/// address gets the same answer at once, and the lookup and the mail follow after it, so
/// neither the answer nor its speed tells whether the address has an account.
async fn forgotten(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<ForgottenForm>,
) -> Response {
    let Ok(email) = accounts::normalise_email(&form.email) else {
        return see_other(&format!("{}?fout=email", reset::FORGOTTEN_PATH), &[]);
    };
    let lang = state
        .read_cookie(&headers, crate::ui::i18n::LANG_COOKIE, "/")
        .and_then(crate::ui::i18n::Lang::from_code)
        .unwrap_or_default();
    let now = state.now();
    // One client address asking again and again gets the same answer, and nothing is done.
    if let Some(address) = client.as_deref() {
        match accounts::reserve_reset(&state.store, &state.access, address, now).await {
            Ok(true) => {}
            Ok(false) => return see_other(&format!("{}?verstuurd=1", reset::FORGOTTEN_PATH), &[]),
            Err(err) => {
                tracing::error!(error = %err, "a password-reset request could not be counted");
                return crate::requests::routes::refused(err.into());
            }
        }
    }
    tokio::spawn(async move {
        let asked =
            reset::server::request(&state.store, &email, lang, client.as_deref(), now).await;
        if let Err(err) = asked {
            tracing::error!(error = %err, "a password-reset request could not be handled");
        }
    });
    see_other(&format!("{}?verstuurd=1", reset::FORGOTTEN_PATH), &[])
}

/// The form that sets a password through an account link.
#[derive(serde::Deserialize)]
struct LinkPasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /wachtwoord-herstellen/{token}`: a new password through a reset link.
async fn reset_password(
    State(state): State<AppState>,
    client: ClientAddress,
    axum::extract::Path(token): axum::extract::Path<String>,
    Form(form): Form<LinkPasswordForm>,
) -> Response {
    let link = Linked {
        purpose: reset::server::Purpose::Reset,
        prefix: reset::RESET_PREFIX,
        done: Notice::PasswordChanged,
    };
    set_through_link(&state, client, &token, &form, link).await
}

/// `POST /account-activeren/{token}`: the password of a patient's new account.
async fn activate(
    State(state): State<AppState>,
    client: ClientAddress,
    axum::extract::Path(token): axum::extract::Path<String>,
    Form(form): Form<LinkPasswordForm>,
) -> Response {
    let link = Linked {
        purpose: reset::server::Purpose::Activation,
        prefix: activation::ACTIVATION_PREFIX,
        done: Notice::Activated,
    };
    set_through_link(&state, client, &token, &form, link).await
}

/// What an account link's form is: its purpose, where its pages are, what sign-in says after.
struct Linked {
    purpose: reset::server::Purpose,
    prefix: &'static str,
    done: Notice,
}

/// Sets the password through an account link, and on to signing in with it (this browser a
/// known device of the account); a problem brings the form back with it named.
async fn set_through_link(
    state: &AppState,
    client: ClientAddress,
    token: &str,
    form: &LinkPasswordForm,
    link: Linked,
) -> Response {
    let done = reset::server::complete(
        &state.store,
        token,
        link.purpose,
        &form.password,
        &form.repeat,
        client.as_deref(),
        state.now(),
    )
    .await;
    match done {
        Ok(Ok(reset)) => see_other(
            SIGN_IN_PATH,
            &[
                clear_session_cookie(state),
                flash_cookie(state, link.done, &reset.email),
                device_cookie(state, &reset.device),
            ],
        ),
        Ok(Err(problem)) => see_other(
            &format!("{}{token}?fout={}", link.prefix, problem.code()),
            &[],
        ),
        Err(err) => crate::requests::routes::refused(err),
    }
}

/// `POST /patienten/{id}/account`: a professional whose organisation may (a GP practice)
/// invites the patient to activate an account; the guard decides.
async fn invite_patient(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    session: Option<axum::Extension<accounts::Session>>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Response {
    use crate::access::capability::Capability;
    let back = format!("/patienten/{id}/gegevens");
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(&back);
    };
    let authorised = match accounts::guard::authorise(
        &state.store,
        Some(&session),
        Capability::InvitePatient,
        crate::patients::PatientId(id),
        client.as_deref(),
        state.now(),
    )
    .await
    {
        Ok(authorised) => authorised,
        Err(error) => return crate::requests::routes::refused(error),
    };
    let lang = state
        .read_cookie(&headers, crate::ui::i18n::LANG_COOKIE, "/")
        .and_then(crate::ui::i18n::Lang::from_code)
        .unwrap_or_default();
    match activation::server::invite(&state, &authorised, lang, client.as_deref()).await {
        Ok(Ok(())) => see_other(&format!("{back}?account=verstuurd#account"), &[]),
        Ok(Err(problem)) => see_other(&format!("{back}?account={}#account", problem.code()), &[]),
        Err(err) => crate::requests::routes::refused(err),
    }
}

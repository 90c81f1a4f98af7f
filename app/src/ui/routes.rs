//! The language switch's handler: a plain form post answered with a redirect
//! (`docs/forms.md`), so switching works the same with and without JavaScript.

use super::form::see_other;
use super::i18n::{Lang, LANG_COOKIE};
use super::layout::LANGUAGE_PATH;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Router};

/// The shared user interface's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(LANGUAGE_PATH, post(set_language))
        .route(DEV_CLOCK_PATH, post(set_dev_clock))
}

/// Development only: moves a manual clock (see `MEETPUNT_DEV_CLOCK`).
pub const DEV_CLOCK_PATH: &str = "/ontwikkeling/klok";

/// The clock form: a moment on the Dutch clock (`2026-03-26T08:00`) and where to go next.
#[derive(serde::Deserialize)]
struct ClockForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    next: String,
}

/// `POST /ontwikkeling/klok`: sets a manual clock to a moment on the Dutch clock. Not found
/// on a server that runs on the system's time (every production server), before the form
/// is even read.
async fn set_dev_clock(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    if !state.clock.is_manual() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let form: Option<ClockForm> = serde_urlencoded::from_bytes(&body).ok();
    let moment = form.as_ref().and_then(|f| {
        f.to.trim()
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|local| {
                local
                    .to_zoned(crate::measurements::clock::zone().clone())
                    .ok()
            })
    });
    let (Some(form), Some(moment)) = (form, moment) else {
        return (
            StatusCode::BAD_REQUEST,
            "to: a moment like 2026-03-26T08:00\n",
        )
            .into_response();
    };
    state.clock.set(moment.timestamp().into());
    tracing::info!(to = %moment, "development clock moved");
    let next = crate::access::local_path(&form.next).unwrap_or("/");
    see_other(next, &[])
}

/// The language form.
#[derive(serde::Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// `POST /taal`: remembers the language for a year and returns to the page.
async fn set_language(State(state): State<AppState>, Form(form): Form<LanguageForm>) -> Response {
    let cookies: Vec<String> = Lang::from_code(&form.lang)
        .map(|lang| state.cookie(LANG_COOKIE, lang.code(), "/", Some(365 * 24 * 3600)))
        .into_iter()
        .collect();
    let next = crate::access::local_path(&form.next).unwrap_or("/");
    see_other(next, &cookies)
}

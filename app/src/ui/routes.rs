//! The language switch's handler: a plain form post answered with a redirect
//! (`docs/forms.md`), so switching works the same with and without JavaScript.

use super::form::see_other;
use super::i18n::{Lang, LANG_COOKIE};
use super::layout::LANGUAGE_PATH;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

/// The shared user interface's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new().route(LANGUAGE_PATH, post(set_language))
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

//! The organisation pages' forms (the pattern of `docs/DEVELOPING.md`): ending a colleague's
//! membership.

use super::members::{self, MEMBERS_PATH};
use crate::state::AppState;
use crate::ui::form::see_other;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

/// The organisation feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/organisatie/leden/{account}/beeindigen",
            post(end_membership),
        )
        .route(members::ACCESS_LOG_PATH, get(access_log))
}

/// The access-log form: the first and the last day.
#[derive(serde::Deserialize)]
struct Period {
    #[serde(default)]
    van: String,
    #[serde(default)]
    tot: String,
}

/// `GET /organisatie/toegangslog?van=DAY&tot=DAY`: a manager downloads what was done for
/// their organisation on those days (Dutch calendar, both included) as CSV (NEN 7513 fields);
/// the export itself is logged. Never cached, never started by another site; unreadable days
/// go back to the form with a message.
async fn access_log(
    State(state): State<AppState>,
    client: crate::ui::form::ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(period): axum::extract::Query<Period>,
) -> Response {
    use crate::error::AppError;
    use axum::http::{header, HeaderValue};
    if !crate::ui::form::started_here(&headers) {
        return crate::requests::routes::refused(AppError::Forbidden);
    }
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(MEMBERS_PATH);
    };
    let days = (
        crate::measurements::entry::parse_date(&period.van),
        crate::measurements::entry::parse_date(&period.tot),
    );
    let (first, last) = match days {
        (Some(first), Some(last)) if first <= last => (first, last),
        _ => return see_other(&format!("{MEMBERS_PATH}?fout=periode#toegangslog"), &[]),
    };
    match members::server::access_log(&state, &session, first, last, client.as_deref()).await {
        Ok(csv) => {
            let mut response = Response::new(axum::body::Body::from(csv));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Ok(value) = HeaderValue::from_str(&format!(
                "attachment; filename=\"toegangslog-{first}-{last}.csv\""
            )) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// `POST /organisatie/leden/{account}/beeindigen`: a manager ends a colleague's membership;
/// back to the members, which say so.
async fn end_membership(
    State(state): State<AppState>,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(account): Path<i64>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(MEMBERS_PATH);
    };
    match members::server::end(&state, &session, account).await {
        Ok(()) => see_other(&format!("{MEMBERS_PATH}?beeindigd=1"), &[]),
        Err(error) => crate::requests::routes::refused(error),
    }
}

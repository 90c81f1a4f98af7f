//! The organisation pages' forms (the pattern of `docs/DEVELOPING.md`): ending a colleague's
//! membership.

use super::members::{self, MEMBERS_PATH};
use crate::state::AppState;
use crate::ui::form::see_other;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;

/// The organisation feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/organisatie/leden/{account}/beeindigen",
        post(end_membership),
    )
}

/// `POST /organisatie/leden/{account}/beeindigen`: a manager ends a colleague's membership;
/// back to the members, which say so.
async fn end_membership(
    State(state): State<AppState>,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(account): Path<i64>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        let next = crate::access::percent_encode(MEMBERS_PATH);
        return see_other(&format!("/inloggen?next={next}"), &[]);
    };
    match members::server::end(&state, &session, account).await {
        Ok(()) => see_other(&format!("{MEMBERS_PATH}?beeindigd=1"), &[]),
        Err(error) => crate::requests::routes::refused(error),
    }
}

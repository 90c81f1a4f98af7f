//! The organisation pages' forms (the pattern of `docs/DEVELOPING.md`): ending a colleague's
//! membership or changing their level, inviting colleagues (and revoking or resending an
//! invitation), the e-mail domains, accepting an invitation, and the access log's download.

use super::invitations::{self, Draft, DOMAINS_PATH, INVITATION_PREFIX, INVITE_PATH};
use super::members::{self, MEMBERS_PATH};
use crate::access::server::Session;
use crate::state::AppState;
use crate::ui::form::see_other;
use crate::ui::form::ClientAddress;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use axum::Router;

/// The organisation feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/organisatie/leden/{account}/beeindigen",
            post(end_membership),
        )
        .route("/organisatie/leden/{account}/niveau", post(change_level))
        .route(INVITE_PATH, post(invite))
        .route(
            "/organisatie/uitnodigingen/{id}/{action}",
            post(invitation_action),
        )
        .route(DOMAINS_PATH, post(set_domains))
        .route("/uitnodiging/{token}", post(accept))
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
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(account): Path<i64>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(MEMBERS_PATH);
    };
    match members::server::end(&state, &session, account, client.as_deref()).await {
        Ok(()) => see_other(&format!("{MEMBERS_PATH}?beeindigd=1"), &[]),
        Err(error) => crate::requests::routes::refused(error),
    }
}

type SignedIn = Option<axum::Extension<Session>>;

/// How long a refused form waits for the page.
const DRAFT_SECONDS: u64 = 600;

/// Back to the members page with a refused form as typed (in a short-lived cookie).
fn back_with(state: &AppState, draft: &Draft, anchor: &str) -> Response {
    let cookie = state.cookie(
        invitations::DRAFT_COOKIE,
        &draft.to_cookie_value(),
        MEMBERS_PATH,
        Some(DRAFT_SECONDS),
    );
    see_other(&format!("{MEMBERS_PATH}#{anchor}"), &[cookie])
}

/// `POST /organisatie/leden/{account}/niveau`: a manager gives a colleague another level.
async fn change_level(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path(account): Path<i64>,
    Form(form): Form<LevelForm>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(MEMBERS_PATH);
    };
    match invitations::server::change_level(
        &state,
        &session,
        account,
        &form.niveau,
        client.as_deref(),
    )
    .await
    {
        Ok(()) => see_other(&format!("{MEMBERS_PATH}?niveau=1"), &[]),
        Err(crate::error::AppError::BadRequest) if account == session.account_id.0 => {
            see_other(&format!("{MEMBERS_PATH}?eigen=1"), &[])
        }
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// The level form.
#[derive(serde::Deserialize)]
struct LevelForm {
    #[serde(default)]
    niveau: String,
}

/// The invite form.
#[derive(serde::Deserialize)]
struct InviteForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    niveau: String,
}

/// `POST /organisatie/uitnodigen`: a manager invites a colleague; refused input comes back
/// as typed with its message.
async fn invite(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Form(form): Form<InviteForm>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(MEMBERS_PATH);
    };
    let sent = invitations::server::invite(
        &state,
        &session,
        &form.naam,
        &form.email,
        &form.niveau,
        client.as_deref(),
    )
    .await;
    match sent {
        Ok(Ok(())) => see_other(&format!("{MEMBERS_PATH}?uitgenodigd=1"), &[]),
        Ok(Err(problem)) => {
            let draft = Draft {
                account: session.account_id.0,
                name: form.naam,
                email: form.email,
                level: form.niveau,
                domains: None,
                problem: Some(problem),
            };
            back_with(&state, &draft, "uitnodigen")
        }
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// `POST /organisatie/uitnodigingen/{id}/intrekken` (revoke) or `…/opnieuw` (send again): a
/// manager acts on a pending invitation; back to the members, which say what was done.
async fn invitation_action(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path((id, action)): Path<(i64, String)>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(MEMBERS_PATH);
    };
    let client = client.as_deref();
    let done = match action.as_str() {
        "intrekken" => invitations::server::revoke(&state, &session, id, client).await,
        "opnieuw" => invitations::server::resend(&state, &session, id, client).await,
        _ => Err(crate::error::AppError::NotFound),
    };
    match done {
        Ok(()) => {
            let notice = if action == "intrekken" {
                "ingetrokken"
            } else {
                "opnieuw"
            };
            see_other(&format!("{MEMBERS_PATH}?{notice}=1"), &[])
        }
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// The domains form.
#[derive(serde::Deserialize)]
struct DomainsForm {
    #[serde(default)]
    domeinen: String,
}

/// `POST /organisatie/domeinen`: a manager sets the e-mail domains for new accounts.
async fn set_domains(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Form(form): Form<DomainsForm>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(MEMBERS_PATH);
    };
    match invitations::server::set_domains(&state, &session, &form.domeinen, client.as_deref())
        .await
    {
        Ok(Ok(())) => see_other(&format!("{MEMBERS_PATH}?domeinen=1"), &[]),
        Ok(Err(problem)) => {
            let draft = Draft {
                account: session.account_id.0,
                domains: Some(form.domeinen),
                problem: Some(problem),
                ..Draft::default()
            };
            back_with(&state, &draft, "domeinen")
        }
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// The accept form: a new password twice (nothing when the address has an account).
#[derive(serde::Deserialize)]
struct AcceptForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /uitnodiging/{token}`: the invited colleague accepts; on to sign in (with the
/// address filled in), or back to the form with what was wrong (never the password).
async fn accept(
    State(state): State<AppState>,
    client: ClientAddress,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Response {
    let accepted = invitations::server::accept(
        &state.store,
        &token,
        &form.password,
        &form.repeat,
        client.as_deref(),
        state.now(),
    )
    .await;
    match accepted {
        Ok(Ok(email)) => see_other(
            crate::access::SIGN_IN_PATH,
            &[crate::access::routes::flash_cookie(
                &state,
                crate::access::Notice::Joined,
                &email,
            )],
        ),
        Ok(Err(problem)) => see_other(
            &format!("{INVITATION_PREFIX}{token}?fout={}", problem.code()),
            &[],
        ),
        Err(error) => crate::requests::routes::refused(error),
    }
}

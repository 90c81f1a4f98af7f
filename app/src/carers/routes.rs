//! The forms of carers and mandates: a patient invites a carer and stops one; a carer
//! chooses for whom they act. Each answers with a redirect (docs/forms.md).

use super::server::{self, Invitation};
use super::{Draft, Scope, ACT_FOR_PATH, DRAFT_COOKIE, DRAFT_SECONDS, MY_CARERS_PATH};
use crate::access::capability::Capability;
use crate::access::server::{SecretToken, Session};
use crate::access::{Role, ACCOUNT_PATH, SESSION_COOKIE};
use crate::patients::PatientId;
use crate::requests::routes::refused;
use crate::state::AppState;
use crate::ui::form::{see_other, to_sign_in, ClientAddress};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

/// The routes of this feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(MY_CARERS_PATH, post(invite))
        .route("/mijn/mantelzorgers/{id}/intrekken", post(revoke))
        .route(ACT_FOR_PATH, post(act_for))
}

type SignedIn = Option<axum::Extension<Session>>;

/// The signed-in patient and their record, allowed by the guard (and logged); else the
/// response that refuses.
async fn own_patient(
    state: &AppState,
    session: SignedIn,
    client: Option<&str>,
) -> Result<(Session, PatientId), Response> {
    let Some(axum::Extension(session)) = session else {
        return Err(to_sign_in(ACCOUNT_PATH));
    };
    // Only the patient gives or stops mandates: never a carer acting for them.
    let Some(patient) = session.patient.filter(|_| session.role == Role::Patient) else {
        return Err(refused(crate::error::AppError::Forbidden));
    };
    crate::access::server::guard::authorise(
        &state.store,
        Some(&session),
        Capability::ViewPatient,
        patient,
        client,
        state.now(),
    )
    .await
    .map_err(refused)?;
    Ok((session, patient))
}

/// The invitation form.
#[derive(serde::Deserialize)]
struct InviteForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
    vragenlijsten: Option<String>,
    metingen: Option<String>,
    uitslagen: Option<String>,
    #[serde(default)]
    maanden: String,
}

/// `POST /mijn/mantelzorgers`: the signed-in patient invites a carer. Refused input comes
/// back to the form as typed, with the problem named.
async fn invite(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Form(form): Form<InviteForm>,
) -> Response {
    let (session, patient) = match own_patient(&state, session, client.as_deref()).await {
        Ok(allowed) => allowed,
        Err(response) => return response,
    };
    let scope = Scope {
        questionnaires: form.vragenlijsten.is_some(),
        measurements: form.metingen.is_some(),
        results: form.uitslagen.is_some(),
    };
    let months = form.maanden.trim().parse::<u8>().unwrap_or(0);
    let invitation = Invitation {
        name: &form.naam,
        email: &form.email,
        scope,
        months,
    };
    let lang = crate::ui::current_lang();
    match server::invite(
        &state,
        &session,
        patient,
        &invitation,
        lang,
        client.as_deref(),
    )
    .await
    {
        Ok(Ok(())) => see_other(
            &format!("{ACCOUNT_PATH}?mantelzorger=uitgenodigd#mantelzorgers"),
            &[],
        ),
        Ok(Err(problem)) => {
            let draft = Draft {
                account: session.account_id.0,
                name: form.naam,
                email: form.email,
                scope,
                months,
                problem: Some(problem),
            };
            let cookie = state.cookie(
                DRAFT_COOKIE,
                &draft.to_cookie_value(),
                ACCOUNT_PATH,
                Some(DRAFT_SECONDS),
            );
            see_other(&format!("{ACCOUNT_PATH}#invite-carer"), &[cookie])
        }
        Err(error) => refused(error),
    }
}

/// `POST /mijn/mantelzorgers/{id}/intrekken`: the signed-in patient stops a mandate, at once.
async fn revoke(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path(id): Path<i64>,
) -> Response {
    let (session, patient) = match own_patient(&state, session, client.as_deref()).await {
        Ok(allowed) => allowed,
        Err(response) => return response,
    };
    match server::revoke(&state, &session, patient, id, client.as_deref()).await {
        Ok(_) => see_other(
            &format!("{ACCOUNT_PATH}?mantelzorger=ingetrokken#mantelzorgers"),
            &[],
        ),
        Err(error) => refused(error),
    }
}

/// The choose form.
#[derive(serde::Deserialize)]
struct ActForForm {
    #[serde(default)]
    patient: String,
}

/// `POST /mijn/handelen-voor`: a carer's session acts for another patient they have a
/// running mandate for. Anyone else, and a patient without one, get the same refusal.
async fn act_for(
    State(state): State<AppState>,
    session: SignedIn,
    headers: HeaderMap,
    Form(form): Form<ActForForm>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return to_sign_in(ACCOUNT_PATH);
    };
    let token = state
        .read_cookie(&headers, SESSION_COOKIE, "/")
        .and_then(SecretToken::from_cookie);
    let (Some(token), Ok(patient), Role::Carer) =
        (token, form.patient.trim().parse::<i64>(), session.role)
    else {
        return refused(crate::error::AppError::Forbidden);
    };
    match server::act_for(&state.store, &session, &token.hash(), patient, state.now()).await {
        Ok(true) => see_other(ACCOUNT_PATH, &[]),
        Ok(false) => refused(crate::error::AppError::Forbidden),
        Err(error) => refused(error.into()),
    }
}

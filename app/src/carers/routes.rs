//! The forms of carers and mandates: a patient invites a carer and stops one; a
//! professional records one the patient agreed to, and stops one, on the patient's record; a
//! carer chooses for whom they act. Each answers with a redirect (docs/forms.md).

use super::server::{self, Invitation};
use super::{Draft, Problem, Scope, ACT_FOR_PATH, DRAFT_COOKIE, DRAFT_SECONDS, MY_CARERS_PATH};
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
        .route("/patienten/{id}/mantelzorgers", post(record))
        .route(
            "/patienten/{id}/mantelzorgers/{mandate}/intrekken",
            post(revoke_for_patient),
        )
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
    /// A professional's confirmation that the patient agreed.
    ingestemd: Option<String>,
}

impl InviteForm {
    /// What the carer may do, as ticked.
    fn scope(&self) -> Scope {
        Scope {
            questionnaires: self.vragenlijsten.is_some(),
            measurements: self.metingen.is_some(),
            results: self.uitslagen.is_some(),
        }
    }

    /// The months chosen (0 when not a number: refused as a duration not offered).
    fn months(&self) -> u8 {
        self.maanden.trim().parse::<u8>().unwrap_or(0)
    }

    /// The form as typed, refused for `problem`, for the cookie that brings it back.
    fn draft(self, account: i64, problem: Problem) -> Draft {
        Draft {
            account,
            scope: self.scope(),
            months: self.months(),
            agreed: self.ingestemd.is_some(),
            name: self.naam,
            email: self.email,
            problem: Some(problem),
        }
    }
}

/// The refused form back to `page` (the patient's own, or the record's), as typed, at the form.
fn back_to_form(state: &AppState, draft: &Draft, page: &str) -> Response {
    let cookie = state.cookie(
        DRAFT_COOKIE,
        &draft.to_cookie_value(),
        page,
        Some(DRAFT_SECONDS),
    );
    see_other(&format!("{page}#invite-carer"), &[cookie])
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
    let invitation = Invitation {
        name: &form.naam,
        email: &form.email,
        scope: form.scope(),
        months: form.months(),
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
        Ok(Err(problem)) => back_to_form(
            &state,
            &form.draft(session.account_id.0, problem),
            ACCOUNT_PATH,
        ),
        Err(error) => refused(error),
    }
}

/// For a form on patient `id`'s carers: the signed-in professional the guard allows to edit
/// the record (logged), or the answer to give instead.
async fn may_edit(
    state: &AppState,
    session: SignedIn,
    id: i64,
    client: Option<&str>,
) -> Result<Session, Response> {
    let Some(axum::Extension(session)) = session else {
        return Err(to_sign_in(&crate::patients::record::record_path(id)));
    };
    crate::access::server::guard::authorise(
        &state.store,
        Some(&session),
        Capability::EditPatient,
        PatientId(id),
        client,
        state.now(),
    )
    .await
    .map_err(refused)?;
    Ok(session)
}

/// `POST /patienten/{id}/mantelzorgers`: a professional records a carer the patient agreed to
/// in a conversation; the carer gets the mail. Refused input comes back to the record's form
/// as typed, with the problem named.
async fn record(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<InviteForm>,
) -> Response {
    let session = match may_edit(&state, session, id, client.as_deref()).await {
        Ok(allowed) => allowed,
        Err(response) => return response,
    };
    let page = crate::patients::record::record_path(id);
    let invitation = Invitation {
        name: &form.naam,
        email: &form.email,
        scope: form.scope(),
        months: form.months(),
    };
    // Every other problem first, then the confirmation.
    let outcome = match server::check(
        invitation.name,
        invitation.email,
        invitation.scope,
        invitation.months,
    ) {
        Err(problem) => Ok(Err(problem)),
        Ok(_) if form.ingestemd.is_none() => Ok(Err(Problem::NotAgreed)),
        Ok(_) => {
            let lang = crate::ui::current_lang();
            server::invite(
                &state,
                &session,
                PatientId(id),
                &invitation,
                lang,
                client.as_deref(),
            )
            .await
        }
    };
    match outcome {
        Ok(Ok(())) => see_other(
            &format!("{page}?mantelzorger=vastgelegd#mantelzorgers"),
            &[],
        ),
        Ok(Err(problem)) => back_to_form(&state, &form.draft(session.account_id.0, problem), &page),
        Err(error) => refused(error),
    }
}

/// `POST /patienten/{id}/mantelzorgers/{mandate}/intrekken`: a professional stops a mandate
/// of the patient (at the patient's wish), at once.
async fn revoke_for_patient(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path((id, mandate)): Path<(i64, i64)>,
) -> Response {
    let session = match may_edit(&state, session, id, client.as_deref()).await {
        Ok(allowed) => allowed,
        Err(response) => return response,
    };
    match server::revoke(&state, &session, PatientId(id), mandate, client.as_deref()).await {
        Ok(_) => see_other(
            &format!(
                "{}?mantelzorger=ingetrokken#mantelzorgers",
                crate::patients::record::record_path(id)
            ),
            &[],
        ),
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
    client: ClientAddress,
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
    let hash = token.hash();
    match server::act_for(
        &state.store,
        &session,
        &hash,
        patient,
        client.as_deref(),
        state.now(),
    )
    .await
    {
        Ok(true) => see_other(ACCOUNT_PATH, &[]),
        Ok(false) => refused(crate::error::AppError::Forbidden),
        Err(error) => refused(error.into()),
    }
}

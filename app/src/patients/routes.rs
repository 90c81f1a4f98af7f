//! The patient pages' forms (the pattern of `docs/DEVELOPING.md`): a measurement entered at
//! a visit, adding and changing a record, and its care network.

use super::record;
use super::visit::{self, Draft, DRAFT_COOKIE};
use crate::measurements::entry::EntryFields;
use crate::state::AppState;
use crate::ui::form::{see_other, ClientAddress};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

/// The patient feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/patienten/{id}/meting", post(enter_at_visit))
        .route(record::NEW_PATIENT_PATH, post(add_patient))
        .route("/patienten/{id}/gegevens", post(edit_patient))
        .route("/patienten/{id}/zorgnetwerk", post(change_network))
        .route("/patienten/{id}/betrokkenen", post(change_team))
        .route(super::consent::MY_CONSENT_PATH, post(my_consent))
}

type SignedIn = Option<axum::Extension<crate::access::server::Session>>;

/// Back to a record's form with what was typed (not the BSN) and what was wrong.
fn record_refused(
    state: &AppState,
    account: i64,
    patient: Option<i64>,
    fields: record::Fields,
    problems: Vec<record::Problem>,
    back: &str,
) -> Response {
    let draft = record::Draft {
        account,
        patient,
        fields,
        problems,
    };
    let cookie = state.cookie(
        record::DRAFT_COOKIE,
        &draft.to_cookie_value(),
        super::pages::PATIENTS_PATH,
        Some(DRAFT_SECONDS),
    );
    see_other(back, &[cookie])
}

/// `POST /patienten/nieuw`: a professional adds a patient; on to the patient's page, or back
/// to the form as typed.
async fn add_patient(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Form(fields): Form<record::Fields>,
) -> Response {
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(record::NEW_PATIENT_PATH);
    };
    match record::server::create(&state, &session, &fields, client.as_deref()).await {
        Ok(Ok(id)) => see_other(&format!("{}/{}", super::pages::PATIENTS_PATH, id.0), &[]),
        Ok(Err(problems)) => record_refused(
            &state,
            session.account_id.0,
            None,
            fields,
            problems,
            record::NEW_PATIENT_PATH,
        ),
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// For a form on patient `id`'s record: the signed-in professional the guard allows to edit
/// it (logged), or the answer to give instead — to sign in (and back to the record's page),
/// or the refusal.
async fn may_edit(
    state: &AppState,
    session: SignedIn,
    id: i64,
    client: &ClientAddress,
) -> Result<crate::access::server::guard::Authorised, Response> {
    let Some(axum::Extension(session)) = session else {
        return Err(crate::ui::form::to_sign_in(&record::record_path(id)));
    };
    crate::access::server::guard::authorise(
        &state.store,
        Some(&session),
        crate::access::capability::Capability::EditPatient,
        crate::patients::PatientId(id),
        client.as_deref(),
        state.now(),
    )
    .await
    .map_err(crate::requests::routes::refused)
}

/// `POST /patienten/{id}/gegevens`: a professional changes the record; back to the form,
/// which says it was saved or what was wrong.
async fn edit_patient(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path(id): Path<i64>,
    Form(fields): Form<record::Fields>,
) -> Response {
    let path = record::record_path(id);
    let authorised = match may_edit(&state, session, id, &client).await {
        Ok(authorised) => authorised,
        Err(answer) => return answer,
    };
    match record::server::update(&state, &authorised, &fields, client.as_deref()).await {
        Ok(Ok(())) => see_other(&format!("{path}?opgeslagen=1"), &[]),
        Ok(Err(problems)) => record_refused(
            &state,
            authorised.session().account_id.0,
            Some(id),
            fields,
            problems,
            &path,
        ),
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// The care-network form: an organisation, and whether it gets the management.
#[derive(serde::Deserialize)]
struct NetworkForm {
    #[serde(default)]
    organisatie: String,
    #[serde(default)]
    regie: String,
}

/// `POST /patienten/{id}/zorgnetwerk`: the managing organisation adds an organisation to the
/// care network or hands the management over.
async fn change_network(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<NetworkForm>,
) -> Response {
    let path = record::record_path(id);
    let authorised = match may_edit(&state, session, id, &client).await {
        Ok(authorised) => authorised,
        Err(answer) => return answer,
    };
    let changed = record::server::change_network(
        &state,
        &authorised,
        &form.organisatie,
        !form.regie.is_empty(),
        client.as_deref(),
    )
    .await;
    match changed {
        Ok(()) => see_other(&format!("{path}?netwerk=1#zorgnetwerk"), &[]),
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// The visit form: the kind and the entry's inputs.
#[derive(serde::Deserialize)]
struct VisitForm {
    #[serde(default)]
    soort: String,
    #[serde(flatten)]
    fields: EntryFields,
}

/// How long a refused entry waits for its form.
const DRAFT_SECONDS: u64 = 600;

/// `POST /patienten/{id}/meting`: a professional enters a measurement taken at a visit; the
/// guard decides, the reading and its access-log record are stored together. Saved: the form
/// again with what was saved; refused: the form again as typed, with the problems.
async fn enter_at_visit(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
    Form(form): Form<VisitForm>,
) -> Response {
    use crate::access::capability::Capability;
    let path = visit::visit_path(id);
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(&path);
    };
    // Only a professional enters at a visit: what is stored here is recorded as theirs.
    if session.role != crate::access::Role::Professional {
        return crate::requests::routes::refused(crate::error::AppError::Forbidden);
    }
    let authorised = match crate::access::server::guard::authorise(
        &state.store,
        Some(&session),
        Capability::EnterMeasurements,
        crate::patients::PatientId(id),
        client.as_deref(),
        state.now(),
    )
    .await
    {
        Ok(authorised) => authorised,
        Err(error) => return crate::requests::routes::refused(error),
    };
    let Some(kind) = visit::visit_kind(&form.soort) else {
        return see_other(&path, &[]);
    };
    let entered = visit::server::enter(
        &state.store,
        &authorised,
        kind,
        form.fields.clone(),
        state.time_rules,
        client.as_deref(),
        state.now(),
    )
    .await;
    let clear = state.cookie(DRAFT_COOKIE, "", &path, Some(0));
    match entered {
        Ok(Ok(reading)) => see_other(
            &format!("{path}?soort={}&opgeslagen={reading}", kind.id()),
            &[clear],
        ),
        Ok(Err(problems)) => {
            let mut fields = form.fields;
            // A problem with the form's key itself: the next try gets a new one.
            if problems
                .iter()
                .any(|p| p.input == crate::measurements::entry::Input::Form)
            {
                fields.key.clear();
            }
            let draft = Draft {
                account: session.account_id.0,
                kind: kind.id().to_owned(),
                fields,
                problems,
            };
            let cookie = state.cookie(
                DRAFT_COOKIE,
                &draft.to_cookie_value(),
                &path,
                Some(DRAFT_SECONDS),
            );
            see_other(&format!("{path}?soort={}", kind.id()), &[cookie])
        }
        Err(error) => {
            tracing::error!(error = %error, "a visit's measurement could not be stored");
            crate::requests::routes::refused(crate::error::AppError::Unavailable)
        }
    }
}

/// The care-team form: whom, and whether to add or remove.
#[derive(serde::Deserialize)]
struct TeamForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    actie: String,
}

/// `POST /patienten/{id}/betrokkenen`: a professional adds a colleague of their own
/// organisation (or themself) to the patient's care team, or removes one.
async fn change_team(
    State(state): State<AppState>,
    client: ClientAddress,
    session: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<TeamForm>,
) -> Response {
    let path = record::record_path(id);
    let authorised = match may_edit(&state, session, id, &client).await {
        Ok(authorised) => authorised,
        Err(answer) => return answer,
    };
    let (Ok(account), Some(add)) = (
        form.account.trim().parse::<i64>(),
        match form.actie.as_str() {
            "toevoegen" => Some(true),
            "verwijderen" => Some(false),
            _ => None,
        },
    ) else {
        return crate::requests::routes::refused(crate::error::AppError::BadRequest);
    };
    match record::server::change_team(&state, &authorised, account, add, client.as_deref()).await {
        Ok(()) => see_other(&format!("{path}?betrokkenen=1#betrokkenen"), &[]),
        Err(error) => crate::requests::routes::refused(error),
    }
}

/// The patient's own consent form.
#[derive(serde::Deserialize)]
struct ConsentForm {
    #[serde(default)]
    keuze: String,
}

/// `POST /mijn/toestemming`: the signed-in patient gives or withdraws their consent for
/// digital networked care; recorded as theirs, with the date; logged. Anyone else is sent
/// to sign in or refused.
async fn my_consent(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Form(form): Form<ConsentForm>,
) -> Response {
    use crate::access::capability::Capability;
    use crate::access::ACCOUNT_PATH;
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(ACCOUNT_PATH);
    };
    let Some(patient) = session
        .patient
        .filter(|_| session.role == crate::access::Role::Patient)
    else {
        return crate::requests::routes::refused(crate::error::AppError::Forbidden);
    };
    let consent = match form.keuze.as_str() {
        "geven" => super::Consent::Given,
        "intrekken" => super::Consent::Withdrawn,
        _ => return see_other(ACCOUNT_PATH, &[]),
    };
    let now = state.now();
    let authorised = crate::access::server::guard::authorise(
        &state.store,
        Some(&session),
        Capability::ViewPatient,
        patient,
        client.as_deref(),
        now,
    )
    .await;
    if let Err(error) = authorised {
        return crate::requests::routes::refused(error);
    }
    let saved = async {
        let mut tx = state.store.begin().await?;
        record::server::set_consent(
            &mut tx,
            &session,
            patient,
            consent,
            record::server::ConsentVia::Patient,
            client.as_deref(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok::<(), crate::db::StoreError>(())
    };
    match saved.await {
        Ok(()) => see_other(&format!("{ACCOUNT_PATH}?toestemming=1#toestemming"), &[]),
        Err(err) => crate::requests::routes::refused(err.into()),
    }
}

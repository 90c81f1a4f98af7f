//! The forms of the link pages (see `docs/DEVELOPING.md` for the pattern): start, save a step
//! and go back or on, send. Each checks the link again; an unusable link goes back to the
//! link's page, which says so without saying why.

use super::flow::{link_ids, page_items, step_of_page, visible_pages};
use super::link::{self, Submitted};
use super::pages::THANKS_PATH;
use super::Asked;
use crate::questionnaires::live::field_id;
use crate::questionnaires::paging::answers_from_form;
use crate::state::AppState;
use crate::ui::form::{see_other, ClientAddress};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};

/// The request feature's form routes, mounted by the server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(super::desk::REQUESTS_PATH, post(send_request))
        .route(super::batch::BATCH_PATH, post(send_to_list))
        .route(super::notify::NOTIFICATIONS_PATH, post(save_notifications))
        .route("/verzoeken/{id}/bekeken", post(mark_seen))
        .route("/verzoeken/{id}/annuleren", post(cancel))
        .route("/verzoeken/{id}/opnieuw", post(resend))
        .route("/verzoeken/{id}/samen", post(together))
        .route(super::FHIR_DOWNLOAD, get(download_fhir))
        .route("/mijn/verzoeken/{id}", post(open_mine))
        .route("/l/{token}/start", post(start))
        .route("/l/{token}/vraag/{step}", post(save_step))
        .route("/l/{token}/versturen", post(submit))
        .route("/l/{token}/metingen", post(enter_reading))
        .route(
            "/l/{token}/metingen/{reading}/verbeteren",
            post(correct_reading),
        )
}

/// The send form.
#[derive(serde::Deserialize)]
struct SendForm {
    #[serde(default)]
    patient: String,
    #[serde(default)]
    ask: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    reminders: Option<String>,
    #[serde(default)]
    herhalen: String,
}

/// A refusal as a short page in both languages, with its status (no detail).
pub(crate) fn refused(error: crate::error::AppError) -> Response {
    use crate::ui::i18n::Lang;
    let text = format!("{}\n{}\n", error.message(Lang::Nl), error.message(Lang::En));
    let mut response = Response::new(axum::body::Body::from(text));
    *response.status_mut() = axum::http::StatusCode::from_u16(error.status()).unwrap_or_default();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// `POST /verzoeken`: a professional sends a request; the guard decides, the request, its
/// mail and the access-log record are stored together, and the request's page follows.
async fn send_request(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Form(form): Form<SendForm>,
) -> Response {
    use super::desk::NEW_REQUEST_PATH;
    use super::server::{self as requests, NewRequest, RequestError, Requester};
    use super::Ask;
    use crate::access::capability::Capability;
    let back = |code: &str| see_other(&format!("{NEW_REQUEST_PATH}?probleem={code}"), &[]);
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(super::desk::NEW_REQUEST_PATH);
    };
    let Ok(patient) = form.patient.trim().parse::<i64>() else {
        return back("kies");
    };
    let Ok(due) = form.due.trim().parse::<jiff::civil::Date>() else {
        return back("kies");
    };
    let today = crate::measurements::clock::today(state.now());
    let Some(ask) = super::ask_from_form(&form.ask, today, due) else {
        return back("kies");
    };
    let Some(repeat_months) = super::repeat_from_form(&form.herhalen) else {
        return back("kies");
    };
    let capability = match ask {
        Ask::Questionnaire(_) => Capability::SendQuestionnaire,
        Ask::Measurements(_) => Capability::RequestMeasurements,
    };
    let patient = crate::patients::PatientId(patient);
    let authorised = match crate::access::server::guard::authorise(
        &state.store,
        Some(&session),
        capability,
        patient,
        client.as_deref(),
        state.now(),
    )
    .await
    {
        Ok(authorised) => authorised,
        Err(error) => return refused(error),
    };
    let Some(by) = Requester::authorised(&authorised, client.as_deref()) else {
        return refused(crate::error::AppError::Forbidden);
    };
    let new = NewRequest {
        patient,
        ask,
        due,
        reminders: form.reminders.is_some(),
        repeat_months,
    };
    match requests::send(&state.store, &by, &new, state.link_grace_days, state.now()).await {
        Ok(id) => see_other(&format!("{}/{}", super::desk::REQUESTS_PATH, id.0), &[]),
        Err(RequestError::NoEmail) => back("geen-email"),
        Err(RequestError::NoConsent) => back("geen-toestemming"),
        Err(RequestError::DueInPast(_)) => back("datum"),
        Err(RequestError::Store(err)) => failed(err),
        Err(other) => {
            tracing::warn!(error = %other, "a request could not be sent");
            back("kies")
        }
    }
}

/// `POST /verzoeken/lijst`: a professional sends one request to every patient the form
/// reaches (after seeing how many); on to the outcome per patient. A form that is no longer
/// right (a selection removed, a day passed) goes back to the count with its problems.
async fn send_to_list(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Form(mut form): Form<super::batch::ListForm>,
) -> Response {
    use super::batch::{self, BATCH_PATH};
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(BATCH_PATH);
    };
    let Some(membership) = session.membership.clone() else {
        return refused(crate::error::AppError::Forbidden);
    };
    let organisation = membership.organisation.as_str();
    // The same form again (a double click, or after an interruption): its batch goes on, and
    // its criteria were saved the first time.
    match batch::server::existing(&state, organisation, &form.key).await {
        Ok(Some(_)) => form.opslaan.clear(),
        Ok(None) => {}
        Err(err) => return failed(err),
    }
    let checked = match batch::server::check(&state, organisation, &form).await {
        Ok(Ok(checked)) => checked,
        Ok(Err(_)) => return see_other(&format!("{BATCH_PATH}?{}&tellen=1", form.query()), &[]),
        Err(err) => return failed(err),
    };
    match batch::server::start(&state, &session, &checked, &form.key, client.as_deref()).await {
        Ok(id) => {
            // A short list is sent before its page shows; a long one goes on in the
            // background, and its page shows how far it is.
            if !state.batch_in_request.is_zero() {
                let until = tokio::time::Instant::now() + state.batch_in_request;
                if let Err(err) = batch::background::work_on(&state, id, until).await {
                    tracing::warn!(error = %err, "sending to a list stopped; the worker goes on");
                }
            }
            see_other(&format!("{BATCH_PATH}/{id}"), &[])
        }
        Err(error) => refused(error),
    }
}

/// The notification settings form (checkboxes send `ja` when ticked).
#[derive(serde::Deserialize)]
struct NotificationsForm {
    #[serde(default)]
    van: String,
    #[serde(default)]
    uitkomsten: String,
    #[serde(default, rename = "buiten-grens")]
    buiten_grens: String,
    #[serde(default, rename = "te-laat")]
    te_laat: String,
    #[serde(default)]
    dagmail: String,
}

/// `POST /meldingen`: a professional stores what they want to hear about.
async fn save_notifications(
    State(state): State<AppState>,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Form(form): Form<NotificationsForm>,
) -> Response {
    use super::notify::{server, Settings, NOTIFICATIONS_PATH};
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(NOTIFICATIONS_PATH);
    };
    let member = session
        .membership
        .as_ref()
        .is_some_and(|m| m.level.fits(m.kind) && m.level.uses_portal());
    if !member {
        return refused(crate::error::AppError::Forbidden);
    }
    let settings = Settings {
        mine_only: form.van != "organisatie",
        completed: form.uitkomsten == "ja",
        flagged: form.buiten_grens == "ja",
        overdue: form.te_laat == "ja",
        digest: form.dagmail == "ja",
    };
    match server::save(&state.store, session.account_id.0, settings, state.now()).await {
        Ok(()) => see_other(&format!("{NOTIFICATIONS_PATH}?opgeslagen=1"), &[]),
        Err(err) => failed(err),
    }
}

/// The "seen" form on the worklist: where to go back to.
#[derive(serde::Deserialize)]
struct SeenForm {
    #[serde(default)]
    terug: String,
}

/// `POST /verzoeken/{id}/bekeken`: a professional has seen a request's new results; the
/// guard decides (seeing them is reading them), and the look is stored with its access-log
/// record. Back to the worklist as it was filtered.
async fn mark_seen(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
    Form(form): Form<SeenForm>,
) -> Response {
    use super::worklist::WORKLIST_PATH;
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(super::worklist::WORKLIST_PATH);
    };
    let back = crate::access::local_path(&form.terug)
        .filter(|path| path.starts_with(WORKLIST_PATH))
        .unwrap_or(WORKLIST_PATH)
        .to_owned();
    match super::manage::seen(&state, &session, super::RequestId(id), client.as_deref()).await {
        Ok(()) => see_other(&back, &[]),
        Err(error) => refused(error),
    }
}

/// `POST /verzoeken/{id}/annuleren`: a professional calls off an open request of their
/// organisation (through the guard, logged); back to the request's page, which shows it.
async fn cancel(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
) -> Response {
    let page = format!("{}/{id}", super::desk::REQUESTS_PATH);
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(&page);
    };
    match super::manage::cancel(&state, &session, super::RequestId(id), client.as_deref()).await {
        Ok(_) => see_other(&page, &[]),
        Err(error) => refused(error),
    }
}

/// `POST /verzoeken/{id}/opnieuw`: a professional sends an open request's invitation again
/// (through the guard, logged); back to the request's page, which says whether it went.
async fn resend(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
) -> Response {
    use super::server::ResendRefused;
    let page = format!("{}/{id}", super::desk::REQUESTS_PATH);
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(&page);
    };
    match super::manage::resend(&state, &session, super::RequestId(id), client.as_deref()).await {
        Ok(Ok(())) => see_other(&format!("{page}?opnieuw=verstuurd"), &[]),
        Ok(Err(ResendRefused::Closed)) => see_other(&format!("{page}?opnieuw=gesloten"), &[]),
        Ok(Err(ResendRefused::NoEmail)) => see_other(&format!("{page}?opnieuw=geen-email"), &[]),
        Ok(Err(ResendRefused::NoConsent)) => {
            see_other(&format!("{page}?opnieuw=geen-toestemming"), &[])
        }
        Err(error) => refused(error),
    }
}

/// `POST /verzoeken/{id}/samen`: a professional fills in an open questionnaire together with
/// the patient at a visit: on to its pages through a link made for them.
async fn together(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
) -> Response {
    let page = format!("{}/{id}", super::desk::REQUESTS_PATH);
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(&page);
    };
    match super::manage::together(&state, &session, super::RequestId(id), client.as_deref()).await {
        Ok(Some(token)) => see_other(&super::server::link_path(&token), &[]),
        Ok(None) => see_other(&page, &[]),
        Err(error) => refused(error),
    }
}

/// `GET /verzoeken/{id}/fhir`: the request's result as a FHIR R4 Bundle to save and import
/// in the GP system; through the guard like its page, logged as an export. Not stored by
/// browsers or proxies, and refused when another site starts it.
async fn download_fhir(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Response {
    use axum::http::{header, HeaderValue, StatusCode};
    // A download is an export: never started by another site.
    if !crate::ui::form::started_here(&headers) {
        return refused(crate::error::AppError::Forbidden);
    }
    let session = session.map(|axum::Extension(s)| s);
    let download = super::export::server::download(
        &state,
        session.as_ref(),
        super::RequestId(id),
        client.as_deref(),
    )
    .await;
    match download {
        Ok(Some(download)) => {
            let disposition = format!("attachment; filename=\"{}\"", download.file_name);
            let mut response = Response::new(axum::body::Body::from(download.body));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/fhir+json; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Ok(None) => {
            use crate::ui::i18n::Lang;
            let text = format!(
                "{}\n{}\n",
                Lang::Nl.t(super::text::T::NoResultYet),
                Lang::En.t(super::text::T::NoResultYet)
            );
            let mut response = (StatusCode::NOT_FOUND, text).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(crate::error::AppError::NotSignedIn) => {
            crate::ui::form::to_sign_in(&super::fhir_download(id))
        }
        Err(error) => refused(error),
    }
}

/// `POST /mijn/verzoeken/{id}`: a signed-in patient, or a carer acting for them, opens one
/// of the patient's requests; it opens in the same pages as the mail's link, with a link made
/// for the account (a carer's names the carer, and works only for them, under the mandate).
async fn open_mine(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(id): Path<i64>,
) -> Response {
    use crate::access::capability::Capability;
    use crate::access::Role;
    let Some(axum::Extension(session)) = session else {
        return crate::ui::form::to_sign_in(crate::access::ACCOUNT_PATH);
    };
    // Only the patient or their carer opens a request here: the link it makes counts as
    // their entry. Anyone else, and a request that does not exist, get the same refusal.
    if !matches!(session.role, Role::Patient | Role::Carer) {
        return refused(crate::error::AppError::Forbidden);
    }
    let result = async {
        let id = super::RequestId(id);
        let Some(detail) = super::server::detail(&state.store, id).await? else {
            return Ok(refused(crate::error::AppError::Forbidden));
        };
        // A carer's mandate says whether they fill in questionnaires, measurements or both.
        let capability = match (&detail.asked, session.role) {
            (super::Asked::Measurements(_), Role::Carer) => Capability::EnterMeasurements,
            _ => Capability::SeeOwnQuestionnaires,
        };
        if let Err(error) = crate::access::server::guard::authorise(
            &state.store,
            Some(&session),
            capability,
            detail.patient,
            client.as_deref(),
            state.now(),
        )
        .await
        {
            return Ok(refused(error));
        }
        if detail.status.is_final() {
            return Ok(see_other("/mijn", &[]));
        }
        let carer = (session.role == Role::Carer).then_some(session.account_id);
        let mut tx = state.store.begin().await?;
        let token = super::server::mint_account_link(
            &mut tx,
            id,
            carer,
            state.link_grace_days,
            state.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(see_other(&super::server::link_path(&token), &[]))
    }
    .await;
    result.unwrap_or_else(failed)
}

fn landing(token: &str) -> Response {
    see_other(&format!("/l/{token}"), &[])
}

/// Where a form of a link that is no longer open goes: "received" when its request was
/// completed (a repeated submit gets the same answer as the first), else the link's page,
/// which says the link does not work without saying why.
async fn closed(state: &AppState, token: &str) -> Result<Response, crate::db::StoreError> {
    Ok(if link::completed(&state.store, token).await? {
        see_other(THANKS_PATH, &[])
    } else {
        landing(token)
    })
}

fn failed(err: crate::db::StoreError) -> Response {
    tracing::error!(error = %err, "a link form failed");
    let error = crate::error::AppError::from(err);
    let mut response = see_other("/", &[]);
    *response.status_mut() = axum::http::StatusCode::from_u16(error.status()).unwrap_or_default();
    response
}

/// `POST /l/{token}/start`: opens the request and goes to the step where the person was.
async fn start(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(token): Path<String>,
) -> Response {
    let viewer = session.map(|axum::Extension(s)| s);
    let result = async {
        let Some(opened) = link::open(&state.store, &token, viewer.as_ref(), state.now()).await?
        else {
            return Ok(landing(&token));
        };
        let Some(definition) = link::definition(&state.store, &opened).await? else {
            // A measurement request: its readings page.
            link::start(&state.store, &opened, client.as_deref(), state.now()).await?;
            return Ok(see_other(&super::measure::readings_path(&token), &[]));
        };
        link::start(&state.store, &opened, client.as_deref(), state.now()).await?;
        // Back where the person was: the step after the last one saved (or the review).
        let (answers, page) = link::draft(&state.store, opened.request).await?;
        if answers.is_empty() {
            return Ok(see_other(&format!("/l/{token}/vraag/1"), &[]));
        }
        let steps = visible_pages(&definition, &answers).len();
        let next = page
            .and_then(|page| step_of_page(&definition, &answers, page))
            .map_or(1, |s| s + 1);
        Ok(if next > steps {
            see_other(&format!("/l/{token}/controle"), &[])
        } else {
            see_other(&format!("/l/{token}/vraag/{next}"), &[])
        })
    }
    .await;
    result.unwrap_or_else(failed)
}

/// `POST /l/{token}/vraag/{step}`: saves the step's answers; on to the next step, back, or to
/// the review, unless an answer on this step needs correcting (then the step again). With
/// `go=autosave` (the page's island, on every change) it saves and answers `204`, without
/// moving the place to resume from.
async fn save_step(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path((token, step)): Path<(String, usize)>,
    headers: axum::http::HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let viewer = session.map(|axum::Extension(s)| s);
    let go = form
        .iter()
        .find(|(name, _)| name == "go")
        .map_or("next", |(_, value)| value.as_str())
        .to_owned();
    let autosave = go == "autosave";
    // An autosave is answered with a status only; the page's island shows whether it worked.
    let gone = |token: &str| {
        if autosave {
            axum::http::StatusCode::NOT_FOUND.into_response()
        } else {
            landing(token)
        }
    };
    let result = async {
        let Some(opened) = link::open(&state.store, &token, viewer.as_ref(), state.now()).await?
        else {
            return Ok(gone(&token));
        };
        let Some(definition) = link::definition(&state.store, &opened).await? else {
            return Ok(gone(&token));
        };
        let (answers, _) = link::draft(&state.store, opened.request).await?;
        let Some(&page) = visible_pages(&definition, &answers).get(step.saturating_sub(1)) else {
            return Ok(gone(&token));
        };
        let items = page_items(&definition, &answers, page);
        let on_page = link_ids(&items);
        let refs: Vec<&crate::questionnaires::definition::Item> = items.iter().collect();
        let given = answers_from_form(&refs, &form);
        let Some(checked) = link::save_page(
            &state.store,
            &opened,
            &definition,
            &on_page,
            given,
            page,
            autosave,
            client.as_deref(),
            state.now(),
        )
        .await?
        else {
            return Ok(gone(&token));
        };
        if autosave {
            // Saved; the problems with answers on this step, by field, for the island to show
            // at once (the engine's messages, in the person's language).
            let lang = state
                .read_cookie(&headers, crate::ui::i18n::LANG_COOKIE, "/")
                .and_then(crate::ui::i18n::Lang::from_code)
                .unwrap_or_default();
            let problems: Vec<(String, String)> = checked
                .errors
                .iter()
                .filter(|e| on_page.contains(&e.link_id))
                .map(|e| (field_id(&e.link_id), e.message(lang)))
                .collect();
            return Ok(if problems.is_empty() {
                axum::http::StatusCode::NO_CONTENT.into_response()
            } else {
                axum::Json(problems).into_response()
            });
        }
        let go = go.as_str();
        let wrong_here = checked.errors.iter().any(|e| on_page.contains(&e.link_id));
        if wrong_here && go != "back" {
            return Ok(see_other(&format!("/l/{token}/vraag/{step}"), &[]));
        }
        let (answers, _) = link::draft(&state.store, opened.request).await?;
        let steps = visible_pages(&definition, &answers);
        let here = steps.iter().position(|&p| p == page).unwrap_or(0);
        let target = match go {
            "back" => Some(here.saturating_sub(1)),
            "review" => None,
            _ => Some(here + 1).filter(|&next| next < steps.len()),
        };
        Ok(match target {
            Some(index) => see_other(&format!("/l/{token}/vraag/{}", index + 1), &[]),
            None => see_other(&format!("/l/{token}/controle"), &[]),
        })
    }
    .await;
    result.unwrap_or_else(failed)
}

/// `POST /l/{token}/versturen`: submits once; a repeated submit gets the same answer.
async fn submit(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(token): Path<String>,
) -> Response {
    let viewer = session.map(|axum::Extension(s)| s);
    let result = async {
        let Some(opened) = link::open(&state.store, &token, viewer.as_ref(), state.now()).await?
        else {
            return closed(&state, &token).await;
        };
        let Some(definition) = link::definition(&state.store, &opened).await? else {
            return Ok(landing(&token));
        };
        debug_assert!(matches!(opened.asked, Asked::Questionnaire { .. }));
        Ok(
            match link::submit(
                &state.store,
                &opened,
                &definition,
                client.as_deref(),
                state.now(),
            )
            .await?
            {
                Submitted::Stored => see_other(THANKS_PATH, &[]),
                Submitted::Incomplete(_) => see_other(&format!("/l/{token}/controle"), &[]),
                Submitted::Closed => landing(&token),
            },
        )
    }
    .await;
    result.unwrap_or_else(failed)
}

/// `POST /l/{token}/metingen`: stores one reading, then the readings page with what was
/// saved (and the engine's advice), or the form again with the problems.
async fn enter_reading(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path(token): Path<String>,
    Form(fields): Form<crate::measurements::entry::EntryFields>,
) -> Response {
    let viewer = session.map(|axum::Extension(s)| s);
    save_reading(state, client, viewer, token, None, fields).await
}

/// `POST /l/{token}/metingen/{reading}/verbeteren`: stores a corrected version of a reading
/// entered for this request (the original is kept).
async fn correct_reading(
    State(state): State<AppState>,
    client: ClientAddress,
    session: Option<axum::Extension<crate::access::server::Session>>,
    Path((token, reading)): Path<(String, String)>,
    Form(fields): Form<crate::measurements::entry::EntryFields>,
) -> Response {
    let viewer = session.map(|axum::Extension(s)| s);
    save_reading(state, client, viewer, token, Some(reading), fields).await
}

async fn save_reading(
    state: AppState,
    client: ClientAddress,
    viewer: Option<crate::access::server::Session>,
    token: String,
    correcting: Option<String>,
    fields: crate::measurements::entry::EntryFields,
) -> Response {
    use super::entry::{self, Entered, Entry};
    use super::measure::{correct_path, readings_path};
    let result = async {
        let Some(opened) = link::open(&state.store, &token, viewer.as_ref(), state.now()).await?
        else {
            return closed(&state, &token).await;
        };
        let Some(protocol) = entry::protocol(&opened) else {
            return Ok(landing(&token));
        };
        let thresholds = entry::thresholds(&state.store, &opened.organisation).await?;
        let entry = Entry {
            opened: &opened,
            protocol,
            correcting: correcting.as_deref(),
            rules: state.time_rules,
            thresholds: &thresholds,
            client: client.as_deref(),
        };
        Ok(
            match entry::enter(&state.store, &entry, fields, state.now()).await? {
                // Also when that was the last one: the page shows it with its advice.
                Entered::Saved(id) | Entered::Completed(id) => {
                    see_other(&format!("{}?opgeslagen={id}", readings_path(&token)), &[])
                }
                Entered::Closed => closed(&state, &token).await?,
                Entered::Refused => match &correcting {
                    Some(reading) => see_other(&correct_path(&token, reading), &[]),
                    None => see_other(&readings_path(&token), &[]),
                },
            },
        )
    }
    .await;
    result.unwrap_or_else(failed)
}

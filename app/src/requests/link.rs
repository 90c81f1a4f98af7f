//! A request opened through its emailed link, without an account (server only). The token
//! is the only key: every use checks it again, and every read or write of the patient's
//! answers leaves an access-log record (the actor is the link; the patient record is named).

use super::status::{Event, Status};
use super::{Asked, RequestId};
use crate::access::server::SecretToken;
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{timestamp, Backend, Conn, Store, StoreError};
use crate::organisations::OrganisationId;
use crate::patients::PatientId;
use crate::questionnaires::answers::Answers;
use crate::questionnaires::definition::Definition;
use crate::questionnaires::validate::{validate, Checked, Stage};
use sqlx::Row;
use std::time::SystemTime;

/// A usable link's request.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The request.
    pub request: RequestId,
    /// Whose.
    pub patient: PatientId,
    /// Who asks (id).
    pub organisation: OrganisationId,
    /// Who asks (name).
    pub organisation_name: String,
    /// Where it stands.
    pub status: Status,
    /// By when.
    pub due: jiff::civil::Date,
    /// What.
    pub asked: Asked,
    /// Opened by a signed-in patient from their own page (else through the mail's link).
    pub via_account: bool,
    /// Opened by this professional (account id) to fill it in together with the patient at
    /// a visit.
    pub visit_by: Option<i64>,
    /// Opened by this carer (account id) acting for the patient from their own page.
    pub carer: Option<i64>,
    /// The mandate that carer acts under now.
    pub mandate: Option<i64>,
}

/// Resolves a link. `None` for a garbled or unknown token, an expired link, and a request
/// that is completed, expired or cancelled: callers show one page for all of these.
pub async fn open(
    store: &Store,
    token: &str,
    viewer: Option<&crate::access::server::Session>,
    now: SystemTime,
) -> Result<Option<Opened>, StoreError> {
    Ok(resolve(store, token, viewer, now)
        .await?
        .map(|(opened, _)| opened)
        .filter(|opened| !opened.status.is_final()))
}

/// How long after a measurement request was completed its link still shows the readings page
/// (read only), so the advice on the last reading is not lost.
pub const SHOW_COMPLETED_FOR: std::time::Duration = std::time::Duration::from_secs(3600);

/// A measurement request completed less than [`SHOW_COMPLETED_FOR`] ago, through its link
/// (still valid); `None` otherwise.
pub async fn open_just_completed(
    store: &Store,
    token: &str,
    viewer: Option<&crate::access::server::Session>,
    now: SystemTime,
) -> Result<Option<Opened>, StoreError> {
    Ok(resolve(store, token, viewer, now)
        .await?
        .filter(|(opened, completed)| {
            opened.status == Status::Completed
                && matches!(opened.asked, Asked::Measurements(_))
                && now.duration_since(*completed).unwrap_or_default() < SHOW_COMPLETED_FOR
        })
        .map(|(opened, _)| opened))
}

/// The request of a valid link, whatever its status, and when its status last changed. A
/// link made for a visit works only for its professional, signed in, still allowed to send
/// the organisation's questionnaires: for anyone else it is like an unknown link.
async fn resolve(
    store: &Store,
    token: &str,
    viewer: Option<&crate::access::server::Session>,
    now: SystemTime,
) -> Result<Option<(Opened, SystemTime)>, StoreError> {
    let Some(token) = SecretToken::from_cookie(token) else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT r.id, r.patient_id, r.organisation_id, o.name, r.status, r.due_on, r.kind,
                r.instrument_id, r.instrument_version, r.protocol, r.updated_at, t.via,
                t.entered_by_account
         FROM link_tokens t
         JOIN requests r ON r.id = t.request_id
         JOIN organisations o ON o.id = r.organisation_id
         WHERE t.token_hash = $1 AND t.expires_at > $2",
    )
    .bind(token.hash())
    .bind(timestamp(now))
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let bad = |what: &str| StoreError::Query(sqlx::Error::Decode(what.to_owned().into()));
    let status =
        Status::parse(&row.try_get::<String, _>("status")?).ok_or_else(|| bad("status"))?;
    let changed = crate::db::parse_timestamp(&row.try_get::<String, _>("updated_at")?)?;
    let asked = match row.try_get::<String, _>("kind")?.as_str() {
        "questionnaire" => Asked::Questionnaire {
            instrument: row.try_get("instrument_id")?,
            version: row.try_get("instrument_version")?,
        },
        _ => {
            let json: String = row.try_get("protocol")?;
            Asked::Measurements(serde_json::from_str(&json).map_err(|_| bad("protocol"))?)
        }
    };
    let opened = Opened {
        request: RequestId(row.try_get("id")?),
        patient: PatientId(row.try_get("patient_id")?),
        organisation: OrganisationId::from_stored(row.try_get("organisation_id")?),
        organisation_name: row.try_get("name")?,
        status,
        due: row
            .try_get::<String, _>("due_on")?
            .parse()
            .map_err(|_| bad("due date"))?,
        asked,
        via_account: row.try_get::<String, _>("via")? == "account",
        visit_by: match row.try_get::<String, _>("via")?.as_str() {
            "visit" => row.try_get("entered_by_account")?,
            _ => None,
        },
        carer: match row.try_get::<String, _>("via")?.as_str() {
            "account" => row.try_get("entered_by_account")?,
            _ => None,
        },
        mandate: None,
    };
    // A carer's link works only in the carer's own session, acting for this patient under a
    // mandate that runs now and lets them fill in this kind of request: revoking the mandate
    // stops its very next use.
    let mut opened = opened;
    if let Some(carer) = opened.carer {
        use crate::access::capability::Capability;
        let needs = match opened.asked {
            Asked::Measurements(_) => Capability::EnterMeasurements,
            Asked::Questionnaire { .. } => Capability::SeeOwnQuestionnaires,
        };
        let mandate = viewer
            .filter(|session| {
                session.account_id.0 == carer
                    && session.role == crate::access::Role::Carer
                    && session.patient == Some(opened.patient)
            })
            .and_then(|session| session.mandate)
            .filter(|m| m.scope.allows(needs));
        let Some(mandate) = mandate else {
            return Ok(None);
        };
        opened.mandate = Some(mandate.id);
    }
    if let Some(professional) = opened.visit_by {
        use crate::access::capability::{professional_may, Capability};
        let theirs = viewer.is_some_and(|session| {
            session.account_id.0 == professional
                && session.membership.as_ref().is_some_and(|m| {
                    m.organisation == opened.organisation
                        && professional_may(m.kind, m.level, Capability::SendQuestionnaire)
                })
        });
        if !theirs {
            return Ok(None);
        }
    }
    Ok(Some((opened, changed)))
}

/// The access-log record of something done through a link.
pub(super) fn entry(opened: &Opened, action: Action, client: Option<&str>) -> Entry {
    // At a visit the professional acts, for their organisation; else whoever has the link.
    let (actor, role, organisation) = match opened.visit_by {
        Some(account) => (
            Some(crate::access::AccountId(account)),
            "professional",
            Some(opened.organisation.clone()),
        ),
        None => match opened.carer {
            Some(account) => (Some(crate::access::AccountId(account)), "carer", None),
            None => (None, "link", None),
        },
    };
    Entry {
        actor,
        role: Some(role),
        organisation,
        patient: Some(opened.patient),
        action,
        object: Some(opened.request.to_string()),
        outcome: Outcome::Success,
        client: client.map(str::to_owned),
    }
}

/// Logs a read through a link.
pub async fn log_read(
    store: &Store,
    opened: &Opened,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let mut conn = store.conn().await?;
    audit::server::record(&mut conn, &entry(opened, Action::LinkOpened, client), now).await
}

/// Locks the request until the transaction ends and reads its status as it is now. Every
/// change of a request's draft, readings, response or status takes this lock first, so two
/// saves, or a save and a submit, never work from what the other is changing. (SQLite's
/// transactions already hold the database's write lock from their start.)
pub(crate) async fn lock(
    conn: &mut Conn,
    backend: Backend,
    request: RequestId,
) -> Result<Status, StoreError> {
    let sql = match backend {
        Backend::Postgres => "SELECT status FROM requests WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT status FROM requests WHERE id = $1",
    };
    let code: String = sqlx::query(sql)
        .bind(request.0)
        .fetch_one(conn)
        .await?
        .try_get("status")?;
    Status::parse(&code)
        .ok_or_else(|| StoreError::Query(sqlx::Error::Decode(format!("status {code}").into())))
}

/// Moves the request's status from `from` (read under [`lock`]) by each of `events` in turn;
/// a refused move changes nothing.
pub(crate) async fn advance(
    conn: &mut Conn,
    request: RequestId,
    from: Status,
    events: &[Event],
    now: SystemTime,
) -> Result<Status, StoreError> {
    let next = events
        .iter()
        .fold(from, |status, &event| status.after(event).unwrap_or(status));
    if next != from {
        sqlx::query("UPDATE requests SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(next.code())
            .bind(timestamp(now))
            .bind(request.0)
            .execute(conn)
            .await?;
    }
    Ok(next)
}

/// Notes that a result arrived for the request and whether it crossed a limit or a cut-off
/// (a raised flag stays), for the worklist.
pub(super) async fn note_result(
    conn: &mut Conn,
    request: RequestId,
    flagged: bool,
    now: SystemTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE requests SET result_at = $1,
                flagged = CASE WHEN $2 > 0 THEN 1 ELSE flagged END
         WHERE id = $3",
    )
    .bind(timestamp(now))
    .bind(i64::from(flagged))
    .bind(request.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// The person pressed "start": the request is opened (a GET never changes anything, so a
/// mail scanner that follows links changes nothing).
pub async fn start(
    store: &Store,
    opened: &Opened,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    let status = lock(&mut tx, store.backend(), opened.request).await?;
    advance(&mut tx, opened.request, status, &[Event::Open], now).await?;
    audit::server::record(&mut tx, &entry(opened, Action::LinkOpened, client), now).await?;
    tx.commit().await?;
    Ok(())
}

/// The answers saved so far and the page last confirmed with a button (`None` before any:
/// answers saved while the person was still on a page do not move the place to resume from).
pub async fn draft(
    store: &Store,
    request: RequestId,
) -> Result<(Answers, Option<usize>), StoreError> {
    let mut conn = store.conn().await?;
    draft_in(&mut conn, request).await
}

/// What `drafts.page` holds before any page was confirmed.
const NO_PAGE: i64 = -1;

/// [`draft`] on a connection (inside a transaction, after [`lock`]).
async fn draft_in(
    conn: &mut Conn,
    request: RequestId,
) -> Result<(Answers, Option<usize>), StoreError> {
    let row = sqlx::query("SELECT answers, page FROM drafts WHERE request_id = $1")
        .bind(request.0)
        .fetch_optional(conn)
        .await?;
    match row {
        None => Ok((Answers::new(), None)),
        Some(row) => {
            let json: String = row.try_get("answers")?;
            // Never the parser's message: it may quote the answers.
            let answers = serde_json::from_str(&json)
                .map_err(|_| StoreError::Query(sqlx::Error::Decode("draft answers".into())))?;
            let page: i64 = row.try_get("page")?;
            Ok((answers, usize::try_from(page).ok()))
        }
    }
}

/// Saves the answers of one page into the draft (answers given earlier on that page are
/// replaced, others kept) and returns the draft's validation; `None` when the request was
/// completed, expired or cancelled meanwhile (nothing is saved then). `keep_page` saves
/// without moving the place to resume from (a save while the person is still on the page).
#[allow(clippy::too_many_arguments)]
pub async fn save_page(
    store: &Store,
    opened: &Opened,
    definition: &Definition,
    on_page: &[String],
    page_answers: Answers,
    page: usize,
    keep_page: bool,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Option<Checked>, StoreError> {
    let mut tx = store.begin().await?;
    let status = lock(&mut tx, store.backend(), opened.request).await?;
    if status.is_final() {
        return Ok(None);
    }
    let (mut answers, saved_page) = draft_in(&mut tx, opened.request).await?;
    answers.retain(|link_id, _| !on_page.contains(link_id));
    answers.extend(page_answers);
    let json = serde_json::to_string(&answers)
        .map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
    let page = match (keep_page, saved_page) {
        (false, _) => i64::try_from(page).unwrap_or(i64::MAX),
        (true, Some(saved)) => i64::try_from(saved).unwrap_or(i64::MAX),
        (true, None) => NO_PAGE,
    };
    sqlx::query(
        "INSERT INTO drafts (request_id, answers, page, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (request_id) DO UPDATE
         SET answers = excluded.answers, page = excluded.page, updated_at = excluded.updated_at",
    )
    .bind(opened.request.0)
    .bind(&json)
    .bind(page)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    advance(&mut tx, opened.request, status, &[Event::Save], now).await?;
    audit::server::record(&mut tx, &entry(opened, Action::AnswersSaved, client), now).await?;
    tx.commit().await?;
    Ok(Some(validate(definition, &answers, Stage::Draft)))
}

/// What a submit did.
#[derive(Debug)]
pub enum Submitted {
    /// Stored now, or earlier by a repeated submit: there is exactly one response.
    Stored,
    /// Not complete: the problems to show.
    Incomplete(Checked),
    /// Expired or cancelled meanwhile: nothing stored.
    Closed,
}

/// Submits the draft: validated, scored with the organisation's settings, stored once as the
/// response of the request (a repeated or concurrent submit stores nothing more), and the
/// request completed, with the access-log record, in one transaction that reads the draft
/// under the request's lock (a save that was acknowledged before is in the response).
pub async fn submit(
    store: &Store,
    opened: &Opened,
    definition: &Definition,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Submitted, StoreError> {
    let settings = crate::organisations::server::instrument_settings(
        store,
        opened.organisation.as_str(),
        &definition.id,
    )
    .await
    .map_err(|e| match e {
        crate::organisations::server::OrganisationError::Store(e) => e,
        other => StoreError::Query(sqlx::Error::Protocol(other.to_string())),
    })?;
    let mut tx = store.begin().await?;
    let status = lock(&mut tx, store.backend(), opened.request).await?;
    match status {
        Status::Completed => {
            // Sent before (a double click, a retry, a concurrent submit): the read is logged.
            tx.commit().await?;
            log_read(store, opened, client, now).await?;
            return Ok(Submitted::Stored);
        }
        Status::Expired | Status::Cancelled => return Ok(Submitted::Closed),
        _ => {}
    }
    let (answers, _) = draft_in(&mut tx, opened.request).await?;
    let checked = validate(definition, &answers, Stage::Submit);
    if !checked.is_complete() {
        drop(tx);
        // The answers were read to check them: that is logged too.
        log_read(store, opened, client, now).await?;
        return Ok(Submitted::Incomplete(checked));
    }
    let scores = crate::questionnaires::scoring::score(definition, &checked.answers, &settings);
    let encode = |e: serde_json::Error| StoreError::Query(sqlx::Error::Encode(Box::new(e)));
    let answers_json = serde_json::to_string(&checked.answers).map_err(encode)?;
    let scores_json = serde_json::to_string(&scores).map_err(encode)?;
    sqlx::query(
        "INSERT INTO responses (request_id, patient_id, instrument_id, instrument_version,
                                answers, scores, entered_by, entered_by_account, entered_via,
                                submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(opened.request.0)
    .bind(opened.patient.0)
    .bind(&definition.id)
    .bind(&definition.version)
    .bind(&answers_json)
    .bind(&scores_json)
    .bind(match (opened.visit_by, opened.carer) {
        (Some(_), _) => "professional",
        (None, Some(_)) => "carer",
        (None, None) => "patient",
    })
    .bind(opened.visit_by.or(opened.carer))
    .bind(match (opened.visit_by, opened.via_account) {
        (Some(_), _) => "visit",
        (None, true) => "account",
        (None, false) => "link",
    })
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    advance(&mut tx, opened.request, status, &[Event::Complete], now).await?;
    let flagged = scores.scales.iter().any(|s| {
        s.band
            .as_ref()
            .is_some_and(|b| b.severity != crate::questionnaires::definition::Severity::Normal)
    });
    note_result(&mut tx, opened.request, flagged, now).await?;
    sqlx::query("DELETE FROM drafts WHERE request_id = $1")
        .bind(opened.request.0)
        .execute(&mut *tx)
        .await?;
    audit::server::record(
        &mut tx,
        &entry(opened, Action::ResponseSubmitted, client),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Submitted::Stored)
}

/// The definition a questionnaire request is answered with (its stored version).
pub async fn definition(store: &Store, opened: &Opened) -> Result<Option<Definition>, StoreError> {
    match &opened.asked {
        Asked::Questionnaire {
            instrument,
            version,
        } => crate::questionnaires::server::load_definition(store, instrument, version)
            .await
            .map(Some),
        Asked::Measurements(_) => Ok(None),
    }
}

/// Whether the token belongs to a request that was completed (so a repeated submit gets the
/// same "received" page as the first one).
pub async fn completed(store: &Store, token: &str) -> Result<bool, StoreError> {
    let Some(token) = SecretToken::from_cookie(token) else {
        return Ok(false);
    };
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM link_tokens t JOIN requests r ON r.id = t.request_id
         WHERE t.token_hash = $1 AND r.status = 'completed'",
    )
    .bind(token.hash())
    .fetch_one(store.pool())
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

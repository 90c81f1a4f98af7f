//! Requests in the database (server only): sending one is one transaction with its outbox
//! mail and its access-log record.

use super::status::Status;
use super::{link_valid_until, protocol_title, Ask, Asked, RequestId};
use crate::access::server::guard::Authorised;
use crate::access::AccountId;
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{timestamp, Conn, Store, StoreError};
use crate::mail::outbox::{enqueue, Link};
use crate::mail::{bilingual, invitation, Invitation, LINK_PLACEHOLDER};
use crate::organisations::OrganisationId;
use crate::patients::{Consent, PatientId};
use crate::questionnaires::server as library;
use sqlx::Row;
use std::time::SystemTime;

/// Who sends: a professional through the guard, or an administrator on the command line
/// for an organisation.
#[derive(Clone, Debug)]
pub struct Requester {
    organisation: OrganisationId,
    /// Who acts, for the access log.
    account: Option<AccountId>,
    /// Whose request it is (the worklist's "mine").
    requested_by: Option<AccountId>,
    role: &'static str,
    client: Option<String>,
}

impl Requester {
    /// An administrator (or integrator) on the command line, for `organisation`.
    pub fn admin(organisation: OrganisationId) -> Requester {
        Requester {
            organisation,
            account: None,
            requested_by: None,
            role: "admin",
            client: None,
        }
    }

    /// A repeating request's next one, made by the server for `organisation`: it stays the
    /// request of whoever set up the series, and the access log names the server.
    pub fn repeat(organisation: OrganisationId, requested_by: Option<AccountId>) -> Requester {
        Requester {
            organisation,
            account: None,
            requested_by,
            role: "system",
            client: None,
        }
    }

    /// The server itself, for `organisation` (a reminder): the access log names the server.
    pub fn server(organisation: OrganisationId) -> Requester {
        Requester::repeat(organisation, None)
    }

    /// The access-log record of `action` on `object`, of `patient`'s data, by this requester.
    pub(super) fn entry(&self, patient: PatientId, action: Action, object: String) -> Entry {
        Entry {
            actor: self.account,
            role: Some(self.role),
            organisation: Some(self.organisation.clone()),
            patient: Some(patient),
            action,
            object: Some(object),
            outcome: Outcome::Success,
            client: self.client.clone(),
        }
    }

    /// The organisation it sends for.
    pub fn organisation(&self) -> &OrganisationId {
        &self.organisation
    }

    /// The professional the guard allowed to send (`None` without a membership).
    pub fn authorised(auth: &Authorised, client: Option<&str>) -> Option<Requester> {
        let session = auth.session();
        let membership = session.membership.as_ref()?;
        Some(Requester {
            organisation: membership.organisation.clone(),
            account: Some(session.account_id),
            requested_by: Some(session.account_id),
            role: session.role.code(),
            client: client.map(str::to_owned),
        })
    }
}

/// A request to send.
#[derive(Clone, Debug)]
pub struct NewRequest {
    /// To whom.
    pub patient: PatientId,
    /// What.
    pub ask: Ask,
    /// By when (a Dutch calendar date).
    pub due: jiff::civil::Date,
    /// Whether reminders are sent.
    pub reminders: bool,
    /// Every how many months the request repeats (`None`: once).
    pub repeat_months: Option<u8>,
}

/// Why a request was not sent. The `Display` text is for the CLI and logs.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such patient record.
    #[error("the patient was not found")]
    UnknownPatient,
    /// The patient record has no e-mail address.
    #[error("the patient has no e-mail address, so no link can be sent")]
    NoEmail,
    /// The patient refused or withdrew consent.
    #[error("the patient refused or withdrew consent; no new requests can be sent")]
    NoConsent,
    /// The organisation is not in the patient's care network.
    #[error("{0} is not in the patient's care network")]
    NotInCareNetwork(String),
    /// No such instrument.
    #[error("instrument {0} not found")]
    UnknownInstrument(String),
    /// The protocol does not hold together.
    #[error("the protocol is not valid: {0}")]
    InvalidProtocol(String),
    /// The due date lies before today.
    #[error("the due date {0} has passed; choose today or a later date")]
    DueInPast(jiff::civil::Date),
}

impl From<sqlx::Error> for RequestError {
    fn from(err: sqlx::Error) -> Self {
        RequestError::Store(err.into())
    }
}

/// Sends a request: the request, its invitation in the outbox and the access-log record in
/// one transaction. The link is made when the mail leaves the outbox (see `link_tokens`).
pub async fn send(
    store: &Store,
    by: &Requester,
    new: &NewRequest,
    grace_days: u16,
    now: SystemTime,
) -> Result<RequestId, RequestError> {
    let resolved = resolve(store, new, now).await?;
    let mut tx = store.begin().await?;
    let id = send_in(&mut tx, by, new, &resolved, grace_days, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// What a new request asks, resolved before its transaction: the questionnaire's newest
/// version (or the checked protocol) and its titles.
pub struct Resolved {
    asked: Asked,
    titles: crate::ui::i18n::Text,
}

/// Resolves and checks what `new` asks (the due date not in the past).
pub async fn resolve(
    store: &Store,
    new: &NewRequest,
    now: SystemTime,
) -> Result<Resolved, RequestError> {
    if new.due < crate::measurements::clock::today(now) {
        return Err(RequestError::DueInPast(new.due));
    }
    let (asked, titles) = match &new.ask {
        Ask::Questionnaire(id) => {
            let definition = library::latest_definition(store, id)
                .await
                .map_err(|e| match e {
                    StoreError::NotFound => RequestError::UnknownInstrument(id.clone()),
                    other => other.into(),
                })?;
            let titles = definition.title.clone();
            let asked = Asked::Questionnaire {
                instrument: definition.id,
                version: definition.version,
            };
            (asked, titles)
        }
        Ask::Measurements(protocol) => {
            protocol.check().map_err(RequestError::InvalidProtocol)?;
            let titles = crate::ui::i18n::Text {
                nl: protocol_title(protocol, crate::ui::i18n::Lang::Nl).to_owned(),
                en: protocol_title(protocol, crate::ui::i18n::Lang::En).to_owned(),
            };
            (Asked::Measurements(protocol.clone()), titles)
        }
    };
    Ok(Resolved { asked, titles })
}

/// [`send`] in the caller's transaction, with what it asks resolved.
pub async fn send_in(
    tx: &mut Conn,
    by: &Requester,
    new: &NewRequest,
    resolved: &Resolved,
    grace_days: u16,
    now: SystemTime,
) -> Result<RequestId, RequestError> {
    let (asked, titles) = (&resolved.asked, &resolved.titles);
    let patient = sqlx::query("SELECT name, email, consent FROM patients WHERE id = $1")
        .bind(new.patient.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(RequestError::UnknownPatient)?;
    let name: String = patient.try_get("name")?;
    let email: Option<String> = patient.try_get("email")?;
    let email = email
        .filter(|e| !e.is_empty())
        .ok_or(RequestError::NoEmail)?;
    let consent: String = patient.try_get("consent")?;
    if matches!(
        Consent::parse(&consent),
        Some(Consent::Refused | Consent::Withdrawn)
    ) {
        return Err(RequestError::NoConsent);
    }
    let organisation = by.organisation.as_str();
    let organisation_name: Option<String> = sqlx::query(
        "SELECT o.name FROM care_network c JOIN organisations o ON o.id = c.organisation_id
         WHERE c.patient_id = $1 AND c.organisation_id = $2",
    )
    .bind(new.patient.0)
    .bind(organisation)
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| row.try_get("name"))
    .transpose()?;
    let organisation_name =
        organisation_name.ok_or_else(|| RequestError::NotInCareNetwork(organisation.into()))?;
    let (instrument, version, protocol) = match &asked {
        Asked::Questionnaire {
            instrument,
            version,
        } => (Some(instrument.as_str()), Some(version.as_str()), None),
        Asked::Measurements(p) => (
            None,
            None,
            Some(
                serde_json::to_string(p)
                    .map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?,
            ),
        ),
    };
    let at = timestamp(now);
    let row = sqlx::query(
        "INSERT INTO requests (patient_id, organisation_id, requested_by, kind, instrument_id,
                               instrument_version, protocol, due_on, reminders, status,
                               created_at, updated_at, what, repeat_months)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)
         RETURNING id",
    )
    .bind(new.patient.0)
    .bind(organisation)
    .bind(by.requested_by.map(|a| a.0))
    .bind(asked.kind())
    .bind(instrument)
    .bind(version)
    .bind(protocol)
    .bind(new.due.to_string())
    .bind(i64::from(new.reminders))
    .bind(Status::Sent.code())
    .bind(&at)
    .bind(match &asked {
        Asked::Questionnaire { instrument, .. } => instrument.clone(),
        Asked::Measurements(protocol) => protocol.name().to_owned(),
    })
    .bind(new.repeat_months.map(i64::from))
    .fetch_one(&mut *tx)
    .await?;
    let id = RequestId(row.try_get("id")?);
    let message = invitation_message(
        &name,
        &organisation_name,
        asked,
        titles,
        new.due,
        grace_days,
    );
    enqueue(&mut *tx, &email, &message, Some(Link::Request(id)), now).await?;
    let entry = by.entry(new.patient, Action::RequestSent, id.to_string());
    audit::server::record(&mut *tx, &entry, now).await?;
    Ok(id)
}

/// The invitation mail of a request, in both languages, with the link's place held for the
/// outbox (which makes the link as the mail leaves).
fn invitation_message(
    patient: &str,
    organisation: &str,
    asked: &Asked,
    titles: &crate::ui::i18n::Text,
    due: jiff::civil::Date,
    grace_days: u16,
) -> crate::mail::Message {
    let last_day = link_last_day(due, grace_days);
    bilingual(|lang| {
        invitation(
            lang,
            &Invitation {
                patient,
                organisation,
                questionnaire: matches!(asked, Asked::Questionnaire { .. }),
                title: titles.get(lang),
                due,
                last_day,
                link: LINK_PLACEHOLDER,
            },
        )
    })
}

/// Why a request was not sent again.
#[derive(Debug, PartialEq, Eq)]
pub enum ResendRefused {
    /// Completed, expired or cancelled, or past its last day.
    Closed,
    /// The patient has no e-mail address (any more).
    NoEmail,
    /// The patient refused or withdrew consent.
    NoConsent,
}

/// Sends an open request's invitation again (a new mail with a new link, as the outbox makes
/// it; earlier links keep working until the last day), with its access-log record, in one
/// transaction. The caller has checked through the guard that `by` may send it.
pub async fn resend(
    store: &Store,
    by: &Requester,
    id: RequestId,
    grace_days: u16,
    now: SystemTime,
) -> Result<Result<(), ResendRefused>, StoreError> {
    send_again(store, by, id, None, grace_days, now).await
}

/// Sends a reminder of an open request (`kind`: `before` or `due`), once: the reminder is
/// claimed in the transaction that queues its mail, so a second call, also from another
/// server instance, sends nothing (`Closed`). Never for a completed, cancelled or expired
/// request, a patient without consent or without an e-mail address.
pub async fn remind(
    store: &Store,
    by: &Requester,
    id: RequestId,
    kind: &'static str,
    grace_days: u16,
    now: SystemTime,
) -> Result<Result<(), ResendRefused>, StoreError> {
    send_again(store, by, id, Some(kind), grace_days, now).await
}

/// The invitation again: sent on request (`reminder` `None`) or as a reminder of that kind.
async fn send_again(
    store: &Store,
    by: &Requester,
    id: RequestId,
    reminder: Option<&'static str>,
    grace_days: u16,
    now: SystemTime,
) -> Result<Result<(), ResendRefused>, StoreError> {
    let mut tx = store.begin().await?;
    let status = super::link::lock(&mut tx, store.backend(), id).await?;
    let row = sqlx::query(
        "SELECT r.patient_id, r.due_on, r.instrument_id, r.instrument_version, r.protocol,
                p.name, p.email, p.consent, o.name AS organisation_name
         FROM requests r JOIN patients p ON p.id = r.patient_id
              JOIN organisations o ON o.id = r.organisation_id
         WHERE r.id = $1",
    )
    .bind(id.0)
    .fetch_one(&mut *tx)
    .await?;
    let due: jiff::civil::Date = row
        .try_get::<String, _>("due_on")?
        .parse()
        .map_err(|_| StoreError::Query(sqlx::Error::Decode("due_on".into())))?;
    if status.is_final()
        || link_valid_until(due, grace_days) <= crate::measurements::clock::instant(now)
    {
        return Ok(Err(ResendRefused::Closed));
    }
    let consent: String = row.try_get("consent")?;
    if matches!(
        Consent::parse(&consent),
        Some(Consent::Refused | Consent::Withdrawn)
    ) {
        return Ok(Err(ResendRefused::NoConsent));
    }
    let Some(email) = row
        .try_get::<Option<String>, _>("email")?
        .filter(|e| !e.is_empty())
    else {
        return Ok(Err(ResendRefused::NoEmail));
    };
    let (asked, titles) = asked_of(store, &row).await?;
    let patient = PatientId(row.try_get("patient_id")?);
    let name: String = row.try_get("name")?;
    let organisation: String = row.try_get("organisation_name")?;
    let mut message = invitation_message(&name, &organisation, &asked, &titles, due, grace_days);
    if let Some(kind) = reminder {
        let claimed = sqlx::query(
            "INSERT INTO reminders (request_id, kind, sent_at) VALUES ($1, $2, $3)
             ON CONFLICT (request_id, kind) DO NOTHING",
        )
        .bind(id.0)
        .bind(kind)
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            return Ok(Err(ResendRefused::Closed));
        }
        message.subject = format!("Herinnering / Reminder: {}", message.subject);
    }
    enqueue(&mut tx, &email, &message, Some(Link::Request(id)), now).await?;
    let entry = match reminder {
        Some(kind) => by.entry(
            patient,
            Action::ReminderSent,
            format!("{id}:reminder:{kind}"),
        ),
        None => by.entry(patient, Action::RequestResent, id.to_string()),
    };
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// What a stored request asks, with its title in both languages, from its row's
/// `instrument_id`, `instrument_version` and `protocol`.
pub(super) async fn asked_of(
    store: &Store,
    row: &sqlx::any::AnyRow,
) -> Result<(Asked, crate::ui::i18n::Text), StoreError> {
    Ok(match row.try_get::<Option<String>, _>("instrument_id")? {
        Some(instrument) => {
            let version: String = row.try_get("instrument_version")?;
            let definition = library::load_definition(store, &instrument, &version).await?;
            (
                Asked::Questionnaire {
                    instrument,
                    version,
                },
                definition.title,
            )
        }
        None => {
            let protocol: crate::measurements::protocol::Protocol =
                serde_json::from_str(&row.try_get::<String, _>("protocol")?)
                    .map_err(|e| StoreError::Query(sqlx::Error::Decode(Box::new(e))))?;
            let titles = crate::ui::i18n::Text {
                nl: protocol_title(&protocol, crate::ui::i18n::Lang::Nl).to_owned(),
                en: protocol_title(&protocol, crate::ui::i18n::Lang::En).to_owned(),
            };
            (Asked::Measurements(protocol), titles)
        }
    })
}

/// The last day a link works: the due date plus the grace days.
pub fn link_last_day(due: jiff::civil::Date, grace_days: u16) -> jiff::civil::Date {
    due.checked_add(jiff::Span::new().days(i64::from(grace_days)))
        .unwrap_or(due)
}

/// The patients in an organisation's care network: id, name, date of birth, by name.
pub async fn organisation_patients(
    store: &Store,
    organisation: &OrganisationId,
) -> Result<Vec<(PatientId, String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.birth_date FROM patients p
         JOIN care_network c ON c.patient_id = p.id
         WHERE c.organisation_id = $1 ORDER BY p.name, p.id LIMIT 1000",
    )
    .bind(organisation.as_str())
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok((
                PatientId(row.try_get("id")?),
                row.try_get("name")?,
                row.try_get("birth_date")?,
            ))
        })
        .collect()
}

/// One request with its response, for the professional who asked.
#[derive(Clone, Debug)]
pub struct Detail {
    /// The request.
    pub id: RequestId,
    /// Whose.
    pub patient: PatientId,
    /// The patient's name.
    pub patient_name: String,
    /// Which organisation sent it.
    pub organisation: OrganisationId,
    /// What.
    pub asked: Asked,
    /// By when.
    pub due: String,
    /// Where it stands.
    pub status: Status,
    /// The response, once submitted: answers, scores, who entered it and how, when.
    pub response: Option<StoredResponse>,
    /// How it repeats, when it does.
    pub repeat: Option<Repeat>,
}

/// A request's place in its series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    /// Every how many months.
    pub months: u8,
    /// The next request of the series, once made.
    pub next: Option<RequestId>,
    /// Why the series stopped here, when it did.
    pub stopped: Option<super::repeat::Stopped>,
}

/// A submitted questionnaire as stored.
#[derive(Clone, Debug)]
pub struct StoredResponse {
    /// The answers (JSON of the answers map).
    pub answers: crate::questionnaires::answers::Answers,
    /// The scores the engine computed.
    pub scores: crate::questionnaires::scoring::Scoring,
    /// `patient`, `carer` or `professional`.
    pub entered_by: String,
    /// `link` or `account`.
    pub entered_via: String,
    /// The account that entered it, when one did (a carer or a professional).
    pub entered_by_account: Option<i64>,
    /// That account's name.
    pub entered_by_name: Option<String>,
    /// When (RFC 3339 UTC).
    pub submitted_at: String,
}

/// A request with its response, if any.
pub async fn detail(store: &Store, id: RequestId) -> Result<Option<Detail>, StoreError> {
    let row = sqlx::query(
        "SELECT r.patient_id, p.name, r.organisation_id, r.kind, r.instrument_id,
                r.instrument_version, r.protocol, r.due_on, r.status, r.repeat_months,
                r.successor_id, r.repeat_stopped
         FROM requests r JOIN patients p ON p.id = r.patient_id WHERE r.id = $1",
    )
    .bind(id.0)
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let decode = |e: serde_json::Error| StoreError::Query(sqlx::Error::Decode(Box::new(e)));
    let asked = match row.try_get::<Option<String>, _>("instrument_id")? {
        Some(instrument) => Asked::Questionnaire {
            instrument,
            version: row.try_get("instrument_version")?,
        },
        None => Asked::Measurements(
            serde_json::from_str(&row.try_get::<String, _>("protocol")?).map_err(decode)?,
        ),
    };
    let status_code: String = row.try_get("status")?;
    let status = Status::parse(&status_code).ok_or_else(|| {
        StoreError::Query(sqlx::Error::Decode(format!("status {status_code}").into()))
    })?;
    let response = sqlx::query(
        "SELECT answers, scores, entered_by, entered_via, entered_by_account, submitted_at,
                (SELECT a.display_name FROM accounts a WHERE a.id = entered_by_account)
                    AS entered_by_name
         FROM responses WHERE request_id = $1",
    )
    .bind(id.0)
    .fetch_optional(store.pool())
    .await?
    .map(|r| -> Result<StoredResponse, StoreError> {
        Ok(StoredResponse {
            answers: serde_json::from_str(&r.try_get::<String, _>("answers")?).map_err(decode)?,
            scores: serde_json::from_str(&r.try_get::<String, _>("scores")?).map_err(decode)?,
            entered_by: r.try_get("entered_by")?,
            entered_via: r.try_get("entered_via")?,
            entered_by_account: r.try_get("entered_by_account")?,
            entered_by_name: r.try_get("entered_by_name")?,
            submitted_at: r.try_get("submitted_at")?,
        })
    })
    .transpose()?;
    let repeat = match row.try_get::<Option<i64>, _>("repeat_months")? {
        Some(months) => Some(Repeat {
            months: u8::try_from(months).unwrap_or(u8::MAX),
            next: row
                .try_get::<Option<i64>, _>("successor_id")?
                .map(RequestId),
            stopped: row
                .try_get::<Option<String>, _>("repeat_stopped")?
                .map(|code| super::repeat::Stopped::parse(&code)),
        }),
        None => None,
    };
    Ok(Some(Detail {
        repeat,
        id,
        patient: PatientId(row.try_get("patient_id")?),
        patient_name: row.try_get("name")?,
        organisation: OrganisationId::from_stored(row.try_get("organisation_id")?),
        asked,
        due: row.try_get("due_on")?,
        status,
        response,
    }))
}

/// Makes the link for a request's mail as it leaves the outbox: a new random token, of which
/// only the hash is stored, valid until the end of the last day (due date plus grace days).
pub async fn mint_link(
    conn: &mut Conn,
    request: RequestId,
    grace_days: u16,
    now: SystemTime,
) -> Result<crate::access::server::SecretToken, StoreError> {
    mint(conn, request, grace_days, "mail", None, now).await
}

/// Makes a link for a signed-in patient, or a `carer` acting for them, who opens the request
/// from their own page: it works for twelve hours (at most until the mail's link would stop
/// working), and what is submitted through it counts as entered through the account. A
/// carer's link names the carer and works only in their session, under a running mandate.
pub async fn mint_account_link(
    conn: &mut Conn,
    request: RequestId,
    carer: Option<AccountId>,
    grace_days: u16,
    now: SystemTime,
) -> Result<crate::access::server::SecretToken, StoreError> {
    mint(
        conn,
        request,
        grace_days,
        "account",
        carer.map(|c| c.0),
        now,
    )
    .await
}

/// Makes a link for a professional who fills in a questionnaire together with the patient at
/// a visit: it works for two hours (at most until the mail's link would stop working), and
/// what is submitted through it counts as entered by that professional at a visit.
pub async fn mint_visit_link(
    conn: &mut Conn,
    request: RequestId,
    professional: AccountId,
    grace_days: u16,
    now: SystemTime,
) -> Result<crate::access::server::SecretToken, StoreError> {
    mint(
        conn,
        request,
        grace_days,
        "visit",
        Some(professional.0),
        now,
    )
    .await
}

async fn mint(
    conn: &mut Conn,
    request: RequestId,
    grace_days: u16,
    via: &str,
    entered_by_account: Option<i64>,
    now: SystemTime,
) -> Result<crate::access::server::SecretToken, StoreError> {
    let row = sqlx::query("SELECT due_on FROM requests WHERE id = $1")
        .bind(request.0)
        .fetch_one(&mut *conn)
        .await?;
    let due: String = row.try_get("due_on")?;
    let due: jiff::civil::Date = due
        .parse()
        .map_err(|e| StoreError::Query(sqlx::Error::Decode(Box::new(e))))?;
    let mut until = SystemTime::from(link_valid_until(due, grace_days));
    match via {
        "account" => until = until.min(now + std::time::Duration::from_secs(12 * 3600)),
        "visit" => until = until.min(now + std::time::Duration::from_secs(2 * 3600)),
        _ => {}
    }
    let token = crate::access::server::SecretToken::generate()
        .map_err(|e| StoreError::Query(sqlx::Error::Protocol(e.to_string())))?;
    sqlx::query(
        "INSERT INTO link_tokens (token_hash, request_id, via, entered_by_account, expires_at,
                                  created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.hash())
    .bind(request.0)
    .bind(via)
    .bind(entered_by_account)
    .bind(timestamp(until))
    .bind(timestamp(now))
    .execute(conn)
    .await?;
    Ok(token)
}

/// A fresh key for an entry form (128 random bits as hex, a valid FHIR id): the reading it
/// stores is named by it, so the same form sent twice stores one reading.
pub fn new_key() -> Result<String, StoreError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Query(sqlx::Error::Protocol(e.to_string())))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Removes a link whose mail did not leave.
pub async fn forget_link(
    store: &Store,
    token: &crate::access::server::SecretToken,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM link_tokens WHERE token_hash = $1")
        .bind(token.hash())
        .execute(store.pool())
        .await?;
    Ok(())
}

/// The path of a request's link.
pub fn link_path(token: &crate::access::server::SecretToken) -> String {
    format!("{LINK_PREFIX}{}", token.expose())
}

/// Where request links start.
pub const LINK_PREFIX: &str = "/l/";

/// A request as listed for integrators and professionals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Its id.
    pub id: RequestId,
    /// The patient's name.
    pub patient: String,
    /// The instrument id, or the protocol's name.
    pub what: String,
    /// The due date.
    pub due: String,
    /// Its status code.
    pub status: String,
    /// The organisation that sent it.
    pub organisation: String,
    /// Whether it asks for measurements (else a questionnaire).
    pub measurements: bool,
}

/// Every request, newest first; or those of one patient, or of one organisation.
pub async fn list(
    store: &Store,
    patient: Option<PatientId>,
    organisation: Option<&OrganisationId>,
) -> Result<Vec<Listed>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.id, p.name, r.kind, r.instrument_id, r.protocol, r.due_on, r.status,
                r.organisation_id
         FROM requests r JOIN patients p ON p.id = r.patient_id
         WHERE ($1 < 0 OR r.patient_id = $1) AND ($2 = '' OR r.organisation_id = $2)
         ORDER BY r.id DESC LIMIT 500",
    )
    .bind(patient.map_or(-1, |p| p.0))
    .bind(organisation.map_or("", |o| o.as_str()))
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            let what = match row.try_get::<Option<String>, _>("instrument_id")? {
                Some(instrument) => instrument,
                None => row
                    .try_get::<Option<String>, _>("protocol")?
                    .and_then(|json| {
                        serde_json::from_str::<crate::measurements::protocol::Protocol>(&json).ok()
                    })
                    .map_or_else(|| "protocol".to_owned(), |p| p.name().to_owned()),
            };
            Ok(Listed {
                id: RequestId(row.try_get("id")?),
                patient: row.try_get("name")?,
                what,
                due: row.try_get("due_on")?,
                status: row.try_get("status")?,
                organisation: row.try_get("organisation_id")?,
                measurements: row.try_get::<String, _>("kind")? != "questionnaire",
            })
        })
        .collect()
}

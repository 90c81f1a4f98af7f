//! Sessions: resolving the cookie's token, ending sessions, purging ended ones.

use super::{bad_value, parse_role, SessionToken};
use crate::access::{AccountId, Policy, Role, SignedIn};
use crate::audit::{self, Action, Actor, Entry, Outcome};
use crate::db::{epoch_seconds, parse_timestamp, timestamp, Store, StoreError};
use crate::organisations::{Level, Membership, OrganisationId, OrganisationKind};
use crate::patients::PatientId;
use sqlx::Row;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A session is marked as used at most this often, so reading pages does not mean a write
/// per request.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// Who is signed in, as the session layer puts it in a request's extensions. Everything
/// the guard needs to decide, nothing secret.
#[derive(Clone, Debug)]
pub struct Session {
    /// The signed-in account.
    pub account_id: AccountId,
    /// What the account is for.
    pub role: Role,
    /// For a professional: the organisation they act for, its kind and their level there.
    pub membership: Option<Membership>,
    /// For a patient: their own patient record, once linked. For a carer: the patient they
    /// act for now, under a running mandate.
    pub patient: Option<PatientId>,
    /// For a carer: the mandate they act under now (checked again on every request).
    pub mandate: Option<crate::carers::Mandate>,
    /// What pages may show.
    pub signed_in: SignedIn,
}

impl Session {
    /// The account as the access log names it.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.account_id,
            role: self.role.code(),
            organisation: self.membership.as_ref().map(|m| m.organisation.clone()),
        }
    }
}

/// The columns [`session_from_row`] reads: the account, its first current membership with
/// the organisation's kind and name, and the linked patient record.
pub(super) const ACCOUNT_COLUMNS: &str = "
    a.id AS account_id, a.display_name, a.role, a.password_hash,
    m.organisation_id, m.level, o.kind AS organisation_kind, o.name AS organisation_name,
    p.id AS patient_id";

/// The tables behind [`ACCOUNT_COLUMNS`]; more joins and a `WHERE` may follow.
pub(super) const ACCOUNT_TABLES: &str = "
    FROM accounts a
    LEFT JOIN memberships m ON m.account_id = a.id AND m.ended_at IS NULL
         AND m.organisation_id = (SELECT MIN(m2.organisation_id) FROM memberships m2
                                  WHERE m2.account_id = a.id AND m2.ended_at IS NULL)
    LEFT JOIN organisations o ON o.id = m.organisation_id
    LEFT JOIN patients p ON p.account_id = a.id";

/// The account's current membership as its session would have it (`None`: a member of no
/// organisation now).
pub async fn current_membership(
    conn: &mut crate::db::Conn,
    account: i64,
) -> Result<Option<Membership>, StoreError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} {ACCOUNT_TABLES} WHERE a.id = $1");
    let row = sqlx::query(&sql).bind(account).fetch_optional(conn).await?;
    Ok(match row {
        Some(row) => session_from_row(&row)?.membership,
        None => None,
    })
}

/// The account as a session of it would stand now, acting for `organisation`: `None` when
/// the account is gone or no longer a member there. For work the server does later on a
/// professional's behalf (a list sent in the background), checked again each time.
pub async fn standing(
    store: &Store,
    account: AccountId,
    organisation: &OrganisationId,
) -> Result<Option<Session>, StoreError> {
    // Its current membership of that organisation, whichever others it has.
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS}
         FROM accounts a
         JOIN memberships m ON m.account_id = a.id AND m.ended_at IS NULL
              AND m.organisation_id = $2
         JOIN organisations o ON o.id = m.organisation_id
         LEFT JOIN patients p ON p.account_id = a.id
         WHERE a.id = $1"
    );
    let row = sqlx::query(&sql)
        .bind(account.0)
        .bind(organisation.as_str())
        .fetch_optional(store.pool())
        .await?;
    row.map(|row| session_from_row(&row)).transpose()
}

/// Reads a row with [`ACCOUNT_COLUMNS`].
pub(super) fn session_from_row(row: &sqlx::any::AnyRow) -> Result<Session, StoreError> {
    let role = parse_role(&row.try_get::<String, _>("role")?)?;
    let organisation: Option<String> = row.try_get("organisation_id")?;
    let membership = match organisation {
        None => None,
        Some(id) => {
            let level: String = row.try_get("level")?;
            let kind: String = row.try_get("organisation_kind")?;
            Some(Membership {
                organisation: OrganisationId::from_stored(id),
                kind: OrganisationKind::parse(&kind)
                    .ok_or_else(|| bad_value("organisation kind", &kind))?,
                level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
            })
        }
    };
    Ok(Session {
        account_id: AccountId(row.try_get("account_id")?),
        role,
        membership,
        patient: row.try_get::<Option<i64>, _>("patient_id")?.map(PatientId),
        mandate: None,
        signed_in: SignedIn {
            name: row.try_get("display_name")?,
            role,
            organisation: row.try_get("organisation_name")?,
            acting_for: None,
        },
    })
}

/// Ends every session of `account` and every sign-in of it waiting for its second step, in
/// the caller's transaction (a new password, a membership that ended, a second step reset).
pub(crate) async fn end_sign_ins(
    conn: &mut crate::db::Conn,
    account: AccountId,
) -> Result<(), StoreError> {
    for table in ["sessions", "pending_sign_ins"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
            .bind(account.0)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Removes sessions that can no longer be used; returns how many. Run by a background
/// worker; harmless when several instances run it at once.
pub async fn purge_expired(
    store: &Store,
    policy: &Policy,
    now: SystemTime,
) -> Result<u64, StoreError> {
    let idle_since = timestamp(now.checked_sub(policy.idle).unwrap_or(UNIX_EPOCH));
    let created_since = timestamp(now.checked_sub(policy.absolute).unwrap_or(UNIX_EPOCH));
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
        .bind(idle_since)
        .bind(created_since)
        .execute(store.pool())
        .await?;
    // Browsers not signed in with for a year are no longer known, and counts of attempts
    // nobody added to for a while are forgotten (a waiting key waits its time out).
    let device_since = now
        .checked_sub(Duration::from_secs(crate::access::DEVICE_COOKIE_SECONDS))
        .unwrap_or(UNIX_EPOCH);
    sqlx::query("DELETE FROM known_devices WHERE last_used_at <= $1")
        .bind(timestamp(device_since))
        .execute(store.pool())
        .await?;
    super::second_factor::purge_pending(store, now).await?;
    let now_s = epoch_seconds(now);
    sqlx::query(
        "DELETE FROM sign_in_throttle WHERE updated_at < $1
         AND (blocked_until IS NULL OR blocked_until <= $2)",
    )
    .bind(now_s.saturating_sub(policy.forget_after.as_secs() as i64))
    .bind(now_s)
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected())
}

/// What a session cookie stands for at `now`.
#[derive(Debug)]
pub enum Lookup {
    /// A live session (marked as used).
    Live(Session),
    /// The session existed but ended (idle or too old); it was removed.
    Ended,
    /// No such session (signed out, password changed, or a made-up token).
    Unknown,
}

/// Resolves a session token, ending sessions the policy no longer allows.
pub async fn session(
    store: &Store,
    policy: &Policy,
    token: &SessionToken,
    now: SystemTime,
) -> Result<Lookup, StoreError> {
    let hash = token.hash();
    let query = format!(
        "SELECT {ACCOUNT_COLUMNS}, s.created_at AS session_created_at, s.last_seen_at,
                s.acting_for
         {ACCOUNT_TABLES} JOIN sessions s ON s.account_id = a.id
         WHERE s.token_hash = $1"
    );
    let row = sqlx::query(&query)
        .bind(&hash)
        .fetch_optional(store.pool())
        .await?;
    let Some(row) = row else {
        return Ok(Lookup::Unknown);
    };
    let created = epoch_seconds(parse_timestamp(
        &row.try_get::<String, _>("session_created_at")?,
    )?);
    let last_seen = epoch_seconds(parse_timestamp(&row.try_get::<String, _>("last_seen_at")?)?);
    let now_s = epoch_seconds(now);
    if !policy.session_is_live(created, last_seen, now_s) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(store.pool())
            .await?;
        return Ok(Lookup::Ended);
    }
    if now_s - last_seen >= TOUCH_EVERY.as_secs() as i64 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(timestamp(now))
            .bind(&hash)
            .execute(store.pool())
            .await?;
    }
    let mut session = session_from_row(&row)?;
    if session.role == Role::Carer {
        // A carer acts for someone only under a mandate that runs now: a revoked or
        // expired one refuses this very request.
        session.patient = None;
        let chosen: Option<i64> = row.try_get("acting_for")?;
        let mut conn = store.conn().await?;
        let acting =
            crate::carers::server::acting(&mut conn, session.account_id, chosen, now).await?;
        if let Some(acting) = acting {
            session.patient = Some(acting.patient);
            session.mandate = Some(acting.mandate);
            session.signed_in.acting_for = Some(acting.name);
        }
    }
    Ok(Lookup::Live(session))
}

/// Ends a session and records it, in one transaction. Ending an unknown session is not an
/// error.
pub async fn sign_out(
    store: &Store,
    token: &SessionToken,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let hash = token.hash();
    let mut tx = store.begin().await?;
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} {ACCOUNT_TABLES}
         JOIN sessions s ON s.account_id = a.id WHERE s.token_hash = $1"
    ))
    .bind(&hash)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    if let Some(row) = row {
        let session = session_from_row(&row)?;
        let entry = Entry::own(Some(session.actor()), Action::SignOut, Outcome::Success);
        audit::server::record(&mut tx, &entry.from_client(client), now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One of an account's sessions as its owner sees it in their list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnSession {
    /// When it started (stored timestamp).
    pub started: String,
    /// When it was last used (stored timestamp, to the minute).
    pub last_seen: String,
    /// Where it started from, if known.
    pub client: Option<String>,
    /// Whether it is the session asking.
    pub this_one: bool,
}

/// The account's sessions that are still live at `now`, newest first; `current` is the
/// token hash of the session asking.
pub async fn own_sessions(
    store: &Store,
    policy: &Policy,
    account: AccountId,
    current: Option<&str>,
    now: SystemTime,
) -> Result<Vec<OwnSession>, StoreError> {
    let rows = sqlx::query(
        "SELECT token_hash, created_at, last_seen_at, client_address FROM sessions
         WHERE account_id = $1 ORDER BY created_at DESC, token_hash",
    )
    .bind(account.0)
    .fetch_all(store.pool())
    .await?;
    let now_s = epoch_seconds(now);
    let mut own = Vec::with_capacity(rows.len());
    for row in rows {
        let started: String = row.try_get("created_at")?;
        let last_seen: String = row.try_get("last_seen_at")?;
        let live = policy.session_is_live(
            epoch_seconds(parse_timestamp(&started)?),
            epoch_seconds(parse_timestamp(&last_seen)?),
            now_s,
        );
        if !live {
            continue;
        }
        let hash: String = row.try_get("token_hash")?;
        own.push(OwnSession {
            started,
            last_seen,
            client: row.try_get("client_address")?,
            this_one: current == Some(hash.as_str()),
        });
    }
    Ok(own)
}

/// Ends every session of the account (on every device, the one asking included), forgets
/// its known devices, and records it, in one transaction; returns how many ended.
pub async fn end_all_sessions(
    store: &Store,
    session: &Session,
    client: Option<&str>,
    now: SystemTime,
) -> Result<u64, StoreError> {
    let mut tx = store.begin().await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(session.account_id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // A device someone else may hold is no longer trusted either, nor a sign-in of
    // someone else's waiting for its code.
    for table in ["known_devices", "pending_sign_ins"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
            .bind(session.account_id.0)
            .execute(&mut *tx)
            .await?;
    }
    let entry = Entry::own(
        Some(session.actor()),
        Action::SessionsEnded,
        Outcome::Success,
    );
    audit::server::record(&mut tx, &entry.from_client(client), now).await?;
    tx.commit().await?;
    Ok(ended)
}

//! Invitations in the database (server only).

use super::*;
use crate::access::server::accounts::{check_domain, insert_account, join, kind_of};
use crate::access::server::{normalise_email, AccessError, SecretToken, Session};
use crate::access::{AccountId, Role};
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{timestamp, Conn, Store, StoreError};
use crate::mail::outbox::{enqueue, Link};
use crate::mail::{bilingual, colleague_invitation, ColleagueInvitation, LINK_PLACEHOLDER};
use crate::organisations::members::server::managed;
use crate::organisations::OrganisationId;
use crate::state::AppState;
use sqlx::Row;
use std::time::{Duration, SystemTime};

fn days(n: i64) -> Duration {
    Duration::from_secs(u64::try_from(n).unwrap_or(0) * 86_400)
}

/// A manager's entry in the access log about their organisation.
fn entry(session: &Session, action: Action, object: String, client: Option<&str>) -> Entry {
    Entry {
        actor: Some(session.account_id),
        role: Some(session.role.code()),
        organisation: session.membership.as_ref().map(|m| m.organisation.clone()),
        patient: None,
        action,
        object: Some(object),
        outcome: Outcome::Success,
        client: client.map(str::to_owned),
    }
}

/// Removes an invitation's mail that has not left yet (it is replaced or revoked).
async fn drop_waiting_mail(conn: &mut Conn, id: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM outbox WHERE invitation_id = $1 AND status = 'pending'")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Logs what a manager did with invitation `id`, in the caller's transaction.
async fn log(
    conn: &mut Conn,
    session: &Session,
    action: Action,
    id: i64,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let record = entry(session, action, format!("invitation:{id}"), client);
    audit::server::record(conn, &record, now).await
}

/// The invitation mail, waiting in the outbox for its link.
async fn enqueue_mail(
    conn: &mut Conn,
    id: i64,
    session: &Session,
    now: SystemTime,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT i.email, i.display_name, o.name AS organisation
         FROM invitations i JOIN organisations o ON o.id = i.organisation_id
         WHERE i.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let (email, name, organisation): (String, String, String) = (
        row.try_get("email")?,
        row.try_get("display_name")?,
        row.try_get("organisation")?,
    );
    let last_day = crate::measurements::clock::today(now + days(INVITATION_DAYS));
    let message = bilingual(|lang| {
        colleague_invitation(
            lang,
            &ColleagueInvitation {
                name: &name,
                organisation: &organisation,
                inviter: &session.signed_in.name,
                last_day,
                link: LINK_PLACEHOLDER,
            },
        )
    });
    enqueue(conn, &email, &message, Some(Link::Invitation(id)), now).await
}

/// Invites `email` as `name` at `level` to the manager's organisation: the invitation,
/// its mail in the outbox and the access-log record in one transaction. An earlier
/// pending invitation of the same address is replaced (its link stops working).
pub async fn invite(
    state: &AppState,
    session: &Session,
    name: &str,
    email: &str,
    level: &str,
    client: Option<&str>,
) -> Result<Result<(), Problem>, AppError> {
    let organisation = managed(Some(session))?.to_owned();
    let now = state.now();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Ok(Err(Problem::Name));
    }
    let Ok(email) = normalise_email(email) else {
        return Ok(Err(Problem::Email));
    };
    let mut tx = state.store.begin().await?;
    let kind = kind_of(&mut tx, &organisation)
        .await?
        .ok_or(AppError::Forbidden)?;
    let Some(level) = Level::parse(level).filter(|l| l.fits(kind)) else {
        return Ok(Err(Problem::Level));
    };
    match check_domain(&mut tx, &organisation, &email).await {
        Ok(()) => {}
        Err(AccessError::DomainNotAllowed { .. }) => return Ok(Err(Problem::Domain)),
        Err(other) => return Err(access_error(other)),
    }
    // An address with a patient's or carer's account is invited like any other (its link
    // then does not work), so the form never tells who is a patient.
    let account = sqlx::query(
        "SELECT a.role,
                (SELECT COUNT(*) FROM memberships m WHERE m.account_id = a.id
                   AND m.organisation_id = $2 AND m.ended_at IS NULL) AS here,
                (SELECT COUNT(*) FROM memberships m WHERE m.account_id = a.id
                   AND m.organisation_id <> $2 AND m.ended_at IS NULL) AS elsewhere
         FROM accounts a WHERE a.email = $1",
    )
    .bind(&email)
    .bind(&organisation)
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if let Some(row) = account {
        let count = |column: &str| -> Result<i64, StoreError> { Ok(row.try_get(column)?) };
        if count("here")? > 0 {
            return Ok(Err(Problem::Member));
        }
        if count("elsewhere")? > 0 {
            return Ok(Err(Problem::Elsewhere));
        }
    }
    // The pending invitation this one replaces: its unsent mail stays unsent.
    sqlx::query(
        "DELETE FROM outbox WHERE status = 'pending' AND invitation_id IN
           (SELECT id FROM invitations
            WHERE organisation_id = $1 AND email = $2 AND status = 'pending')",
    )
    .bind(&organisation)
    .bind(&email)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    let at = timestamp(now);
    sqlx::query(
        "UPDATE invitations SET status = 'revoked', closed_at = $1, token_hash = NULL
         WHERE organisation_id = $2 AND email = $3 AND status = 'pending'",
    )
    .bind(&at)
    .bind(&organisation)
    .bind(&email)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    let id = sqlx::query(
        "INSERT INTO invitations (organisation_id, email, display_name, level, invited_by,
                                  created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&organisation)
    .bind(&email)
    .bind(name)
    .bind(level.code())
    .bind(session.account_id.0)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await
    .map_err(StoreError::from);
    let id: i64 = match id {
        Ok(row) => row.try_get("id").map_err(StoreError::from)?,
        // The same invitation, sent at the same moment by another request: it is pending.
        Err(e) if e.is_unique_violation() => return Ok(Ok(())),
        Err(e) => return Err(e.into()),
    };
    enqueue_mail(&mut tx, id, session, now).await?;
    log(&mut tx, session, Action::InvitationSent, id, client, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Ok(()))
}

/// An account change that failed, as the page says it; the log gets no address.
pub(crate) fn access_error(error: AccessError) -> AppError {
    AppError::from(error)
}

/// The manager's organisation's pending invitations, newest first.
pub async fn pending(
    store: &Store,
    organisation: &str,
    now: SystemTime,
) -> Result<Vec<Pending>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, display_name, email, level, created_at, expires_at, token_hash
         FROM invitations
         WHERE organisation_id = $1 AND status = 'pending' ORDER BY id DESC",
    )
    .bind(organisation)
    .fetch_all(store.pool())
    .await?;
    let now = timestamp(now);
    rows.iter()
        .map(|row| {
            let expires: Option<String> = row.try_get("expires_at")?;
            // A mail left (so a link was made), but its link no longer works: expired,
            // or the mail could not be delivered.
            let no_link = row.try_get::<Option<String>, _>("token_hash")?.is_none();
            Ok(Pending {
                id: row.try_get("id")?,
                name: row.try_get("display_name")?,
                email: row.try_get("email")?,
                level: row.try_get("level")?,
                sent: crate::db::parse_timestamp(&row.try_get::<String, _>("created_at")?)
                    .map(|t| {
                        crate::measurements::clock::today(t)
                            .strftime("%d-%m-%Y")
                            .to_string()
                    })
                    .unwrap_or_default(),
                expired: expires.is_some_and(|e| no_link || e <= now),
            })
        })
        .collect()
}

/// Revokes a pending invitation of the manager's organisation: its link stops working and
/// an unsent mail stays unsent; logged. Another organisation's or a closed one is refused
/// like one that does not exist.
pub async fn revoke(
    state: &AppState,
    session: &Session,
    id: i64,
    client: Option<&str>,
) -> Result<(), AppError> {
    let organisation = managed(Some(session))?;
    let now = state.now();
    let mut tx = state.store.begin().await?;
    let done = sqlx::query(
        "UPDATE invitations SET status = 'revoked', closed_at = $1, token_hash = NULL
         WHERE id = $2 AND organisation_id = $3 AND status = 'pending'",
    )
    .bind(timestamp(now))
    .bind(id)
    .bind(organisation)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if done.rows_affected() == 0 {
        return Err(AppError::Forbidden);
    }
    drop_waiting_mail(&mut tx, id).await?;
    log(&mut tx, session, Action::InvitationRevoked, id, client, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Sends a pending invitation again: a new mail whose new link replaces the old one (and
/// works for [`INVITATION_DAYS`] days from when it leaves); logged.
pub async fn resend(
    state: &AppState,
    session: &Session,
    id: i64,
    client: Option<&str>,
) -> Result<(), AppError> {
    let organisation = managed(Some(session))?;
    let now = state.now();
    let mut tx = state.store.begin().await?;
    let open = sqlx::query(
        "SELECT id FROM invitations
         WHERE id = $1 AND organisation_id = $2 AND status = 'pending'",
    )
    .bind(id)
    .bind(organisation)
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if open.is_none() {
        return Err(AppError::Forbidden);
    }
    // One mail: one still waiting is replaced by this one.
    drop_waiting_mail(&mut tx, id).await?;
    enqueue_mail(&mut tx, id, session, now).await?;
    log(&mut tx, session, Action::InvitationSent, id, client, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Makes the link of an invitation's mail as it leaves the outbox: a new random token
/// whose hash replaces the previous one, working for [`INVITATION_DAYS`] days. `None`
/// when the invitation is no longer pending (accepted or revoked): the mail must not go.
pub async fn mint(
    conn: &mut Conn,
    invitation: i64,
    now: SystemTime,
) -> Result<Option<SecretToken>, StoreError> {
    let token = SecretToken::generate()
        .map_err(|e| StoreError::Query(sqlx::Error::Protocol(e.to_string())))?;
    let done = sqlx::query(
        "UPDATE invitations SET token_hash = $1, expires_at = $2
         WHERE id = $3 AND status = 'pending'",
    )
    .bind(token.hash())
    .bind(timestamp(now + days(INVITATION_DAYS)))
    .bind(invitation)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(token))
}

/// Forgets the link of a mail that could not be sent (if it was an invitation's).
pub async fn forget(store: &Store, token: &SecretToken) -> Result<(), StoreError> {
    sqlx::query("UPDATE invitations SET token_hash = NULL WHERE token_hash = $1")
        .bind(token.hash())
        .execute(store.pool())
        .await?;
    Ok(())
}

/// The pending invitation behind a link that still works.
struct Open {
    id: i64,
    organisation: String,
    email: String,
    name: String,
    level: String,
    /// The address's account: its id, role, and whether it is a member elsewhere now.
    account: Option<(i64, String, bool)>,
    organisation_name: String,
}

impl Open {
    /// Whether the invitation can be accepted: a new account, or a professional's account
    /// that acts for no other organisation now.
    fn acceptable(&self) -> bool {
        self.account
            .as_ref()
            .is_none_or(|(_, role, elsewhere)| role == Role::Professional.code() && !elsewhere)
    }
}

async fn open(conn: &mut Conn, token: &str, now: SystemTime) -> Result<Option<Open>, StoreError> {
    let Some(token) = SecretToken::from_cookie(token) else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT i.id, i.organisation_id, i.email, i.display_name, i.level,
                o.name AS organisation_name, a.id AS account_id, a.role,
                (SELECT COUNT(*) FROM memberships m WHERE m.account_id = a.id
                   AND m.organisation_id <> i.organisation_id AND m.ended_at IS NULL)
                   AS elsewhere
         FROM invitations i JOIN organisations o ON o.id = i.organisation_id
              LEFT JOIN accounts a ON a.email = i.email
         WHERE i.token_hash = $1 AND i.status = 'pending' AND i.expires_at > $2",
    )
    .bind(token.hash())
    .bind(timestamp(now))
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let account = match row.try_get::<Option<i64>, _>("account_id")? {
            Some(id) => Some((
                id,
                row.try_get::<String, _>("role")?,
                row.try_get::<Option<i64>, _>("elsewhere")?.unwrap_or(0) > 0,
            )),
            None => None,
        };
        Ok(Open {
            id: row.try_get("id")?,
            organisation: row.try_get("organisation_id")?,
            email: row.try_get("email")?,
            name: row.try_get("display_name")?,
            level: row.try_get("level")?,
            account,
            organisation_name: row.try_get("organisation_name")?,
        })
    })
    .transpose()
}

/// What an invitation's link shows; `None` when it does not work (unknown, expired, used,
/// revoked, or the address has an account that is not a professional's).
pub async fn shown(
    store: &Store,
    token: &str,
    now: SystemTime,
) -> Result<Option<Shown>, StoreError> {
    let mut conn = store.conn().await?;
    let open = open(&mut conn, token, now).await?;
    Ok(open.filter(Open::acceptable).map(|o| Shown {
        has_account: o.account.is_some(),
        name: o.name,
        email: o.email,
        organisation: o.organisation_name,
    }))
}

/// Accepts an invitation: a new account with the chosen password, or the existing
/// professional account of the address, joins the organisation at the invited level; the
/// link is used up; logged; in one transaction. The address to sign in with when done.
pub async fn accept(
    store: &Store,
    token: &str,
    password: &str,
    repeat: &str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Result<String, AcceptProblem>, AppError> {
    let Some(shown) = shown(store, token, now).await? else {
        return Ok(Err(AcceptProblem::Gone));
    };
    // Hashing takes a core for a while: done before the transaction holds any lock.
    let hash = if shown.has_account {
        None
    } else {
        if password != repeat {
            return Ok(Err(AcceptProblem::Mismatch));
        }
        if let Err(problem) = crate::access::check_password(password, &shown.email) {
            return Ok(Err(AcceptProblem::Password(problem)));
        }
        Some(
            crate::access::server::hashing::hash_password(password)
                .await
                .map_err(access_error)?,
        )
    };
    let mut tx = store.begin().await?;
    // Checked again inside the transaction: used or revoked meanwhile is gone.
    let Some(open) = open(&mut tx, token, now).await?.filter(Open::acceptable) else {
        return Ok(Err(AcceptProblem::Gone));
    };
    let used = sqlx::query(
        "UPDATE invitations SET status = 'accepted', closed_at = $1, token_hash = NULL
         WHERE id = $2 AND status = 'pending'",
    )
    .bind(timestamp(now))
    .bind(open.id)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if used.rows_affected() == 0 {
        return Ok(Err(AcceptProblem::Gone));
    }
    let account = match (&open.account, hash) {
        (Some((id, _, _)), _) => AccountId(*id),
        (None, Some(hash)) => insert_account(
            &mut tx,
            &open.email,
            &open.name,
            Role::Professional,
            Some(hash),
            now,
        )
        .await?
        .ok_or(AppError::Unavailable)?,
        (None, None) => return Ok(Err(AcceptProblem::Gone)),
    };
    let level = Level::parse(&open.level).ok_or(AppError::Internal)?;
    join(&mut tx, account, &open.organisation, level, now).await?;
    let record = Entry {
        actor: Some(account),
        role: Some(Role::Professional.code()),
        organisation: Some(OrganisationId::from_stored(open.organisation.clone())),
        patient: None,
        action: Action::InvitationAccepted,
        object: Some(format!("invitation:{}", open.id)),
        outcome: Outcome::Success,
        client: client.map(str::to_owned),
    };
    audit::server::record(&mut tx, &record, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Ok(open.email))
}

/// The account id of a current member of the manager's organisation, with its address;
/// not the manager themself (`BadRequest`), and anyone else refused alike (`Forbidden`).
pub async fn colleague(
    state: &AppState,
    session: &Session,
    account: i64,
) -> Result<(String, String), AppError> {
    let organisation = managed(Some(session))?;
    if account == session.account_id.0 {
        return Err(AppError::BadRequest);
    }
    let email: String = sqlx::query(
        "SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE m.account_id = $1 AND m.organisation_id = $2 AND m.ended_at IS NULL",
    )
    .bind(account)
    .bind(organisation)
    .fetch_optional(state.store.pool())
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::Forbidden)?
    .try_get("email")
    .map_err(StoreError::from)?;
    Ok((organisation.to_owned(), email))
}

/// Gives a colleague another level of the organisation's kind (effective on their next
/// click: the guard reads the level on every request); logged.
pub async fn change_level(
    state: &AppState,
    session: &Session,
    account: i64,
    level: &str,
    client: Option<&str>,
) -> Result<(), AppError> {
    use crate::access::server::accounts::{set_level_by, ChangedBy};
    let (organisation, email) = colleague(state, session, account).await?;
    let level = Level::parse(level).ok_or(AppError::BadRequest)?;
    let by = ChangedBy { session, client };
    set_level_by(
        &state.store,
        &email,
        &organisation,
        level,
        Some(by),
        state.now(),
    )
    .await
    .map_err(access_error)
}

/// Sets the manager's organisation's e-mail domains as typed; logged.
pub async fn set_domains(
    state: &AppState,
    session: &Session,
    typed: &str,
    client: Option<&str>,
) -> Result<Result<(), Problem>, AppError> {
    let organisation = managed(Some(session))?;
    let domains = match crate::organisations::parse_domains(typed) {
        Ok(domains) => domains,
        Err(problem) => return Ok(Err(Problem::of_domains(&problem))),
    };
    let record = entry(
        session,
        Action::SettingChanged,
        format!("email_domains:{organisation}"),
        client,
    );
    crate::organisations::server::set_email_domains(
        &state.store,
        organisation,
        &domains,
        record,
        state.now(),
    )
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "the e-mail domains could not be saved");
        AppError::Unavailable
    })?;
    Ok(Ok(()))
}

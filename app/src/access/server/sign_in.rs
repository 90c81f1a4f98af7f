//! Signing in: checking an address and password, counting attempts, starting a session.
//! Each attempt is counted before its password is checked (see [`throttle`]); the password
//! check runs before any transaction; the session it leads to is written with its
//! access-log record in one transaction.

use super::hashing::verify_password;
use super::second_factor;
use super::sessions::{session_from_row, Session, ACCOUNT_COLUMNS, ACCOUNT_TABLES};
use super::throttle::{self, Key, Reservation};
use super::{AccessError, SecretToken, SessionToken};
use crate::access::second_factor::Stage;
use crate::access::{Notice, Policy, DEVICE_COOKIE_SECONDS};
use crate::audit::{self, Action, Actor, Entry, Outcome};
use crate::db::{epoch_seconds, timestamp, Store, StoreError};
use sqlx::Row;
use std::time::SystemTime;

/// One sign-in attempt as the form brings it.
pub struct Attempt<'a> {
    /// The e-mail address typed.
    pub email: &'a str,
    /// The password typed.
    pub password: &'a str,
    /// Where the request came from (see `ui::form::ClientAddress`).
    pub client: Option<&'a str>,
    /// The browser's known-device token, if it carries one.
    pub device: Option<&'a SecretToken>,
    /// Where to go once signed in (a local path), kept while a second step is asked.
    pub next: &'a str,
}

/// Where a right password leads.
pub enum SignInStep {
    /// Signed in.
    Started(Started),
    /// The second step follows: the token for its cookie, and which step it is.
    SecondStep {
        /// For the pending sign-in's cookie.
        token: SecretToken,
        /// A code, or setting the second step up first.
        stage: Stage,
    },
}

impl SignInStep {
    /// The session's token and who it is for, when signing in needed no second step.
    pub fn session(self) -> Option<(SessionToken, Session)> {
        self.started().map(|s| (s.token, s.session))
    }

    /// The session, when signing in needed no second step.
    pub fn started(self) -> Option<Started> {
        match self {
            SignInStep::Started(started) => Some(started),
            SignInStep::SecondStep { .. } => None,
        }
    }
}

/// A session that was just started.
pub struct Started {
    /// For the session cookie.
    pub token: SessionToken,
    /// Who signed in.
    pub session: Session,
    /// For the known-device cookie: a new token when the browser had none for this account.
    pub device: Option<SecretToken>,
}

/// Checks an e-mail address and password and, when they match and no delay is running,
/// starts a session (or goes on to the second step). Unknown addresses and wrong passwords
/// get the same answer after the same work, and are counted alike, so the form does not
/// tell which addresses have an account.
pub async fn sign_in(
    store: &Store,
    policy: &Policy,
    email: &str,
    password: &str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<SignInStep, Notice> {
    let attempt = Attempt {
        email,
        password,
        client,
        device: None,
        next: crate::access::ACCOUNT_PATH,
    };
    attempt_sign_in(store, policy, &attempt, now).await
}

/// [`sign_in`] for a browser that may be a known device; says which device token to keep.
pub async fn attempt_sign_in(
    store: &Store,
    policy: &Policy,
    attempt: &Attempt<'_>,
    now: SystemTime,
) -> Result<SignInStep, Notice> {
    if attempt.email.trim().is_empty() || attempt.password.is_empty() {
        return Err(Notice::Missing);
    }
    checked(store, policy, attempt, now)
        .await
        .map_err(|err| match err {
            SignInError::Refused(notice) => notice,
            SignInError::Failed(e) => {
                tracing::error!(error = %e, "sign-in failed");
                Notice::Unavailable
            }
        })
}

enum SignInError {
    Refused(Notice),
    Failed(AccessError),
}

impl From<StoreError> for SignInError {
    fn from(err: StoreError) -> Self {
        SignInError::Failed(AccessError::Store(err))
    }
}

impl From<sqlx::Error> for SignInError {
    fn from(err: sqlx::Error) -> Self {
        SignInError::Failed(err.into())
    }
}

impl From<AccessError> for SignInError {
    fn from(err: AccessError) -> Self {
        SignInError::Failed(err)
    }
}

/// Writes one refusal to the access log.
pub(super) async fn refuse(
    store: &Store,
    actor: Option<Actor>,
    reason: &'static str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let entry = Entry::own(actor, Action::SignIn, Outcome::Refused(reason)).from_client(client);
    audit::server::record(&mut *store.conn().await?, &entry, now).await
}

/// The notice for a key that waits until `until` (epoch seconds).
fn waiting(until: i64, now: i64) -> Notice {
    Notice::Locked(throttle::minutes_until(until, now))
}

/// A known device's token hash and the account it belongs to, when the browser's cookie
/// names one that is still known. Looked up whatever the address typed, so the lookup's
/// speed tells nothing about the address.
async fn known_device(
    store: &Store,
    device: Option<&SecretToken>,
    now: SystemTime,
) -> Result<Option<(String, i64)>, StoreError> {
    let Some(device) = device else {
        return Ok(None);
    };
    let known_since = now
        .checked_sub(std::time::Duration::from_secs(DEVICE_COOKIE_SECONDS))
        .unwrap_or(std::time::UNIX_EPOCH);
    let row = sqlx::query(
        "SELECT account_id FROM known_devices WHERE token_hash = $1 AND last_used_at > $2",
    )
    .bind(device.hash())
    .bind(timestamp(known_since))
    .fetch_optional(store.pool())
    .await?;
    Ok(match row {
        Some(row) => Some((device.hash(), row.try_get("account_id")?)),
        None => None,
    })
}

/// Gives back the attempts reserved for a sign-in that reached no verdict on its password
/// (the hashing threads were busy, the database failed): only guesses count.
async fn give_back_all(
    store: &Store,
    policy: &Policy,
    key: &Key,
    client_key: Option<&Key>,
) -> Result<(), StoreError> {
    throttle::give_back(store, key, policy.max_failed).await?;
    if let Some(client_key) = client_key {
        throttle::give_back(store, client_key, policy.client_max_failed).await?;
    }
    Ok(())
}

async fn checked(
    store: &Store,
    policy: &Policy,
    attempt: &Attempt<'_>,
    now: SystemTime,
) -> Result<SignInStep, SignInError> {
    let client = attempt.client;
    let now_s = epoch_seconds(now);
    let email = attempt.email.trim().to_lowercase();
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} {ACCOUNT_TABLES} WHERE a.email = $1"
    ))
    .bind(&email)
    .fetch_optional(store.pool())
    .await?;
    let session = row.as_ref().map(session_from_row).transpose()?;
    let who = session.as_ref().map(Session::actor);
    let stored: Option<String> = match &row {
        Some(row) => row.try_get("password_hash")?,
        None => None,
    };
    // On a device where this account signed in before, its own count applies instead of the
    // address's and the client address's: someone guessing the address elsewhere, or from
    // the same office network, does not keep its owner out.
    let device = known_device(store, attempt.device, now)
        .await?
        .filter(|(_, account)| session.as_ref().map(|s| s.account_id.0) == Some(*account))
        .map(|(hash, _)| hash);
    // A client address that guessed too often is turned away before any hashing.
    let client_key = client.filter(|_| device.is_none()).map(Key::client);
    let mut client_until = None;
    if let Some(key) = &client_key {
        match throttle::reserve(store, policy, key, policy.client_max_failed, now_s).await? {
            Reservation::Waiting(until) => {
                refuse(store, None, "client_waiting", client, now).await?;
                return Err(SignInError::Refused(waiting(until, now_s)));
            }
            Reservation::Counted { blocked_until, .. } => client_until = blocked_until,
        }
    }
    let key = match &device {
        Some(hash) => Key::device(hash),
        None => Key::address(&email),
    };
    let reserved = throttle::reserve(store, policy, &key, policy.max_failed, now_s).await?;
    let blocked_until = match reserved {
        Reservation::Waiting(until) => {
            // The same work as a real check, so waiting is not told apart by its speed.
            if let Err(err) = verify_password(attempt.password, None).await {
                give_back_all(store, policy, &key, client_key.as_ref()).await?;
                return Err(err.into());
            }
            refuse(store, who, "waiting", client, now).await?;
            return Err(SignInError::Refused(waiting(until, now_s)));
        }
        Reservation::Counted { blocked_until, .. } => blocked_until.max(client_until),
    };
    let has_password = stored.is_some();
    let right = match verify_password(attempt.password, stored.clone()).await {
        Ok(right) => right,
        Err(err) => {
            give_back_all(store, policy, &key, client_key.as_ref()).await?;
            return Err(err.into());
        }
    };
    let Some(session) = session.filter(|_| right) else {
        let reason = match (&who, has_password) {
            (None, _) => "unknown_account",
            (Some(_), true) => "wrong_password",
            (Some(_), false) => "no_password",
        };
        refuse(store, who, reason, client, now).await?;
        return Err(SignInError::Refused(match blocked_until {
            Some(until) => waiting(until, now_s),
            None => Notice::Wrong,
        }));
    };
    let id = session.account_id.0;
    let mut tx = store.begin().await?;
    // The password was checked outside the transaction: meanwhile a new password may have
    // been set (and the account's sessions ended). Only the password that was checked may
    // start a session; the update takes the account's row lock until the commit, so a
    // password change cannot slip in between.
    let unchanged = sqlx::query(
        "UPDATE accounts SET password_hash = password_hash WHERE id = $1 AND password_hash = $2",
    )
    .bind(id)
    .bind(stored.as_deref())
    .execute(&mut *tx)
    .await?;
    if unchanged.rows_affected() != 1 {
        tx.rollback().await?;
        refuse(store, who, "changed_meanwhile", client, now).await?;
        return Err(SignInError::Refused(Notice::Wrong));
    }
    let on = second_factor::is_on(&mut tx, session.account_id).await?;
    if let Some(stage) = second_factor::next_stage(policy, session.role, on) {
        // The password was right: its attempt is given back, and the code is counted
        // under the same key as the passwords were.
        let start = second_factor::PendingStart {
            account: session.account_id,
            stage,
            key: &key,
            device_hash: device.as_deref(),
            next: attempt.next,
            client,
        };
        let token = second_factor::hold(&mut tx, &start, now).await?;
        let entry = Entry::own(who, Action::SignInSecondStep, Outcome::Success).from_client(client);
        audit::server::record(&mut tx, &entry, now).await?;
        tx.commit().await?;
        throttle::give_back(store, &key, policy.max_failed).await?;
        if let Some(key) = &client_key {
            throttle::give_back(store, key, policy.client_max_failed).await?;
        }
        return Ok(SignInStep::SecondStep { token, stage });
    }
    let (token, new_device) =
        open_session(&mut tx, &session, device.as_deref(), client, now).await?;
    tx.commit().await?;
    throttle::clear(store, &key).await?;
    if let Some(key) = &client_key {
        throttle::give_back(store, key, policy.client_max_failed).await?;
    }
    Ok(SignInStep::Started(Started {
        token,
        session,
        device: new_device,
    }))
}

/// Starts a session for `session`'s account in the caller's transaction, with its
/// access-log record: marks the known device `device` (a token hash) as used, or makes this
/// browser a known device (the token for its cookie is returned with the session's).
pub(super) async fn open_session(
    tx: &mut crate::db::Conn,
    session: &Session,
    device: Option<&str>,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(SessionToken, Option<SecretToken>), AccessError> {
    let token = SessionToken::generate()?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, client_address)
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token.hash())
    .bind(session.account_id.0)
    .bind(timestamp(now))
    .bind(client)
    .execute(&mut *tx)
    .await?;
    let new_device = match device {
        Some(hash) => {
            sqlx::query("UPDATE known_devices SET last_used_at = $1 WHERE token_hash = $2")
                .bind(timestamp(now))
                .bind(hash)
                .execute(&mut *tx)
                .await?;
            None
        }
        None => {
            let device = SecretToken::generate()?;
            remember_device(tx, &device, session.account_id, now).await?;
            Some(device)
        }
    };
    let entry =
        Entry::own(Some(session.actor()), Action::SignIn, Outcome::Success).from_client(client);
    audit::server::record(tx, &entry, now).await?;
    Ok((token, new_device))
}

/// Remembers the browser that holds `device` as a known device of `account`, in the
/// caller's transaction.
pub(crate) async fn remember_device(
    conn: &mut crate::db::Conn,
    device: &SecretToken,
    account: crate::access::AccountId,
    now: SystemTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO known_devices (token_hash, account_id, created_at, last_used_at)
         VALUES ($1, $2, $3, $3)",
    )
    .bind(device.hash())
    .bind(account.0)
    .bind(timestamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts a password-reset request from a client address: `false` when that address asked
/// too often and has to wait (then nothing is done for it). The same growing delays as
/// sign-in attempts, after [`RESET_REQUESTS_FREE`] requests.
pub async fn reserve_reset(
    store: &Store,
    policy: &Policy,
    client: &str,
    now: SystemTime,
) -> Result<bool, StoreError> {
    let key = Key::reset_client(client);
    let reserved =
        throttle::reserve(store, policy, &key, RESET_REQUESTS_FREE, epoch_seconds(now)).await?;
    Ok(matches!(reserved, Reservation::Counted { .. }))
}

/// Password-reset requests one client address makes before it waits.
pub const RESET_REQUESTS_FREE: u32 = 20;

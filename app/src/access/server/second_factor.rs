//! The second step of signing in, in the database: TOTP secrets (the arithmetic is in
//! `totp`), recovery codes, and sign-ins that wait for their code.
//!
//! A code is accepted for the current step and one step either side (a phone's clock may be
//! a little off), and never twice: the step of the last accepted code is kept and only a
//! later one is accepted, in one conditional update, so two requests with the same code
//! cannot both pass. Secrets are kept sealed with the server key, recovery codes as hashes
//! keyed by it and their account (see `sealing`); each code works once. Wrong
//! codes are counted where the wrong passwords of the same sign-in are (see `throttle`), so
//! knowing the password does not buy unlimited guesses at the code.

use super::sealing::{code_context, secret_context, ServerKey};
use super::sessions::{session_from_row, Session, ACCOUNT_COLUMNS, ACCOUNT_TABLES};
use super::throttle::{self, Key, Reservation};
use super::totp::{constant_eq, new_recovery_codes, normalise, recovery_hash};
pub use super::totp::{qr_svg, step_at, Secret, STEP_SECONDS};
use super::totp::{DIGITS, RECOVERY_CHARS, WINDOW};
use super::{AccessError, SecretToken, SessionToken};
use crate::access::second_factor::{CodeProblem, Stage, PENDING_SECONDS};
use crate::access::{AccountId, Policy, Role};
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{epoch_seconds, parse_timestamp, timestamp, Conn, Store, StoreError};
use sqlx::Row;
use std::time::SystemTime;

/// Reads a secret stored sealed for `account`.
fn stored_secret(
    key: &ServerKey,
    account: AccountId,
    row: &sqlx::any::AnyRow,
) -> Result<Secret, StoreError> {
    let sealed: String = row.try_get("secret")?;
    key.open(&secret_context(account.0), &sealed)
        .and_then(|plain| String::from_utf8(plain).ok())
        .and_then(|base32| Secret::from_base32(&base32))
        .ok_or_else(|| super::bad_value("secret", "…"))
}

/// A secret as it is stored for `account`: sealed with the server key.
fn sealed(key: &ServerKey, account: AccountId, secret: &Secret) -> Result<String, StoreError> {
    key.seal(&secret_context(account.0), secret.base32().as_bytes())
        .map_err(|e| StoreError::Unavailable(e.to_string()))
}

/// How a recovery code of `account` is stored: its hash, keyed by the server key and the
/// account.
fn stored_code(key: &ServerKey, account: AccountId, code: &str) -> String {
    key.keyed_hash(&code_context(account.0), &recovery_hash(code))
}

/// The secret of the account's second step, when it is on.
async fn factor(
    conn: &mut Conn,
    key: &ServerKey,
    account: AccountId,
) -> Result<Option<Secret>, StoreError> {
    let row = sqlx::query("SELECT secret FROM second_factors WHERE account_id = $1")
        .bind(account.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref()
        .map(|row| stored_secret(key, account, row))
        .transpose()
}

/// Whether the account's second step is on.
pub async fn is_on(conn: &mut Conn, account: AccountId) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT account_id FROM second_factors WHERE account_id = $1")
        .bind(account.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// The secret `holder` (a session's or waiting sign-in's token hash) is setting up for
/// `account`, if any.
async fn candidate(
    conn: &mut Conn,
    key: &ServerKey,
    account: AccountId,
    holder: &str,
) -> Result<Option<Secret>, StoreError> {
    let row = sqlx::query(
        "SELECT secret FROM second_factor_setups WHERE holder_hash = $1 AND account_id = $2",
    )
    .bind(holder)
    .bind(account.0)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref()
        .map(|row| stored_secret(key, account, row))
        .transpose()
}

/// The secret `holder` (the token hash of the session or waiting sign-in asking) sets up for
/// `account`: the one it was shown before, or a new one. Each holder has its own, so nobody
/// who knew only the password can plant a secret for its owner to scan, nor stop the owner
/// from setting up theirs. `None` when the second step is already on.
pub async fn start_setup(
    store: &Store,
    account: AccountId,
    holder: &str,
    now: SystemTime,
) -> Result<Option<Secret>, AccessError> {
    let mut conn = store.conn().await?;
    if is_on(&mut conn, account).await? {
        return Ok(None);
    }
    let key = store.server_key();
    if let Some(secret) = candidate(&mut conn, key, account, holder).await? {
        return Ok(Some(secret));
    }
    // Two pages opened at once by the same holder: the first secret stays, both show it.
    sqlx::query(
        "INSERT INTO second_factor_setups (holder_hash, account_id, secret, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (holder_hash) DO NOTHING",
    )
    .bind(holder)
    .bind(account.0)
    .bind(sealed(key, account, &Secret::generate()?)?)
    .bind(timestamp(now))
    .execute(&mut *conn)
    .await?;
    Ok(candidate(&mut conn, key, account, holder).await?)
}

/// Checks a code typed by the account's owner, in the caller's transaction, and uses it up
/// when right. `setting_up: None`: the second step is on, and the code is the app's for a
/// step after the last one accepted, or an unused recovery code. `Some(holder)`: the first
/// code for the secret that holder is setting up, which turns the second step on (with that
/// code's step as the last one accepted).
async fn use_code(
    conn: &mut Conn,
    key: &ServerKey,
    account: AccountId,
    typed: &str,
    setting_up: Option<&str>,
    now: SystemTime,
) -> Result<bool, StoreError> {
    let typed = normalise(typed);
    let secret = match setting_up {
        None => factor(conn, key, account).await?,
        Some(_) if is_on(conn, account).await? => None,
        Some(holder) => candidate(conn, key, account, holder).await?,
    };
    let Some(secret) = secret else {
        return Ok(false);
    };
    if typed.len() == DIGITS as usize && typed.bytes().all(|b| b.is_ascii_digit()) {
        let current = step_at(now);
        let matching = (current.saturating_sub(WINDOW)..=current + WINDOW)
            .rev()
            .find(|step| constant_eq(&secret.code(*step), &typed));
        let Some(step) = matching else {
            return Ok(false);
        };
        let used = match setting_up {
            None => {
                sqlx::query(
                    "UPDATE second_factors SET last_step = $1
                     WHERE account_id = $2 AND last_step < $1",
                )
                .bind(step as i64)
                .bind(account.0)
                .execute(&mut *conn)
                .await?
            }
            Some(_) => {
                // A parallel request that turned it on first wins; this one is refused.
                sqlx::query(
                    "INSERT INTO second_factors (account_id, secret, created_at, last_step)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (account_id) DO NOTHING",
                )
                .bind(account.0)
                .bind(sealed(key, account, &secret)?)
                .bind(timestamp(now))
                .bind(step as i64)
                .execute(&mut *conn)
                .await?
            }
        };
        return Ok(used.rows_affected() == 1);
    }
    if setting_up.is_some() || typed.len() != RECOVERY_CHARS {
        return Ok(false);
    }
    let used = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1
         WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(timestamp(now))
    .bind(account.0)
    .bind(stored_code(key, account, &typed))
    .execute(&mut *conn)
    .await?;
    Ok(used.rows_affected() == 1)
}

/// Replaces the account's recovery codes with new ones, in the caller's transaction;
/// returns them (shown once, never stored).
async fn renew_codes(
    conn: &mut Conn,
    key: &ServerKey,
    account: AccountId,
) -> Result<Vec<String>, AccessError> {
    let codes = new_recovery_codes()?;
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account.0)
        .execute(&mut *conn)
        .await?;
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
            .bind(account.0)
            .bind(stored_code(key, account, code))
            .execute(&mut *conn)
            .await?;
    }
    Ok(codes)
}

/// How many unused recovery codes the account has.
pub async fn codes_left(store: &Store, account: AccountId) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL",
    )
    .bind(account.0)
    .fetch_one(store.pool())
    .await?;
    Ok(row.try_get("n")?)
}

/// A sign-in waiting for its second step.
pub struct Pending {
    /// The account whose password was right.
    pub account: AccountId,
    /// What it waits for.
    pub stage: Stage,
    /// Where to go once signed in.
    pub next: String,
    throttle_key: String,
    device_hash: Option<String>,
}

/// What the password step leaves for the second step (see `sign_in`).
pub(super) struct PendingStart<'a> {
    pub account: AccountId,
    pub stage: Stage,
    pub key: &'a Key,
    pub device_hash: Option<&'a str>,
    pub next: &'a str,
    pub client: Option<&'a str>,
}

/// Records a sign-in that waits for its second step, in the caller's transaction; returns
/// the token for its cookie.
pub(super) async fn hold(
    conn: &mut Conn,
    start: &PendingStart<'_>,
    now: SystemTime,
) -> Result<SecretToken, AccessError> {
    let token = SecretToken::generate()?;
    sqlx::query(
        "INSERT INTO pending_sign_ins
         (token_hash, account_id, stage, throttle_key, device_hash, next_path, client_address, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token.hash())
    .bind(start.account.0)
    .bind(start.stage.code())
    .bind(start.key.stored())
    .bind(start.device_hash)
    .bind(start.next)
    .bind(start.client)
    .bind(timestamp(now))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The sign-in a pending cookie stands for, while it has not timed out.
pub async fn pending(
    store: &Store,
    token: &SecretToken,
    now: SystemTime,
) -> Result<Option<Pending>, StoreError> {
    let row = sqlx::query(
        "SELECT account_id, stage, throttle_key, device_hash, next_path, created_at
         FROM pending_sign_ins WHERE token_hash = $1",
    )
    .bind(token.hash())
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let created = epoch_seconds(parse_timestamp(&row.try_get::<String, _>("created_at")?)?);
    if epoch_seconds(now) - created >= PENDING_SECONDS as i64 {
        return Ok(None);
    }
    let stage: String = row.try_get("stage")?;
    Ok(Some(Pending {
        account: AccountId(row.try_get("account_id")?),
        stage: Stage::parse(&stage).ok_or_else(|| super::bad_value("stage", &stage))?,
        next: row.try_get("next_path")?,
        throttle_key: row.try_get("throttle_key")?,
        device_hash: row.try_get("device_hash")?,
    }))
}

/// Removes pending sign-ins that timed out, and secrets being set up for more than a day
/// (longer than any session lives); run by the session purge.
pub(super) async fn purge_pending(store: &Store, now: SystemTime) -> Result<(), StoreError> {
    let day = now
        .checked_sub(std::time::Duration::from_secs(24 * 3600))
        .unwrap_or(std::time::UNIX_EPOCH);
    sqlx::query("DELETE FROM second_factor_setups WHERE created_at <= $1")
        .bind(timestamp(day))
        .execute(store.pool())
        .await?;
    let before = now
        .checked_sub(std::time::Duration::from_secs(PENDING_SECONDS))
        .unwrap_or(std::time::UNIX_EPOCH);
    sqlx::query("DELETE FROM pending_sign_ins WHERE created_at <= $1")
        .bind(timestamp(before))
        .execute(store.pool())
        .await?;
    Ok(())
}

/// A session started by the second step.
pub struct SecondStepDone {
    /// For the session cookie.
    pub token: SessionToken,
    /// Who signed in.
    pub session: Session,
    /// For the known-device cookie, when the browser was not a known device yet.
    pub device: Option<SecretToken>,
    /// Where to go now.
    pub next: String,
    /// New recovery codes, when the step set up the second step (shown once).
    pub codes: Vec<String>,
}

/// Why a second step did not sign in, beyond a wrong code.
pub enum StepRefused {
    /// The code was wrong, missing, or has to wait; back to the page of this stage.
    Code(CodeProblem, Stage),
    /// The sign-in timed out or never was: sign in again.
    Expired,
}

/// Counts a code attempt under each key (see `throttle`) unless one of them is waiting:
/// `Err(minutes)` to wait, or when the next attempts will have to wait (epoch seconds).
async fn reserve_code(
    store: &Store,
    policy: &Policy,
    keys: &[&Key],
    now_s: i64,
) -> Result<Result<Option<i64>, u64>, StoreError> {
    let mut blocked_until = None;
    for (i, key) in keys.iter().enumerate() {
        match throttle::reserve(store, policy, key, policy.max_failed, now_s).await? {
            Reservation::Waiting(until) => {
                // The keys counted before this one are given back: nothing was checked.
                for counted in &keys[..i] {
                    throttle::give_back(store, counted, policy.max_failed).await?;
                }
                return Ok(Err(throttle::minutes_until(until, now_s)));
            }
            Reservation::Counted {
                blocked_until: until,
                ..
            } => blocked_until = blocked_until.max(until),
        }
    }
    Ok(Ok(blocked_until))
}

/// The problem after a wrong code.
fn wrong(blocked_until: Option<i64>, now_s: i64) -> CodeProblem {
    match blocked_until {
        Some(until) => CodeProblem::Waiting(throttle::minutes_until(until, now_s)),
        None => CodeProblem::Wrong,
    }
}

/// The second step of a sign-in: the code from the app (or a recovery code; while setting
/// up, only the app's code for the secret this sign-in was shown). Counted before it is
/// checked, like a password: under the key of the sign-in's wrong passwords and under the
/// account, which nothing but a right code clears (not a new password, not a new device).
pub async fn complete(
    store: &Store,
    policy: &Policy,
    pending_token: &SecretToken,
    typed: &str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Result<SecondStepDone, StepRefused>, AccessError> {
    let Some(pending) = pending(store, pending_token, now).await? else {
        return Ok(Err(StepRefused::Expired));
    };
    let stage = pending.stage;
    if normalise(typed).is_empty() {
        return Ok(Err(StepRefused::Code(CodeProblem::Missing, stage)));
    }
    let key = Key::from_stored(&pending.throttle_key);
    let account_key = Key::account(pending.account);
    let now_s = epoch_seconds(now);
    let blocked_until = match reserve_code(store, policy, &[&account_key, &key], now_s).await? {
        Ok(until) => until,
        Err(minutes) => {
            record(store, pending.account, "code_waiting", client, now).await?;
            return Ok(Err(StepRefused::Code(CodeProblem::Waiting(minutes), stage)));
        }
    };
    let holder = pending_token.hash();
    let setting_up = (stage == Stage::Enrol).then_some(holder.as_str());
    let mut tx = store.begin().await?;
    if !use_code(
        &mut tx,
        store.server_key(),
        pending.account,
        typed,
        setting_up,
        now,
    )
    .await?
    {
        tx.rollback().await?;
        record(store, pending.account, "wrong_code", client, now).await?;
        return Ok(Err(StepRefused::Code(wrong(blocked_until, now_s), stage)));
    }
    let codes = match setting_up {
        Some(holder) => {
            confirm(
                &mut tx,
                store.server_key(),
                pending.account,
                holder,
                client,
                now,
            )
            .await?
        }
        None => Vec::new(),
    };
    let deleted = sqlx::query("DELETE FROM pending_sign_ins WHERE token_hash = $1")
        .bind(&holder)
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() != 1 {
        // The same pending sign-in was completed by a parallel request.
        tx.rollback().await?;
        return Ok(Err(StepRefused::Expired));
    }
    let session = account_session(&mut tx, pending.account).await?;
    let (token, device) = super::sign_in::open_session(
        &mut tx,
        &session,
        pending.device_hash.as_deref(),
        client,
        now,
    )
    .await?;
    tx.commit().await?;
    throttle::clear(store, &key).await?;
    throttle::clear(store, &account_key).await?;
    Ok(Ok(SecondStepDone {
        token,
        session,
        device,
        next: pending.next,
        codes,
    }))
}

/// Completes turning the second step on (its first code was right): new recovery codes, no
/// other secrets being set up, and the end of
/// the account's other sessions (`holder` is the token hash of the session or sign-in that
/// set it up); in the caller's transaction, with its access-log record.
async fn confirm(
    conn: &mut Conn,
    key: &ServerKey,
    account: AccountId,
    holder: &str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Vec<String>, AccessError> {
    sqlx::query("DELETE FROM second_factor_setups WHERE account_id = $1")
        .bind(account.0)
        .execute(&mut *conn)
        .await?;
    let codes = renew_codes(conn, key, account).await?;
    for table in ["sessions", "pending_sign_ins"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE account_id = $1 AND token_hash <> $2"
        ))
        .bind(account.0)
        .bind(holder)
        .execute(&mut *conn)
        .await?;
    }
    let entry = Entry::own(
        Some(actor(conn, account).await?),
        Action::SecondFactorOn,
        Outcome::Success,
    )
    .from_client(client);
    audit::server::record(conn, &entry, now).await?;
    notify_owner(conn, account, true, now).await?;
    Ok(codes)
}

/// The account as a session would have it.
async fn account_session(conn: &mut Conn, account: AccountId) -> Result<Session, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} {ACCOUNT_TABLES} WHERE a.id = $1"
    ))
    .bind(account.0)
    .fetch_one(&mut *conn)
    .await?;
    session_from_row(&row)
}

async fn actor(conn: &mut Conn, account: AccountId) -> Result<audit::Actor, StoreError> {
    Ok(account_session(conn, account).await?.actor())
}

/// Records a refused second step of `account`'s sign-in.
async fn record(
    store: &Store,
    account: AccountId,
    reason: &'static str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let who = actor(&mut *store.conn().await?, account).await?;
    super::sign_in::refuse(store, Some(who), reason, client, now).await
}

/// What a signed-in person does with their own second step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnChange {
    /// Set it up: the first code from the app.
    Confirm,
    /// Replace the recovery codes (a code from the app or a recovery code).
    RenewCodes,
    /// Turn it off (a code from the app or a recovery code); not for professionals when
    /// the second step is required for them.
    TurnOff,
}

/// Why a change to the own second step was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// The code was wrong or missing.
    Code(CodeProblem),
    /// Professionals may not turn it off here.
    Required,
}

/// A signed-in person changes their own second step; returns new recovery codes when there
/// are any to show.
pub async fn change_own(
    store: &Store,
    policy: &Policy,
    own: &Own<'_>,
    change: OwnChange,
    typed: &str,
    now: SystemTime,
) -> Result<Result<Vec<String>, ChangeRefused>, AccessError> {
    let session = own.session;
    if change == OwnChange::TurnOff && policy.requires_second_factor(session.role) {
        return Ok(Err(ChangeRefused::Required));
    }
    if normalise(typed).is_empty() {
        return Ok(Err(ChangeRefused::Code(CodeProblem::Missing)));
    }
    // Guesses from a signed-in browser are counted too (under the account).
    let key = Key::account(session.account_id);
    let now_s = epoch_seconds(now);
    let blocked_until = match reserve_code(store, policy, &[&key], now_s).await? {
        Ok(until) => until,
        Err(minutes) => return Ok(Err(ChangeRefused::Code(CodeProblem::Waiting(minutes)))),
    };
    let setting_up = (change == OwnChange::Confirm).then_some(own.holder);
    let mut tx = store.begin().await?;
    if !use_code(
        &mut tx,
        store.server_key(),
        session.account_id,
        typed,
        setting_up,
        now,
    )
    .await?
    {
        tx.rollback().await?;
        return Ok(Err(ChangeRefused::Code(wrong(blocked_until, now_s))));
    }
    let logged = |action| {
        Entry::own(Some(session.actor()), action, Outcome::Success).from_client(own.client)
    };
    let codes = match change {
        OwnChange::Confirm => {
            confirm(
                &mut tx,
                store.server_key(),
                session.account_id,
                own.holder,
                own.client,
                now,
            )
            .await?
        }
        OwnChange::RenewCodes => {
            let codes = renew_codes(&mut tx, store.server_key(), session.account_id).await?;
            audit::server::record(&mut tx, &logged(Action::RecoveryCodesRenewed), now).await?;
            codes
        }
        OwnChange::TurnOff => {
            remove(&mut tx, session.account_id).await?;
            audit::server::record(&mut tx, &logged(Action::SecondFactorOff), now).await?;
            notify_owner(&mut tx, session.account_id, false, now).await?;
            Vec::new()
        }
    };
    tx.commit().await?;
    throttle::clear(store, &key).await?;
    Ok(Ok(codes))
}

/// A signed-in person acting on their own second step.
pub struct Own<'a> {
    /// Who.
    pub session: &'a Session,
    /// The token hash of their session (the holder of a second step being set up).
    pub holder: &'a str,
    /// Where the request came from.
    pub client: Option<&'a str>,
}

/// Tells the account's owner by mail (through the outbox, in the caller's transaction) that
/// their second step was turned on or off.
async fn notify_owner(
    conn: &mut Conn,
    account: AccountId,
    on: bool,
    now: SystemTime,
) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT email, display_name FROM accounts WHERE id = $1")
        .bind(account.0)
        .fetch_one(&mut *conn)
        .await?;
    let (email, name): (String, String) = (row.try_get("email")?, row.try_get("display_name")?);
    let message = crate::mail::bilingual(|lang| crate::mail::second_step_changed(lang, &name, on));
    crate::mail::outbox::enqueue(conn, &email, &message, None, now).await
}

/// Removes an account's second step, recovery codes and secrets being set up, in the
/// caller's transaction.
async fn remove(conn: &mut Conn, account: AccountId) -> Result<(), StoreError> {
    for table in ["second_factors", "recovery_codes", "second_factor_setups"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
            .bind(account.0)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// An administrator on the command line turns off the second step of the account with this
/// e-mail address (its owner lost both the app and the codes), and ends its sessions. A
/// professional sets it up again at their next sign-in.
pub async fn reset_by_administrator(
    store: &Store,
    email: &str,
    now: SystemTime,
) -> Result<(), AccessError> {
    let email = super::normalise_email(email)?;
    let mut tx = store.begin().await?;
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} {ACCOUNT_TABLES} WHERE a.email = $1"
    ))
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Err(AccessError::UnknownAccount(email));
    };
    let session = session_from_row(&row)?;
    remove(&mut tx, session.account_id).await?;
    super::sessions::end_sign_ins(&mut tx, session.account_id).await?;
    let entry = Entry::admin(Action::SecondFactorOff, session.account_id.to_string());
    audit::server::record(&mut tx, &entry, now).await?;
    notify_owner(&mut tx, session.account_id, false, now).await?;
    tx.commit().await?;
    Ok(())
}

/// For tests and demo data: sets up a second step with a known secret, already on (no
/// recovery codes).
pub async fn set_up_with(
    store: &Store,
    account: AccountId,
    secret: &Secret,
    now: SystemTime,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO second_factors (account_id, secret, created_at) VALUES ($1, $2, $3)")
        .bind(account.0)
        .bind(sealed(store.server_key(), account, secret)?)
        .bind(timestamp(now))
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Whether a sign-in by an account of `role` that has (`on`) or has not a second step goes
/// on to a second step, and which.
pub(super) fn next_stage(policy: &Policy, role: Role, on: bool) -> Option<Stage> {
    if on {
        Some(Stage::Code)
    } else if policy.requires_second_factor(role) {
        Some(Stage::Enrol)
    } else {
        None
    }
}

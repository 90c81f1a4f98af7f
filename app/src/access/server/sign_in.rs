//! Signing in: checking an address and password, counting wrong passwords, starting a
//! session. The password check runs before any transaction; what it leads to (the counter,
//! the lock, the session) is written with its access-log record in one transaction.

use super::hashing::verify_password;
use super::sessions::{session_from_row, Session, ACCOUNT_COLUMNS, ACCOUNT_TABLES};
use super::{AccessError, SessionToken};
use crate::access::{Notice, Policy};
use crate::audit::{self, Action, Actor, Entry, Outcome};
use crate::db::{epoch_seconds, parse_timestamp, timestamp, Store, StoreError};
use sqlx::Row;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Checks an e-mail address and password and, when they match and the account is not
/// locked, starts a session. Unknown addresses and wrong passwords get the same answer
/// after the same work, so the form does not tell which addresses have an account.
pub async fn sign_in(
    store: &Store,
    policy: &Policy,
    email: &str,
    password: &str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(SessionToken, Session), Notice> {
    if email.trim().is_empty() || password.is_empty() {
        return Err(Notice::Missing);
    }
    checked(store, policy, email, password, client, now)
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
async fn refuse(
    store: &Store,
    actor: Option<Actor>,
    reason: &'static str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let entry = Entry::own(actor, Action::SignIn, Outcome::Refused(reason)).from_client(client);
    audit::server::record(&mut *store.conn().await?, &entry, now).await
}

async fn checked(
    store: &Store,
    policy: &Policy,
    email: &str,
    password: &str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(SessionToken, Session), SignInError> {
    let email = email.trim().to_lowercase();
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} {ACCOUNT_TABLES} WHERE a.email = $1"
    ))
    .bind(&email)
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else {
        verify_password(password, None).await?;
        refuse(store, None, "unknown_account", client, now).await?;
        return Err(SignInError::Refused(Notice::Wrong));
    };
    let session = session_from_row(&row)?;
    let who = Some(session.actor());
    let now_s = epoch_seconds(now);
    if let Some(until) = row.try_get::<Option<String>, _>("locked_until")? {
        let until = epoch_seconds(parse_timestamp(&until)?);
        if until > now_s {
            refuse(store, who, "locked", client, now).await?;
            let minutes = (until - now_s + 59) / 60;
            return Err(SignInError::Refused(Notice::Locked(minutes as u64)));
        }
    }
    let stored: Option<String> = row.try_get("password_hash")?;
    let has_password = stored.is_some();
    let stored_hash = stored.clone();
    let id = session.account_id.0;
    if !verify_password(password, stored).await? {
        let mut tx = store.begin().await?;
        let failed: i64 = sqlx::query(
            "UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE id = $1
             RETURNING failed_attempts",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("failed_attempts")?;
        let reason = if has_password {
            "wrong_password"
        } else {
            "no_password"
        };
        let entry = Entry::own(who, Action::SignIn, Outcome::Refused(reason)).from_client(client);
        audit::server::record(&mut tx, &entry, now).await?;
        let locked = policy.locked_until(failed.clamp(0, u32::MAX.into()) as u32, now_s);
        if let Some(until) = locked {
            let until = UNIX_EPOCH + Duration::from_secs(until.max(0) as u64);
            sqlx::query("UPDATE accounts SET locked_until = $1 WHERE id = $2")
                .bind(timestamp(until))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        return Err(SignInError::Refused(match locked {
            Some(_) => Notice::Locked(policy.lockout_minutes()),
            None => Notice::Wrong,
        }));
    }
    let token = SessionToken::generate()?;
    let mut tx = store.begin().await?;
    // The password was checked outside the transaction: meanwhile a new password may have
    // been set or the account locked by other attempts. Only the state that was checked
    // may start a session.
    let unchanged = sqlx::query(
        "UPDATE accounts SET failed_attempts = 0, locked_until = NULL
         WHERE id = $1 AND password_hash = $2 AND (locked_until IS NULL OR locked_until <= $3)",
    )
    .bind(id)
    .bind(stored_hash.as_deref())
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    if unchanged.rows_affected() != 1 {
        tx.rollback().await?;
        refuse(store, who, "changed_meanwhile", client, now).await?;
        return Err(SignInError::Refused(Notice::Wrong));
    }
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at)
         VALUES ($1, $2, $3, $3)",
    )
    .bind(token.hash())
    .bind(id)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    let entry = Entry::own(who, Action::SignIn, Outcome::Success).from_client(client);
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok((token, session))
}

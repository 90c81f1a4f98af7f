//! Accounts, passwords and sessions in the database (server only).
//!
//! Passwords are hashed with Argon2id (the crate's default parameters: 19 MiB, 2 passes),
//! session tokens are 256 random bits of which only the SHA-256 hash is stored. Every
//! sign-in, successful or not, and every sign-out leaves a record in the access log.

use super::{check_password, Notice, PasswordProblem, Policy, Role, SignedIn};
use crate::audit::{self, Action, Actor, Entry, Outcome};
use crate::db::{timestamp, Store, StoreError};
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A session is marked as used at most this often, so reading pages does not mean a write
/// per request.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// Why an account change was refused. The `Display` text is for the CLI and logs.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The e-mail address is not valid.
    #[error("{0:?} is not a valid e-mail address")]
    InvalidEmail(String),
    /// The name is empty or too long.
    #[error("the name must be 1 to 200 characters")]
    InvalidName,
    /// An account with this e-mail address exists.
    #[error("an account for {0} already exists")]
    Exists(String),
    /// No account with this e-mail address.
    #[error("no account for {0}")]
    UnknownAccount(String),
    /// A professional needs an organisation.
    #[error("a professional account needs an organisation (--organisation ID)")]
    OrganisationRequired,
    /// The organisation does not exist.
    #[error("organisation {0} not found")]
    UnknownOrganisation(String),
    /// The password breaks the rule.
    #[error("{0}")]
    Password(#[from] PasswordProblem),
    /// Too many sign-ins at once; nothing was changed.
    #[error("too many sign-ins at once; try again in a moment")]
    Busy,
    /// Hashing failed (out of memory, or a stored hash is damaged).
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// A session token as it travels in the cookie. Not `Debug`, not `Serialize`: it is a
/// secret and must not end up in a log or a page.
pub struct SessionToken(String);

impl SessionToken {
    /// 256 bits from the operating system's random source, as hex.
    fn generate() -> Result<SessionToken, AccessError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| AccessError::Hashing(e.to_string()))?;
        Ok(SessionToken(hex(&bytes)))
    }

    /// Wraps a token read from a cookie.
    pub fn from_cookie(value: &str) -> Option<SessionToken> {
        let ok = value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| SessionToken(value.to_ascii_lowercase()))
    }

    /// The value for the cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database stores.
    fn hash(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A live session, as the session layer puts it in a request's extensions.
#[derive(Clone, Debug)]
pub struct Session {
    /// The signed-in account.
    pub account_id: i64,
    /// Its organisation, for the access log.
    pub organisation_id: Option<String>,
    /// What pages may show.
    pub signed_in: SignedIn,
}

/// A new account.
pub struct NewAccount<'a> {
    /// The e-mail address (sign-in name).
    pub email: &'a str,
    /// The name shown.
    pub name: &'a str,
    /// What the account is for.
    pub role: Role,
    /// The organisation (required for professionals).
    pub organisation: Option<&'a str>,
    /// A first password, or `None` to set one later.
    pub password: Option<&'a str>,
}

/// An account as listed for administrators: no hash, no secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSummary {
    /// The e-mail address.
    pub email: String,
    /// The name shown.
    pub name: String,
    /// What the account is for.
    pub role: Role,
    /// The organisation id.
    pub organisation: Option<String>,
    /// Whether a password was set (without one nobody can sign in).
    pub has_password: bool,
}

/// Lower-cases and checks an e-mail address.
pub fn normalise_email(email: &str) -> Result<String, AccessError> {
    use validator::ValidateEmail;
    let email = email.trim().to_lowercase();
    if email.validate_email() && email.contains('.') {
        Ok(email)
    } else {
        Err(AccessError::InvalidEmail(email))
    }
}

fn epoch(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Reads a stored RFC 3339 time as epoch seconds.
fn parse_time(text: &str) -> Result<i64, StoreError> {
    text.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|e| StoreError::Query(sqlx::Error::Decode(Box::new(e))))
}

fn from_epoch(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds.max(0) as u64)
}

/// Runs one Argon2 computation on the hashing threads: one per core, started on first use.
///
/// Each computation needs 19 MiB and a core for tens of milliseconds. On a few long-lived
/// threads that memory is reused (short-lived blocking threads each kept their own, and a
/// burst of sign-ins grew the server by hundreds of MiB); at most [`HASH_QUEUE`] wait their
/// turn, and beyond that a sign-in is answered "try again later" instead of queueing forever.
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AccessError> {
    type Job = Box<dyn FnOnce() + Send>;
    static POOL: std::sync::OnceLock<std::sync::mpsc::SyncSender<Job>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Job>(HASH_QUEUE);
        let receive = std::sync::Arc::new(std::sync::Mutex::new(receive));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..cores {
            let receive = receive.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || loop {
                    let job = match receive.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(err) = spawned {
                tracing::error!(error = %err, "cannot start a password-hashing thread");
            }
        }
        send
    });
    let (done, result) = tokio::sync::oneshot::channel();
    pool.try_send(Box::new(move || {
        let _ = done.send(work());
    }))
    .map_err(|_| AccessError::Busy)?;
    result.await.map_err(|_| AccessError::Busy)
}

/// Sign-ins that may wait for a hashing thread before new ones are turned away.
const HASH_QUEUE: usize = 64;

/// Hashes a password with Argon2id and a fresh salt, off the async threads.
async fn hash_password(password: &str) -> Result<String, AccessError> {
    let password = password.to_owned();
    hashing(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AccessError::Hashing(e.to_string()))?;
        let salt =
            SaltString::encode_b64(&salt).map_err(|e| AccessError::Hashing(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AccessError::Hashing(e.to_string()))
    })
    .await?
}

/// Checks a password against a stored hash, off the async threads. A missing or damaged
/// hash is checked against a fixed one instead, so every answer takes as long.
async fn verify_password(password: &str, stored: Option<String>) -> Result<bool, AccessError> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let password = password.to_owned();
    hashing(move || {
        let dummy = DUMMY.get_or_init(|| {
            let salt = SaltString::encode_b64(b"meetpunt-dummy-salt").expect("fixed salt");
            Argon2::default()
                .hash_password(b"no account has this password", &salt)
                .expect("hashing a fixed password")
                .to_string()
        });
        let (text, real) = match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(_)) => (stored.clone().unwrap_or_default(), true),
            _ => (dummy.clone(), false),
        };
        let Ok(hash) = PasswordHash::new(&text) else {
            return false;
        };
        verify_in_place(password.as_bytes(), &hash) && real
    })
    .await
}

thread_local! {
    /// The Argon2 working memory of this hashing thread, kept between sign-ins. Allocating
    /// 19 MiB per sign-in let the allocator keep a new copy each time (a few hundred MiB
    /// after a dozen sign-ins); one reused buffer per thread keeps the server small.
    static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2's own check, computed in this thread's reused working memory. The comparison of
/// the results takes the same time wherever they differ.
fn verify_in_place(password: &[u8], hash: &PasswordHash<'_>) -> bool {
    use argon2::password_hash::Output;
    use argon2::{Algorithm, Params, Version};
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(hash.algorithm), Params::try_from(hash))
    else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let computed = BLOCKS.with_borrow_mut(|blocks| {
        blocks.resize(params.block_count(), argon2::Block::new());
        Argon2::new(algorithm, version, params)
            .hash_password_into_with_memory(password, salt, &mut out, &mut blocks[..])
            .is_ok()
    });
    computed && Output::new(&out).is_ok_and(|out| out == expected)
}

/// Creates an account and returns its id. The password, when given, must keep the rule.
pub async fn create_account(
    store: &Store,
    new: &NewAccount<'_>,
    now: SystemTime,
) -> Result<i64, AccessError> {
    let email = normalise_email(new.email)?;
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AccessError::InvalidName);
    }
    match new.organisation {
        Some(org) if !crate::organisations::server::is_known(store, org).await? => {
            return Err(AccessError::UnknownOrganisation(org.into()))
        }
        None if new.role.needs_organisation() => return Err(AccessError::OrganisationRequired),
        _ => {}
    }
    let hash = match new.password {
        Some(password) => {
            check_password(password, &email)?;
            Some(hash_password(password).await?)
        }
        None => None,
    };
    let row = sqlx::query(
        "INSERT INTO accounts (email, display_name, role, organisation_id, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (email) DO NOTHING
         RETURNING id",
    )
    .bind(&email)
    .bind(name)
    .bind(new.role.code())
    .bind(new.organisation)
    .bind(hash)
    .bind(timestamp(now))
    .fetch_optional(store.pool())
    .await
    .map_err(StoreError::from)?;
    let Some(row) = row else {
        return Err(AccessError::Exists(email));
    };
    let id: i64 = row.try_get("id").map_err(StoreError::from)?;
    audit::server::record(
        store,
        &Entry {
            organisation: new.organisation.map(str::to_owned),
            patient: (new.role == Role::Patient).then_some(id),
            ..Entry::admin(Action::AccountCreated, id)
        },
        now,
    )
    .await?;
    Ok(id)
}

/// Sets a new password, unlocks the account and ends all its sessions.
pub async fn set_password(
    store: &Store,
    email: &str,
    password: &str,
    now: SystemTime,
) -> Result<(), AccessError> {
    let email = normalise_email(email)?;
    check_password(password, &email)?;
    let hash = hash_password(password).await?;
    let row = sqlx::query(
        "UPDATE accounts SET password_hash = $1, failed_attempts = 0, locked_until = NULL
         WHERE email = $2 RETURNING id",
    )
    .bind(hash)
    .bind(&email)
    .fetch_optional(store.pool())
    .await
    .map_err(StoreError::from)?;
    let Some(row) = row else {
        return Err(AccessError::UnknownAccount(email));
    };
    let id: i64 = row.try_get("id").map_err(StoreError::from)?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(id)
        .execute(store.pool())
        .await
        .map_err(StoreError::from)?;
    audit::server::record(store, &Entry::admin(Action::PasswordSet, id), now).await?;
    Ok(())
}

/// Every account, by e-mail address.
pub async fn list_accounts(store: &Store) -> Result<Vec<AccountSummary>, StoreError> {
    let rows = sqlx::query(
        "SELECT email, display_name, role, organisation_id,
                CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password
         FROM accounts ORDER BY email",
    )
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            Ok(AccountSummary {
                email: row.try_get("email")?,
                name: row.try_get("display_name")?,
                role: Role::parse(&role).ok_or_else(|| bad_role(&role))?,
                organisation: row.try_get("organisation_id")?,
                has_password: row.try_get::<i32, _>("has_password")? == 1,
            })
        })
        .collect()
}

/// What pages may show, from a row with `display_name`, `role` and `organisation_name`.
fn signed_in(row: &sqlx::any::AnyRow) -> Result<SignedIn, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(SignedIn {
        name: row.try_get("display_name")?,
        role: Role::parse(&role).ok_or_else(|| bad_role(&role))?,
        organisation: row.try_get("organisation_name")?,
    })
}

fn bad_role(role: &str) -> StoreError {
    StoreError::Query(sqlx::Error::Decode(
        format!("unknown role {role:?} in accounts").into(),
    ))
}

/// Checks an e-mail address and password and, when they match and the account is not
/// locked, starts a session. Unknown addresses and wrong passwords get the same answer
/// after the same work, so the form does not tell which addresses have an account.
pub async fn sign_in(
    store: &Store,
    policy: &Policy,
    email: &str,
    password: &str,
    now: SystemTime,
) -> Result<(SessionToken, Session), Notice> {
    if email.trim().is_empty() || password.is_empty() {
        return Err(Notice::Missing);
    }
    sign_in_checked(store, policy, email, password, now)
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
        SignInError::Failed(AccessError::Store(err.into()))
    }
}

async fn sign_in_checked(
    store: &Store,
    policy: &Policy,
    email: &str,
    password: &str,
    now: SystemTime,
) -> Result<(SessionToken, Session), SignInError> {
    let email = email.trim().to_lowercase();
    let row = sqlx::query(
        "SELECT a.id, a.display_name, a.role, a.organisation_id, a.password_hash,
                a.locked_until, o.name AS organisation_name
         FROM accounts a LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE a.email = $1",
    )
    .bind(&email)
    .fetch_optional(store.pool())
    .await?;
    let refuse = |actor: Option<Actor>, reason: &'static str| {
        Entry::own(actor, Action::SignIn, Outcome::Refused(reason))
    };
    let Some(row) = row else {
        verify_password(password, None)
            .await
            .map_err(SignInError::Failed)?;
        audit::server::record(store, &refuse(None, "unknown_account"), now).await?;
        return Err(SignInError::Refused(Notice::Wrong));
    };
    let id: i64 = row.try_get("id")?;
    let role_code: String = row.try_get("role")?;
    let role = Role::parse(&role_code).ok_or_else(|| bad_role(&role_code))?;
    let organisation_id: Option<String> = row.try_get("organisation_id")?;
    let who = Some(Actor {
        id,
        role: role.code(),
        organisation: organisation_id.clone(),
    });
    let now_s = epoch(now);
    if let Some(until) = row.try_get::<Option<String>, _>("locked_until")? {
        let until = parse_time(&until)?;
        if until > now_s {
            audit::server::record(store, &refuse(who, "locked"), now).await?;
            let minutes = (until - now_s + 59) / 60;
            return Err(SignInError::Refused(Notice::Locked(minutes as u64)));
        }
    }
    let stored: Option<String> = row.try_get("password_hash")?;
    let has_password = stored.is_some();
    if !verify_password(password, stored)
        .await
        .map_err(SignInError::Failed)?
    {
        let failed: i64 = sqlx::query(
            "UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE id = $1
             RETURNING failed_attempts",
        )
        .bind(id)
        .fetch_one(store.pool())
        .await?
        .try_get("failed_attempts")?;
        let reason = if has_password {
            "wrong_password"
        } else {
            "no_password"
        };
        audit::server::record(store, &refuse(who, reason), now).await?;
        if let Some(until) = policy.locked_until(failed.clamp(0, u32::MAX.into()) as u32, now_s) {
            sqlx::query("UPDATE accounts SET locked_until = $1 WHERE id = $2")
                .bind(timestamp(from_epoch(until)))
                .bind(id)
                .execute(store.pool())
                .await?;
            return Err(SignInError::Refused(Notice::Locked(
                policy.lockout_minutes(),
            )));
        }
        return Err(SignInError::Refused(Notice::Wrong));
    }
    sqlx::query("UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE id = $1")
        .bind(id)
        .execute(store.pool())
        .await?;
    purge_expired(store, policy, now).await?;
    let token = SessionToken::generate().map_err(SignInError::Failed)?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at)
         VALUES ($1, $2, $3, $3)",
    )
    .bind(token.hash())
    .bind(id)
    .bind(timestamp(now))
    .execute(store.pool())
    .await?;
    audit::server::record(
        store,
        &Entry::own(who, Action::SignIn, Outcome::Success),
        now,
    )
    .await?;
    let session = Session {
        account_id: id,
        organisation_id,
        signed_in: signed_in(&row)?,
    };
    Ok((token, session))
}

/// Removes sessions that can no longer be used.
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
    let row = sqlx::query(
        "SELECT s.account_id, s.created_at, s.last_seen_at, a.display_name, a.role,
                a.organisation_id, o.name AS organisation_name
         FROM sessions s
         JOIN accounts a ON a.id = s.account_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE s.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else {
        return Ok(Lookup::Unknown);
    };
    let created = parse_time(&row.try_get::<String, _>("created_at")?)?;
    let last_seen = parse_time(&row.try_get::<String, _>("last_seen_at")?)?;
    let now_s = epoch(now);
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
    Ok(Lookup::Live(Session {
        account_id: row.try_get("account_id")?,
        organisation_id: row.try_get("organisation_id")?,
        signed_in: signed_in(&row)?,
    }))
}

/// Ends a session and records it. Ending an unknown session is not an error.
pub async fn sign_out(
    store: &Store,
    token: &SessionToken,
    now: SystemTime,
) -> Result<(), StoreError> {
    let hash = token.hash();
    let row = sqlx::query(
        "SELECT a.id, a.role, a.organisation_id
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(store.pool())
    .await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&hash)
        .execute(store.pool())
        .await?;
    if let Some(row) = row {
        let id: i64 = row.try_get("id")?;
        let role: String = row.try_get("role")?;
        audit::server::record(
            store,
            &Entry::own(
                Some(Actor {
                    id,
                    role: Role::parse(&role).map_or("unknown", Role::code),
                    organisation: row.try_get("organisation_id")?,
                }),
                Action::SignOut,
                Outcome::Success,
            ),
            now,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{Algorithm, Params, Version};

    #[test]
    fn the_in_place_check_agrees_with_argon2_for_every_kind_of_hash() {
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let small = |algorithm, version, passes| {
            Argon2::new(
                algorithm,
                version,
                Params::new(64, passes, 1, None).unwrap(),
            )
        };
        for argon in [
            Argon2::default(),
            small(Algorithm::Argon2id, Version::V0x13, 1),
            small(Algorithm::Argon2i, Version::V0x10, 3),
            small(Algorithm::Argon2d, Version::V0x13, 2),
        ] {
            let text = argon
                .hash_password(b"lange-zomer-aan-zee", &salt)
                .unwrap()
                .to_string();
            let hash = PasswordHash::new(&text).unwrap();
            assert!(verify_in_place(b"lange-zomer-aan-zee", &hash), "{text}");
            assert!(!verify_in_place(b"lange-zomer-aan-zeE", &hash), "{text}");
            assert!(!verify_in_place(b"", &hash), "{text}");
        }
        // A hash without salt or result, or of another algorithm, never matches.
        for text in [
            "$argon2id$v=19$m=64,t=1,p=1",
            "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg",
            "$pbkdf2-sha256$i=1000$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZg",
        ] {
            let hash = PasswordHash::new(text).unwrap();
            assert!(!verify_in_place(b"lange-zomer-aan-zee", &hash), "{text}");
        }
    }
}

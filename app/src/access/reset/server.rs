//! Account links in the database (server only): asking for a password-reset link, making a
//! link (reset or activation) as its mail leaves, and setting the password through it.

use super::{FORGOTTEN_LIMIT_PER_HOUR, RESET_MINUTES};
use crate::access::server::accounts::{clear_count, store_password};
use crate::access::server::hashing::hash_password;
use crate::access::server::sign_in::remember_device;
use crate::access::server::SecretToken;
use crate::access::{check_password, AccountId, LinkPasswordProblem, Role};
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{timestamp, Conn, Store, StoreError};
use crate::error::AppError;
use crate::mail::outbox::{enqueue, Link};
use crate::ui::i18n::Lang;
use sqlx::Row;
use std::time::{Duration, SystemTime};

/// Someone asked for a reset link for `email` (already normalised). An account's owner gets
/// a mail with a link (at most [`FORGOTTEN_LIMIT_PER_HOUR`] an hour); for an unknown address
/// nothing is sent. Either way only the access log says what happened, never the page.
pub async fn request(
    store: &Store,
    email: &str,
    lang: Lang,
    client: Option<&str>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    // The update takes the account's row lock until the commit, so requests at the same
    // moment are counted one after the other against the hourly limit.
    let account = sqlx::query(
        "UPDATE accounts SET email = email WHERE email = $1 RETURNING id, display_name, role",
    )
    .bind(email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(account) = account else {
        let entry = Entry::own(
            None,
            Action::PasswordResetAsked,
            Outcome::Refused("unknown_account"),
        );
        audit::server::record(&mut tx, &entry.from_client(client), now).await?;
        return Ok(tx.commit().await?);
    };
    let holder = Holder {
        account: AccountId(account.try_get("id")?),
        email: email.to_owned(),
        role: account.try_get("role")?,
    };
    let (id, actor) = (holder.account, holder.actor());
    let name: String = account.try_get("display_name")?;
    let hour_ago = timestamp(now.checked_sub(Duration::from_secs(3600)).unwrap_or(now));
    let recent: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM account_links
         WHERE account_id = $1 AND purpose = 'reset' AND created_at > $2",
    )
    .bind(id.0)
    .bind(hour_ago)
    .fetch_one(&mut *tx)
    .await?
    .try_get("n")?;
    if recent >= FORGOTTEN_LIMIT_PER_HOUR {
        let entry = Entry::own(
            Some(actor),
            Action::PasswordResetAsked,
            Outcome::Refused("too_often"),
        );
        audit::server::record(&mut tx, &entry.from_client(client), now).await?;
        return Ok(tx.commit().await?);
    }
    let link: i64 = sqlx::query(
        "INSERT INTO account_links (purpose, account_id, created_at)
         VALUES ('reset', $1, $2) RETURNING id",
    )
    .bind(id.0)
    .bind(timestamp(now))
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    let message = crate::mail::password_reset(lang, &name, crate::mail::LINK_PLACEHOLDER);
    enqueue(&mut tx, email, &message, Some(Link::Account(link)), now).await?;
    let entry = Entry::own(Some(actor), Action::PasswordResetAsked, Outcome::Success);
    audit::server::record(&mut tx, &entry.from_client(client), now).await?;
    Ok(tx.commit().await?)
}

/// What an account link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Choosing a new password.
    Reset,
    /// Activating an account a professional invited a patient to.
    Activation,
}

impl Purpose {
    /// The code stored.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Activation => "activation",
        }
    }

    fn parse(code: &str) -> Option<Purpose> {
        [Purpose::Reset, Purpose::Activation]
            .into_iter()
            .find(|p| p.code() == code)
    }

    /// How long its link works after its mail left.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Reset => Duration::from_secs(RESET_MINUTES * 60),
            Purpose::Activation => {
                Duration::from_secs(crate::access::activation::ACTIVATION_DAYS * 24 * 3600)
            }
        }
    }

    /// The path of its link.
    pub fn path(self, token: &SecretToken) -> String {
        match self {
            Purpose::Reset => super::reset_path(token),
            Purpose::Activation => crate::access::activation::activation_path(token),
        }
    }
}

/// Makes the link of an account link's mail as it leaves: 256 bits, only the hash kept,
/// working for its purpose's [`lifetime`](Purpose::lifetime). `None` when the link was
/// used or closed meanwhile.
pub async fn mint(
    conn: &mut Conn,
    link: i64,
    now: SystemTime,
) -> Result<Option<(SecretToken, Purpose)>, StoreError> {
    let purpose =
        sqlx::query("SELECT purpose FROM account_links WHERE id = $1 AND used_at IS NULL")
            .bind(link)
            .fetch_optional(&mut *conn)
            .await?
            .map(|row| row.try_get::<String, _>("purpose"))
            .transpose()?
            .and_then(|code| Purpose::parse(&code));
    let Some(purpose) = purpose else {
        return Ok(None);
    };
    let token = SecretToken::generate()
        .map_err(|e| StoreError::Query(sqlx::Error::Protocol(e.to_string())))?;
    let done = sqlx::query(
        "UPDATE account_links SET token_hash = $1, expires_at = $2
         WHERE id = $3 AND used_at IS NULL",
    )
    .bind(token.hash())
    .bind(timestamp(now + purpose.lifetime()))
    .bind(link)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some((token, purpose)))
}

/// Forgets the link of a mail that could not be sent (if it was an account link's).
pub async fn forget(store: &Store, token: &SecretToken) -> Result<(), StoreError> {
    sqlx::query("UPDATE account_links SET token_hash = NULL WHERE token_hash = $1")
        .bind(token.hash())
        .execute(store.pool())
        .await?;
    Ok(())
}

/// The account behind a link that still works.
struct Holder {
    account: AccountId,
    email: String,
    role: String,
}

impl Holder {
    /// The account as the access log names it.
    fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            id: self.account,
            role: Role::parse(&self.role).map_or("unknown", Role::code),
            organisation: None,
        }
    }
}

async fn open(
    conn: &mut Conn,
    token: &str,
    purpose: Purpose,
    now: SystemTime,
) -> Result<Option<Holder>, StoreError> {
    let Some(token) = SecretToken::from_cookie(token) else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT a.id, a.email, a.role FROM account_links l JOIN accounts a ON a.id = l.account_id
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2
           AND l.purpose = $3",
    )
    .bind(token.hash())
    .bind(timestamp(now))
    .bind(purpose.code())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(Holder {
            account: AccountId(row.try_get("id")?),
            email: row.try_get("email")?,
            role: row.try_get("role")?,
        })
    })
    .transpose()
}

/// The address a link of `purpose` is for; `None` when it does not work (unknown, expired,
/// used).
pub async fn shown(
    store: &Store,
    token: &str,
    purpose: Purpose,
    now: SystemTime,
) -> Result<Option<String>, StoreError> {
    let mut conn = store.conn().await?;
    Ok(open(&mut conn, token, purpose, now)
        .await?
        .map(|holder| holder.email))
}

/// A password set through an account link.
pub struct Reset {
    /// The address to sign in with.
    pub email: String,
    /// For the known-device cookie: the browser that set the password is the account's one
    /// known device from now on.
    pub device: SecretToken,
}

/// Sets the password through a link of `purpose`: the link and every other open link of the
/// account are used up, every session of the account ends, the devices it knew are
/// forgotten and this browser becomes its known device, and it is logged, in one
/// transaction; then the wrong passwords counted under the address are forgotten.
pub async fn complete(
    store: &Store,
    token: &str,
    purpose: Purpose,
    password: &str,
    repeat: &str,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Result<Reset, LinkPasswordProblem>, AppError> {
    let (Some(email), Some(secret)) = (
        shown(store, token, purpose, now).await?,
        SecretToken::from_cookie(token),
    ) else {
        return Ok(Err(LinkPasswordProblem::Gone));
    };
    if password != repeat {
        return Ok(Err(LinkPasswordProblem::Mismatch));
    }
    if let Err(problem) = check_password(password, &email) {
        return Ok(Err(LinkPasswordProblem::Password(problem)));
    }
    // Hashing takes a core for a while: done before the transaction holds any lock.
    let hash = hash_password(password).await.map_err(|e| {
        tracing::error!(error = %e, "hashing a new password failed");
        AppError::Unavailable
    })?;
    let device = SecretToken::generate().map_err(|_| AppError::Unavailable)?;
    let mut tx = store.begin().await?;
    // This link is claimed in one statement: used meanwhile (or expired) is gone.
    let claimed = sqlx::query(
        "UPDATE account_links SET used_at = $1, token_hash = NULL
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 AND purpose = $3
         RETURNING account_id",
    )
    .bind(timestamp(now))
    .bind(secret.hash())
    .bind(purpose.code())
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    let Some(claimed) = claimed else {
        return Ok(Err(LinkPasswordProblem::Gone));
    };
    let account: i64 = claimed.try_get("account_id").map_err(StoreError::from)?;
    sqlx::query(
        "UPDATE account_links SET used_at = $1, token_hash = NULL
         WHERE account_id = $2 AND used_at IS NULL",
    )
    .bind(timestamp(now))
    .bind(account)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    let row = sqlx::query("SELECT email, role FROM accounts WHERE id = $1")
        .bind(account)
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    let holder = Holder {
        account: AccountId(account),
        email: row.try_get("email").map_err(StoreError::from)?,
        role: row.try_get("role").map_err(StoreError::from)?,
    };
    store_password(&mut tx, holder.account, &hash).await?;
    sqlx::query("DELETE FROM known_devices WHERE account_id = $1")
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    remember_device(&mut tx, &device, holder.account, now).await?;
    let entry =
        Entry::own(Some(holder.actor()), Action::PasswordSet, Outcome::Success).from_client(client);
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    clear_count(store, &holder.email).await?;
    Ok(Ok(Reset {
        email: holder.email,
        device,
    }))
}

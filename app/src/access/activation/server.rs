//! Inviting a patient to activate an account (server only). The account is made without a
//! password and linked to the patient record at once, so from the first sign-in it shows
//! everything the record holds, also what was sent through links before.

use super::{AccountState, InviteProblem};
use crate::access::reset::server::Purpose;
use crate::access::server::accounts::insert_account;
use crate::access::server::guard::Authorised;
use crate::access::{AccountId, Role};
use crate::audit::{self, Action, Entry};
use crate::db::{timestamp, Conn, StoreError};
use crate::error::AppError;
use crate::mail::outbox::{enqueue, Link};
use crate::patients::PatientId;
use crate::state::AppState;
use crate::ui::i18n::Lang;
use sqlx::Row;

/// Where the patient stands: an address to invite, an account (active or invited).
pub async fn state(conn: &mut Conn, patient: PatientId) -> Result<AccountState, StoreError> {
    let row = sqlx::query(
        "SELECT p.email, a.id AS account_id, a.password_hash,
                (SELECT MAX(l.created_at) FROM account_links l
                 WHERE l.account_id = a.id AND l.purpose = 'activation') AS invited_at
         FROM patients p LEFT JOIN accounts a ON a.id = p.account_id
         WHERE p.id = $1",
    )
    .bind(patient.0)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    let email: Option<String> = row.try_get("email")?;
    let account: Option<i64> = row.try_get("account_id")?;
    let password: Option<String> = row.try_get("password_hash")?;
    let invited: Option<String> = row.try_get("invited_at")?;
    Ok(match (email, account, password, invited) {
        (_, Some(_), Some(_), _) => AccountState::Active,
        (_, Some(_), None, Some(at)) => AccountState::Invited(at),
        (Some(_), _, _, _) => AccountState::NotYet,
        (None, _, _, _) => AccountState::NoEmail,
    })
}

/// Invites the patient the guard allowed inviting: an account without a password for the
/// record's address (made and linked now, unless it was before), a mail whose link lets the
/// patient choose the password, and the access-log records, in one transaction.
pub async fn invite(
    state: &AppState,
    authorised: &Authorised,
    lang: Lang,
    client: Option<&str>,
) -> Result<Result<(), InviteProblem>, AppError> {
    let session = authorised.session();
    let patient = authorised.patient();
    let organisation = session.signed_in.organisation.clone().unwrap_or_default();
    let now = state.now();
    let mut tx = state.store.begin().await?;
    // The update takes the record's row lock: two invitations at once are one after the
    // other.
    let row = sqlx::query(
        "UPDATE patients SET name = name WHERE id = $1 RETURNING name, email, account_id",
    )
    .bind(patient.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::Forbidden)?;
    let name: String = row.try_get("name").map_err(StoreError::from)?;
    let email: Option<String> = row.try_get("email").map_err(StoreError::from)?;
    let linked: Option<i64> = row.try_get("account_id").map_err(StoreError::from)?;
    let Some(email) = email else {
        return Ok(Err(InviteProblem::NoEmail));
    };
    let account = match linked {
        Some(account) => {
            let has_password = sqlx::query("SELECT password_hash FROM accounts WHERE id = $1")
                .bind(account)
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)?
                .try_get::<Option<String>, _>("password_hash")
                .map_err(StoreError::from)?
                .is_some();
            if has_password {
                return Ok(Err(InviteProblem::Active));
            }
            account
        }
        None => {
            let made = insert_account(&mut tx, &email, &name, Role::Patient, None, now).await?;
            // An address that is another account's sign-in name cannot be this one's.
            let Some(made) = made else {
                return Ok(Err(InviteProblem::AddressTaken));
            };
            sqlx::query("UPDATE patients SET account_id = $1 WHERE id = $2")
                .bind(made.0)
                .bind(patient.0)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
            let entry = Entry::of_session(
                session,
                patient,
                Action::PatientLinked,
                made.to_string(),
                client,
            );
            audit::server::record(&mut tx, &entry, now).await?;
            made.0
        }
    };
    let message =
        crate::mail::activation(lang, &name, &organisation, crate::mail::LINK_PLACEHOLDER);
    send_link(&mut tx, AccountId(account), &email, &message, now).await?;
    let entry = Entry::of_session(
        session,
        patient,
        Action::ActivationSent,
        format!("account:{account}"),
        client,
    );
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Ok(()))
}

/// Sends `message` to `email` with a new activation link of `account` (made as the mail
/// leaves), in the caller's transaction. The new link replaces the account's earlier ones.
pub async fn send_link(
    conn: &mut Conn,
    account: AccountId,
    email: &str,
    message: &crate::mail::Message,
    now: std::time::SystemTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE account_links SET used_at = $1, token_hash = NULL
         WHERE account_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(timestamp(now))
    .bind(account.0)
    .bind(Purpose::Activation.code())
    .execute(&mut *conn)
    .await?;
    let link: i64 = sqlx::query(
        "INSERT INTO account_links (purpose, account_id, created_at) VALUES ($1, $2, $3)
         RETURNING id",
    )
    .bind(Purpose::Activation.code())
    .bind(account.0)
    .bind(timestamp(now))
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    enqueue(conn, email, message, Some(Link::Account(link)), now).await
}

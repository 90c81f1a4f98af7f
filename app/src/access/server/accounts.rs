//! Creating accounts, memberships and passwords.

use super::hashing::hash_password;
use super::{parse_role, AccessError};
use crate::access::{check_password, AccountId, Role};
use crate::audit::{self, Action, Entry};
use crate::db::{timestamp, Conn, Store, StoreError};
use crate::organisations::{Level, OrganisationId, OrganisationKind};
use sqlx::Row;
use std::time::SystemTime;

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
    /// The level in that organisation; the kind's default level when `None`.
    pub level: Option<Level>,
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
    /// The level there.
    pub level: Option<String>,
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

/// The kind of an organisation, `None` when it does not exist.
async fn organisation_kind(
    conn: &mut Conn,
    id: &str,
) -> Result<Option<OrganisationKind>, StoreError> {
    let row = sqlx::query("SELECT kind FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let kind: String = row.try_get("kind")?;
            OrganisationKind::parse(&kind)
                .map(Some)
                .ok_or_else(|| super::bad_value("organisation kind", &kind))
        }
    }
}

/// Creates an account (with its membership, for a professional) and returns its id. The
/// password, when given, must keep the rule. The account, the membership and the access-log
/// record are written in one transaction.
pub async fn create_account(
    store: &Store,
    new: &NewAccount<'_>,
    now: SystemTime,
) -> Result<AccountId, AccessError> {
    let email = normalise_email(new.email)?;
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AccessError::InvalidName);
    }
    if new.organisation.is_none() && new.role.needs_organisation() {
        return Err(AccessError::OrganisationRequired);
    }
    // Hashing takes a core for a while: done before the transaction holds any lock.
    let hash = match new.password {
        Some(password) => {
            check_password(password, &email)?;
            Some(hash_password(password).await?)
        }
        None => None,
    };
    let mut tx = store.begin().await?;
    let membership = match new.organisation {
        None => None,
        Some(org) => {
            let kind = organisation_kind(&mut tx, org)
                .await?
                .ok_or_else(|| AccessError::UnknownOrganisation(org.into()))?;
            let level = new.level.unwrap_or(kind.default_level());
            if !level.fits(kind) {
                return Err(level_does_not_fit(level, kind));
            }
            check_domain(&mut tx, org, &email).await?;
            Some((OrganisationId::from_stored(org.to_owned()), level))
        }
    };
    let Some(id) = insert_account(&mut tx, &email, name, new.role, hash, now).await? else {
        return Err(AccessError::Exists(email));
    };
    if let Some((organisation, level)) = &membership {
        join(&mut tx, id, organisation.as_str(), *level, now).await?;
    }
    audit::server::record(
        &mut tx,
        &Entry {
            organisation: membership.map(|(organisation, _)| organisation),
            ..Entry::admin(Action::AccountCreated, id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Refuses an address outside the organisation's e-mail domains (when it has any).
pub async fn check_domain(
    conn: &mut Conn,
    organisation: &str,
    email: &str,
) -> Result<(), AccessError> {
    let domains = crate::organisations::server::email_domains(conn, organisation).await?;
    if crate::organisations::domain_allows(&domains, email) {
        Ok(())
    } else {
        Err(AccessError::DomainNotAllowed {
            email: email.to_owned(),
            organisation: organisation.to_owned(),
            domains: domains.join(", "),
        })
    }
}

/// Adds an account (normalised address, checked name, password hash if any) in the caller's
/// transaction; `None` when the address has an account already.
pub async fn insert_account(
    conn: &mut Conn,
    email: &str,
    name: &str,
    role: Role,
    hash: Option<String>,
    now: SystemTime,
) -> Result<Option<AccountId>, StoreError> {
    let row = sqlx::query(
        "INSERT INTO accounts (email, display_name, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING
         RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(role.code())
    .bind(hash)
    .bind(timestamp(now))
    .fetch_optional(conn)
    .await?;
    row.map(|row| Ok(AccountId(row.try_get("id")?))).transpose()
}

/// Makes `account` a member of `organisation` at `level` from `now`, also when it was one
/// before and left (the membership starts again), in the caller's transaction.
pub async fn join(
    conn: &mut Conn,
    account: AccountId,
    organisation: &str,
    level: Level,
    now: SystemTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO memberships (account_id, organisation_id, level, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, organisation_id)
         DO UPDATE SET level = excluded.level, created_at = excluded.created_at, ended_at = NULL",
    )
    .bind(account.0)
    .bind(organisation)
    .bind(level.code())
    .bind(timestamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The kind of an organisation, `None` when it does not exist (in the caller's transaction).
pub async fn kind_of(conn: &mut Conn, id: &str) -> Result<Option<OrganisationKind>, StoreError> {
    organisation_kind(conn, id).await
}

/// Sets a new password and ends all the account's sessions, in one transaction; then
/// forgets the wrong passwords counted under its address.
pub async fn set_password(
    store: &Store,
    email: &str,
    password: &str,
    now: SystemTime,
) -> Result<(), AccessError> {
    let email = normalise_email(email)?;
    check_password(password, &email)?;
    let hash = hash_password(password).await?;
    let mut tx = store.begin().await?;
    let row = sqlx::query("SELECT id FROM accounts WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Err(AccessError::UnknownAccount(email));
    };
    let id = AccountId(row.try_get("id")?);
    store_password(&mut tx, id, &hash).await?;
    audit::server::record(
        &mut tx,
        &Entry::admin(Action::PasswordSet, id.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    clear_count(store, &email).await?;
    Ok(())
}

/// Stores a new password hash and ends all the account's sessions, in the caller's
/// transaction (which also writes the access-log record).
pub(crate) async fn store_password(
    conn: &mut Conn,
    account: AccountId,
    hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(account.0)
        .execute(&mut *conn)
        .await?;
    super::sessions::end_sign_ins(conn, account).await
}

/// Forgets the wrong passwords counted under an address (after a new password was set).
pub(crate) async fn clear_count(store: &Store, email: &str) -> Result<(), StoreError> {
    super::throttle::clear(store, &super::throttle::Key::address(email)).await
}

/// Who changes a membership, for the access log (an administrator on the command line when
/// there is none).
#[derive(Clone, Copy)]
pub struct ChangedBy<'a> {
    /// The manager's session.
    pub session: &'a super::Session,
    /// Where the request came from.
    pub client: Option<&'a str>,
}

/// Gives a member another level in an organisation, checked against its kind (as an
/// administrator).
pub async fn set_level(
    store: &Store,
    email: &str,
    organisation: &str,
    level: Level,
    now: SystemTime,
) -> Result<(), AccessError> {
    set_level_by(store, email, organisation, level, None, now).await
}

/// [`set_level`], logged as done by `by`.
pub async fn set_level_by(
    store: &Store,
    email: &str,
    organisation: &str,
    level: Level,
    by: Option<ChangedBy<'_>>,
    now: SystemTime,
) -> Result<(), AccessError> {
    let email = normalise_email(email)?;
    let mut tx = store.begin().await?;
    let kind = organisation_kind(&mut tx, organisation)
        .await?
        .ok_or_else(|| AccessError::UnknownOrganisation(organisation.into()))?;
    if !level.fits(kind) {
        return Err(level_does_not_fit(level, kind));
    }
    let done = sqlx::query(
        "UPDATE memberships SET level = $1
         WHERE organisation_id = $2 AND ended_at IS NULL
           AND account_id = (SELECT id FROM accounts WHERE email = $3)",
    )
    .bind(level.code())
    .bind(organisation)
    .bind(&email)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AccessError::NoMembership(email, organisation.into()));
    }
    membership_changed(&mut tx, &email, organisation, level.code(), by, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a membership (someone leaves the organisation): from now on the account acts for
/// it no more, its sessions end at once, and what it entered stays attributed to it (as an
/// administrator).
pub async fn end_membership(
    store: &Store,
    email: &str,
    organisation: &str,
    now: SystemTime,
) -> Result<(), AccessError> {
    end_membership_by(store, email, organisation, None, now).await
}

/// [`end_membership`], logged as done by `by`.
pub async fn end_membership_by(
    store: &Store,
    email: &str,
    organisation: &str,
    by: Option<ChangedBy<'_>>,
    now: SystemTime,
) -> Result<(), AccessError> {
    let email = normalise_email(email)?;
    let mut tx = store.begin().await?;
    let row = sqlx::query(
        "UPDATE memberships SET ended_at = $1
         WHERE organisation_id = $2 AND ended_at IS NULL
           AND account_id = (SELECT id FROM accounts WHERE email = $3)
         RETURNING account_id",
    )
    .bind(timestamp(now))
    .bind(organisation)
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Err(AccessError::NoMembership(email, organisation.into()));
    };
    let account: i64 = row.try_get("account_id")?;
    super::sessions::end_sign_ins(&mut tx, AccountId(account)).await?;
    membership_changed(&mut tx, &email, organisation, "ended", by, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn membership_changed(
    conn: &mut Conn,
    email: &str,
    organisation: &str,
    what: &str,
    by: Option<ChangedBy<'_>>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let account = sqlx::query("SELECT id FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_one(&mut *conn)
        .await?;
    let account = AccountId(account.try_get("id")?);
    let admin = Entry::admin(
        Action::MembershipChanged,
        format!("membership:{}:{organisation}:{what}", account.0),
    );
    let entry = match by {
        Some(by) => Entry {
            actor: Some(by.session.account_id),
            role: Some(by.session.role.code()),
            client: by.client.map(str::to_owned),
            organisation: Some(OrganisationId::from_stored(organisation.to_owned())),
            ..admin
        },
        None => Entry {
            organisation: Some(OrganisationId::from_stored(organisation.to_owned())),
            ..admin
        },
    };
    audit::server::record(conn, &entry, now).await
}

fn level_does_not_fit(level: Level, kind: OrganisationKind) -> AccessError {
    let allowed: Vec<&str> = Level::ALL
        .into_iter()
        .filter(|l| l.fits(kind))
        .map(Level::code)
        .collect();
    AccessError::LevelDoesNotFit {
        level: level.code(),
        kind: kind.code(),
        allowed: allowed.join(", "),
    }
}

/// The account with this e-mail address, if any.
pub async fn find_by_email(store: &Store, email: &str) -> Result<Option<AccountId>, StoreError> {
    let row = sqlx::query("SELECT id FROM accounts WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(store.pool())
        .await?;
    row.map(|row| Ok(AccountId(row.try_get("id")?))).transpose()
}

/// Every account, by e-mail address, with its (first) current membership.
pub async fn list_accounts(store: &Store) -> Result<Vec<AccountSummary>, StoreError> {
    let rows = sqlx::query(
        "SELECT a.email, a.display_name, a.role,
                (SELECT m.organisation_id FROM memberships m
                 WHERE m.account_id = a.id AND m.ended_at IS NULL
                 ORDER BY m.organisation_id LIMIT 1) AS organisation_id,
                (SELECT m.level FROM memberships m
                 WHERE m.account_id = a.id AND m.ended_at IS NULL
                 ORDER BY m.organisation_id LIMIT 1) AS level,
                CASE WHEN a.password_hash IS NULL THEN 0 ELSE 1 END AS has_password
         FROM accounts a ORDER BY a.email",
    )
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AccountSummary {
                email: row.try_get("email")?,
                name: row.try_get("display_name")?,
                role: parse_role(&row.try_get::<String, _>("role")?)?,
                organisation: row.try_get("organisation_id")?,
                level: row.try_get("level")?,
                has_password: row.try_get::<i32, _>("has_password")? == 1,
            })
        })
        .collect()
}

//! Mandates in the database: giving one (with the carer's account and mail), revoking it,
//! and finding the one a carer's session acts under, on every request.

use super::{ActingRow, Given, Mandate, Problem, Scope, Standing};
use crate::access::server::accounts::{insert_account, normalise_email};
use crate::access::server::Session;
use crate::access::{AccountId, Role};
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{parse_timestamp, timestamp, Conn, Store, StoreError};
use crate::error::AppError;
use crate::mail::outbox::enqueue;
use crate::patients::PatientId;
use crate::state::AppState;
use crate::ui::i18n::Lang;
use sqlx::Row;
use std::time::{Duration, SystemTime};

/// Checks an invitation as typed: a name, an address, a right and a duration offered. The
/// address comes back normalised.
pub fn check(name: &str, email: &str, scope: Scope, months: u8) -> Result<String, Problem> {
    if name.trim().is_empty() {
        return Err(Problem::NameMissing);
    }
    let email = normalise_email(email).map_err(|_| Problem::EmailInvalid)?;
    if scope.is_empty() {
        return Err(Problem::NothingChosen);
    }
    if !super::MONTHS.contains(&months) {
        return Err(Problem::DurationInvalid);
    }
    Ok(email)
}

/// The moment a mandate given at `now` for `months` ends: the start of the day after the
/// same date that many months later, on the Dutch clock.
pub fn ends(now: SystemTime, months: u8) -> SystemTime {
    let today =
        crate::measurements::clock::local(jiff::Timestamp::try_from(now).unwrap_or_default())
            .date();
    let last = today
        .checked_add(jiff::Span::new().months(i64::from(months)))
        .unwrap_or(jiff::civil::Date::MAX);
    SystemTime::from(crate::requests::link_valid_until(last, 0))
}

/// The last day a mandate ending at `end` runs, in words.
fn last_day(lang: Lang, end: SystemTime) -> String {
    let before = jiff::Timestamp::try_from(end - Duration::from_secs(1)).unwrap_or_default();
    lang.date(crate::measurements::clock::local(before).date())
}

/// The day of a stored moment, in words.
fn day_of(lang: Lang, at: SystemTime) -> String {
    let at = jiff::Timestamp::try_from(at).unwrap_or_default();
    lang.date(crate::measurements::clock::local(at).date())
}

/// What the patient typed to invite a carer.
#[derive(Clone, Debug)]
pub struct Invitation<'a> {
    /// The carer's name.
    pub name: &'a str,
    /// The carer's address.
    pub email: &'a str,
    /// What the carer may do.
    pub scope: Scope,
    /// For how many months.
    pub months: u8,
}

/// Gives a mandate on `patient` (the signed-in patient's own record, or one a professional
/// may edit, recording what the patient agreed to) to the carer with the typed address: an account without a password is made for an address that has none, and
/// the carer gets a mail (with an activation link when they have no password yet). The
/// mandate, the account, the mail and the access-log record are one transaction.
pub async fn invite(
    state: &AppState,
    session: &Session,
    patient: PatientId,
    invitation: &Invitation<'_>,
    lang: Lang,
    client: Option<&str>,
) -> Result<Result<(), Problem>, AppError> {
    let email = match check(
        invitation.name,
        invitation.email,
        invitation.scope,
        invitation.months,
    ) {
        Ok(email) => email,
        Err(problem) => return Ok(Err(problem)),
    };
    let name = invitation.name.trim();
    let now = state.now();
    let mut tx = state.store.begin().await?;
    // The update takes the record's row lock: two invitations at once are one after the other.
    let row = sqlx::query(
        "UPDATE patients SET name = name WHERE id = $1
         RETURNING name, email, (SELECT a.email FROM accounts a WHERE a.id = patients.account_id)
                   AS account_email",
    )
    .bind(patient.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::Forbidden)?;
    let patient_name: String = row.try_get("name").map_err(StoreError::from)?;
    let own: Vec<Option<String>> = vec![
        row.try_get("email").map_err(StoreError::from)?,
        row.try_get("account_email").map_err(StoreError::from)?,
    ];
    if own
        .iter()
        .flatten()
        .any(|address| address.trim().eq_ignore_ascii_case(&email))
    {
        return Ok(Err(Problem::OwnAddress));
    }
    let end = ends(now, invitation.months);
    let scope = invitation.scope.describe(lang);
    let until = last_day(lang, end);
    // Recorded by a professional: the mail says which organisation agreed it with the patient.
    let recorded_by = match session.role {
        Role::Professional => session.signed_in.organisation.as_deref(),
        _ => None,
    };
    let mail = crate::mail::CarerInvitation {
        carer: name,
        patient: &patient_name,
        recorded_by,
        scope: &scope,
        until: &until,
    };
    let existing = sqlx::query("SELECT id, role, password_hash FROM accounts WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    // Who gets the mandate: a carer's account (made now for a new address), or nobody when the
    // address is a patient's or a professional's. Then nothing is given and the address's
    // owner hears why, but the mandate is kept as an invitation in the patient's list like any
    // other, so an invitation never reveals what kind of account an address has.
    let carer = match existing {
        Some(row) => {
            let role: String = row.try_get("role").map_err(StoreError::from)?;
            let password: Option<String> =
                row.try_get("password_hash").map_err(StoreError::from)?;
            let id: i64 = row.try_get("id").map_err(StoreError::from)?;
            (role == Role::Carer.code()).then_some((AccountId(id), password.is_some()))
        }
        None => {
            let made = insert_account(&mut tx, &email, name, Role::Carer, None, now)
                .await?
                .ok_or(AppError::Unavailable)?;
            Some((made, false))
        }
    };
    let account = carer.map(|(account, _)| account.0);
    let running = sqlx::query(
        "SELECT COUNT(*) AS n FROM mandates
         WHERE patient_id = $1 AND revoked_at IS NULL AND expires_at > $3
           AND (carer_account_id = $2 OR invited_email = $4)",
    )
    .bind(patient.0)
    .bind(account)
    .bind(timestamp(now))
    .bind(&email)
    .fetch_one(&mut *tx)
    .await
    .map_err(StoreError::from)?
    .try_get::<i64, _>("n")
    .map_err(StoreError::from)?;
    if running > 0 {
        return Ok(Err(Problem::AlreadyActive));
    }
    let elsewhere = carer.is_none();
    let mandate: i64 = sqlx::query(
        "INSERT INTO mandates (patient_id, carer_account_id, invited_name, invited_email, scope,
                               granted_by, granted_via, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(patient.0)
    .bind(account)
    .bind(elsewhere.then_some(name))
    .bind(elsewhere.then_some(&email))
    .bind(invitation.scope.code())
    .bind(session.account_id.0)
    .bind(match session.role {
        Role::Professional => "professional",
        _ => "patient",
    })
    .bind(timestamp(now))
    .bind(timestamp(end))
    .fetch_one(&mut *tx)
    .await
    .map_err(StoreError::from)?
    .try_get("id")
    .map_err(StoreError::from)?;
    let outcome = match carer {
        None => {
            let message = crate::mail::carer_address_in_use(lang, &mail);
            enqueue(&mut tx, &email, &message, None, now).await?;
            Outcome::Refused("address_in_use")
        }
        Some((_, true)) => {
            let message = crate::mail::carer_invitation(lang, &mail, None);
            enqueue(&mut tx, &email, &message, None, now).await?;
            Outcome::Success
        }
        Some((carer, false)) => {
            let message =
                crate::mail::carer_invitation(lang, &mail, Some(crate::mail::LINK_PLACEHOLDER));
            crate::access::activation::server::send_link(&mut tx, carer, &email, &message, now)
                .await?;
            Outcome::Success
        }
    };
    let entry = Entry {
        outcome,
        ..Entry::of_session(
            session,
            patient,
            Action::MandateGiven,
            format!("mandate:{mandate}"),
            client,
        )
    };
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Ok(()))
}

/// Lets `carer` act for `patient` with `scope` for `months` from `now`, as given by the
/// patient's own account, unless a mandate for them runs already (demonstration data and
/// tests; people give mandates through [`invite`]). `true` when one was given.
pub async fn give(
    store: &Store,
    patient: PatientId,
    carer: AccountId,
    scope: Scope,
    months: u8,
    now: SystemTime,
) -> Result<bool, StoreError> {
    let mut tx = store.begin().await?;
    let given = sqlx::query(
        "INSERT INTO mandates (patient_id, carer_account_id, scope, granted_by, granted_via,
                               created_at, expires_at)
         SELECT p.id, $2, $3, p.account_id, 'patient', $4, $5 FROM patients p
         WHERE p.id = $1 AND p.account_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM mandates m WHERE m.patient_id = p.id
                           AND m.carer_account_id = $2 AND m.revoked_at IS NULL
                           AND m.expires_at > $4)",
    )
    .bind(patient.0)
    .bind(carer.0)
    .bind(scope.code())
    .bind(timestamp(now))
    .bind(timestamp(ends(now, months)))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(given == 1)
}

/// Revokes a running mandate on `patient`, at once; `false` when there is none with this id
/// (another patient's, or one that ended already). Logged.
pub async fn revoke(
    state: &AppState,
    session: &Session,
    patient: PatientId,
    mandate: i64,
    client: Option<&str>,
) -> Result<bool, AppError> {
    let now = state.now();
    let mut tx = state.store.begin().await?;
    let done = sqlx::query(
        "UPDATE mandates SET revoked_at = $1, revoked_by = $2
         WHERE id = $3 AND patient_id = $4 AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(timestamp(now))
    .bind(session.account_id.0)
    .bind(mandate)
    .bind(patient.0)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?
    .rows_affected();
    if done == 0 {
        return Ok(false);
    }
    let entry = Entry::of_session(
        session,
        patient,
        Action::MandateRevoked,
        format!("mandate:{mandate}"),
        client,
    );
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(true)
}

/// The mandates given on `patient`, running ones first, newest first. One given to an address
/// of another kind of account stays an invitation until it ends: it looks like any other.
pub async fn given(
    store: &Store,
    patient: PatientId,
    lang: Lang,
    now: SystemTime,
) -> Result<Vec<Given>, StoreError> {
    let rows = sqlx::query(
        "SELECT m.id, m.scope, m.expires_at, m.revoked_at,
                COALESCE(a.display_name, m.invited_name) AS display_name,
                COALESCE(a.email, m.invited_email) AS email, a.password_hash
         FROM mandates m LEFT JOIN accounts a ON a.id = m.carer_account_id
         WHERE m.patient_id = $1 ORDER BY m.created_at DESC, m.id DESC",
    )
    .bind(patient.0)
    .fetch_all(store.pool())
    .await?;
    let mut given = Vec::with_capacity(rows.len());
    for row in rows {
        let end = parse_timestamp(&row.try_get::<String, _>("expires_at")?)?;
        let revoked: Option<String> = row.try_get("revoked_at")?;
        let password: Option<String> = row.try_get("password_hash")?;
        let standing = match revoked {
            Some(at) => Standing::Revoked(day_of(lang, parse_timestamp(&at)?)),
            None if end <= now => Standing::Expired(last_day(lang, end)),
            None if password.is_none() => Standing::Invited,
            None => Standing::Active(last_day(lang, end)),
        };
        given.push(Given {
            id: row.try_get("id")?,
            name: row.try_get("display_name")?,
            email: row.try_get("email")?,
            scope: Scope::parse(&row.try_get::<String, _>("scope")?).describe(lang),
            standing,
        });
    }
    given.sort_by_key(|g| !g.standing.runs());
    Ok(given)
}

/// A running mandate of a carer, as the session needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acting {
    /// The mandate.
    pub mandate: Mandate,
    /// For whom.
    pub patient: PatientId,
    /// The patient's name.
    pub name: String,
    /// When it ends.
    pub ends: SystemTime,
}

/// The running mandates of `carer`, by patient.
async fn running(
    conn: &mut Conn,
    carer: AccountId,
    now: SystemTime,
) -> Result<Vec<Acting>, StoreError> {
    let rows = sqlx::query(
        "SELECT m.id, m.patient_id, m.scope, m.expires_at, p.name
         FROM mandates m JOIN patients p ON p.id = m.patient_id
         WHERE m.carer_account_id = $1 AND m.revoked_at IS NULL AND m.expires_at > $2
         ORDER BY p.name, m.id",
    )
    .bind(carer.0)
    .bind(timestamp(now))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Acting {
                mandate: Mandate {
                    id: row.try_get("id")?,
                    scope: Scope::parse(&row.try_get::<String, _>("scope")?),
                },
                patient: PatientId(row.try_get("patient_id")?),
                name: row.try_get("name")?,
                ends: parse_timestamp(&row.try_get::<String, _>("expires_at")?)?,
            })
        })
        .collect()
}

/// The mandate a carer's session acts under at `now`: the one for the patient the session
/// chose, or, when it chose none, the only one there is. `None` when the chosen one was
/// revoked or ran out (the carer chooses again; nothing switches silently to someone else).
pub async fn acting(
    conn: &mut Conn,
    carer: AccountId,
    chosen: Option<i64>,
    now: SystemTime,
) -> Result<Option<Acting>, StoreError> {
    let mut all = running(conn, carer, now).await?;
    Ok(match chosen {
        Some(patient) => all.into_iter().find(|a| a.patient.0 == patient),
        None if all.len() == 1 => all.pop(),
        None => None,
    })
}

/// The patients a carer acts for, for their own page.
pub async fn acting_list(
    store: &Store,
    session: &Session,
    lang: Lang,
    now: SystemTime,
) -> Result<Vec<ActingRow>, StoreError> {
    let mut conn = store.conn().await?;
    let all = running(&mut conn, session.account_id, now).await?;
    Ok(all
        .into_iter()
        .map(|a| ActingRow {
            patient: a.patient.0,
            now: session.patient == Some(a.patient),
            name: a.name,
            scope: a.mandate.scope.describe(lang),
            until: super::text::acting_until(lang, &last_day(lang, a.ends)),
        })
        .collect())
}

/// Makes the carer's session (by its token's hash) act for `patient`, logged in the patient's
/// access log; `false` when the carer has no running mandate for them.
pub async fn act_for(
    store: &Store,
    session: &Session,
    token_hash: &str,
    patient: i64,
    client: Option<&str>,
    now: SystemTime,
) -> Result<bool, StoreError> {
    let mut tx = store.begin().await?;
    let Some(chosen) = acting(&mut tx, session.account_id, Some(patient), now).await? else {
        return Ok(false);
    };
    let done = sqlx::query(
        "UPDATE sessions SET acting_for = $1 WHERE token_hash = $2 AND account_id = $3",
    )
    .bind(patient)
    .bind(token_hash)
    .bind(session.account_id.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let entry = Entry::of_session(
        session,
        chosen.patient,
        Action::ActingFor,
        format!("mandate:{}", chosen.mandate.id),
        client,
    );
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_needs_a_name_an_address_a_right_and_a_duration() {
        let all = Scope::ALL;
        assert_eq!(
            check("Els", " Els@Example.org ", all, 12),
            Ok("els@example.org".to_owned())
        );
        assert_eq!(
            check(" ", "els@example.org", all, 12),
            Err(Problem::NameMissing)
        );
        assert_eq!(check("Els", "els", all, 12), Err(Problem::EmailInvalid));
        assert_eq!(
            check("Els", "els@example.org", Scope::default(), 12),
            Err(Problem::NothingChosen)
        );
        assert_eq!(
            check("Els", "els@example.org", all, 7),
            Err(Problem::DurationInvalid)
        );
    }

    #[test]
    fn a_mandate_runs_to_the_end_of_the_same_date_months_later() {
        // 1 December 2026, 11:00 in Amsterdam (10:00 UTC).
        let now = SystemTime::from(
            "2026-12-01T10:00:00Z"
                .parse::<jiff::Timestamp>()
                .expect("time"),
        );
        let end = jiff::Timestamp::try_from(ends(now, 3)).expect("end");
        // The start of 2 March 2027 in Amsterdam (UTC+1).
        assert_eq!(end.to_string(), "2027-03-01T23:00:00Z");
        assert!(last_day(Lang::Nl, ends(now, 3)).contains("1 maart 2027"));
    }
}

//! The mail outbox in the database (server only): rows are written in the transaction of the
//! change that causes them and delivered by the outbox worker.
//!
//! A row goes `pending` → `sending` (claimed by one worker) → `sent`. A mail server that is
//! down leaves it `pending` for a later attempt (exponential backoff, never given up); a
//! mail server that refuses the message makes it `failed`. A row still `sending` after its
//! claim ran out belongs to a worker that stopped mid-delivery: whether the mail left is not
//! known, so it becomes `unknown` and is never sent again (nobody gets a mail twice; the
//! sender can send the request again).

use crate::db::{timestamp, Backend, Store, StoreError};
use crate::requests::RequestId;
use sqlx::Row;
use std::time::{Duration, SystemTime};

/// A message claimed for delivery.
#[derive(Clone, Debug)]
pub struct Claimed {
    /// The outbox row.
    pub id: i64,
    /// The recipient.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// HTML.
    pub html: String,
    /// The link the mail brings, made at delivery.
    pub link: Option<Link>,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// The link a message brings: the worker makes it as the mail leaves, so no usable link is
/// ever stored (the message holds [`crate::mail::LINK_PLACEHOLDER`] until then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// A request's link, for the patient.
    Request(RequestId),
    /// An invitation to join an organisation (its id).
    Invitation(i64),
    /// A link to set an account's password (an `account_links` row's id).
    Account(i64),
}

/// Puts a message in the outbox, in the caller's transaction.
pub async fn enqueue(
    conn: &mut crate::db::Conn,
    to: &str,
    message: &crate::mail::Message,
    link: Option<Link>,
    now: SystemTime,
) -> Result<(), StoreError> {
    let at = timestamp(now);
    let (request, invitation, account_link) = match link {
        Some(Link::Request(request)) => (Some(request.0), None, None),
        Some(Link::Invitation(invitation)) => (None, Some(invitation), None),
        Some(Link::Account(link)) => (None, None, Some(link)),
        None => (None, None, None),
    };
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body_text, body_html, request_id,
                             invitation_id, account_link_id, status, next_attempt_at,
                             created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8)",
    )
    .bind(to)
    .bind(&message.subject)
    .bind(&message.text)
    .bind(&message.html)
    .bind(request)
    .bind(invitation)
    .bind(account_link)
    .bind(&at)
    .execute(conn)
    .await?;
    Ok(())
}

/// How long before the next attempt after `attempts` failed ones: 30 s, 1, 2, 4 … minutes,
/// at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    Duration::from_secs(30)
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(Duration::from_secs(3600))
}

/// Claims up to `limit` due messages for `worker` until `now + hold`. On PostgreSQL rows
/// another instance is claiming are skipped (`FOR UPDATE SKIP LOCKED`), so every row goes to
/// one instance; SQLite has one writer at a time.
pub async fn claim(
    store: &Store,
    worker: &str,
    limit: i64,
    hold: Duration,
    now: SystemTime,
) -> Result<Vec<Claimed>, StoreError> {
    let lock = match store.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = $2,
                           attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox
                      WHERE status = 'pending' AND next_attempt_at <= $3
                      ORDER BY id LIMIT $4{lock})
         RETURNING id, recipient, subject, body_text, body_html, request_id, invitation_id,
                   account_link_id, attempts"
    );
    let rows = sqlx::query(&sql)
        .bind(worker)
        .bind(timestamp(now + hold))
        .bind(timestamp(now))
        .bind(limit)
        .fetch_all(store.pool())
        .await?;
    let mut claimed = rows
        .into_iter()
        .map(|row| {
            Ok(Claimed {
                id: row.try_get("id")?,
                to: row.try_get("recipient")?,
                subject: row.try_get("subject")?,
                text: row.try_get("body_text")?,
                html: row.try_get("body_html")?,
                link: match (
                    row.try_get::<Option<i64>, _>("request_id")?,
                    row.try_get::<Option<i64>, _>("invitation_id")?,
                    row.try_get::<Option<i64>, _>("account_link_id")?,
                ) {
                    (Some(request), _, _) => Some(Link::Request(RequestId(request))),
                    (None, Some(invitation), _) => Some(Link::Invitation(invitation)),
                    (None, None, Some(link)) => Some(Link::Account(link)),
                    (None, None, None) => None,
                },
                attempts: row.try_get("attempts")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// The message left.
pub async fn mark_sent(store: &Store, id: i64, now: SystemTime) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'sent', sent_at = $1, claimed_until = NULL, last_error = NULL
         WHERE id = $2",
    )
    .bind(timestamp(now))
    .bind(id)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// The mail server could not be reached: try again after the backoff.
pub async fn mark_retry(
    store: &Store,
    claimed: &Claimed,
    reason: &str,
    now: SystemTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'pending', next_attempt_at = $1, claimed_until = NULL,
                           last_error = $2
         WHERE id = $3",
    )
    .bind(timestamp(now + backoff(claimed.attempts)))
    .bind(reason)
    .bind(claimed.id)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// The mail server refused the message (e.g. an unknown address): not tried again.
pub async fn mark_failed(store: &Store, id: i64, reason: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'failed', claimed_until = NULL, last_error = $1 WHERE id = $2",
    )
    .bind(reason)
    .bind(id)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Rows whose delivery was interrupted (still `sending` after the claim ran out) become
/// `unknown`; returns how many.
pub async fn recover_interrupted(store: &Store, now: SystemTime) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE outbox SET status = 'unknown',
                           last_error = 'delivery was interrupted; not sent again to avoid a second copy'
         WHERE status = 'sending' AND claimed_until <= $1",
    )
    .bind(timestamp(now))
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected())
}

/// How many rows are in each status, for the operator and tests.
pub async fn counts(store: &Store) -> Result<Vec<(String, i64)>, StoreError> {
    let rows =
        sqlx::query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status ORDER BY status")
            .fetch_all(store.pool())
            .await?;
    rows.into_iter()
        .map(|row| Ok((row.try_get("status")?, row.try_get("n")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::from_secs(30));
        assert_eq!(backoff(2), Duration::from_secs(60));
        assert_eq!(backoff(3), Duration::from_secs(120));
        assert_eq!(backoff(8), Duration::from_secs(3600));
        assert_eq!(backoff(1000), Duration::from_secs(3600));
        assert_eq!(backoff(0), Duration::from_secs(30));
    }
}

//! Counting sign-in attempts per key (an e-mail address, a known device, a client address)
//! and making a key that failed too often wait (see [`Policy`]).
//!
//! An attempt is counted *before* its password is checked, in the same statement that
//! checks the key is not waiting: a burst of parallel guesses is counted in full, and none
//! of them gets past the count.

use crate::access::Policy;
use crate::db::{Store, StoreError};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// What attempts are counted under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Key(String);

impl Key {
    /// A normalised e-mail address, hashed: unknown addresses are counted too, and the
    /// table does not keep the addresses people typed.
    pub(super) fn address(normalised: &str) -> Key {
        Key(format!(
            "address:{}",
            super::hex(&Sha256::digest(normalised))
        ))
    }

    /// A signed-in account checking codes of its own second step.
    pub(super) fn account(account: crate::access::AccountId) -> Key {
        Key(format!("account:{}", account.0))
    }

    /// The stored form, to count under the same key later.
    pub(super) fn stored(&self) -> &str {
        &self.0
    }

    /// Reads [`Key::stored`].
    pub(super) fn from_stored(stored: &str) -> Key {
        Key(stored.to_owned())
    }

    /// A known device, by its token's hash.
    pub(super) fn device(token_hash: &str) -> Key {
        Key(format!("device:{token_hash}"))
    }

    /// A client address asking for password-reset links.
    pub(super) fn reset_client(address: &str) -> Key {
        Key(format!("reset-{}", Key::client(address).0))
    }

    /// A client address; an IPv6 address counts by its /64 network, which one person
    /// usually has whole.
    pub(super) fn client(address: &str) -> Key {
        let network = match address.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
            Ok(std::net::IpAddr::V6(v6)) => v6
                .to_ipv4_mapped()
                .map_or_else(String::new, |v4| v4.to_string()),
            Ok(ip) => ip.to_string(),
            Err(_) => address.to_owned(),
        };
        Key(format!("client:{network}"))
    }
}

/// The outcome of reserving an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reservation {
    /// Counted: this is wrong attempt number `failures` if the password turns out wrong;
    /// from `blocked_until` (epoch seconds), if set, the next attempts wait.
    Counted {
        failures: i64,
        blocked_until: Option<i64>,
    },
    /// Waiting until then (epoch seconds); not counted.
    Waiting(i64),
}

/// Whole minutes from `now` until `until` (epoch seconds), at least one: what a person is
/// told to wait.
pub(super) fn minutes_until(until: i64, now: i64) -> u64 {
    ((until - now).max(1) as u64).div_ceil(60)
}

/// Counts an attempt under `key` unless the key is waiting. `free` attempts are allowed
/// before the delays of `policy` begin.
pub(super) async fn reserve(
    store: &Store,
    policy: &Policy,
    key: &Key,
    free: u32,
    now: i64,
) -> Result<Reservation, StoreError> {
    let forget_before = now.saturating_sub(policy.forget_after.as_secs() as i64);
    // A count nobody added to for a day starts again (a waiting key waits its time out).
    sqlx::query(
        "DELETE FROM sign_in_throttle WHERE key = $1 AND updated_at < $2
         AND (blocked_until IS NULL OR blocked_until <= $3)",
    )
    .bind(&key.0)
    .bind(forget_before)
    .bind(now)
    .execute(store.pool())
    .await?;
    let first = blocked_until_sql(policy, free, "1");
    let next = blocked_until_sql(policy, free, "sign_in_throttle.failures + 1");
    let sql = format!(
        "INSERT INTO sign_in_throttle (key, failures, blocked_until, updated_at)
         VALUES ($1, 1, {first}, $2)
         ON CONFLICT (key) DO UPDATE SET failures = sign_in_throttle.failures + 1,
             blocked_until = {next}, updated_at = $2
         WHERE sign_in_throttle.blocked_until IS NULL OR sign_in_throttle.blocked_until <= $2
         RETURNING failures, blocked_until"
    );
    let counted = sqlx::query(&sql)
        .bind(&key.0)
        .bind(now)
        .fetch_optional(store.pool())
        .await?;
    if let Some(row) = counted {
        return Ok(Reservation::Counted {
            failures: row.try_get("failures")?,
            blocked_until: row.try_get("blocked_until")?,
        });
    }
    let until: Option<i64> =
        sqlx::query("SELECT blocked_until FROM sign_in_throttle WHERE key = $1")
            .bind(&key.0)
            .fetch_optional(store.pool())
            .await?
            .map(|row| row.try_get::<Option<i64>, _>("blocked_until"))
            .transpose()?
            .flatten();
    Ok(Reservation::Waiting(until.unwrap_or(now).max(now)))
}

/// The SQL for "until when the next attempts wait after `failures` wrong ones, from `$2`":
/// the policy's ladder written out (the numbers come from settings, never from a request).
fn blocked_until_sql(policy: &Policy, free: u32, failures: &str) -> String {
    let free = i64::from(free.max(1));
    let ladder = policy.delay_ladder(free as u32);
    let mut sql = format!("CASE WHEN {failures} < {free} THEN NULL");
    for (step, delay) in ladder.iter().enumerate() {
        if step + 1 < ladder.len() {
            sql.push_str(&format!(
                " WHEN {failures} = {} THEN $2 + {delay}",
                free + step as i64
            ));
        }
    }
    let longest = ladder.last().copied().unwrap_or(1);
    sql.push_str(&format!(" ELSE $2 + {longest} END"));
    sql
}

/// Forgets the count under `key` (after the right password).
pub(super) async fn clear(store: &Store, key: &Key) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1")
        .bind(&key.0)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Gives back one reserved attempt under `key` (a client address's, after the right
/// password: signing in to one's own account in between guesses earns no new guesses). A
/// wait that this attempt started is lifted with it.
pub(super) async fn give_back(store: &Store, key: &Key, free: u32) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE sign_in_throttle SET failures = failures - 1,
             blocked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE blocked_until END
         WHERE key = $1 AND failures > 0",
    )
    .bind(&key.0)
    .bind(i64::from(free.max(1)))
    .execute(store.pool())
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hide_addresses_and_group_ipv6_networks() {
        let a = Key::address("jan@example.org");
        assert!(!a.0.contains("jan"));
        assert_eq!(a, Key::address("jan@example.org"));
        assert_ne!(a, Key::address("piet@example.org"));
        assert_eq!(
            Key::client("2001:db8:1:2:aaaa::1"),
            Key::client("2001:db8:1:2:bbbb::2")
        );
        assert_ne!(
            Key::client("2001:db8:1:2::1"),
            Key::client("2001:db8:1:3::1")
        );
        assert_eq!(Key::client("::ffff:192.0.2.7"), Key::client("192.0.2.7"));
        assert_eq!(Key::client("192.0.2.7").0, "client:192.0.2.7");
    }

    #[test]
    fn the_ladder_in_sql_follows_the_policy() {
        let sql = blocked_until_sql(&Policy::default(), 5, "f");
        assert_eq!(
            sql,
            "CASE WHEN f < 5 THEN NULL WHEN f = 5 THEN $2 + 60 WHEN f = 6 THEN $2 + 120 \
             WHEN f = 7 THEN $2 + 240 WHEN f = 8 THEN $2 + 480 ELSE $2 + 900 END"
        );
    }
}

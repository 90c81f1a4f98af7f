//! Accounts, passwords and sessions in the database (server only), one file per job:
//! [`hashing`] (Argon2id), [`accounts`] (creating accounts, setting passwords),
//! [`sign_in`] (checking a password and starting a session), `throttle` (counting
//! attempts), [`sessions`] (resolving,
//! ending and purging sessions), [`guard`] (who may use which patient's data).
//!
//! Every use case that writes more than one row runs in one transaction, with its
//! access-log record.

pub mod accounts;
pub mod guard;
pub(crate) mod hashing;
pub use hashing::counting_hashes;
pub mod sealing;
pub mod second_factor;
pub mod sessions;
pub mod sign_in;
mod throttle;
mod totp;

pub use accounts::set_password;
pub use accounts::{create_account, end_membership, list_accounts, normalise_email, set_level};
pub use accounts::{AccountSummary, NewAccount};
pub use sessions::{end_all_sessions, own_sessions, OwnSession};
pub use sessions::{purge_expired, session, sign_out, Lookup, Session};
pub use sign_in::{attempt_sign_in, reserve_reset, sign_in, Attempt, SignInStep, Started};

use super::Role;
use crate::db::StoreError;
use sha2::{Digest, Sha256};

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
    /// The account is not a current member of the organisation.
    #[error("{0} is not a member of {1}")]
    NoMembership(String, String),
    /// The level does not belong to this kind of organisation.
    #[error("level {level} is not used by a {kind} organisation (levels: {allowed})")]
    LevelDoesNotFit {
        /// The level given.
        level: &'static str,
        /// The organisation's kind.
        kind: &'static str,
        /// The levels that kind uses.
        allowed: String,
    },
    /// The organisation allows new accounts only at its own e-mail domains.
    #[error("{email} is not at the e-mail domains of {organisation} ({domains})")]
    DomainNotAllowed {
        /// The address given.
        email: String,
        /// The organisation.
        organisation: String,
        /// Its domains.
        domains: String,
    },
    /// The password breaks the rule.
    #[error("{0}")]
    Password(#[from] super::PasswordProblem),
    /// Too many sign-ins at once; nothing was changed.
    #[error("too many sign-ins at once; try again in a moment")]
    Busy,
    /// Hashing failed (out of memory, or a stored hash is damaged).
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

impl From<sqlx::Error> for AccessError {
    fn from(err: sqlx::Error) -> Self {
        AccessError::Store(err.into())
    }
}

/// A secret token as it travels in a cookie or a link. Not `Debug`, not `Serialize`: it is
/// a secret and must not end up in a log or a page. Only its SHA-256 hash is stored.
pub struct SecretToken(String);

/// The session cookie's token.
pub type SessionToken = SecretToken;

impl SecretToken {
    /// 256 bits from the operating system's random source, as hex.
    pub fn generate() -> Result<SecretToken, AccessError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| AccessError::Hashing(e.to_string()))?;
        Ok(SecretToken(hex(&bytes)))
    }

    /// Wraps a token read from a cookie or a link; `None` unless it has the right form.
    pub fn from_cookie(value: &str) -> Option<SecretToken> {
        let ok = value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| SecretToken(value.to_ascii_lowercase()))
    }

    /// The value for the cookie or link.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database stores.
    pub fn hash(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

/// Bytes as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn bad_value(what: &str, value: &str) -> StoreError {
    StoreError::Query(sqlx::Error::Decode(
        format!("unknown {what} {value:?} in the database").into(),
    ))
}

fn parse_role(code: &str) -> Result<Role, StoreError> {
    Role::parse(code).ok_or_else(|| bad_value("role", code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_only_their_hash_is_stored() {
        let a = SecretToken::generate().unwrap();
        let b = SecretToken::generate().unwrap();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.expose().len(), 64);
        assert_ne!(a.hash(), a.expose());
        let again = SecretToken::from_cookie(&a.expose().to_ascii_uppercase()).unwrap();
        assert_eq!(again.hash(), a.hash());
        for bad in ["", "abc", &"g".repeat(64), &"a".repeat(65)] {
            assert!(SecretToken::from_cookie(bad).is_none(), "{bad}");
        }
    }
}

//! The server key, and what it keeps from anyone who has only the database: TOTP secrets are
//! sealed with it (XChaCha20-Poly1305, bound to their account), and recovery codes are kept
//! as hashes keyed by it and by their account (HMAC-SHA256), so a copy of the database alone
//! neither yields a secret nor lets anyone try codes offline.
//!
//! The key is 32 random bytes, kept outside the database (a file, `MEETPUNT_SECRET_KEY_FILE`)
//! and shared by every instance of one portal. Values written before there was a key (a
//! plain secret, an unkeyed hash) are sealed or keyed once at start ([`upgrade`]).

use super::hex;
use crate::db::{Store, StoreError};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::Row;

/// How a sealed value or keyed hash starts: the scheme, so another can follow.
const V1: &str = "v1.";
/// The length of a nonce.
const NONCE: usize = 24;

/// The server key (never printed).
#[derive(Clone, PartialEq, Eq)]
pub struct ServerKey([u8; 32]);

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey([redacted])")
    }
}

impl ServerKey {
    /// A new random key.
    pub fn generate() -> Result<ServerKey, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(ServerKey(key))
    }

    /// Reads a key written by [`ServerKey::to_hex`] (64 hex digits; spaces and line ends
    /// around it are ignored).
    pub fn from_hex(text: &str) -> Option<ServerKey> {
        unhex(text.trim())?.try_into().ok().map(ServerKey)
    }

    /// The key as 64 hex digits, for its file.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// A key of its own for one use, derived from the server key.
    fn derived(&self, purpose: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// `plain` sealed for `context` (the value can be opened only with the same key and
    /// context): `v1.` and hex.
    pub fn seal(&self, context: &str, plain: &[u8]) -> Result<String, getrandom::Error> {
        let cipher = XChaCha20Poly1305::new(&self.derived("meetpunt seal v1").into());
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce)?;
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: context.as_bytes(),
                },
            )
            .expect("sealing a short value cannot fail");
        Ok(format!("{V1}{}{}", hex(&nonce), hex(&sealed)))
    }

    /// What [`ServerKey::seal`] sealed for `context`; `None` for another key or context, or
    /// a value that was changed.
    pub fn open(&self, context: &str, sealed: &str) -> Option<Vec<u8>> {
        let bytes = unhex(sealed.strip_prefix(V1)?)?;
        if bytes.len() < NONCE {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE);
        let cipher = XChaCha20Poly1305::new(&self.derived("meetpunt seal v1").into());
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .ok()
    }

    /// A hash of `value` keyed by the server key and `context`: `v1.` and hex.
    pub fn keyed_hash(&self, context: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.derived("meetpunt hash v1"))
            .expect("any key length");
        mac.update(context.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        format!("{V1}{}", hex(&mac.finalize().into_bytes()))
    }
}

/// Whether a stored value is sealed or keyed already.
pub fn is_current(value: &str) -> bool {
    value.starts_with(V1)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The context a TOTP secret of `account` is sealed for.
pub fn secret_context(account: i64) -> String {
    format!("totp:{account}")
}

/// The context a recovery code of `account` is hashed for.
pub fn code_context(account: i64) -> String {
    format!("recovery:{account}")
}

/// Seals the TOTP secrets written before there was a server key, and keys the recovery code
/// hashes of then (an unkeyed hash is hashed again with the key, so no code is needed).
/// Harmless to run again, and by several instances at once. Returns how many were changed.
pub async fn upgrade(store: &Store) -> Result<u64, StoreError> {
    let key = store.server_key();
    let mut changed = 0;
    for (table, id) in [
        ("second_factors", "account_id"),
        ("second_factor_setups", "holder_hash"),
    ] {
        let rows = sqlx::query(&format!(
            "SELECT {id} AS id, account_id, secret FROM {table} WHERE secret NOT LIKE 'v1.%'"
        ))
        .fetch_all(store.pool())
        .await?;
        for row in rows {
            let account: i64 = row.try_get("account_id")?;
            let plain: String = row.try_get("secret")?;
            let sealed = key
                .seal(&secret_context(account), plain.as_bytes())
                .map_err(|e| StoreError::Unavailable(e.to_string()))?;
            let query = format!("UPDATE {table} SET secret = $1 WHERE {id} = $2 AND secret = $3");
            let update = sqlx::query(&query).bind(sealed);
            let update = if id == "account_id" {
                update.bind(account)
            } else {
                update.bind(row.try_get::<String, _>("id")?)
            };
            changed += update
                .bind(&plain)
                .execute(store.pool())
                .await?
                .rows_affected();
        }
    }
    let rows = sqlx::query(
        "SELECT account_id, code_hash FROM recovery_codes WHERE code_hash NOT LIKE 'v1.%'",
    )
    .fetch_all(store.pool())
    .await?;
    for row in rows {
        let account: i64 = row.try_get("account_id")?;
        let old: String = row.try_get("code_hash")?;
        changed += sqlx::query(
            "UPDATE recovery_codes SET code_hash = $1 WHERE account_id = $2 AND code_hash = $3",
        )
        .bind(key.keyed_hash(&code_context(account), &old))
        .bind(account)
        .bind(&old)
        .execute(store.pool())
        .await?
        .rows_affected();
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_context() {
        let key = ServerKey::generate().unwrap();
        let sealed = key.seal("totp:7", b"JBSWY3DPEHPK3PXP").unwrap();
        assert!(is_current(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key.open("totp:7", &sealed).unwrap(), b"JBSWY3DPEHPK3PXP");
        // Another account's context, another key, a changed value: nothing.
        assert_eq!(key.open("totp:8", &sealed), None);
        assert_eq!(ServerKey::generate().unwrap().open("totp:7", &sealed), None);
        let mut changed = sealed.clone().into_bytes();
        let last = changed.len() - 1;
        changed[last] = if changed[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(
            key.open("totp:7", &String::from_utf8(changed).unwrap()),
            None
        );
        assert_eq!(key.open("totp:7", "JBSWY3DPEHPK3PXP"), None);
        // The same value sealed twice looks different.
        assert_ne!(
            key.seal("totp:7", b"x").unwrap(),
            key.seal("totp:7", b"x").unwrap()
        );
    }

    #[test]
    fn a_keyed_hash_depends_on_key_context_and_value() {
        let key = ServerKey::generate().unwrap();
        let hash = key.keyed_hash("recovery:1", "abcde12345");
        assert_eq!(hash, key.keyed_hash("recovery:1", "abcde12345"));
        assert_ne!(hash, key.keyed_hash("recovery:2", "abcde12345"));
        assert_ne!(hash, key.keyed_hash("recovery:1", "abcde12346"));
        assert_ne!(
            hash,
            ServerKey::generate()
                .unwrap()
                .keyed_hash("recovery:1", "abcde12345")
        );
        assert!(is_current(&hash));
    }

    #[test]
    fn a_key_survives_its_file_and_never_prints() {
        let key = ServerKey::generate().unwrap();
        let text = key.to_hex();
        assert_eq!(ServerKey::from_hex(&format!("{text}\n")), Some(key.clone()));
        assert_eq!(ServerKey::from_hex(&text[1..]), None);
        assert_eq!(ServerKey::from_hex(&"zz".repeat(32)), None);
        assert!(!format!("{key:?}").contains(&text[..8]));
    }
}

//! The arithmetic of the second step, without the database: TOTP (RFC 6238: HMAC-SHA1, six
//! digits, 30-second steps) over HOTP (RFC 4226), the QR code an app scans, and recovery
//! codes. `second_factor` keeps them in the database.

use super::{hex, AccessError};
use crate::access::second_factor::RECOVERY_CODES;
use crate::db::epoch_seconds;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::time::SystemTime;

/// Seconds per TOTP step.
pub const STEP_SECONDS: u64 = 30;
/// Digits of a code.
pub(super) const DIGITS: u32 = 6;
/// Steps accepted either side of the current one.
pub(super) const WINDOW: u64 = 1;
/// Bytes of a new secret (160 bits, as RFC 4226 advises).
const SECRET_BYTES: usize = 20;
/// The letters of recovery codes: no 0/o, 1/l/i, so they are read back without doubt.
const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// Characters of a recovery code (about 49 bits).
pub(super) const RECOVERY_CHARS: usize = 10;

/// A TOTP secret. Not `Debug`: it must not end up in a log.
pub struct Secret(Vec<u8>);

impl Secret {
    /// A new secret from the operating system's random source.
    pub fn generate() -> Result<Secret, AccessError> {
        let mut bytes = vec![0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| AccessError::Hashing(e.to_string()))?;
        Ok(Secret(bytes))
    }

    /// Reads the stored (base32) form; `None` when damaged.
    pub fn from_base32(text: &str) -> Option<Secret> {
        data_encoding::BASE32_NOPAD
            .decode(text.trim().to_ascii_uppercase().as_bytes())
            .ok()
            .filter(|b| !b.is_empty())
            .map(Secret)
    }

    /// The stored form, which is also what an app accepts when typed.
    pub fn base32(&self) -> String {
        data_encoding::BASE32_NOPAD.encode(&self.0)
    }

    /// The base32 form in groups of four, to read and type.
    pub fn grouped(&self) -> String {
        let text = self.base32();
        let chars: Vec<char> = text.chars().collect();
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The code for 30-second step `step`, with its leading zeros.
    pub fn code(&self, step: u64) -> String {
        format!("{:0width$}", hotp(&self.0, step), width = DIGITS as usize)
    }

    /// What an authenticator app reads from the QR code.
    pub fn otpauth_uri(&self, account: &str) -> String {
        let label = crate::access::percent_encode(account);
        format!(
            "otpauth://totp/Meetpunt:{label}?secret={}&issuer=Meetpunt&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            self.base32()
        )
    }
}

/// HOTP (RFC 4226): the dynamically truncated HMAC-SHA1 of the counter.
fn hotp(key: &[u8], counter: u64) -> u32 {
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(DIGITS)
}

/// The TOTP step at `now`.
pub fn step_at(now: SystemTime) -> u64 {
    epoch_seconds(now).max(0) as u64 / STEP_SECONDS
}

/// The QR code of `text` as an SVG element: dark modules as one path, a quiet zone of four
/// modules, scaled by the page. `label` names it for screen readers.
pub fn qr_svg(text: &str, label: &str) -> Result<String, AccessError> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| AccessError::Hashing(e.to_string()))?;
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let size = width + 2 * quiet;
    // One rectangle per run of dark modules in a row keeps the path short.
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let run = row[x..]
                .iter()
                .take_while(|c| **c == qrcode::Color::Dark)
                .count();
            path.push_str(&format!("M{} {}h{run}v1h-{run}z", x + quiet, y + quiet));
            x += run;
        }
    }
    let label = crate::mail::escape_html(label);
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    ))
}

/// Normalises what was typed as a code: spaces and dashes out, lower case.
pub(super) fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The hash a recovery code is kept as.
pub(super) fn recovery_hash(code: &str) -> String {
    hex(&Sha256::digest(normalise(code).as_bytes()))
}

/// New recovery codes, as shown (`xxxxx-xxxxx`).
pub(super) fn new_recovery_codes() -> Result<Vec<String>, AccessError> {
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    while codes.len() < RECOVERY_CODES {
        let mut bytes = [0u8; 64];
        getrandom::fill(&mut bytes).map_err(|e| AccessError::Hashing(e.to_string()))?;
        // Bytes above the largest multiple of the alphabet's size are skipped: no bias.
        let limit = 256 - 256 % RECOVERY_ALPHABET.len();
        let chars: String = bytes
            .iter()
            .filter(|b| usize::from(**b) < limit)
            .take(RECOVERY_CHARS)
            .map(|b| char::from(RECOVERY_ALPHABET[usize::from(*b) % RECOVERY_ALPHABET.len()]))
            .collect();
        if chars.len() == RECOVERY_CHARS {
            codes.push(format!("{}-{}", &chars[..5], &chars[5..]));
        }
    }
    Ok(codes)
}

/// Compares two codes in time that does not depend on where they differ.
pub(super) fn constant_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        // RFC 6238 appendix B, SHA-1, the last six of its eight digits.
        let secret = Secret(b"12345678901234567890".to_vec());
        for (time, code) in [
            (59u64, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(secret.code(time / STEP_SECONDS), code, "at {time}");
        }
    }

    #[test]
    fn secrets_round_trip_through_base32() {
        let secret = Secret::generate().unwrap();
        assert_eq!(secret.0.len(), SECRET_BYTES);
        let again = Secret::from_base32(&secret.base32().to_lowercase()).unwrap();
        assert_eq!(again.0, secret.0);
        assert_eq!(secret.grouped().replace(' ', ""), secret.base32());
        assert!(Secret::from_base32("not base32!").is_none());
        let uri = secret.otpauth_uri("jan@example.org");
        assert!(uri.starts_with("otpauth://totp/Meetpunt:jan%40example.org?secret="));
        assert!(uri.contains("&period=30"));
    }

    #[test]
    fn recovery_codes_are_distinct_readable_and_normalised() {
        let codes = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        for code in &codes {
            assert_eq!(code.len(), RECOVERY_CHARS + 1);
            assert!(code
                .bytes()
                .all(|b| b == b'-' || RECOVERY_ALPHABET.contains(&b)));
            let typed = format!(" {} ", code.to_uppercase().replace('-', " "));
            assert_eq!(recovery_hash(&typed), recovery_hash(code));
        }
    }

    #[test]
    fn the_qr_code_is_an_svg_with_modules_and_a_name() {
        let svg = qr_svg("otpauth://totp/Meetpunt:a?secret=ABC", "QR <code>").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"aria-label="QR &lt;code&gt;""#));
        assert!(svg.matches('M').count() > 50, "dark modules drawn");
        // The finder pattern's top row: seven dark modules from the quiet zone's edge.
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
    }
}

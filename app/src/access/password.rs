//! The password rule: length, not the e-mail address, not one character or a simple run, and
//! not a known or common password (an embedded list, `common_passwords.txt`); and why a form
//! that sets a password through an e-mailed link was refused.

use super::text::{self, T};
use crate::ui::i18n::Lang;

/// Shortest password accepted: length protects better than forced symbol rules.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Longest password accepted (hashing cost grows with length).
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Why a password is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    /// Fewer than [`PASSWORD_MIN_CHARS`] characters.
    #[error("the password must have at least {PASSWORD_MIN_CHARS} characters")]
    TooShort,
    /// More than [`PASSWORD_MAX_CHARS`] characters.
    #[error("the password may have at most {PASSWORD_MAX_CHARS} characters")]
    TooLong,
    /// Contains the e-mail address or its part before the @.
    #[error("the password must not contain the e-mail address")]
    ContainsEmail,
    /// One character repeated, or a run such as 123456789012.
    #[error("the password is too easy to guess (one character repeated or a simple run)")]
    TooSimple,
    /// A password or word that guessing tools try first (see [`is_common_password`]).
    #[error("the password is one that is tried first when guessing (a known or common password)")]
    Common,
}

impl PasswordProblem {
    /// The message for people.
    pub fn message(self, lang: Lang) -> String {
        match self {
            PasswordProblem::TooShort => text::password_too_short(lang, PASSWORD_MIN_CHARS),
            PasswordProblem::TooLong => text::password_too_long(lang, PASSWORD_MAX_CHARS),
            PasswordProblem::ContainsEmail => lang.t(T::PasswordContainsEmail).into(),
            PasswordProblem::TooSimple => lang.t(T::PasswordTooSimple).into(),
            PasswordProblem::Common => lang.t(T::PasswordCommon).into(),
        }
    }
}

/// Checks a new password against the rule: 12 to 128 characters, not the e-mail address,
/// not one character repeated and not a simple run of characters.
pub fn check_password(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < PASSWORD_MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars.len() > PASSWORD_MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if !email.is_empty() && (lower.contains(&email) || (local.len() >= 4 && lower.contains(local)))
    {
        return Err(PasswordProblem::ContainsEmail);
    }
    // A run may wrap around: ...8901... and ...yzab... are runs too.
    let step = |a: char, b: char| {
        let d = i64::from(u32::from(b)) - i64::from(u32::from(a));
        let wrap = match (a, b) {
            _ if a.is_ascii_digit() && b.is_ascii_digit() => 10,
            _ if a.is_ascii_lowercase() && b.is_ascii_lowercase() => 26,
            _ if a.is_ascii_uppercase() && b.is_ascii_uppercase() => 26,
            _ => 0,
        };
        match d {
            _ if wrap > 0 && d == 1 - wrap => 1,
            _ if wrap > 0 && d == wrap - 1 => -1,
            _ => d,
        }
    };
    let steps: Vec<i64> = chars.windows(2).map(|w| step(w[0], w[1])).collect();
    if steps.iter().all(|&s| s == steps[0]) && steps[0].abs() <= 1 {
        return Err(PasswordProblem::TooSimple);
    }
    if is_common_password(password) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

/// Why a form that sets a password through an e-mailed link (an invitation, a password
/// reset) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPasswordProblem {
    /// The link is unknown, expired, used or revoked.
    Gone,
    /// The two passwords differ.
    Mismatch,
    /// The password breaks the rule.
    Password(PasswordProblem),
}

impl LinkPasswordProblem {
    const ALL: [LinkPasswordProblem; 7] = [
        LinkPasswordProblem::Gone,
        LinkPasswordProblem::Mismatch,
        LinkPasswordProblem::Password(PasswordProblem::TooShort),
        LinkPasswordProblem::Password(PasswordProblem::TooLong),
        LinkPasswordProblem::Password(PasswordProblem::ContainsEmail),
        LinkPasswordProblem::Password(PasswordProblem::TooSimple),
        LinkPasswordProblem::Password(PasswordProblem::Common),
    ];

    /// The code in the page's query.
    pub fn code(self) -> &'static str {
        use PasswordProblem as P;
        match self {
            LinkPasswordProblem::Gone => "verlopen",
            LinkPasswordProblem::Mismatch => "ongelijk",
            LinkPasswordProblem::Password(P::TooShort) => "kort",
            LinkPasswordProblem::Password(P::TooLong) => "lang",
            LinkPasswordProblem::Password(P::ContainsEmail) => "emailadres",
            LinkPasswordProblem::Password(P::TooSimple) => "eenvoudig",
            LinkPasswordProblem::Password(P::Common) => "bekend",
        }
    }

    /// Reads [`LinkPasswordProblem::code`].
    pub fn parse(code: &str) -> Option<LinkPasswordProblem> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The message for people.
    pub fn message(self, lang: Lang) -> String {
        match self {
            LinkPasswordProblem::Gone => lang.t(T::LinkGone).to_owned(),
            LinkPasswordProblem::Mismatch => lang.t(T::PasswordMismatch).to_owned(),
            LinkPasswordProblem::Password(p) => p.message(lang),
        }
    }
}

/// The embedded list of passwords and words that guessing tools try first, Dutch ones
/// among them (`common_passwords.txt`).
fn common_passwords() -> &'static std::collections::HashSet<&'static str> {
    static LIST: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// Whether a password is, give or take digits and symbols around it and letters written as
/// digits, a known password or a common word, or one repeated ("Wachtwoord2026!",
/// "welkomwelkom", "W3lk0m-w3lk0m").
pub fn is_common_password(password: &str) -> bool {
    let list = common_passwords();
    let lower = password.to_lowercase();
    if list.contains(lower.as_str()) {
        return true;
    }
    // The letters in the middle, with the digits and symbols around them taken off, as
    // typed and with digits read back as the letters they stand for.
    let core = lower.trim_matches(|c: char| !c.is_alphabetic()).to_owned();
    let read_back: String = core
        .chars()
        .map(|c| match c {
            '4' | '@' => 'a',
            '3' => 'e',
            '1' => 'i',
            '0' => 'o',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .collect();
    for text in [core, read_back] {
        if text.is_empty() {
            continue;
        }
        if list.contains(text.as_str()) {
            return true;
        }
        // One listed word, repeated, with or without something between.
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() > 1 && words.iter().all(|w| *w == words[0]) && list.contains(words[0]) {
            return true;
        }
        if let Some(word) = (1..=text.len() / 2)
            .filter(|n| text.len() % n == 0 && text.is_char_boundary(*n))
            .map(|n| &text[..n])
            .find(|part| part.repeat(text.len() / part.len()) == text)
        {
            if list.contains(word) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_rule() {
        let email = "j.jansen@example.org";
        assert_eq!(
            check_password("kort", email),
            Err(PasswordProblem::TooShort)
        );
        // Eleven characters is one short; twelve is enough; characters, not bytes, count.
        assert_eq!(
            check_password("paarse-lamp", email),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(check_password("paarse-lampe", email), Ok(()));
        assert_eq!(check_password("éééééé-ààààà", email), Ok(()));
        assert_eq!(
            check_password(&"a".repeat(129), email),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(
            check_password("J.Jansen@example.org!", email),
            Err(PasswordProblem::ContainsEmail)
        );
        assert_eq!(
            check_password("mijn-j.jansen-wachtwoord", email),
            Err(PasswordProblem::ContainsEmail)
        );
        assert_eq!(
            check_password("aaaaaaaaaaaa", email),
            Err(PasswordProblem::TooSimple)
        );
        assert_eq!(
            check_password("123456789012", email),
            Err(PasswordProblem::TooSimple)
        );
        assert_eq!(
            check_password("cbazyxwvutsr", email),
            Err(PasswordProblem::TooSimple)
        );
        assert_eq!(check_password("135791357913", email), Ok(()));
        assert_eq!(
            check_password("0987654321098", email),
            Err(PasswordProblem::TooSimple)
        );
        assert_eq!(
            check_password("xyzabcdefghi", email),
            Err(PasswordProblem::TooSimple)
        );
        // Not one run, but the alphabet's start is among the first guesses.
        assert_eq!(
            check_password("9012abcdefgh", email),
            Err(PasswordProblem::Common)
        );
        for problem in [
            PasswordProblem::TooShort,
            PasswordProblem::TooLong,
            PasswordProblem::ContainsEmail,
            PasswordProblem::TooSimple,
            PasswordProblem::Common,
        ] {
            assert!(!problem.message(Lang::Nl).contains('{'));
            assert_ne!(problem.message(Lang::Nl), problem.message(Lang::En));
        }
        assert!(PasswordProblem::TooShort.message(Lang::Nl).contains("12"));
    }

    #[test]
    fn known_and_common_passwords_are_refused_however_dressed_up() {
        let email = "jan@example.org";
        for common in [
            "wachtwoord123",
            "Wachtwoord2026!",
            "WACHTWOORD!!!!",
            "w4chtw00rd2026",
            "welkomwelkom",
            "Welkom-Welkom-1",
            "W3lk0m-w3lk0m",
            "ikhouvanjou!!",
            "1q2w3e4r5t6y",
            "Feyenoord1908",
            "qwertyuiop12",
            "!!Zonneschijn12",
            "iloveyou1234",
        ] {
            assert!(is_common_password(common), "{common}");
            assert_eq!(
                check_password(common, email),
                Err(PasswordProblem::Common),
                "{common}"
            );
        }
        for fine in [
            "groene-fiets-onder-de-boom",
            "meetpunt-demo",
            "wachtwoord-voor-oma-in-zwolle",
            "tijdlijn-en-werklijst-2026",
            "135791357913",
        ] {
            assert!(!is_common_password(fine), "{fine}");
        }
        // The list holds lower-case entries only, without stray spaces.
        for entry in common_passwords() {
            assert_eq!(*entry, entry.to_lowercase());
            assert_eq!(*entry, entry.trim());
        }
        assert!(common_passwords().len() > 300);
    }
}

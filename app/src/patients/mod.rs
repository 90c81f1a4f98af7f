//! Patient records. A patient exists as a record of its own (name, date of birth, e-mail,
//! optional BSN, consent): it can receive requests and answer through links without an
//! account, and an account may be linked to it later. The organisations involved in the
//! patient's care form its care network; access to the record needs a place in it.

pub mod consent;
#[cfg(feature = "ssr")]
pub mod load;
pub mod pages;
pub mod record;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod text;
pub mod timeline;
pub mod visit;

use serde::{Deserialize, Serialize};

/// A patient record's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PatientId(pub i64);

impl std::fmt::Display for PatientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "patient:{}", self.0)
    }
}

/// Whether the patient agreed to digital networked care (toestemming).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Consent {
    /// Not asked or not recorded yet.
    #[default]
    Unknown,
    /// Given.
    Given,
    /// Refused.
    Refused,
    /// Given earlier and withdrawn.
    Withdrawn,
}

impl Consent {
    /// Every status.
    pub const ALL: [Consent; 4] = [
        Consent::Unknown,
        Consent::Given,
        Consent::Refused,
        Consent::Withdrawn,
    ];

    /// The code stored.
    pub fn code(self) -> &'static str {
        match self {
            Consent::Unknown => "unknown",
            Consent::Given => "given",
            Consent::Refused => "refused",
            Consent::Withdrawn => "withdrawn",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Consent> {
        Consent::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A consent status in words.
pub fn consent_label(lang: crate::ui::i18n::Lang, consent: Consent) -> &'static str {
    use text::T;
    lang.t(match consent {
        Consent::Given => T::ConsentGiven,
        Consent::Refused => T::ConsentRefused,
        Consent::Withdrawn => T::ConsentWithdrawn,
        Consent::Unknown => T::ConsentUnknown,
    })
}

/// A place in a patient's care network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetworkRole {
    /// Involved in the care.
    Member,
    /// Manages the care network (regievoerder).
    Manager,
}

impl NetworkRole {
    /// The code stored.
    pub fn code(self) -> &'static str {
        match self {
            NetworkRole::Member => "member",
            NetworkRole::Manager => "manager",
        }
    }
}

/// Whether a BSN (burgerservicenummer) passes the eleven-test: nine digits d1..d9 with
/// 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11, and not all zeros.
pub fn bsn_is_valid(bsn: &str) -> bool {
    let digits: Vec<i64> = bsn
        .bytes()
        .filter(|b| b.is_ascii_digit())
        .map(|b| i64::from(b - b'0'))
        .collect();
    if digits.len() != 9 || bsn.bytes().any(|b| !b.is_ascii_digit()) {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(d, w)| d * w)
        .sum();
    sum % 11 == 0 && digits.iter().any(|&d| d != 0)
}

/// A BSN for display: only the last three digits shown.
pub fn mask_bsn(bsn: &str) -> String {
    let keep = bsn.len().saturating_sub(3);
    format!("{}{}", "•".repeat(keep), &bsn[keep..])
}

/// Why a patient record was refused. The `Display` text is for the CLI and logs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatientProblem {
    /// The name is empty or longer than 200 characters.
    #[error("the name must be 1 to 200 characters")]
    Name,
    /// The date of birth is not a date (YYYY-MM-DD) or lies outside 1900..today.
    #[error("the date of birth must be a date YYYY-MM-DD between 1900 and today")]
    BirthDate,
    /// The BSN fails the eleven-test.
    #[error("the BSN is not valid (nine digits passing the eleven-test)")]
    Bsn,
}

/// A new patient record, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPatient {
    /// The name as the patient is addressed.
    pub name: String,
    /// Date of birth.
    pub birth_date: jiff::civil::Date,
    /// E-mail address (already normalised by the caller), where the links go.
    pub email: Option<String>,
    /// Optional BSN (digits only).
    pub bsn: Option<String>,
}

impl NewPatient {
    /// Checks the fields; `today` bounds the date of birth.
    pub fn check(
        name: &str,
        birth_date: &str,
        email: Option<String>,
        bsn: Option<&str>,
        today: jiff::civil::Date,
    ) -> Result<NewPatient, PatientProblem> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(PatientProblem::Name);
        }
        let birth_date: jiff::civil::Date = birth_date
            .trim()
            .parse()
            .map_err(|_| PatientProblem::BirthDate)?;
        if birth_date.year() < 1900 || birth_date > today {
            return Err(PatientProblem::BirthDate);
        }
        let bsn = match bsn.map(str::trim).filter(|b| !b.is_empty()) {
            Some(b) if bsn_is_valid(b) => Some(b.to_owned()),
            Some(_) => return Err(PatientProblem::Bsn),
            None => None,
        };
        Ok(NewPatient {
            name: name.to_owned(),
            birth_date,
            email,
            bsn,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleven_test() {
        // 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6·11.
        assert!(bsn_is_valid("111222333"));
        // 123456782: 9+16+21+24+25+24+21+16-2 = 154 = 14·11.
        assert!(bsn_is_valid("123456782"));
        assert!(!bsn_is_valid("123456789"));
        assert!(!bsn_is_valid("000000000"));
        assert!(!bsn_is_valid("11122233"));
        assert!(!bsn_is_valid("1112223330"));
        assert!(!bsn_is_valid("111 222 333"));
        assert!(!bsn_is_valid("11122233a"));
    }

    #[test]
    fn a_bsn_is_shown_masked() {
        assert_eq!(mask_bsn("111222333"), "••••••333");
        assert!(!mask_bsn("111222333").contains("111222"));
    }

    #[test]
    fn new_records_are_checked() {
        let today = jiff::civil::date(2026, 11, 30);
        let ok = NewPatient::check(" Jan Jansen ", "1941-03-02", None, Some("111222333"), today)
            .unwrap();
        assert_eq!(ok.name, "Jan Jansen");
        assert_eq!(ok.birth_date, jiff::civil::date(1941, 3, 2));
        assert_eq!(ok.bsn.as_deref(), Some("111222333"));
        let check = |name: &str, date: &str, bsn: Option<&str>| {
            NewPatient::check(name, date, None, bsn, today).map(|_| ())
        };
        assert_eq!(check("", "1941-03-02", None), Err(PatientProblem::Name));
        assert_eq!(
            check(&"x".repeat(201), "1941-03-02", None),
            Err(PatientProblem::Name)
        );
        for date in ["1941-02-30", "02-03-1941", "1899-12-31", "2026-12-01", ""] {
            assert_eq!(
                check("Jan", date, None),
                Err(PatientProblem::BirthDate),
                "{date}"
            );
        }
        assert_eq!(check("Jan", "2026-11-30", None), Ok(()));
        assert_eq!(
            check("Jan", "1941-03-02", Some("123456789")),
            Err(PatientProblem::Bsn)
        );
        assert_eq!(check("Jan", "1941-03-02", Some("  ")), Ok(()));
    }

    #[test]
    fn consent_codes_round_trip() {
        for consent in Consent::ALL {
            assert_eq!(Consent::parse(consent.code()), Some(consent));
        }
        assert_eq!(Consent::parse("ja"), None);
    }
}

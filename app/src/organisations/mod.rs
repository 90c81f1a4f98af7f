//! Organisations (a GP practice, a district-nursing or home-care team) and the settings they
//! choose: instrument cut-offs that vary locally, and measurement thresholds. Only changed
//! settings are stored; everything else keeps its documented default.

use crate::measurements::thresholds::{ThresholdOverrides, Thresholds};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod invitations;
pub mod members;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;

/// An organisation's id, e.g. `hap-noord`; only made from a [`valid_id`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OrganisationId(String);

impl OrganisationId {
    /// Checks and wraps an id.
    pub fn parse(id: &str) -> Option<OrganisationId> {
        valid_id(id).then(|| OrganisationId(id.to_owned()))
    }

    /// Wraps an id read from the database, where only valid ids are stored.
    pub fn from_stored(id: String) -> OrganisationId {
        OrganisationId(id)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for OrganisationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of organisation; it decides what its members may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrganisationKind {
    /// A GP practice (huisartsenpraktijk).
    Hap,
    /// Nursing and care homes, and district nursing (verpleeg- en verzorgingshuizen, thuiszorg).
    Vvt,
    /// Home care (thuiszorg).
    Thuiszorg,
    /// A network partner (physiotherapist, pharmacy, municipality, ...).
    Netwerkpartner,
}

impl OrganisationKind {
    /// Every kind.
    pub const ALL: [OrganisationKind; 4] = [
        OrganisationKind::Hap,
        OrganisationKind::Vvt,
        OrganisationKind::Thuiszorg,
        OrganisationKind::Netwerkpartner,
    ];

    /// The code stored and used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            OrganisationKind::Hap => "hap",
            OrganisationKind::Vvt => "vvt",
            OrganisationKind::Thuiszorg => "thuiszorg",
            OrganisationKind::Netwerkpartner => "netwerkpartner",
        }
    }

    /// Parses a code; `None` when unknown.
    pub fn parse(code: &str) -> Option<OrganisationKind> {
        let code = code.trim().to_ascii_lowercase();
        OrganisationKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The level a new member gets unless told otherwise: one that may use the portal but
    /// not manage colleagues.
    pub fn default_level(self) -> Level {
        match self {
            OrganisationKind::Hap => Level::C,
            _ => Level::Zorgverlener,
        }
    }
}

/// A member's level in their organisation. GP practices use the HAP levels (A, C, C+, E,
/// B, B+, D); other organisations have a Hoofdzorgverlener and Zorgverleners.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    /// HAP: everything, including inviting and deactivating colleagues (GP, practice manager).
    A,
    /// HAP: uses the portal.
    C,
    /// HAP: uses the portal.
    CPlus,
    /// HAP: uses the portal.
    E,
    /// HAP: no access.
    B,
    /// HAP: no access.
    BPlus,
    /// HAP: no access.
    D,
    /// Other organisations: uses the portal and manages colleagues.
    Hoofdzorgverlener,
    /// Other organisations: uses the portal.
    Zorgverlener,
}

impl Level {
    /// Every level.
    pub const ALL: [Level; 9] = [
        Level::A,
        Level::C,
        Level::CPlus,
        Level::E,
        Level::B,
        Level::BPlus,
        Level::D,
        Level::Hoofdzorgverlener,
        Level::Zorgverlener,
    ];

    /// The code stored and used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Level::A => "A",
            Level::C => "C",
            Level::CPlus => "C+",
            Level::E => "E",
            Level::B => "B",
            Level::BPlus => "B+",
            Level::D => "D",
            Level::Hoofdzorgverlener => "hoofdzorgverlener",
            Level::Zorgverlener => "zorgverlener",
        }
    }

    /// Parses a code (letters in any case); `None` when unknown.
    pub fn parse(code: &str) -> Option<Level> {
        let code = code.trim();
        Level::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// Whether an organisation of this kind uses this level.
    pub fn fits(self, kind: OrganisationKind) -> bool {
        let hap_level = !matches!(self, Level::Hoofdzorgverlener | Level::Zorgverlener);
        hap_level == (kind == OrganisationKind::Hap)
    }

    /// Whether the level gives access to the portal at all.
    pub fn uses_portal(self) -> bool {
        !matches!(self, Level::B | Level::BPlus | Level::D)
    }

    /// Whether the level may invite and deactivate colleagues.
    pub fn manages_members(self) -> bool {
        matches!(self, Level::A | Level::Hoofdzorgverlener)
    }
}

/// A professional's place in an organisation, as the guard reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    /// The organisation.
    pub organisation: OrganisationId,
    /// Its kind.
    pub kind: OrganisationKind,
    /// The member's level there.
    pub level: Level,
}

/// What a setting belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// The settings of one instrument, e.g. the GFI cut-off.
    Instrument(String),
    /// Measurement thresholds.
    Thresholds,
}

impl Scope {
    /// Reads `thresholds` or an instrument id (e.g. `gfi`).
    pub fn parse(text: &str) -> Scope {
        match text {
            "thresholds" => Scope::Thresholds,
            id => Scope::Instrument(id.to_string()),
        }
    }

    /// As stored: `instrument:<id>` or `thresholds`.
    pub fn stored(&self) -> String {
        match self {
            Scope::Instrument(id) => format!("instrument:{id}"),
            Scope::Thresholds => "thresholds".into(),
        }
    }

    /// From the stored form.
    pub fn from_stored(text: &str) -> Option<Scope> {
        match text.strip_prefix("instrument:") {
            Some(id) => Some(Scope::Instrument(id.to_string())),
            None => (text == "thresholds").then_some(Scope::Thresholds),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Instrument(id) => f.write_str(id),
            Scope::Thresholds => f.write_str("thresholds"),
        }
    }
}

/// An organisation id: 2 to 40 lower-case letters, digits and `-`, e.g. `hap-noord`.
pub fn valid_id(id: &str) -> bool {
    (2..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Threshold overrides from stored key/value pairs; an unknown name or a value of the wrong
/// kind (a fraction of a day) is an error that names it.
pub fn threshold_overrides(values: &BTreeMap<String, f64>) -> Result<ThresholdOverrides, String> {
    let object: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|(key, &value)| {
            let json = if value.fract() == 0.0 && value.abs() < 1e15 {
                serde_json::json!(value as i64)
            } else {
                serde_json::json!(value)
            };
            (key.clone(), json)
        })
        .collect();
    let overrides: ThresholdOverrides =
        serde_json::from_value(serde_json::Value::Object(object)).map_err(|e| e.to_string())?;
    Thresholds::layered(&[overrides])?;
    Ok(overrides)
}

/// Mail providers for private persons: never an organisation's own domain, so an
/// organisation that restricts new accounts to its domains never lets private addresses in.
pub const PRIVATE_MAIL_DOMAINS: [&str; 36] = [
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.nl",
    "outlook.com",
    "outlook.nl",
    "live.com",
    "live.nl",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "yahoo.com",
    "yahoo.nl",
    "aol.com",
    "gmx.com",
    "gmx.net",
    "proton.me",
    "protonmail.com",
    "ziggo.nl",
    "kpnmail.nl",
    "kpnplanet.nl",
    "planet.nl",
    "hetnet.nl",
    "home.nl",
    "xs4all.nl",
    "chello.nl",
    "upcmail.nl",
    "casema.nl",
    "quicknet.nl",
    "online.nl",
    "tele2.nl",
    "telfort.nl",
    "zeelandnet.nl",
    "caiway.nl",
    "solcon.nl",
];

/// Why a list of e-mail domains was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DomainProblem {
    /// Not a domain name (the text as typed).
    Invalid(String),
    /// A provider for private persons.
    Private(String),
}

impl std::fmt::Display for DomainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DomainProblem::Invalid(d) => write!(f, "{d:?} is not a domain name, e.g. praktijk.nl"),
            DomainProblem::Private(d) => {
                write!(
                    f,
                    "{d} is a mail provider for private persons, not an organisation's domain"
                )
            }
        }
    }
}

/// Reads an organisation's e-mail domains as typed (separated by spaces or commas, an `@`
/// in front allowed), lower case, each once; empty text is no restriction.
pub fn parse_domains(text: &str) -> Result<Vec<String>, DomainProblem> {
    let mut domains: Vec<String> = Vec::new();
    for typed in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        if typed.is_empty() {
            continue;
        }
        let domain = typed.trim_start_matches('@').to_ascii_lowercase();
        let labels_ok = domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
        if !labels_ok || !domain.contains('.') || domain.len() > 253 {
            return Err(DomainProblem::Invalid(typed.chars().take(80).collect()));
        }
        if PRIVATE_MAIL_DOMAINS.contains(&domain.as_str()) {
            return Err(DomainProblem::Private(domain));
        }
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    Ok(domains)
}

/// Whether an (already normalised) e-mail address may have a new account in an organisation
/// with these domains: any address when there are none, else one at exactly one of them.
pub fn domain_allows(domains: &[String], email: &str) -> bool {
    domains.is_empty()
        || email
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domains.iter().any(|d| d == domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_levels_round_trip_and_levels_fit_their_kind() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.code()), Some(kind));
            assert!(kind.default_level().fits(kind));
            assert!(kind.default_level().uses_portal());
            assert!(!kind.default_level().manages_members());
        }
        assert_eq!(OrganisationKind::parse("HAP"), Some(OrganisationKind::Hap));
        assert_eq!(OrganisationKind::parse("ziekenhuis"), None);
        for level in Level::ALL {
            assert_eq!(Level::parse(level.code()), Some(level));
        }
        assert_eq!(Level::parse("c+"), Some(Level::CPlus));
        assert_eq!(Level::parse("F"), None);
        let hap: Vec<Level> = Level::ALL
            .into_iter()
            .filter(|l| l.fits(OrganisationKind::Hap))
            .collect();
        assert_eq!(hap.len(), 7);
        for kind in [
            OrganisationKind::Vvt,
            OrganisationKind::Thuiszorg,
            OrganisationKind::Netwerkpartner,
        ] {
            assert!(Level::Zorgverlener.fits(kind) && Level::Hoofdzorgverlener.fits(kind));
            assert!(!Level::A.fits(kind));
        }
        assert!(!Level::Zorgverlener.fits(OrganisationKind::Hap));
        // B, B+ and D have no access; only A and Hoofdzorgverlener manage colleagues.
        let no_access: Vec<&str> = Level::ALL
            .into_iter()
            .filter(|l| !l.uses_portal())
            .map(Level::code)
            .collect();
        assert_eq!(no_access, ["B", "B+", "D"]);
        let managers: Vec<&str> = Level::ALL
            .into_iter()
            .filter(|l| l.manages_members())
            .map(Level::code)
            .collect();
        assert_eq!(managers, ["A", "hoofdzorgverlener"]);
    }

    #[test]
    fn organisation_ids_are_checked_when_made() {
        assert_eq!(
            OrganisationId::parse("hap-noord").map(|id| id.to_string()),
            Some("hap-noord".into())
        );
        assert_eq!(OrganisationId::parse("HAP Noord"), None);
    }

    #[test]
    fn scopes_round_trip_through_their_stored_form() {
        for scope in [Scope::Instrument("gfi".into()), Scope::Thresholds] {
            assert_eq!(Scope::from_stored(&scope.stored()), Some(scope.clone()));
            assert_eq!(Scope::parse(&scope.to_string()), scope);
        }
        assert_eq!(Scope::from_stored("other"), None);
    }

    #[test]
    fn organisation_ids_are_short_lower_case_slugs() {
        for good in ["hap-noord", "vvt1", "ab"] {
            assert!(valid_id(good), "{good}");
        }
        for bad in ["a", "HAP", "hap noord", "-x", "hap/noord", &"x".repeat(41)] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn threshold_settings_become_overrides_and_bad_ones_are_named() {
        let values = BTreeMap::from([
            ("bp_mean_systolic_high".to_string(), 130.0),
            ("weight_gain_days".to_string(), 2.0),
            ("peak_flow_personal_best".to_string(), 480.0),
        ]);
        let o = threshold_overrides(&values).unwrap();
        assert_eq!(o.bp_mean_systolic_high, Some(130.0));
        assert_eq!(o.weight_gain_days, Some(2));
        assert_eq!(o.peak_flow_personal_best, Some(Some(480.0)));
        let unknown = BTreeMap::from([("bp_high".to_string(), 1.0)]);
        assert!(threshold_overrides(&unknown)
            .unwrap_err()
            .contains("bp_high"));
        let fraction = BTreeMap::from([("weight_gain_days".to_string(), 2.5)]);
        assert!(threshold_overrides(&fraction).is_err());
        let contradiction = BTreeMap::from([("inr_low".to_string(), 3.5)]);
        assert!(threshold_overrides(&contradiction)
            .unwrap_err()
            .contains("inr_low"));
    }

    #[test]
    fn domains_are_read_as_typed_and_private_providers_are_refused() {
        assert_eq!(parse_domains("  "), Ok(vec![]));
        assert_eq!(
            parse_domains("@Praktijk-Noord.nl, zorg.example.org praktijk-noord.nl"),
            Ok(vec![
                "praktijk-noord.nl".to_string(),
                "zorg.example.org".to_string()
            ])
        );
        assert_eq!(
            parse_domains("praktijk.nl gmail.com"),
            Err(DomainProblem::Private("gmail.com".into()))
        );
        assert_eq!(
            parse_domains("Ziggo.NL"),
            Err(DomainProblem::Private("ziggo.nl".into()))
        );
        for bad in ["praktijk", "-x.nl", "a..nl", "prak tijk@x", "x_y.nl"] {
            assert!(
                matches!(parse_domains(bad), Err(DomainProblem::Invalid(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn only_addresses_at_the_organisations_domains_are_allowed() {
        let none: Vec<String> = vec![];
        assert!(domain_allows(&none, "jan@gmail.com"));
        let ours = vec!["praktijk.nl".to_string()];
        assert!(domain_allows(&ours, "an@praktijk.nl"));
        assert!(!domain_allows(&ours, "an@gmail.com"));
        assert!(!domain_allows(&ours, "an@sub.praktijk.nl"));
        assert!(!domain_allows(&ours, "an@nepraktijk.nl"));
        assert!(!domain_allows(&ours, "praktijk.nl"));
    }
}

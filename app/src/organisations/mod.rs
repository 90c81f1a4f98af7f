//! Organisations (a GP practice, a district-nursing or home-care team) and the settings they
//! choose: instrument cut-offs that vary locally, and measurement thresholds. Only changed
//! settings are stored; everything else keeps its documented default.

use crate::measurements::thresholds::{ThresholdOverrides, Thresholds};
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
pub mod server;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}

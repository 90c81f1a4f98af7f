//! What can be measured at home: codes, units, accepted ranges and precision.
//!
//! Ranges reject clearly impossible values and accept unusual but possible ones
//! (docs: MEASUREMENTS.md). Codes are LOINC, units UCUM, as in the Dutch zib 2020 profiles.

use super::text::{self, T};
use crate::ui::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A kind of home measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Blood pressure: systolic and diastolic, with the pulse if the meter shows it.
    BloodPressure,
    /// Systolic (upper) blood pressure, as a single value.
    Systolic,
    /// Diastolic (lower) blood pressure, as a single value.
    Diastolic,
    /// Heart rate or pulse.
    HeartRate,
    /// Body weight.
    BodyWeight,
    /// Body height.
    BodyHeight,
    /// Blood glucose from a finger-prick meter.
    Glucose,
    /// Oxygen saturation from a pulse oximeter.
    OxygenSaturation,
    /// Body temperature.
    BodyTemperature,
    /// Breaths per minute.
    RespiratoryRate,
    /// Peak expiratory flow.
    PeakFlow,
    /// Pain on the 0–10 numeric rating scale.
    Pain,
    /// Steps per day.
    Steps,
    /// INR from a self-test device.
    Inr,
}

/// How a kind is coded and which values it accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindInfo {
    /// LOINC code.
    pub loinc: &'static str,
    /// LOINC display name.
    pub loinc_display: &'static str,
    /// UCUM unit code; empty for the blood-pressure panel.
    pub ucum: &'static str,
    /// Lowest accepted value.
    pub min: f64,
    /// Highest accepted value.
    pub max: f64,
    /// Decimals accepted: 0 for whole numbers.
    pub decimals: u8,
    /// Whether FHIR counts it as a vital sign (category `vital-signs`).
    pub vital_sign: bool,
    /// Name shown to people.
    pub name: T,
    /// Unit as shown to people; none for scores such as pain and INR.
    pub unit: Option<T>,
}

impl KindInfo {
    /// The unit after a number in a sentence (" kg"), or nothing.
    pub fn unit_suffix(&self, lang: Lang) -> String {
        self.unit
            .map(|u| format!(" {}", lang.t(u)))
            .unwrap_or_default()
    }
}

impl Kind {
    /// Every kind, in the order of MEASUREMENTS.md.
    pub const ALL: [Kind; 14] = [
        Kind::BloodPressure,
        Kind::Systolic,
        Kind::Diastolic,
        Kind::HeartRate,
        Kind::BodyWeight,
        Kind::BodyHeight,
        Kind::Glucose,
        Kind::OxygenSaturation,
        Kind::BodyTemperature,
        Kind::RespiratoryRate,
        Kind::PeakFlow,
        Kind::Pain,
        Kind::Steps,
        Kind::Inr,
    ];

    /// Codes, unit, range and precision.
    pub const fn info(self) -> KindInfo {
        const fn k(
            loinc: &'static str,
            loinc_display: &'static str,
            ucum: &'static str,
            (min, max, decimals): (f64, f64, u8),
            vital_sign: bool,
            name: T,
            unit: Option<T>,
        ) -> KindInfo {
            KindInfo {
                loinc,
                loinc_display,
                ucum,
                min,
                max,
                decimals,
                vital_sign,
                name,
                unit,
            }
        }
        use T::*;
        match self {
            Kind::BloodPressure => k(
                "85354-9",
                "Blood pressure panel with all children optional",
                "",
                (0.0, 0.0, 0),
                true,
                KindBloodPressure,
                Some(UnitMmHg),
            ),
            Kind::Systolic => k(
                "8480-6",
                "Systolic blood pressure",
                "mm[Hg]",
                (50.0, 300.0, 0),
                true,
                KindSystolic,
                Some(UnitMmHg),
            ),
            Kind::Diastolic => k(
                "8462-4",
                "Diastolic blood pressure",
                "mm[Hg]",
                (20.0, 200.0, 0),
                true,
                KindDiastolic,
                Some(UnitMmHg),
            ),
            Kind::HeartRate => k(
                "8867-4",
                "Heart rate",
                "/min",
                (20.0, 250.0, 0),
                true,
                KindHeartRate,
                Some(UnitPerMinute),
            ),
            Kind::BodyWeight => k(
                "29463-7",
                "Body weight",
                "kg",
                (20.0, 350.0, 1),
                true,
                KindBodyWeight,
                Some(UnitKg),
            ),
            Kind::BodyHeight => k(
                "8302-2",
                "Body height",
                "cm",
                (50.0, 250.0, 1),
                true,
                KindBodyHeight,
                Some(UnitCm),
            ),
            Kind::Glucose => k(
                "14743-9",
                "Glucose [Moles/volume] in Capillary blood by Glucometer",
                "mmol/L",
                (0.5, 35.0, 1),
                false,
                KindGlucose,
                Some(UnitMmolL),
            ),
            Kind::OxygenSaturation => k(
                "59408-5",
                "Oxygen saturation in Arterial blood by Pulse oximetry",
                "%",
                (50.0, 100.0, 0),
                true,
                KindOxygenSaturation,
                Some(UnitPercent),
            ),
            Kind::BodyTemperature => k(
                "8310-5",
                "Body temperature",
                "Cel",
                (30.0, 44.0, 1),
                true,
                KindBodyTemperature,
                Some(UnitCelsius),
            ),
            Kind::RespiratoryRate => k(
                "9279-1",
                "Respiratory rate",
                "/min",
                (4.0, 60.0, 0),
                true,
                KindRespiratoryRate,
                Some(UnitPerMinute),
            ),
            Kind::PeakFlow => k(
                "19935-6",
                "Maximum expiratory gas flow Respiratory system airway by Peak flow meter",
                "L/min",
                (50.0, 900.0, 0),
                false,
                KindPeakFlow,
                Some(UnitLitrePerMinute),
            ),
            Kind::Pain => k(
                "72514-3",
                "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                "{score}",
                (0.0, 10.0, 0),
                false,
                KindPain,
                None,
            ),
            Kind::Steps => k(
                "41950-7",
                "Number of steps in 24 hour Measured",
                "{steps}/d",
                (0.0, 100_000.0, 0),
                false,
                KindSteps,
                Some(UnitSteps),
            ),
            Kind::Inr => k(
                "34714-6",
                "INR in Blood by Coagulation assay",
                "{INR}",
                (0.8, 8.0, 1),
                false,
                KindInr,
                None,
            ),
        }
    }

    /// The kind's identifier in files and URLs, e.g. `body-weight`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::BloodPressure => "blood-pressure",
            Kind::Systolic => "systolic",
            Kind::Diastolic => "diastolic",
            Kind::HeartRate => "heart-rate",
            Kind::BodyWeight => "body-weight",
            Kind::BodyHeight => "body-height",
            Kind::Glucose => "glucose",
            Kind::OxygenSaturation => "oxygen-saturation",
            Kind::BodyTemperature => "body-temperature",
            Kind::RespiratoryRate => "respiratory-rate",
            Kind::PeakFlow => "peak-flow",
            Kind::Pain => "pain",
            Kind::Steps => "steps",
            Kind::Inr => "inr",
        }
    }

    /// Parses an identifier such as `body-weight`.
    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// The value of one measurement.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// One number in the kind's unit.
    Single(f64),
    /// A blood-pressure reading.
    BloodPressure(BloodPressure),
}

/// One blood-pressure reading as the meter shows it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BloodPressure {
    /// Upper pressure, mm[Hg].
    pub systolic: f64,
    /// Lower pressure, mm[Hg].
    pub diastolic: f64,
    /// Pulse per minute, when the meter shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pulse: Option<f64>,
}

/// Which input field a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// The single value of a kind.
    Value,
    /// Systolic pressure of a blood-pressure entry.
    Systolic,
    /// Diastolic pressure of a blood-pressure entry.
    Diastolic,
    /// Pulse of a blood-pressure entry.
    Pulse,
}

/// What is wrong with an entered value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum Problem {
    /// Nothing was entered.
    Empty,
    /// Not a number.
    NotANumber,
    /// A whole number was expected.
    NotWhole,
    /// More decimals than the kind allows.
    TooManyDecimals {
        /// Decimals allowed.
        max: u8,
    },
    /// Below the lowest accepted value.
    BelowMin {
        /// The lowest accepted value.
        min: f64,
    },
    /// Above the highest accepted value.
    AboveMax {
        /// The highest accepted value.
        max: f64,
    },
    /// A glucose value that looks like mg/dL instead of mmol/L.
    LooksLikeMgDl {
        /// The value converted to mmol/L, one decimal.
        mmol: f64,
    },
    /// A unit was typed that is not the kind's unit.
    WrongUnit,
    /// The systolic pressure is not higher than the diastolic pressure.
    SystolicNotAboveDiastolic,
    /// A blood-pressure value given for another kind, or the other way round.
    WrongShape,
}

/// A problem with one field of an entered measurement.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueError {
    /// The kind being entered.
    pub kind: Kind,
    /// The field the problem belongs to.
    pub field: Field,
    /// What is wrong.
    #[serde(flatten)]
    pub problem: Problem,
}

impl ValueError {
    /// The message shown next to the field: what is allowed, in plain words.
    pub fn message(&self, lang: Lang) -> String {
        let info = self.field_kind().info();
        let unit = &info.unit_suffix(lang);
        let n = |v: f64| lang.number(v);
        match self.problem {
            Problem::Empty => lang.t(T::MeasureEmpty).into(),
            Problem::NotANumber => {
                text::measure_not_a_number(lang, &n(info.min), &n(info.max), unit)
            }
            Problem::NotWhole => lang.t(T::MeasureNotWhole).into(),
            Problem::TooManyDecimals { .. } => lang.t(T::MeasureTooManyDecimals).into(),
            Problem::BelowMin { min } => text::measure_below_min(lang, &n(min), unit),
            Problem::AboveMax { max } => text::measure_above_max(lang, &n(max), unit),
            Problem::LooksLikeMgDl { mmol } => text::measure_looks_like_mg_dl(lang, &n(mmol)),
            Problem::WrongUnit => match info.unit {
                Some(u) => text::measure_wrong_unit(lang, lang.t(u)),
                None => lang.t(T::MeasureNoUnit).into(),
            },
            Problem::SystolicNotAboveDiastolic => lang.t(T::MeasureSystolicNotAbove).into(),
            Problem::WrongShape => lang.t(T::MeasureWrongShape).into(),
        }
    }

    /// The kind whose range and unit apply to the field.
    fn field_kind(&self) -> Kind {
        match self.field {
            Field::Value => self.kind,
            Field::Systolic => Kind::Systolic,
            Field::Diastolic => Kind::Diastolic,
            Field::Pulse => Kind::HeartRate,
        }
    }
}

/// Glucose meters in some countries show mg/dL; 1 mmol/L glucose is 18.016 mg/dL.
const GLUCOSE_MG_PER_MMOL: f64 = 18.016;
/// Above this a glucose value is not mmol/L; up to [`MG_DL_MAX`] it is most likely mg/dL.
const MG_DL_MAX: f64 = 700.0;

/// Units people may type after the number, per kind (compared in lower case, spaces removed).
fn unit_aliases(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::BloodPressure | Kind::Systolic | Kind::Diastolic => &["mmhg", "mm[hg]"],
        Kind::HeartRate | Kind::RespiratoryRate => &["/min", "permin", "perminuut", "bpm"],
        Kind::BodyWeight => &["kg", "kilo", "kilogram"],
        Kind::BodyHeight => &["cm"],
        Kind::Glucose => &["mmol/l", "mmol"],
        Kind::OxygenSaturation => &["%"],
        Kind::BodyTemperature => &["°c", "°", "c", "graden"],
        Kind::PeakFlow => &["l/min", "liter/min"],
        Kind::Pain | Kind::Inr => &[],
        Kind::Steps => &["stappen", "steps"],
    }
}

/// Checks a number against the kind's range and precision.
pub fn check_number(kind: Kind, field: Field, value: f64) -> Result<f64, ValueError> {
    let err = |problem| ValueError {
        kind,
        field,
        problem,
    };
    let info = match field {
        Field::Value => kind.info(),
        Field::Systolic => Kind::Systolic.info(),
        Field::Diastolic => Kind::Diastolic.info(),
        Field::Pulse => Kind::HeartRate.info(),
    };
    if !value.is_finite() {
        return Err(err(Problem::NotANumber));
    }
    let scale = 10f64.powi(i32::from(info.decimals));
    let scaled = value * scale;
    if (scaled - scaled.round()).abs() > 1e-6 * scale.max(1.0) {
        return Err(err(if info.decimals == 0 {
            Problem::NotWhole
        } else {
            Problem::TooManyDecimals { max: info.decimals }
        }));
    }
    let value = scaled.round() / scale;
    if kind == Kind::Glucose && value > info.max && value <= MG_DL_MAX {
        let mmol = (value / GLUCOSE_MG_PER_MMOL * 10.0).round() / 10.0;
        return Err(err(Problem::LooksLikeMgDl { mmol }));
    }
    if value < info.min {
        return Err(err(Problem::BelowMin { min: info.min }));
    }
    if value > info.max {
        return Err(err(Problem::AboveMax { max: info.max }));
    }
    Ok(value)
}

/// Parses what a person typed: a decimal comma or point, an optional unit after the number.
///
/// Whole-number kinds refuse any separator, so "10.000" steps is never read as ten.
pub fn parse_number(kind: Kind, field: Field, text: &str) -> Result<f64, ValueError> {
    let err = |problem| ValueError {
        kind,
        field,
        problem,
    };
    let unit_kind = match field {
        Field::Value => kind,
        Field::Systolic | Field::Diastolic => Kind::Systolic,
        Field::Pulse => Kind::HeartRate,
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(err(Problem::Empty));
    }
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '-' || c == '+'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(end);
    let unit: String = unit
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if !unit.is_empty() {
        if kind == Kind::Glucose && unit.starts_with("mg") {
            let value = number.replace(',', ".").parse::<f64>().unwrap_or(0.0);
            let mmol = (value / GLUCOSE_MG_PER_MMOL * 10.0).round() / 10.0;
            return Err(err(Problem::LooksLikeMgDl { mmol }));
        }
        if number.is_empty() {
            return Err(err(Problem::NotANumber));
        }
        if !unit_aliases(unit_kind).contains(&unit.as_str()) {
            return Err(err(Problem::WrongUnit));
        }
    }
    let separators = number.matches([',', '.']).count();
    if separators > 1 || number.starts_with(['.', ',']) || number.ends_with(['.', ',']) {
        return Err(err(Problem::NotANumber));
    }
    let whole = match field {
        Field::Value => kind.info().decimals == 0,
        _ => true,
    };
    if whole && separators == 1 {
        return Err(err(Problem::NotWhole));
    }
    let value: f64 = number
        .replace(',', ".")
        .parse()
        .map_err(|_| err(Problem::NotANumber))?;
    check_number(kind, field, value)
}

/// Checks a complete value for a kind; every problem is reported, per field.
pub fn check_value(kind: Kind, value: &Value) -> Result<Value, Vec<ValueError>> {
    let shape = |field| {
        vec![ValueError {
            kind,
            field,
            problem: Problem::WrongShape,
        }]
    };
    match (kind, value) {
        (Kind::BloodPressure, Value::BloodPressure(bp)) => {
            let mut errors = Vec::new();
            let mut keep = |field, v: f64| match check_number(kind, field, v) {
                Ok(v) => Some(v),
                Err(e) => {
                    errors.push(e);
                    None
                }
            };
            let systolic = keep(Field::Systolic, bp.systolic);
            let diastolic = keep(Field::Diastolic, bp.diastolic);
            let pulse = bp.pulse.map(|p| keep(Field::Pulse, p));
            if let (Some(s), Some(d)) = (systolic, diastolic) {
                if s <= d {
                    errors.push(ValueError {
                        kind,
                        field: Field::Systolic,
                        problem: Problem::SystolicNotAboveDiastolic,
                    });
                }
            }
            match (errors.is_empty(), systolic, diastolic) {
                (true, Some(systolic), Some(diastolic)) => {
                    Ok(Value::BloodPressure(BloodPressure {
                        systolic,
                        diastolic,
                        pulse: pulse.flatten(),
                    }))
                }
                _ => Err(errors),
            }
        }
        (Kind::BloodPressure, Value::Single(_)) => Err(shape(Field::Systolic)),
        (_, Value::BloodPressure(_)) => Err(shape(Field::Value)),
        (kind, Value::Single(v)) => check_number(kind, Field::Value, *v)
            .map(Value::Single)
            .map_err(|e| vec![e]),
    }
}

/// Parses a blood-pressure entry as typed: systolic, diastolic and an optional pulse.
pub fn parse_blood_pressure(
    systolic: &str,
    diastolic: &str,
    pulse: Option<&str>,
) -> Result<Value, Vec<ValueError>> {
    let kind = Kind::BloodPressure;
    let mut errors = Vec::new();
    let mut parse = |field, text: &str| match parse_number(kind, field, text) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let s = parse(Field::Systolic, systolic);
    let d = parse(Field::Diastolic, diastolic);
    let p = pulse
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse(Field::Pulse, p));
    match (s, d, p) {
        (Some(systolic), Some(diastolic), p) if errors.is_empty() => check_value(
            kind,
            &Value::BloodPressure(BloodPressure {
                systolic,
                diastolic,
                pulse: p.flatten(),
            }),
        ),
        _ => Err(errors),
    }
}

/// Parses a single-value entry as typed.
pub fn parse_single(kind: Kind, text: &str) -> Result<Value, Vec<ValueError>> {
    if kind == Kind::BloodPressure {
        return Err(vec![ValueError {
            kind,
            field: Field::Systolic,
            problem: Problem::WrongShape,
        }]);
    }
    parse_number(kind, Field::Value, text)
        .map(Value::Single)
        .map_err(|e| vec![e])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_unique_id_and_loinc_code() {
        let mut ids = std::collections::BTreeSet::new();
        let mut codes = std::collections::BTreeSet::new();
        for kind in Kind::ALL {
            assert!(ids.insert(kind.id()));
            assert!(codes.insert(kind.info().loinc));
            assert_eq!(Kind::from_id(kind.id()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
    }

    #[test]
    fn decimal_kinds_take_one_decimal_as_the_message_says() {
        for kind in Kind::ALL {
            assert!(
                kind.info().decimals <= 1,
                "{kind:?}: update MeasureTooManyDecimals"
            );
        }
    }

    #[test]
    fn messages_say_what_is_allowed_in_both_languages() {
        let e = parse_single(Kind::BodyWeight, "12").unwrap_err()[0];
        assert_eq!(e.message(Lang::Nl), "Vul een waarde in van 20 kg of meer.");
        assert_eq!(e.message(Lang::En), "Enter a value of 20 kg or more.");
        let e = parse_single(Kind::BodyTemperature, "44,1").unwrap_err()[0];
        assert_eq!(
            e.message(Lang::Nl),
            "Vul een waarde in van 44 °C of minder."
        );
    }
}

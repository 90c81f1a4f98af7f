//! When a value deserves attention. Every limit is a setting: the defaults below come from
//! MEASUREMENTS.md (guideline values marked there as sourced, the rest documented defaults),
//! and an organisation, a patient's file and a single request can each override them.

use super::flags::{Flag, FlagCode};
use super::kind::{Kind, Value};
use serde::{Deserialize, Serialize};

macro_rules! thresholds {
    ($($(#[doc = $doc:literal])* $name:ident: $ty:ty = $default:expr;)*) => {
        /// The limits in force for one evaluation.
        #[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Thresholds {
            $($(#[doc = $doc])* pub $name: $ty,)*
        }

        impl Default for Thresholds {
            fn default() -> Self {
                Thresholds { $($name: $default,)* }
            }
        }

        /// Limits changed by an organisation, for a patient or for one request; unset ones
        /// keep the value from the level below.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ThresholdOverrides {
            $($(#[doc = $doc])*
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub $name: Option<$ty>,)*
        }

        impl Thresholds {
            /// These limits with `overrides` applied.
            pub fn with(mut self, overrides: &ThresholdOverrides) -> Thresholds {
                $(if let Some(value) = overrides.$name {
                    self.$name = value;
                })*
                self
            }

            /// Names and default values, for documentation.
            pub fn documented() -> Vec<(&'static str, String, &'static str)> {
                let defaults = Thresholds::default();
                vec![$((
                    stringify!($name),
                    format!("{:?}", defaults.$name),
                    concat!($($doc),*).trim(),
                ),)*]
            }
        }
    };
}

thresholds! {
    /// Home mean systolic pressure (mm[Hg]) from which it is high (NHG/ESH home limit).
    bp_mean_systolic_high: f64 = 135.0;
    /// Home mean diastolic pressure (mm[Hg]) from which it is high.
    bp_mean_diastolic_high: f64 = 85.0;
    /// A single systolic reading (mm[Hg]) from which to rest, measure again and call if it stays high.
    systolic_very_high: f64 = 180.0;
    /// Resting heart rate (/min) below which it is notable.
    heart_rate_low: f64 = 50.0;
    /// Resting heart rate (/min) above which it is notable.
    heart_rate_high: f64 = 100.0;
    /// Weight gain (kg) that is too much within `weight_gain_days` (heart failure).
    weight_gain_kg: f64 = 2.0;
    /// Days over which weight gain is compared.
    weight_gain_days: u16 = 3;
    /// Weight loss (% of the highest recent weight) that is notable within `weight_loss_days`.
    weight_loss_percent: f64 = 5.0;
    /// Days over which weight loss is compared.
    weight_loss_days: u16 = 30;
    /// Glucose (mmol/L) below which it is a hypo.
    glucose_low: f64 = 4.0;
    /// Lowest fasting glucose (mmol/L) of the target range (DM2).
    glucose_fasting_low: f64 = 4.5;
    /// Highest fasting glucose (mmol/L) of the target range (DM2).
    glucose_fasting_high: f64 = 8.0;
    /// Oxygen saturation (%) at or below which it is notable (COPD).
    saturation_low: f64 = 92.0;
    /// Temperature (°C) from which it is fever.
    temperature_fever: f64 = 38.0;
    /// The patient's personal best peak flow (L/min); zones are only given when it is known.
    peak_flow_personal_best: Option<f64> = None;
    /// Peak flow (% of personal best) from which the zone is green.
    peak_flow_green_percent: f64 = 80.0;
    /// Peak flow (% of personal best) below which the zone is red.
    peak_flow_red_percent: f64 = 50.0;
    /// Pain score from which pain is moderate.
    pain_moderate: f64 = 4.0;
    /// Pain score from which pain is severe.
    pain_severe: f64 = 7.0;
    /// Lowest INR of the patient's target range.
    inr_low: f64 = 2.0;
    /// Highest INR of the patient's target range.
    inr_high: f64 = 3.0;
}

impl Thresholds {
    /// Defaults with the organisation's, the patient's and the request's overrides, in order.
    pub fn layered(levels: &[ThresholdOverrides]) -> Result<Thresholds, String> {
        let thresholds = levels
            .iter()
            .fold(Thresholds::default(), |t, level| t.with(level));
        thresholds.check()?;
        Ok(thresholds)
    }

    /// Refuses limits that contradict each other or make no sense.
    pub fn check(&self) -> Result<(), String> {
        let pairs = [
            (
                "glucose_fasting_low",
                self.glucose_fasting_low,
                "glucose_fasting_high",
                self.glucose_fasting_high,
            ),
            ("inr_low", self.inr_low, "inr_high", self.inr_high),
            (
                "heart_rate_low",
                self.heart_rate_low,
                "heart_rate_high",
                self.heart_rate_high,
            ),
            (
                "pain_moderate",
                self.pain_moderate,
                "pain_severe",
                self.pain_severe,
            ),
            (
                "peak_flow_red_percent",
                self.peak_flow_red_percent,
                "peak_flow_green_percent",
                self.peak_flow_green_percent,
            ),
            (
                "bp_mean_systolic_high",
                self.bp_mean_systolic_high,
                "systolic_very_high",
                self.systolic_very_high,
            ),
        ];
        for (low_name, low, high_name, high) in pairs {
            if low.partial_cmp(&high) != Some(std::cmp::Ordering::Less) {
                return Err(format!(
                    "{low_name} ({low}) must be lower than {high_name} ({high})"
                ));
            }
        }
        let positive = [
            ("bp_mean_systolic_high", self.bp_mean_systolic_high),
            ("bp_mean_diastolic_high", self.bp_mean_diastolic_high),
            ("weight_gain_kg", self.weight_gain_kg),
            ("weight_loss_percent", self.weight_loss_percent),
            ("glucose_low", self.glucose_low),
            ("saturation_low", self.saturation_low),
            ("temperature_fever", self.temperature_fever),
            (
                "peak_flow_personal_best",
                self.peak_flow_personal_best.unwrap_or(1.0),
            ),
            ("weight_gain_days", f64::from(self.weight_gain_days)),
            ("weight_loss_days", f64::from(self.weight_loss_days)),
        ];
        for (name, value) in positive {
            if !(value.is_finite() && value > 0.0) {
                return Err(format!("{name} must be a positive number"));
            }
        }
        if self.peak_flow_green_percent > 100.0 || self.weight_loss_percent >= 100.0 {
            return Err("percentages must be at most 100".into());
        }
        Ok(())
    }
}

/// Whether a glucose reading was taken fasting (before breakfast): only then does the
/// fasting target apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// Taken before breakfast.
    pub fasting: bool,
}

/// Flags for one valid reading. `reading` names it in the flags.
pub fn evaluate_value(
    kind: Kind,
    value: &Value,
    reading: Option<&str>,
    t: &Thresholds,
    context: Context,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut push = |code, kind, value, limits: &[f64]| {
        flags.push(Flag::new(code, kind, reading, value, limits));
    };
    match (kind, *value) {
        (Kind::BloodPressure, Value::BloodPressure(bp)) => {
            if bp.systolic >= t.systolic_very_high {
                push(
                    FlagCode::SystolicVeryHigh,
                    Kind::Systolic,
                    bp.systolic,
                    &[t.systolic_very_high],
                );
            }
            if let Some((code, limit)) = bp.pulse.and_then(|p| heart_rate_flag(p, t)) {
                push(
                    code,
                    Kind::HeartRate,
                    bp.pulse.unwrap_or_default(),
                    &[limit],
                );
            }
        }
        (Kind::Systolic, Value::Single(v)) if v >= t.systolic_very_high => {
            push(FlagCode::SystolicVeryHigh, kind, v, &[t.systolic_very_high]);
        }
        (Kind::HeartRate, Value::Single(v)) => {
            if let Some((code, limit)) = heart_rate_flag(v, t) {
                push(code, kind, v, &[limit]);
            }
        }
        (Kind::Glucose, Value::Single(v)) => {
            if v < t.glucose_low {
                push(FlagCode::GlucoseLow, kind, v, &[t.glucose_low]);
            } else if context.fasting
                && !(t.glucose_fasting_low..=t.glucose_fasting_high).contains(&v)
            {
                push(
                    FlagCode::FastingGlucoseOutsideTarget,
                    kind,
                    v,
                    &[t.glucose_fasting_low, t.glucose_fasting_high],
                );
            }
        }
        (Kind::OxygenSaturation, Value::Single(v)) if v <= t.saturation_low => {
            push(FlagCode::SaturationLow, kind, v, &[t.saturation_low]);
        }
        (Kind::BodyTemperature, Value::Single(v)) if v >= t.temperature_fever => {
            push(FlagCode::Fever, kind, v, &[t.temperature_fever]);
        }
        (Kind::PeakFlow, Value::Single(v)) => {
            if let Some(best) = t.peak_flow_personal_best {
                let percent = v / best * 100.0;
                if percent < t.peak_flow_red_percent {
                    push(
                        FlagCode::PeakFlowRed,
                        kind,
                        v,
                        &[best, t.peak_flow_red_percent],
                    );
                } else if percent < t.peak_flow_green_percent {
                    push(
                        FlagCode::PeakFlowYellow,
                        kind,
                        v,
                        &[best, t.peak_flow_green_percent],
                    );
                }
            }
        }
        (Kind::Pain, Value::Single(v)) => {
            if v >= t.pain_severe {
                push(FlagCode::PainSevere, kind, v, &[t.pain_severe]);
            } else if v >= t.pain_moderate {
                push(FlagCode::PainModerate, kind, v, &[t.pain_moderate]);
            }
        }
        (Kind::Inr, Value::Single(v)) if !(t.inr_low..=t.inr_high).contains(&v) => {
            push(
                FlagCode::InrOutsideTarget,
                kind,
                v,
                &[t.inr_low, t.inr_high],
            );
        }
        _ => {}
    }
    flags
}

/// A resting heart rate outside the limits: the flag and the limit crossed.
fn heart_rate_flag(v: f64, t: &Thresholds) -> Option<(FlagCode, f64)> {
    if v < t.heart_rate_low {
        Some((FlagCode::HeartRateLow, t.heart_rate_low))
    } else if v > t.heart_rate_high {
        Some((FlagCode::HeartRateHigh, t.heart_rate_high))
    } else {
        None
    }
}

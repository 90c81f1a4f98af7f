//! Flags: what the professional sees in the worklist, and the plain advice the patient sees.
//!
//! Following the NHG position on self-measurement, the patient sees results first and acts on
//! worrying values; the practice does not watch continuously. Advice therefore says what to do
//! and whom to call, and never suggests that somebody is watching.

use super::kind::Kind;
use super::text::T;
use crate::ui::i18n::{Lang, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How soon a flag needs action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth discussing at the next contact.
    Notable,
    /// The patient should contact the practice today.
    Warning,
    /// The patient should act now.
    Urgent,
}

/// What a flag is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagCode {
    /// One systolic reading at or above the very-high limit.
    SystolicVeryHigh,
    /// The mean of a blood-pressure protocol is high.
    MeanBloodPressureHigh,
    /// Resting heart rate below the limit.
    HeartRateLow,
    /// Resting heart rate above the limit.
    HeartRateHigh,
    /// Weight went up too fast (heart failure rule).
    WeightGain,
    /// Weight went down notably over a month.
    WeightLoss,
    /// Glucose below the hypo limit.
    GlucoseLow,
    /// Fasting glucose outside the target range.
    FastingGlucoseOutsideTarget,
    /// Oxygen saturation at or below the limit.
    SaturationLow,
    /// Temperature at or above the fever limit.
    Fever,
    /// Peak flow in the yellow zone.
    PeakFlowYellow,
    /// Peak flow in the red zone.
    PeakFlowRed,
    /// Moderate pain.
    PainModerate,
    /// Severe pain.
    PainSevere,
    /// INR outside the patient's target range.
    InrOutsideTarget,
}

impl FlagCode {
    /// Every code.
    pub const ALL: [FlagCode; 15] = [
        FlagCode::SystolicVeryHigh,
        FlagCode::MeanBloodPressureHigh,
        FlagCode::HeartRateLow,
        FlagCode::HeartRateHigh,
        FlagCode::WeightGain,
        FlagCode::WeightLoss,
        FlagCode::GlucoseLow,
        FlagCode::FastingGlucoseOutsideTarget,
        FlagCode::SaturationLow,
        FlagCode::Fever,
        FlagCode::PeakFlowYellow,
        FlagCode::PeakFlowRed,
        FlagCode::PainModerate,
        FlagCode::PainSevere,
        FlagCode::InrOutsideTarget,
    ];

    /// How soon it needs action.
    pub fn severity(self) -> Severity {
        use FlagCode::*;
        match self {
            GlucoseLow | PeakFlowRed => Severity::Urgent,
            SystolicVeryHigh | WeightGain | SaturationLow | PeakFlowYellow | PainSevere
            | InrOutsideTarget => Severity::Warning,
            MeanBloodPressureHigh
            | HeartRateLow
            | HeartRateHigh
            | WeightLoss
            | FastingGlucoseOutsideTarget
            | Fever
            | PainModerate => Severity::Notable,
        }
    }

    /// The advice text, with `{value}` and the names of [`FlagCode::limit_names`] to fill.
    pub fn advice(self) -> T {
        use FlagCode::*;
        match self {
            SystolicVeryHigh => T::AdviceSystolicVeryHigh,
            MeanBloodPressureHigh => T::AdviceMeanBloodPressureHigh,
            HeartRateLow => T::AdviceHeartRateLow,
            HeartRateHigh => T::AdviceHeartRateHigh,
            WeightGain => T::AdviceWeightGain,
            WeightLoss => T::AdviceWeightLoss,
            GlucoseLow => T::AdviceGlucoseLow,
            FastingGlucoseOutsideTarget => T::AdviceFastingGlucose,
            SaturationLow => T::AdviceSaturationLow,
            Fever => T::AdviceFever,
            PeakFlowYellow => T::AdvicePeakFlowYellow,
            PeakFlowRed => T::AdvicePeakFlowRed,
            PainModerate => T::AdvicePainModerate,
            PainSevere => T::AdvicePainSevere,
            InrOutsideTarget => T::AdviceInrOutsideTarget,
        }
    }

    /// What the limits given with a flag of this code mean, in order.
    pub fn limit_names(self) -> &'static [&'static str] {
        use FlagCode::*;
        match self {
            MeanBloodPressureHigh => &["diastolic", "limit", "limit_diastolic"],
            WeightGain | WeightLoss => &["limit", "days"],
            FastingGlucoseOutsideTarget | InrOutsideTarget => &["low", "high"],
            PeakFlowYellow | PeakFlowRed => &["best", "percent"],
            _ => &["limit"],
        }
    }
}

/// One reason for attention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// What it is about.
    pub code: FlagCode,
    /// How soon it needs action.
    pub severity: Severity,
    /// The kind of measurement.
    pub kind: Kind,
    /// The reading it comes from; none for a protocol result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// The value that crossed a limit (for weight: the change; for a mean: the systolic mean).
    pub value: f64,
    /// The limits it was compared with, named as in [`FlagCode::limit_names`].
    pub limits: BTreeMap<String, f64>,
    /// What the patient is told, in both languages so a stored flag reads the same later.
    pub advice: Text,
}

impl Flag {
    /// A flag with its advice filled in both languages.
    pub fn new(
        code: FlagCode,
        kind: Kind,
        reading: Option<&str>,
        value: f64,
        limits: &[f64],
    ) -> Flag {
        let limits: BTreeMap<String, f64> = code
            .limit_names()
            .iter()
            .zip(limits)
            .map(|(name, v)| (name.to_string(), *v))
            .collect();
        let fill = |lang: Lang| {
            let mut args: Vec<(&str, String)> = vec![("value", lang.number(value))];
            args.extend(limits.iter().map(|(n, v)| (n.as_str(), lang.number(*v))));
            let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
            lang.fill(code.advice(), &args)
        };
        Flag {
            code,
            severity: code.severity(),
            kind,
            reading: reading.map(str::to_string),
            value,
            advice: Text {
                nl: fill(Lang::Nl),
                en: fill(Lang::En),
            },
            limits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sample limits for every code, enough to fill every placeholder.
    fn sample(code: FlagCode) -> Flag {
        Flag::new(code, Kind::Systolic, Some("r1"), 123.5, &[1.5, 2.5, 3.5])
    }

    #[test]
    fn every_advice_is_filled_completely_in_both_languages() {
        for code in FlagCode::ALL {
            let flag = sample(code);
            for lang in Lang::ALL {
                let text = flag.advice.get(lang);
                assert!(!text.contains('{'), "{code:?} {lang:?}: {text}");
                assert!(text.len() > 40, "{code:?} {lang:?} says too little: {text}");
            }
        }
    }

    #[test]
    fn advice_never_promises_that_somebody_is_watching() {
        let promises = [
            "wij kijken",
            "we kijken",
            "houden u in de gaten",
            "houden we in de gaten",
            "nemen contact met u op",
            "neemt contact met u op",
            "bellen u",
            "belt u terug",
            "krijgt bericht",
            "we will contact",
            "we are watching",
            "will call you",
            "is watching",
            "will be in touch",
            "monitor",
        ];
        for code in FlagCode::ALL {
            let flag = sample(code);
            for lang in Lang::ALL {
                let text = flag.advice.get(lang).to_lowercase();
                for promise in promises {
                    assert!(
                        !text.contains(promise),
                        "{code:?} {lang:?} promises: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn urgent_and_warning_advice_says_whom_to_call() {
        for code in FlagCode::ALL
            .into_iter()
            .filter(|c| c.severity() >= Severity::Warning)
        {
            let flag = sample(code);
            assert!(
                flag.advice.nl.contains("Bel"),
                "{code:?}: {}",
                flag.advice.nl
            );
            assert!(
                flag.advice.en.contains("call"),
                "{code:?}: {}",
                flag.advice.en
            );
        }
    }
}

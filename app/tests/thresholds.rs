//! Flags at every default limit: just on the quiet side, at the limit, and past it. The limits
//! are those of MEASUREMENTS.md ("flag defaults"); whether the limit itself counts follows the
//! wording there (≥ 135 is high, < 4.0 is a hypo, ≤ 92 is notable, > 100 is notable).

use app::measurements::flags::{FlagCode, Severity};
use app::measurements::kind::{BloodPressure, Kind, Value};
use app::measurements::thresholds::{evaluate_value, Context, ThresholdOverrides, Thresholds};

fn codes(kind: Kind, value: f64, t: &Thresholds, fasting: bool) -> Vec<FlagCode> {
    evaluate_value(
        kind,
        &Value::Single(value),
        Some("r"),
        t,
        Context { fasting },
    )
    .into_iter()
    .map(|f| f.code)
    .collect()
}

#[test]
fn every_single_value_limit_at_its_boundary() {
    use FlagCode::*;
    let t = Thresholds::default();
    // kind, value, fasting, expected flags
    let table: &[(Kind, f64, bool, &[FlagCode])] = &[
        (Kind::Systolic, 179.0, false, &[]),
        (Kind::Systolic, 180.0, false, &[SystolicVeryHigh]),
        (Kind::HeartRate, 50.0, false, &[]),
        (Kind::HeartRate, 49.0, false, &[HeartRateLow]),
        (Kind::HeartRate, 100.0, false, &[]),
        (Kind::HeartRate, 101.0, false, &[HeartRateHigh]),
        (Kind::Glucose, 4.0, false, &[]),
        (Kind::Glucose, 3.9, false, &[GlucoseLow]),
        (Kind::Glucose, 3.9, true, &[GlucoseLow]),
        (Kind::Glucose, 4.5, true, &[]),
        (Kind::Glucose, 4.4, true, &[FastingGlucoseOutsideTarget]),
        (Kind::Glucose, 8.0, true, &[]),
        (Kind::Glucose, 8.1, true, &[FastingGlucoseOutsideTarget]),
        (Kind::Glucose, 8.1, false, &[]),
        (Kind::OxygenSaturation, 93.0, false, &[]),
        (Kind::OxygenSaturation, 92.0, false, &[SaturationLow]),
        (Kind::BodyTemperature, 37.9, false, &[]),
        (Kind::BodyTemperature, 38.0, false, &[Fever]),
        (Kind::Pain, 3.0, false, &[]),
        (Kind::Pain, 4.0, false, &[PainModerate]),
        (Kind::Pain, 6.0, false, &[PainModerate]),
        (Kind::Pain, 7.0, false, &[PainSevere]),
        (Kind::Inr, 2.0, false, &[]),
        (Kind::Inr, 1.9, false, &[InrOutsideTarget]),
        (Kind::Inr, 3.0, false, &[]),
        (Kind::Inr, 3.1, false, &[InrOutsideTarget]),
        // Without a personal best there are no peak-flow zones.
        (Kind::PeakFlow, 100.0, false, &[]),
        (Kind::Steps, 0.0, false, &[]),
        (Kind::RespiratoryRate, 60.0, false, &[]),
    ];
    for &(kind, value, fasting, expected) in table {
        assert_eq!(
            codes(kind, value, &t, fasting),
            expected,
            "{kind:?} {value} fasting={fasting}"
        );
    }
}

#[test]
fn peak_flow_zones_follow_the_personal_best() {
    let t = Thresholds::default().with(&ThresholdOverrides {
        peak_flow_personal_best: Some(Some(500.0)),
        ..Default::default()
    });
    // 80 % of 500 is 400, 50 % is 250.
    assert_eq!(codes(Kind::PeakFlow, 400.0, &t, false), vec![]);
    assert_eq!(
        codes(Kind::PeakFlow, 399.0, &t, false),
        vec![FlagCode::PeakFlowYellow]
    );
    assert_eq!(
        codes(Kind::PeakFlow, 250.0, &t, false),
        vec![FlagCode::PeakFlowYellow]
    );
    assert_eq!(
        codes(Kind::PeakFlow, 249.0, &t, false),
        vec![FlagCode::PeakFlowRed]
    );
    let red = &evaluate_value(
        Kind::PeakFlow,
        &Value::Single(200.0),
        None,
        &t,
        Context::default(),
    )[0];
    assert_eq!(red.severity, Severity::Urgent);
    assert!(red.advice.nl.contains("rode zone"), "{}", red.advice.nl);
    assert!(red.advice.nl.contains("500"), "{}", red.advice.nl);
}

#[test]
fn a_blood_pressure_entry_is_judged_on_its_systolic_and_its_pulse() {
    let t = Thresholds::default();
    let entry = |s: f64, pulse: Option<f64>| {
        evaluate_value(
            Kind::BloodPressure,
            &Value::BloodPressure(BloodPressure {
                systolic: s,
                diastolic: 90.0,
                pulse,
            }),
            Some("bp"),
            &t,
            Context::default(),
        )
    };
    assert!(entry(179.0, Some(72.0)).is_empty());
    let flags = entry(185.0, Some(48.0));
    let codes: Vec<FlagCode> = flags.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        vec![FlagCode::SystolicVeryHigh, FlagCode::HeartRateLow]
    );
    assert_eq!(flags[1].kind, Kind::HeartRate);
    assert_eq!(flags[1].value, 48.0);
    assert_eq!(flags[1].limits["limit"], 50.0);
    assert_eq!(flags[0].severity, Severity::Warning);
    assert!(flags[0].advice.en.contains("185"), "{}", flags[0].advice.en);
}

#[test]
fn a_patient_limit_changes_the_flag_and_its_advice() {
    let t = Thresholds::default().with(&ThresholdOverrides {
        glucose_fasting_high: Some(7.0),
        ..Default::default()
    });
    let flags = evaluate_value(
        Kind::Glucose,
        &Value::Single(7.5),
        None,
        &t,
        Context { fasting: true },
    );
    assert_eq!(flags.len(), 1);
    assert!(
        flags[0].advice.nl.contains("4,5 tot 7"),
        "{}",
        flags[0].advice.nl
    );
}

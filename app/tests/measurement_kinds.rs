//! Boundary tests for every kind of home measurement: just inside and just outside each
//! limit, decimal comma, precision and units. Expected limits, codes and units are copied
//! from MEASUREMENTS.md (the table "kind | unit | LOINC | accept"), not from the code.

use app::measurements::kind::{
    check_value, parse_blood_pressure, parse_single, BloodPressure, Field, Kind, Problem, Value,
};
use app::ui::i18n::Lang;

/// kind, LOINC, UCUM, lowest, highest, decimals — as MEASUREMENTS.md states them.
const TABLE: &[(Kind, &str, &str, &str, &str, u8)] = &[
    (Kind::Systolic, "8480-6", "mm[Hg]", "50", "300", 0),
    (Kind::Diastolic, "8462-4", "mm[Hg]", "20", "200", 0),
    (Kind::HeartRate, "8867-4", "/min", "20", "250", 0),
    (Kind::BodyWeight, "29463-7", "kg", "20", "350", 1),
    (Kind::BodyHeight, "8302-2", "cm", "50", "250", 1),
    (Kind::Glucose, "14743-9", "mmol/L", "0,5", "35,0", 1),
    (Kind::OxygenSaturation, "59408-5", "%", "50", "100", 0),
    (Kind::BodyTemperature, "8310-5", "Cel", "30,0", "44,0", 1),
    (Kind::RespiratoryRate, "9279-1", "/min", "4", "60", 0),
    (Kind::PeakFlow, "19935-6", "L/min", "50", "900", 0),
    (Kind::Pain, "72514-3", "{score}", "0", "10", 0),
    (Kind::Steps, "41950-7", "{steps}/d", "0", "100000", 0),
    (Kind::Inr, "34714-6", "{INR}", "0,8", "8,0", 1),
];

fn number(text: &str) -> f64 {
    text.replace(',', ".").parse().unwrap()
}

/// `value ± step` written the Dutch way, with the kind's decimals.
fn shifted(text: &str, decimals: u8, steps: f64) -> String {
    let step = 10f64.powi(-i32::from(decimals));
    format!("{:.*}", decimals as usize, number(text) + steps * step).replace('.', ",")
}

fn problem(kind: Kind, text: &str) -> Problem {
    match parse_single(kind, text) {
        Ok(v) => panic!("{kind:?} {text:?} was accepted as {v:?}"),
        Err(errors) => errors[0].problem,
    }
}

fn accepted(kind: Kind, text: &str) -> f64 {
    match parse_single(kind, text) {
        Ok(Value::Single(v)) => v,
        other => panic!("{kind:?} {text:?}: {other:?}"),
    }
}

#[test]
fn every_kind_has_the_codes_and_unit_of_the_facts_table() {
    for &(kind, loinc, ucum, ..) in TABLE {
        let info = kind.info();
        assert_eq!(info.loinc, loinc, "{kind:?}");
        assert_eq!(info.ucum, ucum, "{kind:?}");
    }
    assert_eq!(Kind::BloodPressure.info().loinc, "85354-9");
    assert_eq!(
        TABLE.len() + 1,
        Kind::ALL.len(),
        "every kind is in the table"
    );
}

#[test]
fn the_limits_themselves_are_accepted() {
    for &(kind, _, _, min, max, _) in TABLE {
        assert_eq!(accepted(kind, min), number(min), "{kind:?} min");
        assert_eq!(accepted(kind, max), number(max), "{kind:?} max");
    }
}

#[test]
fn one_step_inside_each_limit_is_accepted() {
    for &(kind, _, _, min, max, decimals) in TABLE {
        let inside_low = shifted(min, decimals, 1.0);
        let inside_high = shifted(max, decimals, -1.0);
        assert_eq!(accepted(kind, &inside_low), number(&inside_low), "{kind:?}");
        assert_eq!(
            accepted(kind, &inside_high),
            number(&inside_high),
            "{kind:?}"
        );
    }
}

#[test]
fn one_step_outside_each_limit_is_refused_with_the_limit() {
    for &(kind, _, _, min, max, decimals) in TABLE {
        let below = shifted(min, decimals, -1.0);
        assert_eq!(
            problem(kind, &below),
            Problem::BelowMin { min: number(min) },
            "{kind:?} {below}"
        );
        let above = shifted(max, decimals, 1.0);
        let expected = if kind == Kind::Glucose {
            // 35.1 mmol/L is impossible; as mg/dL it would be about 1.9 mmol/L.
            Problem::LooksLikeMgDl { mmol: 1.9 }
        } else {
            Problem::AboveMax { max: number(max) }
        };
        assert_eq!(problem(kind, &above), expected, "{kind:?} {above}");
    }
}

#[test]
fn a_decimal_comma_and_a_decimal_point_mean_the_same() {
    for &(kind, _, _, min, _, decimals) in TABLE.iter().filter(|t| t.5 > 0) {
        let comma = shifted(min, decimals, 3.0);
        let point = comma.replace(',', ".");
        assert_eq!(accepted(kind, &comma), accepted(kind, &point), "{kind:?}");
    }
    assert_eq!(accepted(Kind::BodyWeight, " 72,5 "), 72.5);
}

#[test]
fn more_decimals_than_the_kind_takes_are_refused() {
    assert_eq!(
        problem(Kind::BodyWeight, "72,55"),
        Problem::TooManyDecimals { max: 1 }
    );
    assert_eq!(
        problem(Kind::Glucose, "5.25"),
        Problem::TooManyDecimals { max: 1 }
    );
    assert_eq!(
        accepted(Kind::BodyWeight, "72,50"),
        72.5,
        "a trailing zero is fine"
    );
}

#[test]
fn whole_number_kinds_refuse_any_separator() {
    // "10.000" steps must never be stored as ten.
    assert_eq!(problem(Kind::Steps, "10.000"), Problem::NotWhole);
    assert_eq!(problem(Kind::HeartRate, "72,5"), Problem::NotWhole);
    assert_eq!(problem(Kind::Pain, "4.0"), Problem::NotWhole);
    assert_eq!(accepted(Kind::Steps, "10000"), 10_000.0);
}

#[test]
fn text_that_is_not_a_number_is_refused() {
    for text in ["", "  ", "abc", "7,2,5", "1.2.3", ",5", "5,", "--3", "kg"] {
        let p = problem(Kind::BodyWeight, text);
        assert!(
            matches!(p, Problem::Empty | Problem::NotANumber),
            "{text:?}: {p:?}"
        );
    }
    assert_eq!(problem(Kind::BodyWeight, ""), Problem::Empty);
}

#[test]
fn the_kinds_own_unit_may_be_typed_after_the_number() {
    assert_eq!(accepted(Kind::BodyWeight, "72,5 kg"), 72.5);
    assert_eq!(accepted(Kind::BodyWeight, "72,5KG"), 72.5);
    assert_eq!(accepted(Kind::BodyTemperature, "38,2 °C"), 38.2);
    assert_eq!(accepted(Kind::OxygenSaturation, "95%"), 95.0);
    assert_eq!(accepted(Kind::Glucose, "6,1 mmol/L"), 6.1);
    assert_eq!(problem(Kind::BodyWeight, "160 lbs"), Problem::WrongUnit);
    assert_eq!(problem(Kind::BodyTemperature, "100 °F"), Problem::WrongUnit);
    assert_eq!(problem(Kind::Pain, "4 kg"), Problem::WrongUnit);
}

#[test]
fn a_glucose_value_that_looks_like_mg_per_dl_is_explained_not_stored() {
    assert_eq!(
        problem(Kind::Glucose, "120"),
        Problem::LooksLikeMgDl { mmol: 6.7 }
    );
    assert_eq!(
        problem(Kind::Glucose, "90 mg/dL"),
        Problem::LooksLikeMgDl { mmol: 5.0 }
    );
    let message = parse_single(Kind::Glucose, "120").unwrap_err()[0].message(Lang::Nl);
    assert!(message.contains("mg/dL"), "{message}");
    assert!(message.contains("6,7 mmol/L"), "{message}");
    let english = parse_single(Kind::Glucose, "120").unwrap_err()[0].message(Lang::En);
    assert!(english.contains("6.7 mmol/L"), "{english}");
    // Far beyond any meter in either unit: just out of range.
    assert_eq!(
        problem(Kind::Glucose, "900"),
        Problem::AboveMax { max: 35.0 }
    );
}

#[test]
fn blood_pressure_is_one_entry_with_an_optional_pulse() {
    assert_eq!(
        parse_blood_pressure("135", "85", Some("72")).unwrap(),
        Value::BloodPressure(BloodPressure {
            systolic: 135.0,
            diastolic: 85.0,
            pulse: Some(72.0)
        })
    );
    assert_eq!(
        parse_blood_pressure("135", "85", Some("  ")).unwrap(),
        Value::BloodPressure(BloodPressure {
            systolic: 135.0,
            diastolic: 85.0,
            pulse: None
        })
    );
}

#[test]
fn systolic_must_exceed_diastolic() {
    let errors = parse_blood_pressure("90", "90", None).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].problem, Problem::SystolicNotAboveDiastolic);
    assert!(parse_blood_pressure("91", "90", None).is_ok());
    // Swapped by mistake.
    let errors = parse_blood_pressure("80", "130", None).unwrap_err();
    assert_eq!(errors[0].problem, Problem::SystolicNotAboveDiastolic);
    assert!(errors[0].message(Lang::Nl).contains("bovendruk"));
}

#[test]
fn every_field_of_a_blood_pressure_entry_is_checked_and_named() {
    let errors = parse_blood_pressure("49", "19", Some("251")).unwrap_err();
    let fields: Vec<(Field, Problem)> = errors.iter().map(|e| (e.field, e.problem)).collect();
    assert_eq!(
        fields,
        vec![
            (Field::Systolic, Problem::BelowMin { min: 50.0 }),
            (Field::Diastolic, Problem::BelowMin { min: 20.0 }),
            (Field::Pulse, Problem::AboveMax { max: 250.0 }),
        ]
    );
    assert_eq!(
        errors[2].message(Lang::En),
        "Enter a value of 250 per minute or less."
    );
    assert_eq!(
        parse_blood_pressure("300", "200", Some("20")).map(|_| ()),
        Ok(())
    );
    let e = parse_blood_pressure("301", "85", None).unwrap_err();
    assert_eq!(e[0].problem, Problem::AboveMax { max: 300.0 });
}

#[test]
fn machine_input_is_checked_the_same_way() {
    let ok = check_value(Kind::BodyWeight, &Value::Single(72.5));
    assert_eq!(ok, Ok(Value::Single(72.5)));
    let shape = check_value(Kind::BloodPressure, &Value::Single(120.0)).unwrap_err();
    assert_eq!(shape[0].problem, Problem::WrongShape);
    let nan = check_value(Kind::BodyWeight, &Value::Single(f64::NAN)).unwrap_err();
    assert_eq!(nan[0].problem, Problem::NotANumber);
}

#[test]
fn every_message_is_in_plain_words_in_both_languages() {
    let samples = [
        (Kind::BodyWeight, ""),
        (Kind::BodyWeight, "abc"),
        (Kind::Steps, "10.000"),
        (Kind::BodyWeight, "72,55"),
        (Kind::BodyWeight, "10"),
        (Kind::BodyWeight, "400"),
        (Kind::Glucose, "120"),
        (Kind::BodyWeight, "160 lbs"),
        (Kind::Pain, "4 kg"),
    ];
    for (kind, text) in samples {
        let error = parse_single(kind, text).unwrap_err()[0];
        for lang in Lang::ALL {
            let message = error.message(lang);
            assert!(message.ends_with('.'), "{kind:?} {text:?}: {message}");
            assert!(!message.contains('{'), "{message}");
            assert!(
                !message.contains("NaN") && !message.contains("inf"),
                "{message}"
            );
        }
    }
}

//! Properties of protocol evaluation over generated readings: the mean lies between the lowest
//! and highest reading, adding a valid reading never lowers completeness, and the outcome does
//! not depend on the order in which readings arrive. Weeks around both clock changes included.

use app::measurements::clock::{at_local, ClockTime};
use app::measurements::evaluate::{evaluate, Evaluation, Outcome};
use app::measurements::kind::{BloodPressure, Kind, Value};
use app::measurements::protocol::Protocol;
use app::measurements::reading::Reading;
use app::measurements::thresholds::Thresholds;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use proptest::prelude::*;

/// Start days: an ordinary week and the weeks in which summer time starts and ends.
const STARTS: [&str; 3] = ["2026-03-02", "2026-03-26", "2026-10-21"];

fn start(i: usize) -> Date {
    STARTS[i].parse().unwrap()
}

fn local(start: Date, day: i64, minute: u16) -> Timestamp {
    let date = start.checked_add(Span::new().days(day)).unwrap();
    let clock = ClockTime::hm(minute / 60, minute % 60).unwrap();
    at_local(date, clock).timestamp()
}

/// A blood-pressure reading somewhere from the day before the week to the day after it.
fn any_bp() -> impl Strategy<Value = (i64, u16, u16, u16, Option<u16>)> {
    (
        -1i64..9,
        0u16..1440,
        90u16..220,
        40u16..89,
        proptest::option::of(40u16..120),
    )
}

fn bp_readings(start: Date, raw: &[(i64, u16, u16, u16, Option<u16>)]) -> Vec<Reading> {
    raw.iter()
        .enumerate()
        .map(|(i, &(day, minute, s, d, pulse))| Reading {
            id: format!("r{i:03}"),
            kind: Kind::BloodPressure,
            value: Value::BloodPressure(BloodPressure {
                systolic: f64::from(s),
                diastolic: f64::from(d),
                pulse: pulse.map(f64::from),
            }),
            measured_at: local(start, day, minute),
        })
        .collect()
}

fn week(start: Date, discard: bool) -> Protocol {
    serde_json::from_value(serde_json::json!({
        "type": "blood-pressure-week",
        "start": start.to_string(),
        "discard_first_day": discard,
    }))
    .unwrap()
}

fn systolic(reading: &Reading) -> (f64, f64) {
    match reading.value {
        Value::BloodPressure(bp) => (bp.systolic, bp.diastolic),
        Value::Single(v) => (v, v),
    }
}

fn as_json(e: &Evaluation) -> serde_json::Value {
    serde_json::to_value(e).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_mean_lies_between_the_lowest_and_highest_reading(
        which in 0usize..3,
        discard in any::<bool>(),
        raw in proptest::collection::vec(any_bp(), 0..40),
    ) {
        let start = start(which);
        let p = week(start, discard);
        let readings = bp_readings(start, &raw);
        let now = local(start, 9, 0);
        let e = evaluate(&p, &readings, now, &Thresholds::default());
        if let Some(Outcome::BloodPressureMean(mean)) = &e.result {
            let used: Vec<(f64, f64)> = mean
                .derived_from
                .iter()
                .map(|id| systolic(readings.iter().find(|r| r.id == *id).unwrap()))
                .collect();
            prop_assert_eq!(used.len() as u32, mean.readings);
            let lo_s = used.iter().map(|u| u.0).fold(f64::INFINITY, f64::min);
            let hi_s = used.iter().map(|u| u.0).fold(f64::NEG_INFINITY, f64::max);
            let lo_d = used.iter().map(|u| u.1).fold(f64::INFINITY, f64::min);
            let hi_d = used.iter().map(|u| u.1).fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(lo_s <= mean.systolic && mean.systolic <= hi_s, "{lo_s} {} {hi_s}", mean.systolic);
            prop_assert!(lo_d <= mean.diastolic && mean.diastolic <= hi_d);
        } else {
            prop_assert_eq!(e.completeness.valid_readings, 0);
        }
    }

    #[test]
    fn adding_a_valid_reading_never_lowers_completeness(
        which in 0usize..3,
        raw in proptest::collection::vec(any_bp(), 0..40),
        extra_day in 0i64..7,
        evening in any::<bool>(),
        extra_minute in 0u16..360,
        value in (100u16..180, 50u16..99),
    ) {
        let start = start(which);
        let p = week(start, true);
        let mut readings = bp_readings(start, &raw);
        let now = local(start, 9, 0);
        let before = evaluate(&p, &readings, now, &Thresholds::default()).completeness;
        // A valid reading inside a session: morning 06:00–12:00 or evening 17:00–23:00.
        let minute = if evening { 17 * 60 + extra_minute } else { 6 * 60 + extra_minute };
        readings.push(Reading {
            id: "extra".into(),
            kind: Kind::BloodPressure,
            value: Value::BloodPressure(BloodPressure {
                systolic: f64::from(value.0),
                diastolic: f64::from(value.1),
                pulse: None,
            }),
            measured_at: local(start, extra_day, minute) + jiff::SignedDuration::from_millis(1),
        });
        let after = evaluate(&p, &readings, now, &Thresholds::default()).completeness;
        prop_assert!(after.valid_readings >= before.valid_readings);
        prop_assert!(after.enough || !before.enough);
        prop_assert_eq!(after.expected_readings, before.expected_readings);
    }

    #[test]
    fn the_order_in_which_readings_arrive_does_not_matter(
        which in 0usize..3,
        raw in proptest::collection::vec(any_bp(), 0..40),
        duplicates in proptest::collection::vec(0usize..40, 0..5),
        seed in any::<u64>(),
        now_day in 0i64..9,
    ) {
        let start = start(which);
        let p = week(start, true);
        let mut readings = bp_readings(start, &raw);
        // Some readings arrive twice.
        for d in duplicates {
            if let Some(r) = readings.get(d).cloned() {
                readings.push(r);
            }
        }
        let now = local(start, now_day, 13 * 60);
        let expected = as_json(&evaluate(&p, &readings, now, &Thresholds::default()));
        let mut shuffled = readings.clone();
        shuffle(&mut shuffled, seed);
        let actual = as_json(&evaluate(&p, &shuffled, now, &Thresholds::default()));
        prop_assert_eq!(expected, actual);
    }

    #[test]
    fn daily_weight_does_not_depend_on_order_and_its_latest_weight_is_the_last_day(
        weights in proptest::collection::vec((0i64..60, 0u16..1440, 600u16..1200), 1..80),
        seed in any::<u64>(),
    ) {
        let start: Date = "2026-09-01".parse().unwrap();
        let p: Protocol = serde_json::from_str(r#"{"type": "daily-weight", "start": "2026-09-01"}"#).unwrap();
        let readings: Vec<Reading> = weights
            .iter()
            .enumerate()
            .map(|(i, &(day, minute, tenths))| Reading {
                id: format!("w{i:03}"),
                kind: Kind::BodyWeight,
                value: Value::Single(f64::from(tenths) / 10.0),
                measured_at: local(start, day, minute),
            })
            .collect();
        let now = local(start, 61, 0);
        let expected = as_json(&evaluate(&p, &readings, now, &Thresholds::default()));
        let mut shuffled = readings.clone();
        shuffle(&mut shuffled, seed);
        let e = evaluate(&p, &shuffled, now, &Thresholds::default());
        prop_assert_eq!(&expected, &as_json(&e));
        let Some(Outcome::Weight(w)) = &e.result else { panic!("{:?}", e.result) };
        let last_day = readings.iter().map(|r| r.measured_at).max().unwrap();
        let last_date = last_day.to_zoned(app::measurements::clock::zone().clone()).date();
        prop_assert_eq!(w.latest_day, last_date);
    }
}

/// A deterministic Fisher–Yates shuffle from a seed (xorshift).
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    seed |= 1;
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

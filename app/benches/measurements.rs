//! Speed of protocol evaluation, for docs/BENCHMARKS.md:
//!   cargo bench -p app --bench measurements
//! Goals (issue 4): a 7-day blood-pressure protocol with 28 readings ≤ 10 µs; ten years of daily
//! weights (3,650 readings) against the 2 kg / 3 days rule ≤ 1 ms.

use app::measurements::clock::{at_local, ClockTime};
use app::measurements::evaluate::evaluate;
use app::measurements::kind::{BloodPressure, Kind, Value};
use app::measurements::protocol::Protocol;
use app::measurements::reading::Reading;
use app::measurements::thresholds::Thresholds;
use common::measure;
use jiff::civil::Date;
use jiff::Span;
use std::hint::black_box;

mod common;

fn local(start: Date, day: i64, hour: u16, minute: u16) -> jiff::Timestamp {
    let date = start.checked_add(Span::new().days(day)).unwrap();
    at_local(date, ClockTime::hm(hour, minute).unwrap()).timestamp()
}

/// A full blood-pressure week across the start of summer time: 7 days × 2 sessions × 2.
fn bp_week() -> (Protocol, Vec<Reading>, jiff::Timestamp) {
    let start: Date = "2026-03-26".parse().unwrap();
    let protocol: Protocol =
        serde_json::from_str(r#"{"type": "blood-pressure-week", "start": "2026-03-26"}"#).unwrap();
    let mut readings = Vec::new();
    for day in 0..7 {
        for (n, (hour, minute)) in [(7, 30), (7, 31), (21, 0), (21, 1)].into_iter().enumerate() {
            readings.push(Reading {
                id: format!("bp-{day}-{n}"),
                kind: Kind::BloodPressure,
                value: Value::BloodPressure(BloodPressure {
                    systolic: f64::from(125 + (day * 3 + n as i64) as u16 % 20),
                    diastolic: f64::from(78 + (day + n as i64) as u16 % 10),
                    pulse: Some(68.0),
                }),
                measured_at: local(start, day, hour, minute),
            });
        }
    }
    // Arriving in reverse order, as a sync from a device might send them.
    readings.reverse();
    (protocol, readings, local(start, 7, 12, 0))
}

/// Ten years of morning weights with small swings and a few gains of more than 2 kg.
fn ten_years_of_weights() -> (Protocol, Vec<Reading>, jiff::Timestamp) {
    let start: Date = "2016-01-01".parse().unwrap();
    let protocol: Protocol =
        serde_json::from_str(r#"{"type": "daily-weight", "start": "2016-01-01"}"#).unwrap();
    let readings = (0..3650)
        .map(|day| {
            let swing = ((day * 37) % 23) as f64 / 10.0;
            let gain = if day % 200 == 199 { 2.5 } else { 0.0 };
            Reading {
                id: format!("w{day}"),
                kind: Kind::BodyWeight,
                value: Value::Single(((80.0 + swing + gain) * 10.0f64).round() / 10.0),
                measured_at: local(start, day, 7, (day % 50) as u16),
            }
        })
        .collect();
    (protocol, readings, local(start, 3650, 6, 0))
}

fn main() {
    let thresholds = Thresholds::default();
    let (protocol, readings, now) = bp_week();
    let e = evaluate(&protocol, &readings, now, &thresholds);
    assert_eq!(e.completeness.valid_readings, 24);
    // The mean is high, so the measured work includes a flag with its advice in two languages.
    assert_eq!(e.flags.len(), 1, "{:?}", e.flags);
    measure("blood-pressure week, 28 readings", || {
        black_box(evaluate(
            black_box(&protocol),
            black_box(&readings),
            now,
            &thresholds,
        ));
    });

    let (protocol, readings, now) = ten_years_of_weights();
    let e = evaluate(&protocol, &readings, now, &thresholds);
    assert_eq!(e.completeness.valid_readings, 3650);
    measure("daily weight, 3650 readings (10 years)", || {
        black_box(evaluate(
            black_box(&protocol),
            black_box(&readings),
            now,
            &thresholds,
        ));
    });
}

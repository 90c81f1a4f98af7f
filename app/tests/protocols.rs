//! Protocol evaluations with hand-computed expectations: the blood-pressure week (day-1
//! discard, missing sessions, readings outside their slot, duplicates, surplus readings, weeks
//! in which the clocks change), daily weight, the glucose day curve and a free series.

use app::measurements::evaluate::{
    evaluate, Classification, Evaluation, IgnoreReason, Outcome, SlotState,
};
use app::measurements::flags::{FlagCode, Severity};
use app::measurements::kind::{BloodPressure, Kind, Value};
use app::measurements::protocol::Protocol;
use app::measurements::reading::Reading;
use app::measurements::request::EvaluationRequest;
use app::measurements::thresholds::{ThresholdOverrides, Thresholds};
use jiff::Timestamp;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn bp(id: &str, when: &str, systolic: u16, diastolic: u16) -> Reading {
    Reading {
        id: id.into(),
        kind: Kind::BloodPressure,
        value: Value::BloodPressure(BloodPressure {
            systolic: f64::from(systolic),
            diastolic: f64::from(diastolic),
            pulse: None,
        }),
        measured_at: at(when),
    }
}

fn single(id: &str, kind: Kind, when: &str, value: f64) -> Reading {
    Reading {
        id: id.into(),
        kind,
        value: Value::Single(value),
        measured_at: at(when),
    }
}

fn protocol(json: &str) -> Protocol {
    let p: Protocol = serde_json::from_str(json).unwrap();
    p.check().unwrap();
    p
}

fn week(start: &str) -> Protocol {
    protocol(&format!(
        r#"{{"type": "blood-pressure-week", "start": "{start}"}}"#
    ))
}

/// A week from 2 March 2026 (winter time, UTC+1): day 1 at 160/100, days 2–7 with mornings
/// 140/90 and 138/88 and evenings 130/80 and 128/78.
fn full_week() -> Vec<Reading> {
    let mut readings = Vec::new();
    for day in 2..=8 {
        let (m1, m2, e1, e2) = if day == 2 {
            ((160, 100), (160, 100), (160, 100), (160, 100))
        } else {
            ((140, 90), (138, 88), (130, 80), (128, 78))
        };
        let date = format!("2026-03-{day:02}");
        readings.push(bp(
            &format!("d{day}m1"),
            &format!("{date}T07:30:00+01:00"),
            m1.0,
            m1.1,
        ));
        readings.push(bp(
            &format!("d{day}m2"),
            &format!("{date}T07:31:00+01:00"),
            m2.0,
            m2.1,
        ));
        readings.push(bp(
            &format!("d{day}e1"),
            &format!("{date}T21:00:00+01:00"),
            e1.0,
            e1.1,
        ));
        readings.push(bp(
            &format!("d{day}e2"),
            &format!("{date}T21:01:00+01:00"),
            e2.0,
            e2.1,
        ));
    }
    readings
}

const AFTER_WEEK: &str = "2026-03-09T12:00:00+01:00";

fn mean(e: &Evaluation) -> (f64, f64, u32, Option<Classification>) {
    match &e.result {
        Some(Outcome::BloodPressureMean(m)) => {
            (m.systolic, m.diastolic, m.readings, m.classification)
        }
        other => panic!("no blood-pressure mean: {other:?}"),
    }
}

fn ignored<'a>(e: &Evaluation<'a>) -> Vec<(&'a str, IgnoreReason)> {
    e.ignored.iter().map(|i| (i.reading, i.reason)).collect()
}

#[test]
fn a_complete_week_leaves_out_day_one_and_averages_the_rest() {
    let p = week("2026-03-02");
    let readings = full_week();
    let e = evaluate(&p, &readings, at(AFTER_WEEK), &Thresholds::default());
    // Days 2–7: (140 + 138 + 130 + 128) / 4 = 134.0 and (90 + 88 + 80 + 78) / 4 = 84.0.
    assert_eq!(mean(&e), (134.0, 84.0, 24, Some(Classification::Normal)));
    assert_eq!(e.completeness.valid_readings, 24);
    assert_eq!(e.completeness.expected_readings, 24);
    assert_eq!(e.completeness.required_readings, 12);
    assert!(e.completeness.enough && e.completeness.finished);
    assert_eq!(e.slots.len(), 14);
    assert!(e.slots.iter().all(|s| s.state == SlotState::Done));
    assert!(e.missing.is_empty() && e.next_due.is_none());
    let discarded: Vec<_> = ignored(&e);
    assert_eq!(discarded.len(), 4);
    assert!(discarded
        .iter()
        .all(|(id, why)| id.starts_with("d2") && *why == IgnoreReason::DiscardedDay));
    assert!(e.flags.is_empty(), "{:?}", e.flags);
}

#[test]
fn keeping_day_one_changes_the_mean_to_high() {
    let p = protocol(
        r#"{"type": "blood-pressure-week", "start": "2026-03-02", "discard_first_day": false}"#,
    );
    let readings = full_week();
    let e = evaluate(&p, &readings, at(AFTER_WEEK), &Thresholds::default());
    // (4 × 160 + 24 × 134) / 28 = 3856 / 28 = 137.71… → 137.7; (400 + 24 × 84) / 28 = 86.3.
    assert_eq!(mean(&e), (137.7, 86.3, 28, Some(Classification::High)));
    let flag = e
        .flags
        .iter()
        .find(|f| f.code == FlagCode::MeanBloodPressureHigh)
        .unwrap();
    assert_eq!(flag.severity, Severity::Notable);
    assert!(flag.advice.nl.contains("137,7/86,3"), "{}", flag.advice.nl);
    assert!(flag.advice.en.contains("135/85"), "{}", flag.advice.en);
}

#[test]
fn missing_sessions_are_listed_and_a_mean_of_exactly_135_over_85_is_high() {
    let p = week("2026-03-02");
    let readings: Vec<Reading> = full_week()
        .into_iter()
        .filter(|r| !(r.id.starts_with("d4e") || r.id.starts_with("d5e")))
        .collect();
    let e = evaluate(&p, &readings, at(AFTER_WEEK), &Thresholds::default());
    // Without two evenings: (6 × 536 − 2 × 258) / 20 = 2700 / 20 = 135.0;
    // (6 × 336 − 2 × 158) / 20 = 1700 / 20 = 85.0. The limit itself counts as high.
    assert_eq!(mean(&e), (135.0, 85.0, 20, Some(Classification::High)));
    let missing: Vec<(String, &str, SlotState)> = e
        .missing
        .iter()
        .map(|s| (s.day.to_string(), s.session, s.state))
        .collect();
    assert_eq!(
        missing,
        vec![
            ("2026-03-04".into(), "evening", SlotState::Missed),
            ("2026-03-05".into(), "evening", SlotState::Missed),
        ]
    );
    assert_eq!(e.completeness.valid_readings, 20);
    assert!(e.completeness.enough);
}

#[test]
fn too_few_readings_give_a_mean_but_no_classification() {
    let p = week("2026-03-02");
    // Day 1 (discarded) plus 11 valid readings.
    let readings: Vec<Reading> = full_week().into_iter().take(4 + 11).collect();
    let e = evaluate(&p, &readings, at(AFTER_WEEK), &Thresholds::default());
    let (_, _, n, class) = mean(&e);
    assert_eq!(n, 11);
    assert_eq!(
        class, None,
        "an incomplete week is never judged as complete"
    );
    assert!(!e.completeness.enough);
    assert!(e
        .flags
        .iter()
        .all(|f| f.code != FlagCode::MeanBloodPressureHigh));
}

#[test]
fn readings_outside_their_slot_duplicates_and_surplus_readings_do_not_count() {
    let p = week("2026-03-02");
    let mut readings = full_week();
    // In the afternoon, between the sessions.
    readings.push(bp("afternoon", "2026-03-04T14:00:00+01:00", 190, 110));
    // The same reading twice: the same id, and the same time and value under another id.
    readings.push(readings[8].clone());
    let mut copy = readings[9].clone();
    copy.id = "zcopy".into();
    readings.push(copy);
    // A third reading in a session that asks for two.
    readings.push(bp("third", "2026-03-04T07:35:00+01:00", 100, 60));
    // Before the first day and after the last.
    readings.push(bp("early", "2026-03-01T21:00:00+01:00", 120, 80));
    readings.push(bp("late", "2026-03-09T07:30:00+01:00", 120, 80));
    // Another kind.
    readings.push(single(
        "weight",
        Kind::BodyWeight,
        "2026-03-04T07:00:00+01:00",
        80.0,
    ));
    let e = evaluate(
        &p,
        &readings,
        at("2026-03-09T12:00:00+01:00"),
        &Thresholds::default(),
    );
    assert_eq!(mean(&e), (134.0, 84.0, 24, Some(Classification::Normal)));
    let mut why: Vec<_> = ignored(&e)
        .into_iter()
        .filter(|(_, r)| *r != IgnoreReason::DiscardedDay)
        .collect();
    why.sort();
    let mut expected = vec![
        ("afternoon", IgnoreReason::OutsideSession),
        (readings[8].id.as_str(), IgnoreReason::Duplicate),
        ("zcopy", IgnoreReason::Duplicate),
        ("third", IgnoreReason::Surplus),
        ("early", IgnoreReason::BeforeStart),
        ("late", IgnoreReason::AfterEnd),
        ("weight", IgnoreReason::WrongKind),
    ];
    expected.sort();
    assert_eq!(why, expected);
    // The afternoon reading of 190 still gets its advice: it was measured in the week.
    let flag = e
        .flags
        .iter()
        .find(|f| f.code == FlagCode::SystolicVeryHigh)
        .unwrap();
    assert_eq!(flag.reading.as_deref(), Some("afternoon"));
    assert!(flag.advice.nl.contains("5 minuten"), "{}", flag.advice.nl);
}

#[test]
fn a_reading_from_the_future_does_not_count() {
    let p = week("2026-03-02");
    let readings = vec![bp("soon", "2026-03-03T07:30:00+01:00", 120, 80)];
    let e = evaluate(
        &p,
        &readings,
        at("2026-03-03T07:00:00+01:00"),
        &Thresholds::default(),
    );
    assert_eq!(ignored(&e), vec![("soon", IgnoreReason::InFuture)]);
    // Within the five minutes a device clock may run ahead, it counts.
    let e = evaluate(
        &p,
        &readings,
        at("2026-03-03T07:26:00+01:00"),
        &Thresholds::default(),
    );
    assert!(e.ignored.is_empty());
}

#[test]
fn mid_week_the_patient_sees_what_is_missing_and_what_is_due_next() {
    let p = week("2026-03-02");
    let readings: Vec<Reading> = full_week()
        .into_iter()
        .filter(|r| r.measured_at < at("2026-03-04T12:00:00+01:00") && r.id != "d3e2")
        .collect();
    // Wednesday 4 March 13:00: day 3's evening has one reading, the afternoon has no session.
    let e = evaluate(
        &p,
        &readings,
        at("2026-03-04T13:00:00+01:00"),
        &Thresholds::default(),
    );
    let missing: Vec<_> = e
        .missing
        .iter()
        .map(|s| (s.day.to_string(), s.session, s.done, s.state))
        .collect();
    assert_eq!(
        missing,
        vec![("2026-03-03".into(), "evening", 1, SlotState::Partial)]
    );
    let due = e.next_due.as_ref().unwrap();
    assert_eq!(
        (due.slot.day.to_string(), due.slot.session),
        ("2026-03-04".into(), "evening")
    );
    assert_eq!(due.slot.state, SlotState::Upcoming);
    assert_eq!(
        due.opens.to_string(),
        "2026-03-04T17:00:00+01:00[Europe/Amsterdam]"
    );
    assert_eq!(
        due.closes.to_string(),
        "2026-03-05T00:00:00+01:00[Europe/Amsterdam]"
    );
    assert!(!e.completeness.finished);
    let upcoming = e
        .slots
        .iter()
        .filter(|s| s.state == SlotState::Upcoming)
        .count();
    assert_eq!(upcoming, 9, "evening of day 3 and days 4–7");
    // During the evening session it is open.
    let e = evaluate(
        &p,
        &readings,
        at("2026-03-04T18:00:00+01:00"),
        &Thresholds::default(),
    );
    assert_eq!(e.next_due.unwrap().slot.state, SlotState::Open);
}

/// Readings at 06:15 and 23:30 on the wall clock every day: just inside the sessions.
fn edge_of_session_week(start: &str, offsets: &[&str]) -> Vec<Reading> {
    let start: jiff::civil::Date = start.parse().unwrap();
    let mut readings = Vec::new();
    for (i, offset) in offsets.iter().enumerate() {
        let date = start.checked_add(jiff::Span::new().days(i as i64)).unwrap();
        let day = date.day();
        let (s, d) = if i == 0 {
            (170, 100)
        } else {
            (120 + i as u16, 80)
        };
        readings.push(bp(
            &format!("{day}m1"),
            &format!("{date}T06:15:00{offset}"),
            s,
            d,
        ));
        readings.push(bp(
            &format!("{day}m2"),
            &format!("{date}T06:16:00{offset}"),
            s,
            d,
        ));
        readings.push(bp(
            &format!("{day}e1"),
            &format!("{date}T23:30:00{offset}"),
            s,
            d,
        ));
        readings.push(bp(
            &format!("{day}e2"),
            &format!("{date}T23:31:00{offset}"),
            s,
            d,
        ));
    }
    readings
}

#[test]
fn a_week_in_which_summer_time_starts_keeps_sessions_on_the_wall_clock() {
    // Clocks go forward on Sunday 29 March 2026 at 02:00. With a fixed UTC+1 offset the
    // 06:15 readings after the change would fall before 06:00; with a fixed UTC+2 offset the
    // 23:30 readings before it would fall on the next day.
    let offsets = [
        "+01:00", "+01:00", "+01:00", "+02:00", "+02:00", "+02:00", "+02:00",
    ];
    let readings = edge_of_session_week("2026-03-26", &offsets);
    // The readings arrive as UTC instants, as a device would send them.
    let readings: Vec<Reading> = readings
        .into_iter()
        .map(|mut r| {
            r.measured_at = at(&r.measured_at.to_string());
            r
        })
        .collect();
    let p = week("2026-03-26");
    let e = evaluate(
        &p,
        &readings,
        at("2026-04-02T12:00:00+02:00"),
        &Thresholds::default(),
    );
    assert_eq!(
        ignored(&e)
            .iter()
            .filter(|(_, r)| *r != IgnoreReason::DiscardedDay)
            .count(),
        0,
        "{:?}",
        e.ignored
    );
    assert!(e.slots.iter().all(|s| s.state == SlotState::Done));
    // Days 2–7 at 121…126 / 80: mean 123.5 / 80.0.
    assert_eq!(mean(&e), (123.5, 80.0, 24, Some(Classification::Normal)));
    // The morning of the 29th opens at 06:00 summer time, 04:00 UTC.
    let e = evaluate(
        &p,
        &readings[..12],
        at("2026-03-29T03:00:00Z"),
        &Thresholds::default(),
    );
    let due = e.next_due.unwrap();
    assert_eq!(due.slot.day.to_string(), "2026-03-29");
    assert_eq!(due.slot.session, "morning");
    assert_eq!(due.opens.timestamp(), at("2026-03-29T04:00:00Z"));
    // The evening of the 28th closed at midnight winter time, 23:00 UTC.
    let e = evaluate(
        &p,
        &readings[..10],
        at("2026-03-28T23:00:00Z"),
        &Thresholds::default(),
    );
    assert_eq!(e.missing.len(), 1);
    assert_eq!(e.missing[0].day.to_string(), "2026-03-28");
    assert_eq!(e.missing[0].session, "evening");
    assert_eq!(e.missing[0].state, SlotState::Missed);
}

#[test]
fn a_week_in_which_summer_time_ends_keeps_sessions_on_the_wall_clock() {
    // Clocks go back on Sunday 25 October 2026 at 03:00, so that day has 25 hours.
    let offsets = [
        "+02:00", "+02:00", "+02:00", "+02:00", "+01:00", "+01:00", "+01:00",
    ];
    let readings = edge_of_session_week("2026-10-21", &offsets);
    let p = week("2026-10-21");
    let e = evaluate(
        &p,
        &readings,
        at("2026-10-28T12:00:00+01:00"),
        &Thresholds::default(),
    );
    assert!(
        ignored(&e)
            .iter()
            .all(|(_, r)| *r == IgnoreReason::DiscardedDay),
        "{:?}",
        e.ignored
    );
    assert_eq!(mean(&e), (123.5, 80.0, 24, Some(Classification::Normal)));
    // 23:30 winter time on the 25th is 22:30 UTC; in summer time it would be past midnight.
    let evening = readings.iter().find(|r| r.id == "25e1").unwrap();
    assert_eq!(evening.measured_at, at("2026-10-25T22:30:00Z"));
    // In the repeated hour (02:00–03:00 happens twice), a reading at 02:30 is outside every
    // session either time.
    let mut extra = readings.clone();
    extra.push(bp("night1", "2026-10-25T00:30:00Z", 120, 80));
    extra.push(bp("night2", "2026-10-25T01:30:00Z", 120, 80));
    let e = evaluate(
        &p,
        &extra,
        at("2026-10-28T12:00:00+01:00"),
        &Thresholds::default(),
    );
    let night: Vec<_> = ignored(&e)
        .into_iter()
        .filter(|(id, _)| id.starts_with("night"))
        .collect();
    assert_eq!(
        night,
        vec![
            ("night1", IgnoreReason::OutsideSession),
            ("night2", IgnoreReason::OutsideSession)
        ]
    );
}

fn weight(id: &str, day: &str, kg: f64) -> Reading {
    single(id, Kind::BodyWeight, &format!("{day}T08:00:00+01:00"), kg)
}

#[test]
fn daily_weight_flags_a_gain_of_more_than_two_kilos_in_three_days_today() {
    let p = protocol(r#"{"type": "daily-weight", "start": "2026-01-05"}"#);
    let readings = vec![
        weight("a", "2026-01-05", 80.0),
        weight("b", "2026-01-06", 80.4),
        weight("c", "2026-01-07", 81.5),
        weight("d", "2026-01-08", 82.2),
    ];
    let e = evaluate(
        &p,
        &readings,
        at("2026-01-08T09:00:00+01:00"),
        &Thresholds::default(),
    );
    // 82.2 − 80.0 (the 5th, three days before) = 2.2 kg > 2 kg.
    let flag = e
        .flags
        .iter()
        .find(|f| f.code == FlagCode::WeightGain)
        .unwrap();
    assert_eq!(
        (flag.value, flag.severity, flag.reading.as_deref()),
        (2.2, Severity::Warning, Some("d"))
    );
    assert!(
        flag.advice.nl.contains("3 dagen 2,2 kilo"),
        "{}",
        flag.advice.nl
    );
    let Some(Outcome::Weight(w)) = &e.result else {
        panic!("{:?}", e.result)
    };
    assert_eq!((w.latest, w.days_measured, w.episodes.len()), (82.2, 4, 1));
    assert_eq!(e.completeness.expected_readings, 4);
    // Tomorrow's weighing is next.
    assert_eq!(e.next_due.unwrap().slot.day.to_string(), "2026-01-09");
}

#[test]
fn an_old_weight_episode_is_history_not_a_flag() {
    let p = protocol(r#"{"type": "daily-weight", "start": "2026-01-05"}"#);
    let readings = vec![
        weight("a", "2026-01-05", 80.0),
        weight("b", "2026-01-07", 82.5),
        weight("c", "2026-01-12", 81.0),
        // A second weighing on the same day does not replace the first.
        single("c2", Kind::BodyWeight, "2026-01-12T20:00:00+01:00", 85.0),
    ];
    let e = evaluate(
        &p,
        &readings,
        at("2026-01-12T21:00:00+01:00"),
        &Thresholds::default(),
    );
    assert!(e.flags.is_empty(), "{:?}", e.flags);
    let Some(Outcome::Weight(w)) = &e.result else {
        panic!()
    };
    assert_eq!(w.episodes.len(), 1);
    assert_eq!(w.episodes[0].day.to_string(), "2026-01-07");
    assert_eq!(w.latest, 81.0);
    assert_eq!(ignored(&e), vec![("c2", IgnoreReason::Surplus)]);
    // Days 6, 8, 9, 10 and 11 were not weighed.
    assert_eq!(e.missing.len(), 5);
}

#[test]
fn the_glucose_day_curve_flags_a_hypo_and_a_fasting_value_above_target() {
    let p = protocol(r#"{"type": "glucose-day-curve", "start": "2026-05-12"}"#);
    let g = |id: &str, time: &str, v: f64| {
        single(id, Kind::Glucose, &format!("2026-05-12T{time}:00+02:00"), v)
    };
    let readings = vec![
        g("breakfast", "07:30", 9.1),
        g("lunch", "12:15", 9.1),
        g("dinner", "17:45", 6.0),
        g("bed", "22:30", 3.8),
    ];
    let e = evaluate(
        &p,
        &readings,
        at("2026-05-13T00:30:00+02:00"),
        &Thresholds::default(),
    );
    let codes: Vec<(FlagCode, Option<&str>)> = e
        .flags
        .iter()
        .map(|f| (f.code, f.reading.as_deref()))
        .collect();
    // 9.1 before breakfast is above the fasting target 4.5–8; the same value before lunch is
    // not a fasting value; 3.8 at bedtime is below 4.0.
    assert_eq!(
        codes,
        vec![
            (FlagCode::FastingGlucoseOutsideTarget, Some("breakfast")),
            (FlagCode::GlucoseLow, Some("bed")),
        ]
    );
    assert_eq!(e.flags[1].severity, Severity::Urgent);
    let Some(Outcome::GlucoseCurve { days }) = &e.result else {
        panic!()
    };
    assert_eq!(
        days[0].points,
        vec![Some(9.1), Some(9.1), Some(6.0), Some(3.8)]
    );
    assert!(e.completeness.enough && e.completeness.finished);
}

#[test]
fn a_weekly_free_series_counts_one_reading_per_week() {
    let p = protocol(
        r#"{"type": "free-series", "kind": "steps", "start": "2026-06-01", "end": "2026-06-28", "every_days": 7}"#,
    );
    let s =
        |id: &str, day: &str, v: f64| single(id, Kind::Steps, &format!("{day}T20:00:00+02:00"), v);
    let readings = vec![
        s("w1", "2026-06-03", 4000.0),
        s("w1b", "2026-06-05", 9000.0),
        s("w2", "2026-06-08", 5000.0),
        s("w4", "2026-06-27", 6500.0),
    ];
    let e = evaluate(
        &p,
        &readings,
        at("2026-06-29T09:00:00+02:00"),
        &Thresholds::default(),
    );
    assert_eq!(e.slots.len(), 4);
    assert_eq!(e.slots[0].last_day.unwrap().to_string(), "2026-06-07");
    assert_eq!(ignored(&e), vec![("w1b", IgnoreReason::Surplus)]);
    assert_eq!(e.missing.len(), 1);
    assert_eq!(e.missing[0].day.to_string(), "2026-06-15");
    let Some(Outcome::Series(summary)) = &e.result else {
        panic!()
    };
    // (4000 + 5000 + 6500) / 3 = 5166.67 → 5166.7.
    assert_eq!(
        (summary.readings, summary.min, summary.max, summary.mean),
        (3, 4000.0, 6500.0, 5166.7)
    );
    assert!(!e.completeness.enough, "3 of 4 weeks");
}

#[test]
fn thresholds_are_layered_organisation_then_patient_then_request() {
    let p = week("2026-03-02");
    let readings = full_week();
    let organisation = ThresholdOverrides {
        bp_mean_systolic_high: Some(140.0),
        ..Default::default()
    };
    let patient = ThresholdOverrides {
        bp_mean_systolic_high: Some(130.0),
        ..Default::default()
    };
    let t = Thresholds::layered(&[organisation, patient]).unwrap();
    assert_eq!(t.bp_mean_systolic_high, 130.0);
    assert_eq!(
        t.bp_mean_diastolic_high, 85.0,
        "unset limits keep the default"
    );
    let e = evaluate(&p, &readings, at(AFTER_WEEK), &t);
    assert_eq!(
        mean(&e).3,
        Some(Classification::High),
        "134 ≥ 130 for this patient"
    );
    let request = ThresholdOverrides {
        bp_mean_systolic_high: Some(150.0),
        ..Default::default()
    };
    let t = Thresholds::layered(&[organisation, patient, request]).unwrap();
    assert_eq!(t.bp_mean_systolic_high, 150.0);
    let bad = ThresholdOverrides {
        glucose_fasting_low: Some(9.0),
        ..Default::default()
    };
    let err = Thresholds::layered(&[bad]).unwrap_err();
    assert!(err.contains("glucose_fasting_low"), "{err}");
}

#[test]
fn a_request_reads_from_json_with_thresholds_per_level() {
    let json = r#"{
        "protocol": {"type": "free-series", "kind": "inr", "start": "2026-02-01", "end": "2026-02-28", "every_days": 7},
        "now": "2026-02-10T12:00:00+01:00",
        "thresholds": {"patient": {"inr_low": 2.5, "inr_high": 3.5}},
        "readings": [
            {"id": "i1", "kind": "inr", "value": 2.3, "measured_at": "2026-02-02T09:00:00+01:00"}
        ]
    }"#;
    let request: EvaluationRequest = serde_json::from_str(json).unwrap();
    let e = request.evaluate(at("2030-01-01T00:00:00Z")).unwrap();
    assert_eq!(
        e.evaluated_at.timestamp(),
        at("2026-02-10T11:00:00Z"),
        "the request's own now"
    );
    let flag = &e.flags[0];
    assert_eq!(flag.code, FlagCode::InrOutsideTarget);
    assert!(flag.advice.en.contains("2.5 to 3.5"), "{}", flag.advice.en);
    let unknown =
        r#"{"protocol": {"type": "daily-weight", "start": "2026-02-01"}, "treshold": {}}"#;
    assert!(serde_json::from_str::<EvaluationRequest>(unknown).is_err());
}

#[test]
fn a_daily_weight_without_end_shows_its_last_ten_years() {
    let p = protocol(r#"{"type": "daily-weight", "start": "2010-01-01"}"#);
    let readings = vec![
        weight("old", "2010-01-02", 80.0),
        weight("new", "2026-01-12", 81.0),
    ];
    let e = evaluate(
        &p,
        &readings,
        at("2026-01-12T21:00:00+01:00"),
        &Thresholds::default(),
    );
    assert_eq!(e.slots.len(), 3700);
    assert_eq!(e.slots.last().unwrap().day.to_string(), "2026-01-12");
    assert_eq!(e.slots.last().unwrap().state, SlotState::Done);
    assert_eq!(ignored(&e), vec![("old", IgnoreReason::BeforeStart)]);
    assert_eq!(e.next_due.unwrap().slot.day.to_string(), "2026-01-13");
}

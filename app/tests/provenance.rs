//! Provenance of measurements: when measured (backdated within limits, never in the future),
//! when and by whom entered, with which device; corrections and withdrawals keep the original.

use app::measurements::kind::{BloodPressure, Kind, Problem, Value};
use app::measurements::reading::{
    EnteredBy, EntryError, Provenance, Reading, Record, Status, TimeRules,
};
use app::ui::i18n::Lang;
use jiff::Timestamp;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn weight(id: &str, measured: &str, kg: f64) -> Reading {
    Reading {
        id: id.into(),
        kind: Kind::BodyWeight,
        value: Value::Single(kg),
        measured_at: at(measured),
    }
}

fn by(role: EnteredBy, entered: &str) -> Provenance {
    Provenance {
        entered_at: at(entered),
        entered_by: role,
        device: None,
        method: None,
    }
}

const NOW: &str = "2026-04-10T09:00:00+02:00";

#[test]
fn a_measurement_keeps_who_entered_it_when_and_with_what() {
    let mut record = Record::new();
    let carer = EnteredBy::Carer {
        person: "carer-7".into(),
        mandate: "mandate-3".into(),
    };
    let provenance = Provenance {
        device: Some("Omron M3".into()),
        method: Some("linkerarm, zittend".into()),
        ..by(carer.clone(), NOW)
    };
    let reading = Reading {
        id: "bp1".into(),
        kind: Kind::BloodPressure,
        value: Value::BloodPressure(BloodPressure {
            systolic: 142.0,
            diastolic: 88.0,
            pulse: Some(71.0),
        }),
        measured_at: at("2026-04-10T07:45:00+02:00"),
    };
    let m = record
        .add(reading.clone(), provenance, TimeRules::default())
        .unwrap();
    assert_eq!(m.provenance.entered_by, carer);
    assert_eq!(m.provenance.device.as_deref(), Some("Omron M3"));
    assert_eq!(m.provenance.entered_at, at(NOW));
    assert_eq!(m.reading.measured_at, at("2026-04-10T05:45:00Z"));
    assert_eq!(m.status, Status::Final);
    // It survives a round trip through JSON unchanged.
    let json = serde_json::to_string(&record).unwrap();
    assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
}

#[test]
fn a_measurement_may_be_backdated_within_the_limit_but_not_beyond() {
    let rules = TimeRules::default();
    assert_eq!(rules.max_backdate_days, 31);
    let mut record = Record::new();
    let patient = || by(EnteredBy::Patient, NOW);
    // 31 days back to the minute is allowed; a minute more is not.
    record
        .add(
            weight("a", "2026-03-10T09:00:00+01:00", 80.0),
            patient(),
            rules,
        )
        .unwrap();
    let err = record
        .add(
            weight("b", "2026-03-10T08:59:00+01:00", 80.0),
            patient(),
            rules,
        )
        .unwrap_err();
    assert_eq!(err, EntryError::TooLongAgo { max_days: 31 });
    assert!(err.message(Lang::Nl).contains("31 dagen"));
    let strict = TimeRules {
        max_backdate_days: 7,
        ..rules
    };
    let err = record
        .add(
            weight("c", "2026-04-01T09:00:00+02:00", 80.0),
            patient(),
            strict,
        )
        .unwrap_err();
    assert_eq!(err, EntryError::TooLongAgo { max_days: 7 });
}

#[test]
fn a_measurement_is_never_in_the_future_beyond_the_clock_tolerance() {
    let mut record = Record::new();
    let rules = TimeRules::default();
    let patient = || by(EnteredBy::Patient, NOW);
    record
        .add(
            weight("a", "2026-04-10T09:05:00+02:00", 80.0),
            patient(),
            rules,
        )
        .unwrap();
    let err = record
        .add(
            weight("b", "2026-04-10T09:06:00+02:00", 80.0),
            patient(),
            rules,
        )
        .unwrap_err();
    assert_eq!(err, EntryError::InFuture);
    assert_eq!(
        err.message(Lang::En),
        "This time is in the future. Enter when you took the measurement."
    );
}

#[test]
fn bad_values_ids_and_notes_are_refused_and_nothing_is_stored() {
    let mut record = Record::new();
    let rules = TimeRules::default();
    let patient = || by(EnteredBy::Patient, NOW);
    let err = record
        .add(weight("a", NOW, 400.0), patient(), rules)
        .unwrap_err();
    let EntryError::Value { errors } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(errors[0].problem, Problem::AboveMax { max: 350.0 });
    assert_eq!(
        err.message(Lang::Nl),
        "Vul een waarde in van 350 kg of minder."
    );
    let err = record
        .add(weight("no spaces", NOW, 80.0), patient(), rules)
        .unwrap_err();
    assert!(matches!(err, EntryError::InvalidId { .. }));
    let long = Provenance {
        device: Some("x".repeat(201)),
        ..patient()
    };
    assert_eq!(
        record.add(weight("b", NOW, 80.0), long, rules).unwrap_err(),
        EntryError::NoteTooLong
    );
    assert!(record.versions().is_empty());
    record
        .add(weight("c", NOW, 80.0), patient(), rules)
        .unwrap();
    let err = record
        .add(weight("c", NOW, 81.0), patient(), rules)
        .unwrap_err();
    assert!(matches!(err, EntryError::DuplicateId { .. }));
    assert_eq!(record.versions().len(), 1);
}

#[test]
fn a_correction_adds_a_version_and_keeps_the_original() {
    let mut record = Record::new();
    let rules = TimeRules::default();
    record
        .add(
            weight("w1", "2026-04-10T08:00:00+02:00", 18.0 + 62.0),
            by(EnteredBy::Patient, NOW),
            rules,
        )
        .unwrap();
    let nurse = EnteredBy::Professional {
        practitioner: "nurse-2".into(),
    };
    let later = "2026-04-10T11:00:00+02:00";
    // Typed 80.0 but the scale said 86.0.
    let err = record
        .correct(
            "w1",
            weight("w2", "2026-04-10T08:00:00+02:00", 86.0),
            by(nurse.clone(), later),
            "  ",
            rules,
        )
        .unwrap_err();
    assert_eq!(err, EntryError::ReasonRequired);
    let corrected = record
        .correct(
            "w1",
            weight("w2", "2026-04-10T08:00:00+02:00", 86.0),
            by(nurse.clone(), later),
            "overgetypt van de weegschaal",
            rules,
        )
        .unwrap();
    assert_eq!(corrected.status, Status::Corrected);
    assert_eq!(corrected.replaces.as_deref(), Some("w1"));
    assert_eq!(record.versions().len(), 2);
    assert_eq!(
        record.versions()[0].reading.value,
        Value::Single(80.0),
        "original kept"
    );
    let current: Vec<&str> = record.current().map(|m| m.reading.id.as_str()).collect();
    assert_eq!(current, vec!["w2"]);
    let history: Vec<&str> = record
        .history("w2")
        .iter()
        .map(|m| m.reading.id.as_str())
        .collect();
    assert_eq!(history, vec!["w1", "w2"]);
    assert_eq!(record.history("w1").len(), 2);
    // The replaced version cannot be corrected again; the current one can.
    let err = record
        .correct(
            "w1",
            weight("w3", NOW, 85.0),
            by(nurse.clone(), later),
            "again",
            rules,
        )
        .unwrap_err();
    assert_eq!(err, EntryError::NotCurrent { id: "w1".into() });
    let err = record
        .correct(
            "w2",
            Reading {
                kind: Kind::Glucose,
                ..weight("w3", NOW, 8.0)
            },
            by(nurse, later),
            "wrong kind",
            rules,
        )
        .unwrap_err();
    assert_eq!(err, EntryError::KindChanged);
}

#[test]
fn a_late_correction_of_an_old_reading_is_allowed() {
    let mut record = Record::new();
    let rules = TimeRules::default();
    record
        .add(
            weight("w1", "2026-03-01T08:00:00+01:00", 80.0),
            by(EnteredBy::Patient, "2026-03-01T09:00:00+01:00"),
            rules,
        )
        .unwrap();
    // Two months later a nurse corrects it; the limit counts from the original entry.
    record
        .correct(
            "w1",
            weight("w2", "2026-03-01T08:00:00+01:00", 81.0),
            by(
                EnteredBy::Professional {
                    practitioner: "n".into(),
                },
                "2026-05-01T09:00:00+02:00",
            ),
            "typo",
            rules,
        )
        .unwrap();
    assert_eq!(record.current_readings()[0].value, Value::Single(81.0));
}

#[test]
fn a_withdrawn_measurement_no_longer_counts_but_stays_in_the_record() {
    let mut record = Record::new();
    let rules = TimeRules::default();
    record
        .add(weight("w1", NOW, 80.0), by(EnteredBy::Patient, NOW), rules)
        .unwrap();
    record
        .add(weight("w2", NOW, 81.0), by(EnteredBy::Patient, NOW), rules)
        .unwrap();
    let withdrawn = record
        .withdraw(
            "w1",
            "w1-x",
            by(EnteredBy::Patient, NOW),
            "per ongeluk ingevuld",
        )
        .unwrap();
    assert_eq!(withdrawn.status, Status::EnteredInError);
    assert_eq!(withdrawn.reading.value, Value::Single(80.0));
    let current: Vec<&str> = record.current().map(|m| m.reading.id.as_str()).collect();
    assert_eq!(current, vec!["w2"]);
    assert_eq!(record.versions().len(), 3);
    let err = record
        .withdraw("w1", "w1-y", by(EnteredBy::Patient, NOW), "again")
        .unwrap_err();
    assert_eq!(err, EntryError::NotCurrent { id: "w1".into() });
    let err = record
        .withdraw("nope", "z", by(EnteredBy::Patient, NOW), "x")
        .unwrap_err();
    assert_eq!(err, EntryError::UnknownId { id: "nope".into() });
}

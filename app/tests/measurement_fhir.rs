//! Exported measurement Observations are valid FHIR R4 (checked by the independent
//! `fhir.resources` validator with the vital-signs profile rules) and carry the codes, units,
//! components, performer and protocol links of MEASUREMENTS.md.

use app::measurements::evaluate::{evaluate, Outcome};
use app::measurements::fhir;
use app::measurements::kind::{BloodPressure, Kind, Value};
use app::measurements::protocol::Protocol;
use app::measurements::reading::{EnteredBy, Provenance, Reading, Record, TimeRules};
use app::measurements::thresholds::Thresholds;
use jiff::Timestamp;
use serde_json::Value as Json;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

const NOW: &str = "2026-03-09T12:00:00+01:00";

fn provenance(entered_by: EnteredBy) -> Provenance {
    Provenance {
        entered_at: at(NOW),
        entered_by,
        device: Some("Omron M3".into()),
        method: Some("linkerarm, zittend".into()),
    }
}

/// One measurement of every single-value kind, in range.
fn sample_value(kind: Kind) -> f64 {
    let info = kind.info();
    let mid = (info.min + info.max) / 2.0;
    (mid * 10f64.powi(i32::from(info.decimals))).round() / 10f64.powi(i32::from(info.decimals))
}

fn record() -> Record {
    let mut record = Record::new();
    let rules = TimeRules::default();
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        let value = match kind {
            Kind::BloodPressure => Value::BloodPressure(BloodPressure {
                systolic: 142.0,
                diastolic: 88.0,
                pulse: Some(71.0),
            }),
            _ => Value::Single(sample_value(kind)),
        };
        let reading = Reading {
            id: format!("m{i}"),
            kind,
            value,
            measured_at: at("2026-03-09T07:30:00+01:00"),
        };
        let by = match i % 3 {
            0 => EnteredBy::Patient,
            1 => EnteredBy::Carer {
                person: "carer-1".into(),
                mandate: "mandate-1".into(),
            },
            _ => EnteredBy::Professional {
                practitioner: "nurse-1".into(),
            },
        };
        record.add(reading, provenance(by), rules).unwrap();
    }
    let fix = Reading {
        id: "m4-fix".into(),
        ..record.versions()[4].reading.clone()
    };
    record
        .correct(
            "m4",
            fix,
            provenance(EnteredBy::Patient),
            "verkeerd overgenomen",
            rules,
        )
        .unwrap();
    record
        .withdraw("m5", "m5-x", provenance(EnteredBy::Patient), "per ongeluk")
        .unwrap();
    record
}

fn all_observations(record: &Record) -> Vec<Json> {
    record
        .versions()
        .iter()
        .flat_map(|m| fhir::observations(m, "patient-1"))
        .collect()
}

fn named(resources: &[Json]) -> Vec<(String, Json)> {
    resources
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

fn find<'a>(resources: &'a [Json], id: &str) -> &'a Json {
    resources.iter().find(|r| r["id"] == id).unwrap()
}

#[test]
fn every_kind_exports_as_a_valid_observation() {
    let resources = all_observations(&record());
    // 14 kinds, the pulse beside the blood pressure, a correction and a withdrawal.
    assert_eq!(resources.len(), 17);
    fhir_validator::assert_valid(&named(&resources));
}

#[test]
fn observations_carry_loinc_ucum_category_time_and_performer() {
    let resources = all_observations(&record());
    let weight = find(&resources, "m4");
    assert_eq!(weight["code"]["coding"][0]["system"], "http://loinc.org");
    assert_eq!(weight["code"]["coding"][0]["code"], "29463-7");
    assert_eq!(
        weight["valueQuantity"]["system"],
        "http://unitsofmeasure.org"
    );
    assert_eq!(weight["valueQuantity"]["code"], "kg");
    assert_eq!(weight["category"][0]["coding"][0]["code"], "vital-signs");
    assert_eq!(weight["effectiveDateTime"], "2026-03-09T07:30:00+01:00");
    assert_eq!(weight["issued"], "2026-03-09T11:00:00Z");
    assert_eq!(weight["subject"]["reference"], "Patient/patient-1");
    assert_eq!(weight["performer"][0]["reference"], "RelatedPerson/carer-1");
    assert_eq!(weight["device"]["display"], "Omron M3");
    let glucose = find(&resources, "m6");
    assert_eq!(glucose["category"][0]["coding"][0]["code"], "laboratory");
    assert_eq!(glucose["valueQuantity"]["code"], "mmol/L");
    let saturation = find(&resources, "m7");
    let codes: Vec<&str> = saturation["code"]["coding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["59408-5", "2708-6"]);
    let steps = find(&resources, "m12");
    assert_eq!(
        steps["valueQuantity"]["value"], 50000,
        "whole numbers stay whole"
    );
    assert_eq!(
        find(&resources, "m2")["performer"][0]["reference"],
        "Practitioner/nurse-1"
    );
}

#[test]
fn blood_pressure_is_a_panel_with_components_and_the_pulse_its_own_observation() {
    let resources = all_observations(&record());
    let panel = find(&resources, "m0");
    assert_eq!(panel["code"]["coding"][0]["code"], "85354-9");
    assert_eq!(
        panel["meta"]["profile"][0],
        "http://hl7.org/fhir/StructureDefinition/bp"
    );
    let parts: Vec<(&str, i64)> = panel["component"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"]["coding"][0]["code"].as_str().unwrap(),
                c["valueQuantity"]["value"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(parts, vec![("8480-6", 142), ("8462-4", 88)]);
    assert!(panel.get("valueQuantity").is_none());
    let pulse = find(&resources, "m0-pulse");
    assert_eq!(pulse["code"]["coding"][0]["code"], "8867-4");
    assert_eq!(pulse["valueQuantity"]["value"], 71);
    assert_eq!(pulse["effectiveDateTime"], panel["effectiveDateTime"]);
}

#[test]
fn corrections_and_withdrawals_keep_the_original_and_say_so() {
    let resources = all_observations(&record());
    assert_eq!(find(&resources, "m4")["status"], "final");
    let fix = find(&resources, "m4-fix");
    assert_eq!(fix["status"], "corrected");
    assert_eq!(fix["note"][0]["text"], "verkeerd overgenomen");
    assert_eq!(find(&resources, "m5-x")["status"], "entered-in-error");
}

fn week_readings() -> Vec<Reading> {
    let mut readings = Vec::new();
    for day in 2..=8 {
        for (n, time, s, d) in [
            (1, "07:30", 140, 90),
            (2, "07:31", 136, 86),
            (3, "21:00", 132, 84),
            (4, "21:01", 130, 80),
        ] {
            readings.push(Reading {
                id: format!("bp-{day}-{n}"),
                kind: Kind::BloodPressure,
                value: Value::BloodPressure(BloodPressure {
                    systolic: f64::from(s),
                    diastolic: f64::from(d),
                    pulse: None,
                }),
                measured_at: at(&format!("2026-03-{day:02}T{time}:00+01:00")),
            });
        }
    }
    readings
}

#[test]
fn a_protocol_mean_is_an_observation_with_a_period_derived_from_the_readings() {
    let protocol: Protocol =
        serde_json::from_str(r#"{"type": "blood-pressure-week", "start": "2026-03-02"}"#).unwrap();
    let readings = week_readings();
    let e = evaluate(&protocol, &readings, at(NOW), &Thresholds::default());
    let Some(Outcome::BloodPressureMean(mean)) = &e.result else {
        panic!("{:?}", e.result)
    };
    let o = fhir::blood_pressure_mean(mean, "bp-week-mean", "patient-1");
    // (140 + 136 + 132 + 130) / 4 = 134.5 and (90 + 86 + 84 + 80) / 4 = 85.0: high.
    assert_eq!(o["component"][0]["valueQuantity"]["value"], 134.5);
    assert_eq!(o["component"][1]["valueQuantity"]["value"], 85.0);
    assert_eq!(o["interpretation"][0]["coding"][0]["code"], "H");
    assert_eq!(o["effectivePeriod"]["start"], "2026-03-03T07:30:00+01:00");
    assert_eq!(o["effectivePeriod"]["end"], "2026-03-08T21:01:00+01:00");
    let derived: Vec<&str> = o["derivedFrom"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(derived.len(), 24);
    assert_eq!(derived[0], "Observation/bp-3-1");
    assert!(
        derived.iter().all(|r| !r.starts_with("Observation/bp-2-")),
        "day 1 is left out"
    );

    let steps: Protocol = serde_json::from_str(
        r#"{"type": "free-series", "kind": "body-temperature", "start": "2026-03-02", "end": "2026-03-08"}"#,
    )
    .unwrap();
    let temps: Vec<Reading> = (2..=8)
        .map(|day| Reading {
            id: format!("t{day}"),
            kind: Kind::BodyTemperature,
            value: Value::Single(36.5 + f64::from(day) / 10.0),
            measured_at: at(&format!("2026-03-{day:02}T08:00:00+01:00")),
        })
        .collect();
    let e2 = evaluate(&steps, &temps, at(NOW), &Thresholds::default());
    let Some(Outcome::Series(summary)) = &e2.result else {
        panic!()
    };
    let series = fhir::series_mean(Kind::BodyTemperature, summary, "temp-mean", "patient-1");
    assert_eq!(series["valueQuantity"]["value"], 37.0);
    fhir_validator::assert_valid(&[("bp-week-mean".into(), o), ("temp-mean".into(), series)]);
}

#[test]
fn the_validator_rejects_a_blood_pressure_without_its_components() {
    let resources = all_observations(&record());
    let mut broken = find(&resources, "m0").clone();
    broken["component"].as_array_mut().unwrap().remove(1);
    let mut bad_unit = find(&resources, "m4").clone();
    bad_unit["valueQuantity"]["code"] = "[lb_av]".into();
    let (ok, report) =
        fhir_validator::validate(&[("no-diastolic".into(), broken), ("pounds".into(), bad_unit)]);
    assert!(!ok);
    assert_eq!(
        report.lines().filter(|l| l.starts_with("INVALID ")).count(),
        2,
        "{report}"
    );
}

#[path = "fhir/validator.rs"]
mod fhir_validator;

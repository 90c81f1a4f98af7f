//! Exported FHIR resources pass an independent FHIR R4 validator (the `fhir.resources`
//! Python package, installed by `.ci/setup.sh`), not only our own structs.

use app::questionnaires::{fhir, library};

#[test]
fn every_exported_instrument_is_a_valid_r4_questionnaire() {
    let resources: Vec<(String, serde_json::Value)> = library::builtin()
        .iter()
        .map(|d| (d.id.clone(), fhir::export(d)))
        .collect();
    fhir_validator::assert_valid(&resources);
}

#[test]
fn the_validator_rejects_what_r4_forbids() {
    // Proves the validator can fail: an unknown element, and an item type R4 does not have.
    let mut broken = fhir::export(&library::builtin()[0]);
    broken["colour"] = "blue".into();
    let mut bad_type = fhir::export(&library::builtin()[0]);
    bad_type["item"][0]["type"] = "slider".into();
    let (ok, report) = fhir_validator::validate(&[
        ("unknown-element".into(), broken),
        ("bad-type".into(), bad_type),
    ]);
    assert!(!ok);
    assert_eq!(
        report.lines().filter(|l| l.starts_with("INVALID ")).count(),
        2,
        "{report}"
    );
}

#[path = "fhir/validator.rs"]
mod fhir_validator;

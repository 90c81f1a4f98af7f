//! Exported FHIR resources pass an independent FHIR R4 validator (the `fhir.resources`
//! Python package, installed by `.ci/setup.sh`), not only our own structs.

use app::questionnaires::{fhir, library};
use std::path::PathBuf;
use std::process::Command;

/// The Python that has `fhir.resources`: `MEETPUNT_FHIR_PYTHON`, or the one setup installs.
fn validator_python() -> PathBuf {
    let python = std::env::var_os("MEETPUNT_FHIR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let tools = std::env::var_os("MEETPUNT_TOOLS_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/var/tmp/meetpunt-tools"));
            tools.join("fhir-venv/bin/python")
        });
    assert!(
        python.exists(),
        "{} not found: run .ci/setup.sh (it installs the FHIR validator)",
        python.display()
    );
    python
}

/// Writes each resource to a file and runs the validator over all of them.
fn validate(resources: &[(String, serde_json::Value)]) -> (bool, String) {
    let dir = tempfile_dir();
    let files: Vec<PathBuf> = resources
        .iter()
        .map(|(name, value)| {
            let path = dir.join(format!("{name}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
            path
        })
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fhir/validate_r4.py");
    let output = Command::new(validator_python())
        .arg(script)
        .args(&files)
        .output()
        .expect("run the FHIR validator");
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "meetpunt-fhir-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_exported_instrument_is_a_valid_r4_questionnaire() {
    let resources: Vec<(String, serde_json::Value)> = library::builtin()
        .iter()
        .map(|d| (d.id.clone(), fhir::export(d)))
        .collect();
    let (ok, report) = validate(&resources);
    assert!(ok, "{report}");
    assert_eq!(
        report.lines().filter(|l| l.starts_with("valid ")).count(),
        resources.len(),
        "{report}"
    );
}

#[test]
fn the_validator_rejects_what_r4_forbids() {
    // Proves the validator can fail: an unknown element, and an item type R4 does not have.
    let mut broken = fhir::export(&library::builtin()[0]);
    broken["colour"] = "blue".into();
    let mut bad_type = fhir::export(&library::builtin()[0]);
    bad_type["item"][0]["type"] = "slider".into();
    let (ok, report) = validate(&[
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

//! Runs the independent FHIR R4 validator (`validate_r4.py`, the `fhir.resources` package
//! installed by `.ci/setup.sh`) over resources written to temporary files.

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
pub fn validate(resources: &[(String, serde_json::Value)]) -> (bool, String) {
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

/// Asserts that every resource is valid, and that the validator said so for each one.
pub fn assert_valid(resources: &[(String, serde_json::Value)]) {
    let (ok, report) = validate(resources);
    assert!(ok, "{report}");
    let valid = report.lines().filter(|l| l.starts_with("valid ")).count();
    assert_eq!(valid, resources.len(), "{report}");
}

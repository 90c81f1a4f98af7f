//! docs/measurements.md matches the code: every kind with its codes and unit, every threshold
//! with its default.

use app::measurements::kind::Kind;
use app::measurements::thresholds::Thresholds;

fn doc() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/measurements.md");
    std::fs::read_to_string(path).expect("docs/measurements.md")
}

/// The table rows of the doc, split into trimmed cells.
fn rows(doc: &str) -> Vec<Vec<String>> {
    doc.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn every_kind_is_documented_with_its_loinc_code_and_unit() {
    let doc = doc();
    let rows = rows(&doc);
    for kind in Kind::ALL {
        let info = kind.info();
        let row = rows
            .iter()
            .find(|r| r[0] == format!("`{}`", kind.id()))
            .unwrap_or_else(|| panic!("{} is not in docs/measurements.md", kind.id()));
        assert!(row[2].starts_with(info.loinc), "{}: {:?}", kind.id(), row);
        let unit = if info.ucum.is_empty() {
            "—"
        } else {
            info.ucum
        };
        assert_eq!(row[3], unit, "{}", kind.id());
    }
}

#[test]
fn every_threshold_is_documented_with_its_default() {
    let doc = doc();
    let rows = rows(&doc);
    let documented = Thresholds::documented();
    for (name, default, _) in &documented {
        let row = rows
            .iter()
            .find(|r| r[0] == format!("`{name}`"))
            .unwrap_or_else(|| panic!("threshold {name} is not in docs/measurements.md"));
        assert_eq!(&row[1], default, "default of {name}");
    }
    let in_doc = rows
        .iter()
        .filter(|r| r[0].ends_with("`") && r.len() == 3)
        .count();
    assert_eq!(in_doc, documented.len(), "no stale thresholds in the doc");
}

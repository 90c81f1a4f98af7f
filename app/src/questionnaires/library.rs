//! The instruments shipped with Meetpunt, as reviewed data files in `app/instruments/`.

use super::definition::Definition;

macro_rules! instruments {
    ($($name:literal),* $(,)?) => {
        &[$((concat!($name, ".json"), include_str!(concat!("../../instruments/", $name, ".json")))),*]
    };
}

/// The source text of every built-in instrument, by file name.
const FILES: &[(&str, &str)] = instruments![
    "4dkl",
    "consult-copd",
    "consult-cvrm",
    "consult-dm2",
    "gfi",
    "positieve-gezondheid",
    "positieve-gezondheid-kort",
    "valrisico",
];

/// Parses every built-in instrument.
///
/// # Panics
/// When a shipped file does not parse: a build that ships a broken file must fail its tests,
/// and this is checked by `every_shipped_instrument_parses` below.
pub fn builtin() -> Vec<Definition> {
    FILES
        .iter()
        .map(|(name, text)| {
            serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("built-in instrument {name} is invalid: {e}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_instrument_parses_and_passes_the_checks() {
        let all = builtin();
        assert_eq!(all.len(), FILES.len());
        for definition in &all {
            let problems = crate::questionnaires::check::check(definition);
            assert!(problems.is_empty(), "{}: {problems:?}", definition.id);
        }
    }

    /// `4` and `4.0` are the same weight; JSON values would call them different.
    fn numbers_as_floats(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
            Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_floats).collect()),
            Value::Object(o) => Value::Object(
                o.into_iter()
                    .map(|(k, v)| (k, numbers_as_floats(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    #[test]
    fn every_file_survives_a_round_trip_unchanged() {
        // A misspelt or unknown field would be dropped on the way and show up here.
        for (name, text) in FILES {
            let original = numbers_as_floats(serde_json::from_str(text).unwrap());
            let definition: Definition = serde_json::from_str(text).unwrap();
            let again = numbers_as_floats(serde_json::to_value(&definition).unwrap());
            assert_eq!(original, again, "{name} changes when read and written");
        }
    }

    #[test]
    fn every_file_in_the_folder_is_shipped() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instruments");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut shipped: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        shipped.sort();
        assert_eq!(on_disk, shipped);
    }

    #[test]
    fn file_names_match_ids_and_ids_are_unique() {
        let all = builtin();
        for ((name, _), def) in FILES.iter().zip(&all) {
            assert_eq!(*name, format!("{}.json", def.id));
        }
        let mut ids: Vec<_> = all.iter().map(|d| &d.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
    }
}

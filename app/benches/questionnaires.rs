//! Speed of the questionnaire core, for docs/BENCHMARKS.md:
//!   cargo bench -p app --features ssr --bench questionnaires
//! Goals (issue 3): scoring a complete 4DKL ≤ 20 µs; importing a 100-item Questionnaire ≤ 2 ms.

use app::questionnaires::answers::Answers;
use app::questionnaires::definition::{
    AnswerOption, AnswerValue, Definition, EnableWhen, Item, ItemKind, MissingRule, Operator,
    Scale, ScaleMethod, Text,
};
use app::questionnaires::json::Json;
use app::questionnaires::{fhir, library, scoring};
use common::measure;
use std::hint::black_box;

mod common;

fn text(s: &str) -> Text {
    Text {
        nl: s.into(),
        en: s.into(),
    }
}

/// A 100-question instrument with weights, conditions every tenth item and two scales.
fn hundred_items() -> Definition {
    let options: Vec<AnswerOption> = (0..5)
        .map(|w| AnswerOption {
            code: w.to_string(),
            text: text(&format!("optie {w}")),
            weight: Some(f64::from(w)),
        })
        .collect();
    let items: Vec<Item> = (1..=100)
        .map(|n| Item {
            link_id: format!("q{n}"),
            text: text(&format!(
                "Vraag {n} over hoe het met u gaat in de afgelopen week?"
            )),
            kind: ItemKind::Choice {
                options: options.clone(),
                multiple: false,
            },
            required: true,
            enable_when: if n % 10 == 0 {
                vec![EnableWhen {
                    question: format!("q{}", n - 1),
                    operator: Operator::Eq,
                    answer: AnswerValue::Text("2".into()),
                }]
            } else {
                vec![]
            },
            enable_behavior: Default::default(),
            items: vec![],
        })
        .collect();
    let scale = |id: &str, range: std::ops::RangeInclusive<u32>| Scale {
        id: id.into(),
        title: text(id),
        items: range.map(|n| format!("q{n}")).collect(),
        method: ScaleMethod::Sum,
        recode: vec![],
        item_recode: vec![],
        missing: MissingRule::AtLeast { min: 1 },
        bands: vec![],
    };
    Definition {
        id: "bench-100".into(),
        version: "1.0".into(),
        title: text("Benchmark"),
        description: None,
        source: "benchmark".into(),
        licence: text("-"),
        items,
        scales: vec![scale("a", 1..=50), scale("b", 51..=100)],
        settings: vec![],
    }
}

fn main() {
    let fourdkl = library::builtin()
        .into_iter()
        .find(|d| d.id == "4dkl")
        .unwrap();
    let answers: Answers = (1..=50)
        .map(|n| {
            (
                format!("4dkl-{n}"),
                vec![AnswerValue::Text((n % 5).to_string())],
            )
        })
        .collect();
    let settings = scoring::SettingValues::new();
    measure("score a complete 50-item 4DKL response", || {
        black_box(scoring::score(
            black_box(&fourdkl),
            black_box(&answers),
            &settings,
        ));
    });

    let hundred = hundred_items();
    let json = serde_json::to_string(&fhir::export(&hundred)).unwrap();
    assert_eq!(fhir::import_str(&json).unwrap(), hundred);
    println!("100-item Questionnaire JSON: {} KiB", json.len() / 1024);
    measure(
        "  of which: parse the JSON text into the light tree",
        || {
            black_box(Json::parse(black_box(&json)).unwrap());
        },
    );
    measure("  (for comparison: parse into serde_json::Value)", || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap());
    });
    let definition = fhir::import_str(&json).unwrap();
    measure("  of which: the definition checks", || {
        black_box(app::questionnaires::check::check(black_box(&definition)));
    });
    measure(
        "import a 100-item FHIR Questionnaire (parse JSON + map + check)",
        || {
            black_box(fhir::import_str(black_box(&json)).unwrap());
        },
    );
}

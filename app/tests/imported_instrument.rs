//! A TRAZAG-like instrument of our own, written as an organisation would deliver it (FHIR R4
//! JSON with weights, conditions and bands), behaves like a built-in one: it imports, scores,
//! round-trips, and its responses and scores export as valid FHIR.

use app::questionnaires::answers::Answers;
use app::questionnaires::definition::AnswerValue;
use app::questionnaires::response::{export_observations, export_response, ResponseMeta};
use app::questionnaires::scoring::{score, SettingValues};
use app::questionnaires::validate::{validate, Stage};
use app::questionnaires::{fhir, library};

fn imported() -> app::questionnaires::definition::Definition {
    let text = include_str!("fhir/trazag-like.json");
    fhir::import(&serde_json::from_str(text).unwrap()).expect("the test instrument imports")
}

fn code(c: &str) -> Vec<AnswerValue> {
    vec![AnswerValue::Text(c.into())]
}

fn answers(pairs: &[(&str, Vec<AnswerValue>)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn it_imports_with_its_metadata_translations_and_scoring() {
    let d = imported();
    assert_eq!(
        (d.id.as_str(), d.version.as_str()),
        ("startlijst-test", "2.1")
    );
    assert_eq!(
        d.title.en,
        "Start list for older people living at home (test version)"
    );
    assert_eq!(
        d.item("alone").unwrap().text.en,
        "Woont u alleen?",
        "no translation: Dutch"
    );
    assert!(d.source.starts_with("Test organisation"));
    assert_eq!(d.scales[0].bands.len(), 3);
    assert_eq!(d.question_count(), 7);
}

#[test]
fn it_survives_export_and_import_unchanged() {
    let d = imported();
    let again = fhir::import(&fhir::export(&d)).unwrap();
    assert_eq!(again, d);
}

#[test]
fn hidden_questions_do_not_count_and_conditions_with_any_open_them() {
    let d = imported();
    let base = [
        ("alone", vec![AnswerValue::Boolean(true)]),
        ("help", code("no")),     // 1
        ("health", code("fair")), // 1
        ("fallen", code("no")),   // 0; "injured" stays hidden
        ("injured", code("yes")), // hidden: must not count
    ];
    let result = score(&d, &answers(&base), &SettingValues::new());
    assert_eq!(result.scales[0].score, Some(2.0));
    assert_eq!(result.scales[0].band.as_ref().unwrap().code, "moderate");

    // Poor health opens "injured" even without a fall (enableBehavior any).
    let mut poor = base.to_vec();
    poor[2] = ("health", code("poor"));
    let result = score(&d, &answers(&poor), &SettingValues::new());
    assert_eq!(result.scales[0].score, Some(5.0)); // 1 + 2 + 0 + 2
    assert_eq!(result.scales[0].band.as_ref().unwrap().code, "high");

    // The organisation moves "high" up to 6.
    let settings = SettingValues::from([("high_from".to_string(), 6.0)]);
    let result = score(&d, &answers(&poor), &settings);
    assert_eq!(result.scales[0].band.as_ref().unwrap().code, "moderate");
}

#[test]
fn a_shown_question_left_open_makes_the_score_incomplete() {
    let d = imported();
    let open = answers(&[
        ("alone", vec![AnswerValue::Boolean(false)]),
        ("help", code("yes")),
        ("health", code("good")),
        ("fallen", code("yes")),
    ]);
    let checked = validate(&d, &open, Stage::Submit);
    assert!(!checked.is_complete());
    assert_eq!(checked.open_required, ["injured"]);
    assert_eq!(
        score(&d, &checked.answers, &SettingValues::new()).scales[0].score,
        None
    );
}

#[test]
fn responses_and_scores_export_as_valid_fhir() {
    let mut resources = Vec::new();
    let d = imported();
    let given = answers(&[
        ("alone", vec![AnswerValue::Boolean(true)]),
        ("help", code("yes")),
        ("hours", vec![AnswerValue::Integer(6)]),
        ("health", code("poor")),
        ("fallen", code("yes")),
        ("injured", code("no")),
        ("remarks", vec![AnswerValue::Text("Trap is lastig.".into())]),
    ]);
    let checked = validate(&d, &given, Stage::Submit);
    assert!(checked.is_complete(), "{:?}", checked.errors);
    let scoring = score(&d, &checked.answers, &SettingValues::new());
    let meta = ResponseMeta {
        id: "r1",
        authored: "2026-11-22T10:15:00+01:00",
        subject: Some("Patient/p1"),
        complete: true,
    };
    let response = export_response(&d, &checked.answers, &meta);
    let observations = export_observations(&d, &scoring, &meta);
    assert_eq!(response["status"], "completed");
    assert_eq!(
        response["questionnaire"],
        "urn:meetpunt:questionnaire:startlijst-test|2.1"
    );
    assert_eq!(observations.len(), 1);
    // help "yes" 0 + health "poor" 2 + fallen "yes" 1 + injured "no" 0 = 3: moderate (2–3).
    assert_eq!(observations[0]["valueQuantity"]["value"], 3.0);
    assert_eq!(
        observations[0]["interpretation"][0]["coding"][0]["code"],
        "moderate"
    );
    assert_eq!(
        observations[0]["derivedFrom"][0]["reference"],
        "QuestionnaireResponse/r1"
    );
    assert_eq!(
        observations[0]["category"][0]["coding"][0]["code"],
        "survey"
    );

    // The exported response reads back to the same answers.
    let parsed = app::questionnaires::response::parse(&response).unwrap();
    assert_eq!(parsed.answers, checked.answers);
    assert_eq!(parsed.version(), Some("2.1"));

    resources.push(("trazag-like-questionnaire".to_string(), fhir::export(&d)));
    resources.push(("trazag-like-response".to_string(), response));
    resources.extend(
        observations
            .into_iter()
            .enumerate()
            .map(|(i, o)| (format!("trazag-like-observation-{i}"), o)),
    );

    // A built-in instrument's response and scores, too.
    let gfi = library::builtin()
        .into_iter()
        .find(|d| d.id == "gfi")
        .unwrap();
    let gfi_answers: Answers = (1..=15)
        .map(|n| {
            (
                format!("gfi-{n}"),
                if n == 5 {
                    vec![AnswerValue::Integer(5)]
                } else {
                    code("no")
                },
            )
        })
        .collect();
    let gfi_scoring = score(&gfi, &gfi_answers, &SettingValues::new());
    let gfi_meta = ResponseMeta {
        id: "r2",
        authored: "2026-11-22",
        subject: None,
        complete: true,
    };
    resources.push((
        "gfi-response".into(),
        export_response(&gfi, &gfi_answers, &gfi_meta),
    ));
    for (i, o) in export_observations(&gfi, &gfi_scoring, &gfi_meta)
        .into_iter()
        .enumerate()
    {
        resources.push((format!("gfi-observation-{i}"), o));
    }
    fhir_validator::assert_valid(&resources);
}

#[path = "fhir/validator.rs"]
mod fhir_validator;

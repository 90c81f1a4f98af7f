//! Table tests for every built-in instrument: expected scores with where each comes from,
//! and a test at every cut-off (just below, at, just above).

use app::questionnaires::answers::Answers;
use app::questionnaires::definition::{AnswerValue, Definition, Severity};
use app::questionnaires::library;
use app::questionnaires::scoring::{score, ScaleScore, SettingValues};

fn instrument(id: &str) -> Definition {
    library::builtin()
        .into_iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("{id} is shipped"))
}

fn code(c: &str) -> Vec<AnswerValue> {
    vec![AnswerValue::Text(c.into())]
}

fn scale<'a>(result: &'a [ScaleScore], id: &str) -> &'a ScaleScore {
    result.iter().find(|s| s.scale == id).unwrap()
}

// ---------------------------------------------------------------------------------------
// GFI. Source for every expectation: the item table in INSTRUMENTS.md (Steverink/Slaets,
// scoring as in Bielderman 2013): items 1–4 score 1 for "no"; item 5 scores 1 for a mark
// 0–6; items 6–9 score 1 for "yes"; item 10 only for "yes"; items 11–15 for "yes" or
// "sometimes". Frail from 4 (developers' cut-off, a setting).

/// GFI answers that score `points` (0–15): the first `points` items in their scoring answer.
fn gfi_with(points: usize) -> Answers {
    let mut answers = Answers::new();
    for n in 1..=15 {
        let scoring = n <= points;
        let value = match n {
            1..=4 => code(if scoring { "no" } else { "yes" }),
            5 => vec![AnswerValue::Integer(if scoring { 6 } else { 7 })],
            6..=10 => code(if scoring { "yes" } else { "no" }),
            _ => code(if scoring { "sometimes" } else { "no" }),
        };
        answers.insert(format!("gfi-{n}"), value);
    }
    answers
}

fn gfi_total(answers: &Answers, settings: &SettingValues) -> ScaleScore {
    scale(
        &score(&instrument("gfi"), answers, settings).scales,
        "total",
    )
    .clone()
}

#[test]
fn gfi_all_independent_and_well_scores_zero() {
    let total = gfi_total(&gfi_with(0), &SettingValues::new());
    assert_eq!(total.score, Some(0.0));
    assert_eq!(total.band.unwrap().code, "not-frail");
    assert_eq!((total.min, total.max), (0.0, 15.0));
}

#[test]
fn gfi_every_item_scoring_gives_fifteen() {
    let total = gfi_total(&gfi_with(15), &SettingValues::new());
    assert_eq!(total.score, Some(15.0));
    assert_eq!(total.band.unwrap().severity, Severity::High);
}

#[test]
fn gfi_fitness_mark_six_scores_and_seven_does_not() {
    // Item 5: "mark 0–6 scores 1".
    let mut answers = gfi_with(0);
    answers.insert("gfi-5".into(), vec![AnswerValue::Integer(6)]);
    assert_eq!(gfi_total(&answers, &SettingValues::new()).score, Some(1.0));
    answers.insert("gfi-5".into(), vec![AnswerValue::Integer(0)]);
    assert_eq!(gfi_total(&answers, &SettingValues::new()).score, Some(1.0));
    answers.insert("gfi-5".into(), vec![AnswerValue::Integer(7)]);
    assert_eq!(gfi_total(&answers, &SettingValues::new()).score, Some(0.0));
    answers.insert("gfi-5".into(), vec![AnswerValue::Integer(10)]);
    assert_eq!(gfi_total(&answers, &SettingValues::new()).score, Some(0.0));
}

#[test]
fn gfi_memory_scores_only_for_yes_but_loneliness_also_for_sometimes() {
    // Item 10 "yes only"; items 11–15 "yes or sometimes".
    let mut answers = gfi_with(0);
    answers.insert("gfi-10".into(), code("sometimes"));
    assert_eq!(gfi_total(&answers, &SettingValues::new()).score, Some(0.0));
    answers.insert("gfi-11".into(), code("sometimes"));
    assert_eq!(gfi_total(&answers, &SettingValues::new()).score, Some(1.0));
}

#[test]
fn gfi_cut_off_boundary_at_the_default_of_four() {
    let band = |points| {
        gfi_total(&gfi_with(points), &SettingValues::new())
            .band
            .unwrap()
            .code
    };
    assert_eq!(band(3), "not-frail");
    assert_eq!(band(4), "frail");
    assert_eq!(band(5), "frail");
}

#[test]
fn gfi_cut_off_follows_the_organisation_setting() {
    // Some regional programmes use 5 (INSTRUMENTS.md).
    let settings = SettingValues::from([("frail_from".to_string(), 5.0)]);
    let band = |points| gfi_total(&gfi_with(points), &settings).band.unwrap().code;
    assert_eq!(band(4), "not-frail");
    assert_eq!(band(5), "frail");
    assert_eq!(band(6), "frail");
}

#[test]
fn gfi_with_one_item_missing_is_incomplete_not_a_lower_score() {
    let mut answers = gfi_with(15);
    answers.remove("gfi-3");
    let total = gfi_total(&answers, &SettingValues::new());
    assert_eq!(total.score, None);
    assert!(!total.complete);
    assert_eq!(total.band, None);
    assert_eq!((total.answered, total.shown), (14, 15));
}

// ---------------------------------------------------------------------------------------
// 4DKL. Source: INSTRUMENTS.md (Terluin 2006/2009): answers 0–4, 3 and 4 count as 2, sum per
// scale. Bands laag / matig verhoogd / sterk verhoogd: depression 0–2/3–5/≥6, anxiety
// 0–7/8–12/≥13, distress 0–10/11–20/≥21, somatisation 0–10/11–20/≥21 (the unverified
// boundaries are settings with these defaults).

const DISTRESS: [u32; 16] = [
    17, 19, 20, 22, 25, 26, 29, 31, 32, 36, 37, 38, 39, 41, 47, 48,
];
const DEPRESSION: [u32; 6] = [28, 30, 33, 34, 35, 46];
const ANXIETY: [u32; 12] = [18, 21, 23, 24, 27, 40, 42, 43, 44, 45, 49, 50];
const SOMATISATION: [u32; 16] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

/// All 50 items "nee" (0), then the given scale items set so the scale sums to `target`,
/// using "heel vaak" (4, counts 2) for whole pairs and "soms" (1) for an odd point.
fn fourdkl(targets: &[(&[u32], u32)]) -> Answers {
    let mut answers: Answers = (1..=50).map(|n| (format!("4dkl-{n}"), code("0"))).collect();
    for (items, target) in targets {
        let mut left = *target;
        for n in items.iter() {
            let answer = match left {
                0 => break,
                1 => "1",
                _ => "4",
            };
            left -= if answer == "1" { 1 } else { 2 };
            answers.insert(format!("4dkl-{n}"), code(answer));
        }
        assert_eq!(left, 0, "target {target} is above the scale's maximum");
    }
    answers
}

fn fourdkl_scale(answers: &Answers, id: &str) -> ScaleScore {
    scale(
        &score(&instrument("4dkl"), answers, &SettingValues::new()).scales,
        id,
    )
    .clone()
}

#[test]
fn fourdkl_every_item_belongs_to_exactly_one_scale() {
    let definition = instrument("4dkl");
    let mut all: Vec<String> = definition
        .scales
        .iter()
        .flat_map(|s| s.items.clone())
        .collect();
    assert_eq!(all.len(), 50);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 50);
    let counts: Vec<usize> = definition.scales.iter().map(|s| s.items.len()).collect();
    assert_eq!(counts, vec![16, 6, 12, 16]); // distress, depression, anxiety, somatisation
}

#[test]
fn fourdkl_published_sample_report() {
    // The sample report in INSTRUMENTS.md: Distress 15 matig verhoogd, Depressie 5 matig
    // verhoogd, Angst 5 laag, Somatisatie 2 laag.
    let answers = fourdkl(&[
        (&DISTRESS, 15),
        (&DEPRESSION, 5),
        (&ANXIETY, 5),
        (&SOMATISATION, 2),
    ]);
    for (id, expected, band) in [
        ("distress", 15.0, "moderate"),
        ("depression", 5.0, "moderate"),
        ("anxiety", 5.0, "low"),
        ("somatisation", 2.0, "low"),
    ] {
        let result = fourdkl_scale(&answers, id);
        assert_eq!(result.score, Some(expected), "{id}");
        assert_eq!(result.band.unwrap().code, band, "{id}");
    }
}

#[test]
fn fourdkl_often_and_very_often_count_as_two() {
    let mut answers = fourdkl(&[]);
    answers.insert("4dkl-28".into(), code("3"));
    answers.insert("4dkl-30".into(), code("4"));
    answers.insert("4dkl-33".into(), code("2"));
    assert_eq!(fourdkl_scale(&answers, "depression").score, Some(6.0));
}

#[test]
fn fourdkl_scale_ranges_follow_the_recoding() {
    let ranges: Vec<(String, f64, f64)> =
        score(&instrument("4dkl"), &fourdkl(&[]), &SettingValues::new())
            .scales
            .into_iter()
            .map(|s| (s.scale, s.min, s.max))
            .collect();
    assert_eq!(
        ranges,
        vec![
            ("distress".into(), 0.0, 32.0),
            ("depression".into(), 0.0, 12.0),
            ("anxiety".into(), 0.0, 24.0),
            ("somatisation".into(), 0.0, 32.0),
        ]
    );
}

/// A scale, its items, and (score, expected band) pairs.
type BoundaryCase = (&'static str, &'static [u32], &'static [(u32, &'static str)]);

#[test]
fn fourdkl_band_boundaries() {
    // (scale, items, [(score, band)]) just below, at and just above every boundary.
    let cases: [BoundaryCase; 4] = [
        (
            "depression",
            &DEPRESSION,
            &[
                (2, "low"),
                (3, "moderate"),
                (4, "moderate"),
                (5, "moderate"),
                (6, "high"),
                (7, "high"),
            ],
        ),
        (
            "anxiety",
            &ANXIETY,
            &[
                (7, "low"),
                (8, "moderate"),
                (9, "moderate"),
                (12, "moderate"),
                (13, "high"),
                (14, "high"),
            ],
        ),
        (
            "distress",
            &DISTRESS,
            &[
                (10, "low"),
                (11, "moderate"),
                (12, "moderate"),
                (20, "moderate"),
                (21, "high"),
                (22, "high"),
            ],
        ),
        (
            "somatisation",
            &SOMATISATION,
            &[
                (10, "low"),
                (11, "moderate"),
                (12, "moderate"),
                (20, "moderate"),
                (21, "high"),
                (22, "high"),
            ],
        ),
    ];
    for (id, items, expectations) in cases {
        for (target, band) in expectations {
            let answers = fourdkl(&[(items, *target)]);
            let result = fourdkl_scale(&answers, id);
            assert_eq!(result.score, Some(f64::from(*target)), "{id} {target}");
            assert_eq!(result.band.unwrap().code, *band, "{id} at {target}");
        }
    }
}

#[test]
fn fourdkl_unverified_boundaries_are_settings() {
    let definition = instrument("4dkl");
    let keys: Vec<&str> = definition.settings.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "distress_high_from",
            "somatisation_moderate_from",
            "somatisation_high_from"
        ]
    );
    let settings = SettingValues::from([("distress_high_from".to_string(), 25.0)]);
    let answers = fourdkl(&[(&DISTRESS, 22)]);
    let result = scale(&score(&definition, &answers, &settings).scales, "distress").clone();
    assert_eq!(result.band.unwrap().code, "moderate");
}

#[test]
fn fourdkl_a_missing_item_makes_only_its_scale_incomplete() {
    let mut answers = fourdkl(&[(&DEPRESSION, 4)]);
    answers.remove("4dkl-46");
    assert_eq!(fourdkl_scale(&answers, "depression").score, None);
    assert_eq!(fourdkl_scale(&answers, "anxiety").score, Some(0.0));
}

// ---------------------------------------------------------------------------------------
// Fall risk. Source: INSTRUMENTS.md (VeiligheidNL / World Falls Guidelines 2022): all three
// screening questions "no" → low; any "yes" shows the follow-up questions; any follow-up
// "yes" → high; otherwise a gait/balance test is needed (the portal cannot do it).

fn falls(screening: [&str; 3], follow_up: Option<[&str; 5]>) -> Answers {
    let mut answers = Answers::new();
    for (i, a) in screening.iter().enumerate() {
        answers.insert(format!("fall-{}", i + 1), code(a));
    }
    if let Some(follow_up) = follow_up {
        for (i, a) in follow_up.iter().enumerate() {
            answers.insert(format!("fall-{}", i + 4), code(a));
        }
    }
    answers
}

fn fall_risk(answers: &Answers) -> ScaleScore {
    scale(
        &score(&instrument("valrisico"), answers, &SettingValues::new()).scales,
        "risk",
    )
    .clone()
}

#[test]
fn falls_all_screening_no_is_low_without_follow_up_questions() {
    let result = fall_risk(&falls(["no", "no", "no"], None));
    assert_eq!(result.band.unwrap().code, "low");
    assert_eq!(result.shown, 3, "follow-up questions stay hidden");
}

#[test]
fn falls_answers_to_hidden_follow_up_questions_never_count() {
    let result = fall_risk(&falls(
        ["no", "no", "no"],
        Some(["yes", "yes", "yes", "yes", "yes"]),
    ));
    assert_eq!(result.band.unwrap().code, "low");
}

#[test]
fn falls_a_screening_yes_without_high_risk_features_needs_a_test() {
    for screening in [
        ["yes", "no", "no"],
        ["no", "yes", "no"],
        ["no", "no", "yes"],
    ] {
        let result = fall_risk(&falls(screening, Some(["no"; 5])));
        assert_eq!(result.band.unwrap().code, "test-needed", "{screening:?}");
    }
}

#[test]
fn falls_any_high_risk_feature_is_high() {
    for feature in 0..5 {
        let mut follow_up = ["no"; 5];
        follow_up[feature] = "yes";
        let result = fall_risk(&falls(["yes", "no", "no"], Some(follow_up)));
        assert_eq!(result.band.unwrap().code, "high", "feature {feature}");
    }
}

#[test]
fn falls_unanswered_follow_up_questions_leave_the_result_open() {
    let result = fall_risk(&falls(["yes", "no", "no"], None));
    assert_eq!(result.score, None);
    assert_eq!((result.answered, result.shown), (3, 8));
}

// ---------------------------------------------------------------------------------------
// Positieve Gezondheid. Source: INSTRUMENTS.md: six dimensions, 7 questions of 0–10 each in
// the full version; a dimension's score is the mean of its answered questions [unverified];
// no cut-offs (a conversation tool). Short version: one 0–10 mark per dimension.

const DIMENSIONS: [&str; 6] = [
    "lichaam",
    "mentaal",
    "zingeving",
    "kwaliteit",
    "meedoen",
    "dagelijks",
];

#[test]
fn positive_health_dimension_is_the_mean_of_the_answered_questions() {
    let mut answers = Answers::new();
    // Body functions: 8, 6 and 7 answered, four skipped → (8 + 6 + 7) / 3 = 7.
    for (i, mark) in [(1, 8), (3, 6), (7, 7)] {
        answers.insert(format!("ph-lichaam-{i}"), vec![AnswerValue::Integer(mark)]);
    }
    // Meaning: all seven answered 0..=6 → mean 3.
    for i in 1..=7 {
        answers.insert(
            format!("ph-zingeving-{i}"),
            vec![AnswerValue::Integer(i - 1)],
        );
    }
    let result = score(
        &instrument("positieve-gezondheid"),
        &answers,
        &SettingValues::new(),
    );
    assert_eq!(scale(&result.scales, "lichaam").score, Some(7.0));
    assert_eq!(scale(&result.scales, "zingeving").score, Some(3.0));
    let empty = scale(&result.scales, "mentaal");
    assert_eq!(
        empty.score, None,
        "a dimension without answers has no score, not 0"
    );
    for dimension in DIMENSIONS {
        let s = scale(&result.scales, dimension);
        assert!(s.band.is_none(), "no cut-offs");
        assert_eq!((s.min, s.max), (0.0, 10.0));
    }
}

#[test]
fn positive_health_has_seven_questions_per_dimension() {
    let definition = instrument("positieve-gezondheid");
    assert_eq!(definition.scales.len(), 6);
    for scale in &definition.scales {
        assert_eq!(scale.items.len(), 7, "{}", scale.id);
    }
    // 42 marks plus a "talk about this" question per dimension.
    assert_eq!(definition.question_count(), 48);
}

#[test]
fn positive_health_short_version_reports_each_mark() {
    let answers: Answers = DIMENSIONS
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("phs-{d}"), vec![AnswerValue::Integer(i as i64 + 4)]))
        .collect();
    let result = score(
        &instrument("positieve-gezondheid-kort"),
        &answers,
        &SettingValues::new(),
    );
    let scores: Vec<Option<f64>> = result.scales.iter().map(|s| s.score).collect();
    assert_eq!(scores, [4.0, 5.0, 6.0, 7.0, 8.0, 9.0].map(Some));
}

#[test]
fn consult_preparation_templates_have_no_scores_and_ask_the_shared_topics() {
    for id in ["consult-dm2", "consult-copd", "consult-cvrm"] {
        let definition = instrument(id);
        assert!(
            definition.scales.is_empty(),
            "{id}: answers are shown, not scored"
        );
        let prefix = id.trim_start_matches("consult-");
        for topic in [
            "wellbeing",
            "side-effects",
            "missed-doses",
            "smoking",
            "alcohol",
            "exercise",
            "goals",
            "questions",
            "measurements",
        ] {
            let link_id = format!("{prefix}-{topic}");
            assert!(definition.item(&link_id).is_some(), "{id} lacks {link_id}");
        }
    }
}

//! Checks a patient's answers against the definition before they are stored.
//!
//! Answers to items that are not shown are dropped (they were given before the patient
//! changed an earlier answer). A draft may leave required questions open; a submission may
//! not. Every problem is tied to one item, with a message in the patient's language.

use super::answers::{enabled_items, Answers};
use super::definition::{AnswerValue, Definition, ItemKind};
use super::text::{self, T};
use crate::ui::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Longest free-text answer accepted.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Whether the answers are kept as a draft or handed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Saved along the way: open required questions are fine.
    Draft,
    /// Handed in: every shown required question needs an answer.
    Submit,
}

/// What is wrong with one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// A required question has no answer.
    Required,
    /// No item has this `link_id`.
    UnknownItem,
    /// The item is a group or text and takes no answer.
    NoAnswerExpected,
    /// The value is of the wrong kind (text for a number, ...).
    WrongType,
    /// The option code is not one of the item's options.
    UnknownOption,
    /// Several values for an item that takes one.
    OneAnswerOnly,
    /// Below the item's minimum.
    BelowMin(f64),
    /// Above the item's maximum.
    AboveMax(f64),
    /// A decimal value for a whole-number item.
    NotWhole,
    /// Not a real calendar date in the form YYYY-MM-DD.
    InvalidDate,
    /// Free text longer than [`MAX_TEXT_CHARS`].
    TooLong,
}

/// A problem with the answer to one item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// The item.
    pub link_id: String,
    /// What is wrong.
    pub problem: Problem,
}

impl FieldError {
    /// The message shown next to the question.
    pub fn message(&self, lang: Lang) -> String {
        let number = |v: f64| lang.number(v);
        match &self.problem {
            Problem::Required => lang.t(T::FieldRequired).into(),
            Problem::UnknownItem => lang.t(T::FieldUnknown).into(),
            Problem::NoAnswerExpected => lang.t(T::FieldNoAnswer).into(),
            Problem::WrongType => lang.t(T::FieldWrongType).into(),
            Problem::UnknownOption => lang.t(T::FieldUnknownOption).into(),
            Problem::OneAnswerOnly => lang.t(T::FieldOneAnswer).into(),
            Problem::BelowMin(min) => text::field_below_min(lang, &number(*min)),
            Problem::AboveMax(max) => text::field_above_max(lang, &number(*max)),
            Problem::NotWhole => lang.t(T::FieldWholeNumber).into(),
            Problem::InvalidDate => lang.t(T::FieldDate).into(),
            Problem::TooLong => text::field_too_long(lang, MAX_TEXT_CHARS),
        }
    }
}

/// The outcome of validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The answers that may be stored: valid answers to shown items only.
    pub answers: Answers,
    /// Problems, in display order of the items.
    pub errors: Vec<FieldError>,
    /// Shown required questions still without an answer.
    pub open_required: Vec<String>,
}

impl Checked {
    /// Complete: nothing wrong and nothing required left open.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty() && self.open_required.is_empty()
    }
}

/// Validates answers for storing as a draft or as a submission.
pub fn validate(definition: &Definition, answers: &Answers, stage: Stage) -> Checked {
    let mut errors = Vec::new();
    let items = definition.all_items();
    let known: std::collections::BTreeSet<&str> =
        items.iter().map(|i| i.link_id.as_str()).collect();
    for link_id in answers.keys() {
        if !known.contains(link_id.as_str()) {
            errors.push(FieldError {
                link_id: link_id.clone(),
                problem: Problem::UnknownItem,
            });
        }
    }
    // Invalid values are set aside before deciding what is shown, so a bad answer never
    // opens a follow-up question.
    let mut valid = Answers::new();
    for item in &items {
        let Some(values) = answers.get(&item.link_id) else {
            continue;
        };
        if values.is_empty() {
            continue;
        }
        match check_values(&item.kind, values) {
            Ok(()) => {
                valid.insert(item.link_id.clone(), values.clone());
            }
            Err(problem) => errors.push(FieldError {
                link_id: item.link_id.clone(),
                problem,
            }),
        }
    }
    let shown = enabled_items(definition, &valid);
    valid.retain(|link_id, _| shown.contains(link_id.as_str()));
    errors.retain(|e| e.problem == Problem::UnknownItem || shown.contains(e.link_id.as_str()));

    let open_required: Vec<String> = definition
        .all_items()
        .into_iter()
        .filter(|item| {
            item.required && item.kind.takes_answer() && shown.contains(item.link_id.as_str())
        })
        .filter(|item| !valid.contains_key(&item.link_id))
        .map(|item| item.link_id.clone())
        .collect();
    if stage == Stage::Submit {
        for link_id in &open_required {
            if !errors.iter().any(|e| &e.link_id == link_id) {
                errors.push(FieldError {
                    link_id: link_id.clone(),
                    problem: Problem::Required,
                });
            }
        }
    }
    let order: Vec<String> = definition
        .all_items()
        .iter()
        .map(|i| i.link_id.clone())
        .collect();
    errors.sort_by_key(|e| {
        order
            .iter()
            .position(|id| id == &e.link_id)
            .unwrap_or(usize::MAX)
    });
    Checked {
        answers: valid,
        errors,
        open_required,
    }
}

fn check_values(kind: &ItemKind, values: &[AnswerValue]) -> Result<(), Problem> {
    let multiple = matches!(kind, ItemKind::Choice { multiple: true, .. });
    if values.len() > 1 && !multiple {
        return Err(Problem::OneAnswerOnly);
    }
    for value in values {
        check_value(kind, value)?;
    }
    Ok(())
}

fn check_value(kind: &ItemKind, value: &AnswerValue) -> Result<(), Problem> {
    let bounds = |v: f64, min: Option<f64>, max: Option<f64>| match (min, max) {
        (Some(lo), _) if v < lo => Err(Problem::BelowMin(lo)),
        (_, Some(hi)) if v > hi => Err(Problem::AboveMax(hi)),
        _ => Ok(()),
    };
    match (kind, value) {
        (ItemKind::Group | ItemKind::Display, _) => Err(Problem::NoAnswerExpected),
        (ItemKind::Boolean, AnswerValue::Boolean(_)) => Ok(()),
        (ItemKind::Choice { options, .. }, AnswerValue::Text(code)) => options
            .iter()
            .any(|o| &o.code == code)
            .then_some(())
            .ok_or(Problem::UnknownOption),
        (ItemKind::Integer { min, max }, AnswerValue::Integer(v)) => {
            bounds(*v as f64, min.map(|m| m as f64), max.map(|m| m as f64))
        }
        (ItemKind::Integer { .. }, AnswerValue::Decimal(_)) => Err(Problem::NotWhole),
        (ItemKind::Decimal { min, max }, AnswerValue::Decimal(v)) if v.is_finite() => {
            bounds(*v, *min, *max)
        }
        (ItemKind::Decimal { min, max }, AnswerValue::Integer(v)) => bounds(*v as f64, *min, *max),
        (ItemKind::Date, AnswerValue::Text(text)) => {
            is_date(text).then_some(()).ok_or(Problem::InvalidDate)
        }
        (ItemKind::Text, AnswerValue::Text(text)) => (text.chars().count() <= MAX_TEXT_CHARS)
            .then_some(())
            .ok_or(Problem::TooLong),
        _ => Err(Problem::WrongType),
    }
}

/// A real calendar date written as YYYY-MM-DD.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d) && y >= 1800
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaires::library;

    fn gfi() -> Definition {
        library::builtin()
            .into_iter()
            .find(|d| d.id == "gfi")
            .unwrap()
    }

    fn falls() -> Definition {
        library::builtin()
            .into_iter()
            .find(|d| d.id == "valrisico")
            .unwrap()
    }

    fn one(code: &str) -> Vec<AnswerValue> {
        vec![AnswerValue::Text(code.into())]
    }

    #[test]
    fn a_draft_may_leave_required_questions_open_but_is_incomplete() {
        let answers = Answers::from([("gfi-1".to_string(), one("yes"))]);
        let checked = validate(&gfi(), &answers, Stage::Draft);
        assert!(checked.errors.is_empty());
        assert_eq!(checked.open_required.len(), 14);
        assert!(!checked.is_complete());
    }

    #[test]
    fn a_submission_names_every_open_required_question() {
        let answers = Answers::from([("gfi-1".to_string(), one("yes"))]);
        let checked = validate(&gfi(), &answers, Stage::Submit);
        assert_eq!(checked.errors.len(), 14);
        assert_eq!(
            checked.errors[0],
            FieldError {
                link_id: "gfi-2".into(),
                problem: Problem::Required
            }
        );
        assert_eq!(
            checked.errors[0].message(Lang::Nl),
            "Beantwoord deze vraag."
        );
    }

    #[test]
    fn out_of_range_and_wrong_values_get_field_messages_in_both_languages() {
        let answers = Answers::from([
            ("gfi-5".to_string(), vec![AnswerValue::Integer(11)]),
            ("gfi-6".to_string(), one("maybe")),
            ("gfi-7".to_string(), vec![AnswerValue::Integer(1)]),
            ("nope".to_string(), one("yes")),
        ]);
        let checked = validate(&gfi(), &answers, Stage::Draft);
        let found: Vec<(&str, String, String)> = checked
            .errors
            .iter()
            .map(|e| (e.link_id.as_str(), e.message(Lang::Nl), e.message(Lang::En)))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "gfi-5",
                    "Vul een getal in van 10 of lager.".into(),
                    "Enter a number of 10 or less.".into()
                ),
                (
                    "gfi-6",
                    "Kies een van de antwoorden.".into(),
                    "Choose one of the answers.".into()
                ),
                (
                    "gfi-7",
                    "Dit antwoord past niet bij de vraag.".into(),
                    "This answer does not fit the question.".into()
                ),
                (
                    "nope",
                    "Deze vraag hoort niet bij deze vragenlijst.".into(),
                    "This question is not part of this questionnaire.".into()
                ),
            ]
        );
        assert!(checked.answers.is_empty(), "nothing invalid is kept");
    }

    #[test]
    fn answers_to_hidden_questions_are_dropped() {
        let mut answers: Answers = (1..=3).map(|n| (format!("fall-{n}"), one("no"))).collect();
        answers.insert("fall-4".into(), one("yes"));
        let checked = validate(&falls(), &answers, Stage::Submit);
        assert!(checked.is_complete(), "{:?}", checked.errors);
        assert!(!checked.answers.contains_key("fall-4"));
    }

    #[test]
    fn an_invalid_answer_never_opens_follow_up_questions() {
        let answers = Answers::from([("fall-1".to_string(), one("ja!"))]);
        let checked = validate(&falls(), &answers, Stage::Draft);
        assert_eq!(checked.open_required, ["fall-1", "fall-2", "fall-3"]);
    }

    #[test]
    fn a_single_choice_takes_one_answer() {
        let answers = Answers::from([(
            "gfi-1".to_string(),
            vec![
                AnswerValue::Text("yes".into()),
                AnswerValue::Text("no".into()),
            ],
        )]);
        let checked = validate(&gfi(), &answers, Stage::Draft);
        assert_eq!(checked.errors[0].problem, Problem::OneAnswerOnly);
    }

    #[test]
    fn dates_must_exist() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("31-12-2024"));
        assert!(!is_date("2024-1-01"));
    }

    #[test]
    fn dutch_messages_use_a_decimal_comma() {
        let e = FieldError {
            link_id: "x".into(),
            problem: Problem::AboveMax(7.5),
        };
        assert_eq!(e.message(Lang::Nl), "Vul een getal in van 7,5 of lager.");
        assert_eq!(e.message(Lang::En), "Enter a number of 7.5 or less.");
    }
}

//! A patient's answers, and which items are shown given those answers (`enableWhen`).

use super::definition::{AnswerValue, Definition, EnableBehavior, EnableWhen, Item, Operator};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Answers by item `link_id`; a multiple-choice item may hold several values.
pub type Answers = BTreeMap<String, Vec<AnswerValue>>;

/// The `link_id`s of every item that is shown for these answers.
///
/// An item is shown when its group is shown and its conditions hold. A condition only sees
/// answers to items that are themselves shown (FHIR R4: answers to disabled items do not
/// count). Conditions refer to earlier items (checked by [`super::check`]), so one pass in
/// display order is enough.
pub fn enabled_items<'a>(definition: &'a Definition, answers: &Answers) -> BTreeSet<&'a str> {
    fn walk<'a>(items: &'a [Item], answers: &Answers, enabled: &mut BTreeSet<&'a str>) {
        for item in items {
            if is_enabled(item, answers, enabled) {
                enabled.insert(item.link_id.as_str());
                walk(&item.items, answers, enabled);
            }
        }
    }
    let mut enabled = BTreeSet::new();
    walk(&definition.items, answers, &mut enabled);
    enabled
}

fn is_enabled(item: &Item, answers: &Answers, enabled: &BTreeSet<&str>) -> bool {
    if item.enable_when.is_empty() {
        return true;
    }
    let mut results = item
        .enable_when
        .iter()
        .map(|condition| holds(condition, answers, enabled));
    match item.enable_behavior {
        EnableBehavior::All => results.all(|r| r),
        EnableBehavior::Any => results.any(|r| r),
    }
}

fn holds(condition: &EnableWhen, answers: &Answers, enabled: &BTreeSet<&str>) -> bool {
    let given: &[AnswerValue] = if enabled.contains(condition.question.as_str()) {
        answers
            .get(&condition.question)
            .map(Vec::as_slice)
            .unwrap_or_default()
    } else {
        &[]
    };
    if condition.operator == Operator::Exists {
        let wanted = matches!(condition.answer, AnswerValue::Boolean(true));
        return given.is_empty() != wanted;
    }
    // Without an answer every comparison is false, `!=` included (FHIR R4 enableWhen).
    given
        .iter()
        .any(|value| compare(condition.operator, value, &condition.answer))
}

/// Compares an answer with a condition's value; values of different kinds never match.
fn compare(operator: Operator, value: &AnswerValue, target: &AnswerValue) -> bool {
    let ordering = match (value, target) {
        (AnswerValue::Boolean(a), AnswerValue::Boolean(b)) => Some(a.cmp(b)),
        (AnswerValue::Text(a), AnswerValue::Text(b)) => Some(a.as_str().cmp(b.as_str())),
        _ => match (number(value), number(target)) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => None,
        },
    };
    let Some(ordering) = ordering else {
        return false;
    };
    match operator {
        Operator::Eq => ordering == Ordering::Equal,
        Operator::Ne => ordering != Ordering::Equal,
        Operator::Gt => ordering == Ordering::Greater,
        Operator::Lt => ordering == Ordering::Less,
        Operator::Ge => ordering != Ordering::Less,
        Operator::Le => ordering != Ordering::Greater,
        Operator::Exists => false,
    }
}

/// The numeric value of an integer or decimal answer.
pub fn number(value: &AnswerValue) -> Option<f64> {
    match value {
        AnswerValue::Integer(i) => Some(*i as f64),
        AnswerValue::Decimal(d) => Some(*d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// q1 (yes/no), q2 (0–10), then items shown under various conditions.
    fn definition() -> Definition {
        serde_json::from_value(serde_json::json!({
            "id": "t", "version": "1", "title": {"nl": "t", "en": "t"}, "source": "test",
            "licence": {"nl": "-", "en": "-"},
            "items": [
                {"link_id": "q1", "text": {"nl": "a", "en": "a"}, "type": "boolean"},
                {"link_id": "q2", "text": {"nl": "b", "en": "b"}, "type": "integer", "min": 0, "max": 10},
                {"link_id": "when-yes", "text": {"nl": "c", "en": "c"}, "type": "text",
                 "enable_when": [{"question": "q1", "operator": "=", "answer": true}]},
                {"link_id": "when-not-yes", "text": {"nl": "c", "en": "c"}, "type": "text",
                 "enable_when": [{"question": "q1", "operator": "!=", "answer": true}]},
                {"link_id": "high-and-yes", "text": {"nl": "d", "en": "d"}, "type": "text",
                 "enable_when": [{"question": "q1", "operator": "=", "answer": true},
                                 {"question": "q2", "operator": ">=", "answer": 7}]},
                {"link_id": "high-or-yes", "text": {"nl": "d", "en": "d"}, "type": "text",
                 "enable_behavior": "any",
                 "enable_when": [{"question": "q1", "operator": "=", "answer": true},
                                 {"question": "q2", "operator": ">=", "answer": 7}]},
                {"link_id": "q2-unanswered", "text": {"nl": "e", "en": "e"}, "type": "text",
                 "enable_when": [{"question": "q2", "operator": "exists", "answer": false}]},
                {"link_id": "chained", "text": {"nl": "f", "en": "f"}, "type": "text",
                 "enable_when": [{"question": "when-yes", "operator": "exists", "answer": true}]}
            ]
        }))
        .unwrap()
    }

    fn shown(answers: &[(&str, AnswerValue)]) -> Vec<String> {
        let answers: Answers = answers
            .iter()
            .map(|(k, v)| (k.to_string(), vec![v.clone()]))
            .collect();
        enabled_items(&definition(), &answers)
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn without_answers_only_unconditional_and_exists_false_items_show() {
        assert_eq!(shown(&[]), ["q1", "q2", "q2-unanswered"]);
    }

    #[test]
    fn not_equal_is_false_without_an_answer_and_true_for_another_answer() {
        assert!(!shown(&[]).contains(&"when-not-yes".to_string()));
        assert!(shown(&[("q1", AnswerValue::Boolean(false))]).contains(&"when-not-yes".to_string()));
    }

    #[test]
    fn all_needs_every_condition_and_any_needs_one() {
        let yes_low = shown(&[
            ("q1", AnswerValue::Boolean(true)),
            ("q2", AnswerValue::Integer(6)),
        ]);
        assert!(!yes_low.contains(&"high-and-yes".to_string()));
        assert!(yes_low.contains(&"high-or-yes".to_string()));
        let yes_high = shown(&[
            ("q1", AnswerValue::Boolean(true)),
            ("q2", AnswerValue::Integer(7)),
        ]);
        assert!(yes_high.contains(&"high-and-yes".to_string()));
        let no_high = shown(&[
            ("q1", AnswerValue::Boolean(false)),
            ("q2", AnswerValue::Integer(7)),
        ]);
        assert!(no_high.contains(&"high-or-yes".to_string()));
        assert!(!no_high.contains(&"high-and-yes".to_string()));
    }

    #[test]
    fn integers_and_decimals_compare_as_numbers() {
        let decimal = shown(&[
            ("q1", AnswerValue::Boolean(true)),
            ("q2", AnswerValue::Decimal(7.0)),
        ]);
        assert!(decimal.contains(&"high-and-yes".to_string()));
    }

    #[test]
    fn an_answer_to_a_hidden_item_does_not_enable_others() {
        let answers = [
            ("q1", AnswerValue::Boolean(false)),
            ("when-yes", AnswerValue::Text("left over".into())),
        ];
        assert!(!shown(&answers).contains(&"chained".to_string()));
        let answers = [
            ("q1", AnswerValue::Boolean(true)),
            ("when-yes", AnswerValue::Text("given".into())),
        ];
        assert!(shown(&answers).contains(&"chained".to_string()));
    }
}

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
pub fn enabled_items(definition: &Definition, answers: &Answers) -> BTreeSet<String> {
    fn walk(items: &[Item], answers: &Answers, enabled: &mut BTreeSet<String>) {
        for item in items {
            if is_enabled(item, answers, enabled) {
                enabled.insert(item.link_id.clone());
                walk(&item.items, answers, enabled);
            }
        }
    }
    let mut enabled = BTreeSet::new();
    walk(&definition.items, answers, &mut enabled);
    enabled
}

fn is_enabled(item: &Item, answers: &Answers, enabled: &BTreeSet<String>) -> bool {
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

fn holds(condition: &EnableWhen, answers: &Answers, enabled: &BTreeSet<String>) -> bool {
    let given: &[AnswerValue] = if enabled.contains(&condition.question) {
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

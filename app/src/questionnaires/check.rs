//! Checks that a definition is consistent before it is stored or used.
//!
//! Every problem names the item (`link_id`) or scale it is about, so an organisation that
//! imports a questionnaire can fix its file.

use super::definition::{
    AnswerValue, Definition, Item, ItemKind, MissingRule, Operator, Threshold,
};
use std::collections::{BTreeSet, HashMap};

/// One thing wrong with a definition.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct DefinitionProblem {
    /// The `link_id`, scale id or field concerned.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

fn problem(location: impl Into<String>, message: impl Into<String>) -> DefinitionProblem {
    DefinitionProblem {
        location: location.into(),
        message: message.into(),
    }
}

/// Every problem found; empty when the definition can be used.
pub fn check(definition: &Definition) -> Vec<DefinitionProblem> {
    let mut problems = Vec::new();
    // The FHIR id rule, so every definition can be exported: [A-Za-z0-9\-\.]{1,64}.
    if definition.id.is_empty()
        || definition.id.len() > 64
        || !definition
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        problems.push(problem("id", "must be 1 to 64 letters, digits, '-' or '.'"));
    }
    if definition.version.trim().is_empty() {
        problems.push(problem("version", "is empty"));
    }
    let items = definition.all_items();
    let by_id: HashMap<&str, &Item> = items.iter().map(|i| (i.link_id.as_str(), *i)).collect();
    if !items.iter().any(|i| i.kind.takes_answer()) {
        problems.push(problem("items", "there is no question to answer"));
    }

    // Items, in display order: conditions may only look back.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for item in &items {
        let id = item.link_id.as_str();
        if id.trim().is_empty() {
            problems.push(problem("items", "an item has an empty link_id"));
        }
        if !seen.insert(id) {
            problems.push(problem(id, "link_id is used more than once"));
        }
        check_item(item, &by_id, &seen, &mut problems);
    }

    // Scales.
    let mut scale_ids = BTreeSet::new();
    for scale in &definition.scales {
        let at = format!("scale {}", scale.id);
        if !scale_ids.insert(scale.id.as_str()) {
            problems.push(problem(&at, "scale id is used more than once"));
        }
        if scale.items.is_empty() {
            problems.push(problem(&at, "has no items"));
        }
        for link_id in &scale.items {
            match by_id.get(link_id.as_str()) {
                None => problems.push(problem(&at, format!("item {link_id} does not exist"))),
                Some(item) if !scores(item) => problems.push(problem(
                    &at,
                    format!("item {link_id} cannot score (no weights, not yes/no, not a bounded number)"),
                )),
                Some(_) => {}
            }
        }
        for item_recode in &scale.item_recode {
            if !scale.items.contains(&item_recode.item) {
                problems.push(problem(
                    &at,
                    format!(
                        "recodes item {}, which is not in the scale",
                        item_recode.item
                    ),
                ));
            }
        }
        for rule in scale
            .recode
            .iter()
            .chain(scale.item_recode.iter().flat_map(|r| &r.recode))
        {
            if rule.min > rule.max {
                problems.push(problem(
                    &at,
                    format!("recode rule {}–{} is empty", rule.min, rule.max),
                ));
            }
        }
        if let MissingRule::AtLeast { min } = scale.missing {
            if min == 0 || min > scale.items.len() {
                problems.push(problem(
                    &at,
                    format!("needs at least {min} answers, which is impossible"),
                ));
            }
        }
        let mut previous = f64::NEG_INFINITY;
        let mut codes = BTreeSet::new();
        for band in &scale.bands {
            if !codes.insert(band.code.as_str()) {
                problems.push(problem(
                    &at,
                    format!("band code {} is used more than once", band.code),
                ));
            }
            let from = match &band.from {
                Threshold::Fixed(v) => *v,
                Threshold::Setting { setting } => {
                    match definition.settings.iter().find(|s| &s.key == setting) {
                        Some(s) => s.default,
                        None => {
                            problems.push(problem(
                                &at,
                                format!("band {} uses unknown setting {setting}", band.code),
                            ));
                            continue;
                        }
                    }
                }
            };
            if from <= previous {
                problems.push(problem(
                    &at,
                    format!("band {} does not start above the band before it", band.code),
                ));
            }
            previous = from;
        }
    }

    let mut setting_keys = BTreeSet::new();
    for setting in &definition.settings {
        if !setting_keys.insert(setting.key.as_str()) {
            problems.push(problem(
                format!("setting {}", setting.key),
                "key is used more than once",
            ));
        }
    }
    problems
}

fn scores(item: &Item) -> bool {
    match &item.kind {
        ItemKind::Choice { options, .. } => options.iter().any(|o| o.weight.is_some()),
        ItemKind::Boolean => true,
        ItemKind::Integer { min, max } => min.is_some() && max.is_some(),
        ItemKind::Decimal { min, max } => min.is_some() && max.is_some(),
        _ => false,
    }
}

fn check_item(
    item: &Item,
    by_id: &HashMap<&str, &Item>,
    earlier: &BTreeSet<&str>,
    problems: &mut Vec<DefinitionProblem>,
) {
    let id = item.link_id.as_str();
    match &item.kind {
        ItemKind::Display if !item.items.is_empty() => {
            problems.push(problem(id, "only groups can hold items"));
        }
        ItemKind::Group if item.items.is_empty() => {
            problems.push(problem(id, "group has no items"));
        }
        ItemKind::Display if item.required => {
            problems.push(problem(id, "display text cannot be required"));
        }
        ItemKind::Group | ItemKind::Display => {}
        _ if !item.items.is_empty() => {
            problems.push(problem(id, "only groups can hold items"));
        }
        ItemKind::Choice { options, .. } => {
            if options.is_empty() {
                problems.push(problem(id, "choice has no options"));
            }
            let mut codes = BTreeSet::new();
            for option in options {
                if !codes.insert(option.code.as_str()) {
                    problems.push(problem(
                        id,
                        format!("option code {} is used more than once", option.code),
                    ));
                }
            }
        }
        ItemKind::Integer {
            min: Some(lo),
            max: Some(hi),
        } if lo > hi => {
            problems.push(problem(id, "min is above max"));
        }
        ItemKind::Decimal {
            min: Some(lo),
            max: Some(hi),
        } if lo > hi => {
            problems.push(problem(id, "min is above max"));
        }
        _ => {}
    }
    for condition in &item.enable_when {
        let question = condition.question.as_str();
        // `earlier` already holds this item itself, so a self-reference is caught here too.
        if question == id || !earlier.contains(question) {
            problems.push(problem(
                id,
                format!("enableWhen refers to {question}, which is not an earlier item"),
            ));
            continue;
        }
        let Some(target) = by_id.get(question) else {
            continue;
        };
        let fits = match (&condition.operator, &condition.answer, &target.kind) {
            (Operator::Exists, AnswerValue::Boolean(_), _) => true,
            (Operator::Exists, _, _) => false,
            (Operator::Eq | Operator::Ne, AnswerValue::Boolean(_), ItemKind::Boolean) => true,
            (
                Operator::Eq | Operator::Ne,
                AnswerValue::Text(code),
                ItemKind::Choice { options, .. },
            ) => options.iter().any(|o| &o.code == code),
            (
                _,
                AnswerValue::Integer(_) | AnswerValue::Decimal(_),
                ItemKind::Integer { .. } | ItemKind::Decimal { .. },
            ) => true,
            (_, AnswerValue::Text(_), ItemKind::Date | ItemKind::Text) => true,
            _ => false,
        };
        if !fits {
            problems.push(problem(
                id,
                format!("enableWhen on {question} compares with a value that item cannot have"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(items: serde_json::Value, scales: serde_json::Value) -> Definition {
        serde_json::from_value(serde_json::json!({
            "id": "t", "version": "1", "title": {"nl": "t", "en": "t"}, "source": "test",
            "licence": {"nl": "-", "en": "-"}, "items": items, "scales": scales,
        }))
        .unwrap()
    }

    fn locations(definition: &Definition) -> Vec<String> {
        check(definition)
            .into_iter()
            .map(|p| format!("{}: {}", p.location, p.message))
            .collect()
    }

    fn yes_no(id: &str) -> serde_json::Value {
        serde_json::json!({"link_id": id, "text": {"nl": "x", "en": "x"}, "type": "choice",
            "options": [{"code": "yes", "text": {"nl": "ja", "en": "yes"}, "weight": 1},
                        {"code": "no", "text": {"nl": "nee", "en": "no"}, "weight": 0}]})
    }

    #[test]
    fn a_sound_definition_has_no_problems() {
        let d = with(
            serde_json::json!([yes_no("a"), yes_no("b")]),
            serde_json::json!([{"id": "s", "title": {"nl": "s", "en": "s"}, "items": ["a", "b"],
                "method": "sum", "missing": {"rule": "all-required"},
                "bands": [{"code": "low", "from": 0, "label": {"nl": "l", "en": "l"},
                           "interpretation": {"nl": "i", "en": "i"}, "severity": "normal"},
                          {"code": "high", "from": 2, "label": {"nl": "h", "en": "h"},
                           "interpretation": {"nl": "i", "en": "i"}, "severity": "high"}]}]),
        );
        assert_eq!(locations(&d), Vec::<String>::new());
    }

    #[test]
    fn duplicate_link_ids_are_named() {
        let d = with(
            serde_json::json!([yes_no("a"), yes_no("a")]),
            serde_json::json!([]),
        );
        assert_eq!(locations(&d), ["a: link_id is used more than once"]);
    }

    #[test]
    fn a_condition_on_a_later_or_unknown_item_is_refused() {
        let mut early = yes_no("a");
        early["enable_when"] =
            serde_json::json!([{"question": "b", "operator": "=", "answer": "yes"}]);
        let d = with(
            serde_json::json!([early, yes_no("b")]),
            serde_json::json!([]),
        );
        assert_eq!(
            locations(&d),
            ["a: enableWhen refers to b, which is not an earlier item"]
        );
    }

    #[test]
    fn a_condition_on_an_option_that_does_not_exist_is_refused() {
        let mut later = yes_no("b");
        later["enable_when"] =
            serde_json::json!([{"question": "a", "operator": "=", "answer": "maybe"}]);
        let d = with(
            serde_json::json!([yes_no("a"), later]),
            serde_json::json!([]),
        );
        assert_eq!(
            locations(&d),
            ["b: enableWhen on a compares with a value that item cannot have"]
        );
    }

    #[test]
    fn scales_must_name_existing_scoring_items_and_rising_bands() {
        let text =
            serde_json::json!({"link_id": "t", "text": {"nl": "x", "en": "x"}, "type": "text"});
        let d = with(
            serde_json::json!([yes_no("a"), text]),
            serde_json::json!([{"id": "s", "title": {"nl": "s", "en": "s"}, "items": ["a", "t", "zz"],
                "method": "sum", "missing": {"rule": "all-required"},
                "bands": [{"code": "x", "from": 3, "label": {"nl": "l", "en": "l"},
                           "interpretation": {"nl": "i", "en": "i"}, "severity": "normal"},
                          {"code": "y", "from": {"setting": "nope"}, "label": {"nl": "l", "en": "l"},
                           "interpretation": {"nl": "i", "en": "i"}, "severity": "normal"},
                          {"code": "z", "from": 1, "label": {"nl": "l", "en": "l"},
                           "interpretation": {"nl": "i", "en": "i"}, "severity": "normal"}]}]),
        );
        assert_eq!(
            locations(&d),
            [
                "scale s: item t cannot score (no weights, not yes/no, not a bounded number)",
                "scale s: item zz does not exist",
                "scale s: band y uses unknown setting nope",
                "scale s: band z does not start above the band before it",
            ]
        );
    }
}

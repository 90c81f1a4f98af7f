//! A questionnaire in pages, as a patient fills it in without JavaScript: one group per page
//! (questions outside a group are kept together), and the answers of a page read from its
//! form.

use super::answers::Answers;
use super::definition::{AnswerValue, Definition, Item, ItemKind};
use super::live::field_id;

/// The pages of a questionnaire: each top-level group is a page; top-level questions between
/// groups form a page together.
pub fn pages(definition: &Definition) -> Vec<Vec<&Item>> {
    let mut pages: Vec<Vec<&Item>> = Vec::new();
    let mut loose: Vec<&Item> = Vec::new();
    for item in &definition.items {
        if matches!(item.kind, ItemKind::Group) {
            if !loose.is_empty() {
                pages.push(std::mem::take(&mut loose));
            }
            pages.push(vec![item]);
        } else {
            loose.push(item);
        }
    }
    if !loose.is_empty() {
        pages.push(loose);
    }
    pages
}

/// The items on a page that take an answer, groups opened up.
pub fn answerable<'a>(page: &[&'a Item]) -> Vec<&'a Item> {
    fn walk<'a>(item: &'a Item, out: &mut Vec<&'a Item>) {
        match item.kind {
            ItemKind::Group => item.items.iter().for_each(|child| walk(child, out)),
            ItemKind::Display => {}
            _ => out.push(item),
        }
    }
    let mut out = Vec::new();
    for item in page {
        walk(item, &mut out);
    }
    out
}

/// The answers given on a page, from its form fields (`name=value` pairs, a name once per
/// chosen option). A value that is not of the item's kind is kept as text, so validation
/// names the problem instead of the answer silently disappearing.
pub fn answers_from_form(page: &[&Item], form: &[(String, String)]) -> Answers {
    let mut answers = Answers::new();
    for item in answerable(page) {
        let name = field_id(&item.link_id);
        let values: Vec<AnswerValue> = form
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .map(|v| value(&item.kind, v))
            .collect();
        if !values.is_empty() {
            answers.insert(item.link_id.clone(), values);
        }
    }
    answers
}

fn value(kind: &ItemKind, text: &str) -> AnswerValue {
    let parsed = match kind {
        ItemKind::Boolean => match text {
            "true" => Some(AnswerValue::Boolean(true)),
            "false" => Some(AnswerValue::Boolean(false)),
            _ => None,
        },
        ItemKind::Integer { .. } => text.parse().ok().map(AnswerValue::Integer),
        ItemKind::Decimal { .. } => text
            .replace(',', ".")
            .parse()
            .ok()
            .map(AnswerValue::Decimal),
        _ => None,
    };
    parsed.unwrap_or_else(|| AnswerValue::Text(text.to_owned()))
}

/// The answer as the form shows it again: the option code, the number with the person's
/// decimal sign, the text.
pub fn form_value(value: &AnswerValue) -> String {
    match value {
        AnswerValue::Boolean(b) => b.to_string(),
        AnswerValue::Integer(i) => i.to_string(),
        AnswerValue::Decimal(d) => d.to_string(),
        AnswerValue::Text(t) => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaires::library;

    fn instrument(id: &str) -> Definition {
        library::builtin().into_iter().find(|d| d.id == id).unwrap()
    }

    #[test]
    fn every_group_is_a_page_and_every_question_is_on_one_page() {
        let fall = instrument("valrisico");
        let pages = pages(&fall);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0][0].link_id, "screening");
        let on_pages: usize = pages.iter().map(|p| answerable(p).len()).sum();
        assert_eq!(on_pages, fall.question_count());
        // An instrument without groups is one page.
        for def in library::builtin() {
            let pages = super::pages(&def);
            assert!(!pages.is_empty(), "{}", def.id);
            let total: usize = pages.iter().map(|p| answerable(p).len()).sum();
            assert_eq!(total, def.question_count(), "{}", def.id);
        }
    }

    #[test]
    fn answers_are_read_by_kind_and_bad_numbers_are_kept_for_validation() {
        let gfi = instrument("gfi");
        let page = pages(&gfi).remove(0);
        let items = answerable(&page);
        let choice = items
            .iter()
            .find(|i| matches!(i.kind, ItemKind::Choice { .. }))
            .unwrap();
        let number = items
            .iter()
            .find(|i| matches!(i.kind, ItemKind::Integer { .. }))
            .unwrap();
        let form = vec![
            (field_id(&choice.link_id), "no".to_string()),
            (field_id(&number.link_id), " 7 ".to_string()),
            ("something-else".to_string(), "x".to_string()),
        ];
        let answers = answers_from_form(&page, &form);
        assert_eq!(answers[&choice.link_id], [AnswerValue::Text("no".into())]);
        assert_eq!(answers[&number.link_id], [AnswerValue::Integer(7)]);
        assert_eq!(answers.len(), 2);
        let bad = vec![(field_id(&number.link_id), "zeven".to_string())];
        assert_eq!(
            answers_from_form(&page, &bad)[&number.link_id],
            [AnswerValue::Text("zeven".into())]
        );
        assert_eq!(
            value(
                &ItemKind::Decimal {
                    min: None,
                    max: None
                },
                "7,5"
            ),
            AnswerValue::Decimal(7.5)
        );
        assert_eq!(form_value(&AnswerValue::Integer(7)), "7");
    }
}

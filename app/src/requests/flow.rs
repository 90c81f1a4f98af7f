//! Going through a questionnaire step by step, pure: which steps there are for the answers so
//! far, what a step shows, and the review.

use super::pages::Review;
use crate::questionnaires::answers::{enabled_items, Answers};
use crate::questionnaires::definition::{AnswerValue, Definition, Item, ItemKind};
use crate::questionnaires::paging::{answerable, pages};
use crate::questionnaires::validate::{validate, Stage};
use crate::ui::i18n::Lang;

/// The items of page `page` that are shown: those whose conditions hold for the answers so
/// far, and those whose conditions look at a question on the same page (they show with a
/// note, and react at once with JavaScript).
pub fn page_items(definition: &Definition, answers: &Answers, page: usize) -> Vec<Item> {
    let all = pages(definition);
    let Some(items) = all.get(page) else {
        return Vec::new();
    };
    let here: Vec<String> = link_ids_of(items);
    let enabled = enabled_items(definition, answers);
    items
        .iter()
        .filter(|item| {
            enabled.contains(item.link_id.as_str())
                || item.enable_when.iter().any(|c| here.contains(&c.question))
        })
        .map(|item| (*item).clone())
        .collect()
}

fn link_ids_of(items: &[&Item]) -> Vec<String> {
    fn walk(item: &Item, out: &mut Vec<String>) {
        out.push(item.link_id.clone());
        item.items.iter().for_each(|child| walk(child, out));
    }
    let mut out = Vec::new();
    items.iter().for_each(|item| walk(item, &mut out));
    out
}

/// Every link id in `items`, groups opened up.
pub fn link_ids(items: &[Item]) -> Vec<String> {
    let refs: Vec<&Item> = items.iter().collect();
    link_ids_of(&refs)
}

/// The pages that have something to show for these answers, in order: a step is a page.
pub fn visible_pages(definition: &Definition, answers: &Answers) -> Vec<usize> {
    (0..pages(definition).len())
        .filter(|&page| !page_items(definition, answers, page).is_empty())
        .collect()
}

/// The step (from 1) a page is on, for these answers.
pub fn step_of_page(definition: &Definition, answers: &Answers, page: usize) -> Option<usize> {
    visible_pages(definition, answers)
        .iter()
        .position(|&p| p == page)
        .map(|i| i + 1)
}

/// The step (from 1) of the page that holds `link_id`.
fn step_of_item(definition: &Definition, answers: &Answers, link_id: &str) -> usize {
    let page = pages(definition)
        .iter()
        .position(|items| link_ids_of(items).iter().any(|id| id == link_id))
        .unwrap_or(0);
    step_of_page(definition, answers, page).unwrap_or(1)
}

/// An answer as the review shows it: the option's text, yes/no, the number, the text.
fn shown(item: &Item, values: &[AnswerValue], lang: Lang) -> String {
    let one = |value: &AnswerValue| match (value, &item.kind) {
        (AnswerValue::Text(code), ItemKind::Choice { options, .. }) => options
            .iter()
            .find(|o| &o.code == code)
            .map_or_else(|| code.clone(), |o| o.text.get(lang).to_owned()),
        (AnswerValue::Boolean(b), _) => lang
            .t(if *b {
                crate::ui::text::T::Yes
            } else {
                crate::ui::text::T::No
            })
            .to_owned(),
        (AnswerValue::Integer(i), _) => i.to_string(),
        (AnswerValue::Decimal(d), _) => lang.number(*d),
        (AnswerValue::Text(t), _) => t.clone(),
    };
    values.iter().map(one).collect::<Vec<_>>().join(", ")
}

/// The review: every shown question with its answer and step, and what must be put right.
pub fn review(definition: &Definition, answers: &Answers, lang: Lang) -> Review {
    let checked = validate(definition, answers, Stage::Submit);
    let enabled = enabled_items(definition, answers);
    let mut rows = Vec::new();
    for page in pages(definition) {
        for item in answerable(&page) {
            if !enabled.contains(item.link_id.as_str()) {
                continue;
            }
            let answer = match checked.answers.get(&item.link_id) {
                Some(values) => shown(item, values, lang),
                None => lang.t(super::text::T::ReviewNoAnswer).to_owned(),
            };
            let step = step_of_item(definition, answers, &item.link_id);
            rows.push((item.text.get(lang).to_owned(), answer, step));
        }
    }
    let mut errors: Vec<(String, usize)> = checked
        .errors
        .iter()
        .map(|e| {
            let question = definition
                .item(&e.link_id)
                .map(|i| i.text.get(lang).to_owned())
                .unwrap_or_default();
            (
                format!("{question} {}", e.message(lang)),
                step_of_item(definition, answers, &e.link_id),
            )
        })
        .collect();
    for link_id in &checked.open_required {
        let question = definition
            .item(link_id)
            .map(|i| i.text.get(lang).to_owned())
            .unwrap_or_default();
        let message = crate::questionnaires::validate::FieldError {
            link_id: link_id.clone(),
            problem: crate::questionnaires::validate::Problem::Required,
        }
        .message(lang);
        errors.push((
            format!("{question} {message}"),
            step_of_item(definition, answers, link_id),
        ));
    }
    Review {
        title: definition.title.get(lang).to_owned(),
        rows,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaires::library;

    fn fall() -> Definition {
        library::builtin()
            .into_iter()
            .find(|d| d.id == "valrisico")
            .unwrap()
    }

    fn yes(link_id: &str) -> (String, Vec<AnswerValue>) {
        (link_id.to_owned(), vec![AnswerValue::Text("yes".into())])
    }

    #[test]
    fn a_follow_up_step_appears_only_when_an_earlier_answer_asks_for_it() {
        let def = fall();
        assert_eq!(visible_pages(&def, &Answers::new()), [0]);
        let answers: Answers = [yes("fall-1")].into_iter().collect();
        assert_eq!(visible_pages(&def, &answers), [0, 1]);
        assert_eq!(step_of_page(&def, &answers, 1), Some(2));
        assert_eq!(page_items(&def, &answers, 1)[0].link_id, "follow-up");
    }

    #[test]
    fn the_review_lists_shown_questions_and_what_is_missing_with_its_step() {
        let def = fall();
        let answers: Answers = [yes("fall-1")].into_iter().collect();
        let r = review(&def, &answers, Lang::Nl);
        assert!(
            r.rows
                .iter()
                .any(|(q, a, step)| q.contains("gevallen") && a == "Ja" && *step == 1),
            "{:?}",
            r.rows
        );
        // Follow-up questions are on step 2; open required ones are named with their step.
        assert!(r.rows.iter().any(|(_, _, step)| *step == 2));
        let missing: Vec<usize> = r.errors.iter().map(|(_, step)| *step).collect();
        assert!(!missing.is_empty());
        assert!(missing.iter().all(|s| *s == 1 || *s == 2));
        let none = review(&def, &Answers::new(), Lang::En);
        assert!(none.rows.iter().all(|(_, _, step)| *step == 1));
    }
}

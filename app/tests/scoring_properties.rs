//! Properties that hold for every built-in instrument and every possible set of answers.

use app::questionnaires::answers::{enabled_items, Answers};
use app::questionnaires::definition::{AnswerValue, Definition, Item, ItemKind};
use app::questionnaires::library;
use app::questionnaires::scoring::{score, SettingValues};
use proptest::prelude::*;

/// Any answer an item could get, or no answer at all.
fn answer_for(item: &Item) -> BoxedStrategy<Option<Vec<AnswerValue>>> {
    let given = match &item.kind {
        ItemKind::Choice {
            options,
            multiple: false,
        } => {
            let codes: Vec<String> = options.iter().map(|o| o.code.clone()).collect();
            proptest::sample::select(codes)
                .prop_map(|c| vec![AnswerValue::Text(c)])
                .boxed()
        }
        ItemKind::Choice {
            options,
            multiple: true,
        } => {
            let codes: Vec<String> = options.iter().map(|o| o.code.clone()).collect();
            proptest::sample::subsequence(codes.clone(), 1..=codes.len())
                .prop_map(|cs| cs.into_iter().map(AnswerValue::Text).collect())
                .boxed()
        }
        ItemKind::Boolean => any::<bool>()
            .prop_map(|b| vec![AnswerValue::Boolean(b)])
            .boxed(),
        ItemKind::Integer { min, max } => (min.unwrap_or(-1000)..=max.unwrap_or(1000))
            .prop_map(|v| vec![AnswerValue::Integer(v)])
            .boxed(),
        ItemKind::Decimal { min, max } => (min.unwrap_or(-1000.0)..=max.unwrap_or(1000.0))
            .prop_map(|v| vec![AnswerValue::Decimal(v)])
            .boxed(),
        _ => return Just(None).boxed(),
    };
    prop_oneof![1 => Just(None), 6 => given.prop_map(Some)].boxed()
}

/// A definition and any set of answers to it.
fn definition_and_answers() -> impl Strategy<Value = (Definition, Answers)> {
    proptest::sample::select(library::builtin()).prop_flat_map(|definition| {
        let items: Vec<Item> = definition.all_items().into_iter().cloned().collect();
        let strategies: Vec<_> = items.iter().map(answer_for).collect();
        let ids: Vec<String> = items.iter().map(|i| i.link_id.clone()).collect();
        (Just(definition), strategies).prop_map(move |(definition, values)| {
            let answers: Answers = ids
                .iter()
                .zip(values)
                .filter_map(|(id, v)| v.map(|v| (id.clone(), v)))
                .collect();
            (definition, answers)
        })
    })
}

proptest! {
    #[test]
    fn every_score_lies_within_its_scale_range((definition, answers) in definition_and_answers()) {
        for result in score(&definition, &answers, &SettingValues::new()).scales {
            if let Some(s) = result.score {
                prop_assert!(result.min <= s && s <= result.max,
                    "{} {}: {} outside {}..{}", definition.id, result.scale, s, result.min, result.max);
                prop_assert!(result.band.is_some() || definition.scales.iter()
                    .find(|sc| sc.id == result.scale).unwrap().bands.is_empty());
            }
        }
    }

    #[test]
    fn answers_to_hidden_items_never_count((definition, answers) in definition_and_answers()) {
        let shown = enabled_items(&definition, &answers);
        let only_shown: Answers = answers.iter()
            .filter(|(id, _)| shown.contains(id.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        prop_assert_eq!(
            score(&definition, &answers, &SettingValues::new()),
            score(&definition, &only_shown, &SettingValues::new())
        );
    }

    #[test]
    fn scoring_does_not_depend_on_item_text_or_language(
        (definition, answers) in definition_and_answers(),
        text in "[a-zA-Zé ]{0,20}",
    ) {
        let mut reworded = definition.clone();
        fn reword(items: &mut [Item], text: &str) {
            for item in items {
                item.text.nl = text.to_string();
                item.text.en = text.chars().rev().collect();
                if let ItemKind::Choice { options, .. } = &mut item.kind {
                    for option in options {
                        option.text.nl = format!("{text}!");
                        option.text.en = String::new();
                    }
                }
                reword(&mut item.items, text);
            }
        }
        reword(&mut reworded.items, &text);
        reworded.title.nl = text.clone();
        prop_assert_eq!(
            score(&definition, &answers, &SettingValues::new()).scales,
            score(&reworded, &answers, &SettingValues::new()).scales
        );
    }

    #[test]
    fn fourdkl_scales_are_sums_of_answers_capped_at_two(codes in proptest::collection::vec(0u8..=4, 50)) {
        let definition = library::builtin().into_iter().find(|d| d.id == "4dkl").unwrap();
        let answers: Answers = codes.iter().enumerate()
            .map(|(i, c)| (format!("4dkl-{}", i + 1), vec![AnswerValue::Text(c.to_string())]))
            .collect();
        let result = score(&definition, &answers, &SettingValues::new());
        for (scale, definition_scale) in result.scales.iter().zip(&definition.scales) {
            let expected: u32 = definition_scale.items.iter()
                .map(|id| id.trim_start_matches("4dkl-").parse::<usize>().unwrap())
                .map(|n| u32::from(codes[n - 1].min(2)))
                .sum();
            prop_assert_eq!(scale.score, Some(f64::from(expected)));
        }
    }
}

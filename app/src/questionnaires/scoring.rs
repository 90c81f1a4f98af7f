//! Turns answers into scale scores and bands, following the rules in the definition.
//!
//! Only shown items count; an item whose answer has no weight (e.g. "don't know") counts as
//! unanswered. A scale that misses more answers than its rule allows has no score: it is
//! reported as incomplete, never as a lower score.

use super::answers::{enabled_items, number, Answers};
use super::definition::{
    AnswerValue, Band, Definition, Item, ItemKind, MissingRule, Recode, Scale, ScaleMethod,
    Severity, Threshold,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Organisation-specific values for a definition's settings, by key.
pub type SettingValues = BTreeMap<String, f64>;

/// The result of one scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScaleScore {
    /// The scale's id.
    pub scale: String,
    /// The score, or `None` when too few items were answered.
    pub score: Option<f64>,
    /// Shown items of this scale that have a scoring answer.
    pub answered: usize,
    /// Shown items of this scale.
    pub shown: usize,
    /// Whether the missing-data rule was met.
    pub complete: bool,
    /// The band the score falls in.
    pub band: Option<BandResult>,
    /// Lowest possible score.
    pub min: f64,
    /// Highest possible score.
    pub max: f64,
}

/// The band a score falls in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandResult {
    /// The band's code.
    pub code: String,
    /// Dutch label.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// How much attention it needs.
    pub severity: Severity,
    /// The band's lowest score, with the organisation's settings (absent in older results).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
}

/// Every scale's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scoring {
    /// The definition scored.
    pub instrument: String,
    /// Its version.
    pub version: String,
    /// One entry per scale, in definition order.
    pub scales: Vec<ScaleScore>,
}

/// Scores `answers` with `definition`, using `settings` where the organisation changed a
/// default.
pub fn score(definition: &Definition, answers: &Answers, settings: &SettingValues) -> Scoring {
    let all = definition.all_items();
    // Without conditions every item is shown: skip building the set (e.g. 4DKL, GFI).
    let shown = all
        .iter()
        .any(|item| !item.enable_when.is_empty())
        .then(|| enabled_items(definition, answers));
    let items: BTreeMap<&str, &Item> = all
        .into_iter()
        .map(|item| (item.link_id.as_str(), item))
        .collect();
    let scales = definition
        .scales
        .iter()
        .map(|scale| score_scale(definition, scale, &items, &shown, answers, settings))
        .collect();
    Scoring {
        instrument: definition.id.clone(),
        version: definition.version.clone(),
        scales,
    }
}

fn score_scale(
    definition: &Definition,
    scale: &Scale,
    items: &BTreeMap<&str, &Item>,
    shown: &Option<BTreeSet<&str>>,
    answers: &Answers,
    settings: &SettingValues,
) -> ScaleScore {
    let mut values = Vec::with_capacity(scale.items.len());
    let mut shown_count = 0;
    let mut range: Option<(f64, f64, f64, f64)> = None; // (sum lo, sum hi, min lo, max hi)
    for link_id in &scale.items {
        let Some(item) = items.get(link_id.as_str()) else {
            continue;
        };
        let rules = recode_rules(scale, link_id);
        if let Some((lo, hi)) = item_range(item, rules) {
            range = Some(
                range.map_or((lo.min(0.0), hi.max(0.0), lo, hi), |(sl, sh, l, h)| {
                    (sl + lo.min(0.0), sh + hi.max(0.0), l.min(lo), h.max(hi))
                }),
            );
        }
        if shown
            .as_ref()
            .is_some_and(|set| !set.contains(link_id.as_str()))
        {
            continue;
        }
        shown_count += 1;
        let given = answers.get(link_id).map(Vec::as_slice).unwrap_or_default();
        if let Some(value) = item_value(item, given) {
            values.push(recode(value, rules));
        }
    }
    let complete = match scale.missing {
        MissingRule::AllRequired => values.len() == shown_count,
        MissingRule::AtLeast { min } => values.len() >= min.max(1),
    };
    let score = complete.then(|| combine(scale.method, &values)).flatten();
    let (min, max) = match (scale.method, range) {
        (_, None) => (0.0, 0.0),
        // A hidden item adds nothing, so each item may also contribute 0.
        (ScaleMethod::Sum, Some((sum_lo, sum_hi, _, _))) => (sum_lo, sum_hi),
        (ScaleMethod::Mean | ScaleMethod::Max, Some((_, _, lo, hi))) => (lo, hi),
        (ScaleMethod::CountPositive, Some(_)) => {
            let scoring = scale
                .items
                .iter()
                .filter_map(|id| items.get(id.as_str()))
                .filter(|item| item_range(item, recode_rules(scale, &item.link_id)).is_some())
                .count();
            (0.0, scoring as f64)
        }
    };
    ScaleScore {
        scale: scale.id.clone(),
        score,
        answered: values.len(),
        shown: shown_count,
        complete,
        band: score.and_then(|s| band_for(definition, &scale.bands, s, settings)),
        min,
        max,
    }
}

/// The raw value of an answer: an option's weight, 1/0 for yes/no, or the number itself.
fn item_value(item: &Item, given: &[AnswerValue]) -> Option<f64> {
    match &item.kind {
        ItemKind::Choice { options, .. } => given
            .iter()
            .filter_map(|value| match value {
                AnswerValue::Text(code) => options
                    .iter()
                    .find(|o| &o.code == code)
                    .and_then(|o| o.weight),
                _ => None,
            })
            .fold(None, |sum: Option<f64>, w| Some(sum.unwrap_or(0.0) + w)),
        ItemKind::Boolean => given.iter().find_map(|value| match value {
            AnswerValue::Boolean(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }),
        ItemKind::Integer { .. } | ItemKind::Decimal { .. } => given.iter().find_map(number),
        _ => None,
    }
}

fn recode_rules<'a>(scale: &'a Scale, link_id: &str) -> &'a [Recode] {
    scale
        .item_recode
        .iter()
        .find(|r| r.item == link_id)
        .map(|r| r.recode.as_slice())
        .unwrap_or(&scale.recode)
}

fn recode(value: f64, rules: &[Recode]) -> f64 {
    rules
        .iter()
        .find(|rule| rule.min <= value && value <= rule.max)
        .map_or(value, |rule| rule.value)
}

fn combine(method: ScaleMethod, values: &[f64]) -> Option<f64> {
    match method {
        ScaleMethod::Sum => Some(values.iter().sum()),
        ScaleMethod::Mean => {
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        }
        ScaleMethod::CountPositive => Some(values.iter().filter(|v| **v > 0.0).count() as f64),
        ScaleMethod::Max => values.iter().copied().reduce(f64::max),
    }
}

/// The lowest and highest value one item can contribute after recoding.
fn item_range(item: &Item, rules: &[Recode]) -> Option<(f64, f64)> {
    let fold = |values: &mut dyn Iterator<Item = f64>| {
        values
            .map(|v| recode(v, rules))
            .fold(None, |range: Option<(f64, f64)>, v| {
                Some(range.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            })
    };
    match &item.kind {
        ItemKind::Choice { options, multiple } => {
            let mut weights = options.iter().filter_map(|o| o.weight);
            if *multiple {
                // Any non-empty subset: its sum lies between the most negative and the most
                // positive total, and each single weight lies in between as well.
                let (mut negative, mut positive, mut any) = (0.0, 0.0, None::<(f64, f64)>);
                for w in weights {
                    if w < 0.0 {
                        negative += w;
                    } else {
                        positive += w;
                    }
                    any = Some(any.map_or((w, w), |(lo, hi)| (lo.min(w), hi.max(w))));
                }
                let (lo, hi) = any?;
                fold(&mut [lo.min(negative), hi.max(positive)].into_iter())
            } else {
                fold(&mut weights)
            }
        }
        ItemKind::Boolean => fold(&mut [0.0, 1.0].into_iter()),
        ItemKind::Integer {
            min: Some(lo),
            max: Some(hi),
        } => fold(&mut (*lo..=*hi).map(|v| v as f64)),
        // Decimal bounds recoded at their ends only: widen with every rule's value in between.
        ItemKind::Decimal {
            min: Some(lo),
            max: Some(hi),
        } => {
            let (l, h) = fold(&mut [*lo, *hi].into_iter())?;
            Some(
                rules
                    .iter()
                    .fold((l, h), |(l, h), r| (l.min(r.value), h.max(r.value))),
            )
        }
        _ => None,
    }
}

/// The value of a threshold, with the organisation's setting where it has one.
pub fn resolve(definition: &Definition, threshold: &Threshold, settings: &SettingValues) -> f64 {
    match threshold {
        Threshold::Fixed(value) => *value,
        Threshold::Setting { setting } => settings.get(setting).copied().unwrap_or_else(|| {
            definition
                .settings
                .iter()
                .find(|s| &s.key == setting)
                .map_or(f64::INFINITY, |s| s.default)
        }),
    }
}

fn band_for(
    definition: &Definition,
    bands: &[Band],
    score: f64,
    settings: &SettingValues,
) -> Option<BandResult> {
    bands
        .iter()
        .rfind(|band| resolve(definition, &band.from, settings) <= score)
        .map(|band| BandResult {
            code: band.code.clone(),
            label_nl: band.label.nl.clone(),
            label_en: band.label.en.clone(),
            severity: band.severity,
            from: Some(resolve(definition, &band.from, settings)),
        })
}

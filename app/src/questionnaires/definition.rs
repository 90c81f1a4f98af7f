//! What a questionnaire *is*: items, conditions, answer weights, scales and bands.
//!
//! Pure data, serialised as JSON in `app/instruments/*.json` and in the database. The scoring
//! rules live here too (as data), so that a definition imported from FHIR behaves exactly like
//! a built-in one.

pub use crate::ui::i18n::Text;
use serde::{Deserialize, Serialize};

/// A questionnaire definition at one version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Stable identifier, e.g. `gfi`.
    pub id: String,
    /// Version of this definition; responses keep the version they were filled in with.
    pub version: String,
    /// Name shown to patients and professionals.
    pub title: Text,
    /// Short explanation shown before the first question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Where the instrument comes from (publication, owner, version).
    pub source: String,
    /// Licence or permission note.
    pub licence: Text,
    /// The questions, in order; groups hold their own items.
    pub items: Vec<Item>,
    /// How answers become scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<Scale>,
    /// Values an organisation may change (cut-offs that vary locally or are unverified).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<Setting>,
}

/// One question, group or piece of text.
///
/// (`deny_unknown_fields` does not work together with `flatten`; the library tests catch
/// misspelt fields by checking that every file survives a parse and re-serialise unchanged.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Identifier unique within the definition (FHIR `linkId`).
    pub link_id: String,
    /// The question or text.
    pub text: Text,
    /// What kind of answer is asked for.
    #[serde(flatten)]
    pub kind: ItemKind,
    /// Whether an answer is needed before submitting.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Conditions under which this item is shown; empty means always.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable_when: Vec<EnableWhen>,
    /// Whether all or any of `enable_when` must hold.
    #[serde(default, skip_serializing_if = "EnableBehavior::is_default")]
    pub enable_behavior: EnableBehavior,
    /// Child items of a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// The kind of an item and its constraints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ItemKind {
    /// A heading that holds other items.
    Group,
    /// Text only, no answer.
    Display,
    /// Yes or no; yes scores 1, no scores 0.
    Boolean,
    /// One (or several) of a list of options, each with an optional weight.
    Choice {
        /// The options, in display order.
        options: Vec<AnswerOption>,
        /// Whether several options may be chosen.
        #[serde(default, skip_serializing_if = "is_false")]
        multiple: bool,
    },
    /// A whole number, e.g. a mark from 0 to 10.
    Integer {
        /// Lowest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        /// Highest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// A number with decimals.
    Decimal {
        /// Lowest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Highest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// A calendar date.
    Date,
    /// Free text.
    Text,
}

/// One answer option of a choice item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// Code stored in the response.
    pub code: String,
    /// Text shown.
    pub text: Text,
    /// Score weight (FHIR `ordinalValue`); options without a weight do not score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// A condition on another item's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnableWhen {
    /// The `link_id` of the item the condition looks at.
    pub question: String,
    /// How the answer is compared.
    pub operator: Operator,
    /// The value compared with (ignored for `exists`, where it is a boolean).
    pub answer: AnswerValue,
}

/// Comparison operators of `enableWhen` (FHIR R4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// Whether the item has (true) or lacks (false) an answer.
    #[serde(rename = "exists")]
    Exists,
    /// Equal.
    #[serde(rename = "=")]
    Eq,
    /// Not equal.
    #[serde(rename = "!=")]
    Ne,
    /// Greater than.
    #[serde(rename = ">")]
    Gt,
    /// Less than.
    #[serde(rename = "<")]
    Lt,
    /// Greater than or equal.
    #[serde(rename = ">=")]
    Ge,
    /// Less than or equal.
    #[serde(rename = "<=")]
    Le,
}

/// All or any of the conditions must hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnableBehavior {
    /// Every condition.
    #[default]
    All,
    /// At least one condition.
    Any,
}

impl EnableBehavior {
    fn is_default(&self) -> bool {
        *self == EnableBehavior::All
    }
}

/// A single answer value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// Yes/no.
    Boolean(bool),
    /// Whole number.
    Integer(i64),
    /// Number with decimals.
    Decimal(f64),
    /// Option code, date (YYYY-MM-DD) or text.
    Text(String),
}

/// A score computed from a set of items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Identifier within the definition.
    pub id: String,
    /// Name shown with the score.
    pub title: Text,
    /// The items that count (by `link_id`).
    pub items: Vec<String>,
    /// How item values combine.
    pub method: ScaleMethod,
    /// Value changes applied to every item before combining (e.g. 4DKL: 3 and 4 count as 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recode: Vec<Recode>,
    /// Value changes for one item only, replacing `recode` for it (e.g. GFI's 0–10 mark).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item_recode: Vec<ItemRecode>,
    /// When the score is too incomplete to report.
    pub missing: MissingRule,
    /// Score ranges with their meaning, in increasing order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
}

/// How the values of a scale's items combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScaleMethod {
    /// The sum of the item values.
    Sum,
    /// The mean of the answered items.
    Mean,
    /// The number of items whose value is above zero.
    CountPositive,
    /// The highest item value (e.g. a risk level decided by the most serious answer).
    Max,
}

/// Values from `min` to `max` (inclusive) count as `value`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recode {
    /// Lowest value recoded.
    pub min: f64,
    /// Highest value recoded.
    pub max: f64,
    /// The value it counts as.
    pub value: f64,
}

/// Recoding rules for one item of a scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecode {
    /// The item (`link_id`).
    pub item: String,
    /// Its rules.
    pub recode: Vec<Recode>,
}

/// When a scale has too few answers to report a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum MissingRule {
    /// Every shown item must be answered (e.g. GFI: a missing item never counts as 0).
    AllRequired,
    /// At least `min` shown items must be answered (e.g. Positive Health: mean of the answered).
    AtLeast {
        /// The fewest answered items that still give a score.
        min: usize,
    },
}

/// A score range with its meaning. A score falls in the last band whose `from` it reaches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Code used in exports (FHIR interpretation).
    pub code: String,
    /// Lowest score in this band.
    pub from: Threshold,
    /// Short label, e.g. "matig verhoogd".
    pub label: Text,
    /// What it means, for the professional.
    pub interpretation: Text,
    /// How much attention it needs.
    pub severity: Severity,
}

/// A fixed number, or a setting an organisation may change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Threshold {
    /// A published, fixed value.
    Fixed(f64),
    /// The value of a [`Setting`] of this definition.
    Setting {
        /// The setting's key.
        setting: String,
    },
}

/// How much attention a band needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing notable.
    Normal,
    /// Worth discussing.
    Moderate,
    /// Needs attention.
    High,
}

/// A value that an organisation may change, with its documented default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// Key used by bands.
    pub key: String,
    /// What it is.
    pub label: Text,
    /// The value used unless the organisation sets another.
    pub default: f64,
    /// Why it is a setting (source, or that it is unverified).
    pub note: Text,
}

impl Definition {
    /// Every item, depth first, in display order.
    pub fn all_items(&self) -> Vec<&Item> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
            for item in items {
                out.push(item);
                walk(&item.items, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.items, &mut out);
        out
    }

    /// The item with this `link_id`.
    pub fn item(&self, link_id: &str) -> Option<&Item> {
        self.all_items().into_iter().find(|i| i.link_id == link_id)
    }

    /// The number of items that take an answer (not groups or display text).
    pub fn question_count(&self) -> usize {
        self.all_items()
            .into_iter()
            .filter(|i| i.kind.takes_answer())
            .count()
    }
}

impl ItemKind {
    /// Whether an item of this kind has an answer.
    pub fn takes_answer(&self) -> bool {
        !matches!(self, ItemKind::Group | ItemKind::Display)
    }
}

//! Conditional questions that appear and disappear as the person answers: the one
//! interactive part of a questionnaire page, and so an island (the only code of the page
//! that runs in the browser). Without JavaScript every question is shown, each conditional
//! one with a note that says when it applies, and the server applies the conditions when the
//! page is submitted.

use super::definition::{Definition, EnableBehavior, EnableWhen, Item, ItemKind};
use crate::ui::i18n::Text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the island needs of a questionnaire: its items' ids, kinds and conditions, without
/// texts, options or scoring. Small in the page, and the browser's code does not need to read
/// whole definitions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conditions(Vec<Node>);

/// One item in [`Conditions`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Node {
    id: String,
    kind: u8,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    when: Vec<EnableWhen>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    any: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    items: Vec<Node>,
}

const GROUP: u8 = 0;
const DISPLAY: u8 = 1;
const BOOLEAN: u8 = 2;
const INTEGER: u8 = 3;
const DECIMAL: u8 = 4;
const OTHER: u8 = 5;

impl From<&Definition> for Conditions {
    fn from(definition: &Definition) -> Self {
        fn node(item: &Item) -> Node {
            Node {
                id: item.link_id.clone(),
                kind: match item.kind {
                    ItemKind::Group => GROUP,
                    ItemKind::Display => DISPLAY,
                    ItemKind::Boolean => BOOLEAN,
                    ItemKind::Integer { .. } => INTEGER,
                    ItemKind::Decimal { .. } => DECIMAL,
                    _ => OTHER,
                },
                when: item.enable_when.clone(),
                any: item.enable_behavior == EnableBehavior::Any,
                items: item.items.iter().map(node).collect(),
            }
        }
        Conditions(definition.items.iter().map(node).collect())
    }
}

impl Conditions {
    /// A definition with the same items and conditions (and nothing else), for the engine.
    pub fn definition(&self) -> Definition {
        fn item(node: &Node) -> Item {
            Item {
                link_id: node.id.clone(),
                text: Text::default(),
                kind: match node.kind {
                    GROUP => ItemKind::Group,
                    DISPLAY => ItemKind::Display,
                    BOOLEAN => ItemKind::Boolean,
                    INTEGER => ItemKind::Integer {
                        min: None,
                        max: None,
                    },
                    DECIMAL => ItemKind::Decimal {
                        min: None,
                        max: None,
                    },
                    _ => ItemKind::Text,
                },
                required: false,
                enable_when: node.when.clone(),
                enable_behavior: if node.any {
                    EnableBehavior::Any
                } else {
                    EnableBehavior::All
                },
                items: node.items.iter().map(item).collect(),
            }
        }
        Definition {
            id: String::new(),
            version: String::new(),
            title: Text::default(),
            description: None,
            source: String::new(),
            licence: Text::default(),
            items: self.0.iter().map(item).collect(),
            scales: Vec::new(),
            settings: Vec::new(),
        }
    }
}

/// The HTML id (and form name) of the field of an item.
pub fn field_id(link_id: &str) -> String {
    format!("q-{}", escape_id(link_id))
}

/// The HTML id of the element around an item, which is hidden while its conditions fail.
pub fn item_id(link_id: &str) -> String {
    format!("qi-{}", escape_id(link_id))
}

/// A piece of an HTML id that stands for exactly one text: letters and digits stay, every
/// other character becomes `_` and its code point in hex, then `_` (imported link ids and
/// option codes may hold any character, and `a.b` and `a-b` must stay apart). The result is
/// also safe inside a CSS attribute selector.
pub fn escape_id(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    out
}

/// What the island needs to save answers as they are given: where the page's form posts,
/// and the words that confirm a save (in the person's language).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Autosave {
    /// The step's form address; the island posts the form there with `go=autosave`.
    pub to: String,
    /// Shown (and announced politely) after a save.
    pub saved: String,
    /// Shown when a save did not work (the answers are still saved with the next button).
    pub failed: String,
}

/// Wraps a questionnaire form: on every change, shows the items whose conditions hold and
/// hides the others, and with `autosave` saves the form's answers in the background (the
/// page's buttons still save too, so nothing depends on it). `data-hydrated` tells tests (and
/// styles) that the island took over; `data-saved` counts the saves that were confirmed.
#[island]
pub fn LiveConditions(
    conditions: Conditions,
    #[prop(optional)] autosave: Option<Autosave>,
    children: Children,
) -> impl IntoView {
    let definition = StoredValue::new(conditions.definition());
    let autosave = StoredValue::new(autosave);
    let update = move || definition.with_value(browser::apply);
    Effect::new(move |_| {
        update();
        browser::hydrated();
    });
    // One save at a time, in order: a change while one is on its way is sent (with the form
    // as it is then) when it returns, so an older state never overwrites a newer one.
    let sending = StoredValue::new(false);
    let again = StoredValue::new(false);
    let save = move || {
        if let Some(a) = autosave.get_value() {
            browser::autosave(a, sending, again);
        }
    };
    view! {
        <div
            class="live-conditions"
            id="live-conditions"
            data-hydrated="false"
            data-saved="0"
            on:change=move |_| {
                update();
                save();
            }
            on:input=move |_| update()
        >
            {children()}
            <p class="autosave" id="autosave-status" role="status"></p>
        </div>
    }
}

/// What the island does in the browser; nothing on the server.
mod browser {
    use super::*;

    #[cfg(feature = "hydrate")]
    pub fn apply(definition: &Definition) {
        use super::super::answers::{enabled_items, Answers};
        use super::super::definition::{AnswerValue, ItemKind};
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let mut answers = Answers::new();
        for item in definition.all_items() {
            let Ok(fields) =
                document.query_selector_all(&format!("[name='{}']", field_id(&item.link_id)))
            else {
                continue;
            };
            let mut values = Vec::new();
            for i in 0..fields.length() {
                let Some(node) = fields.item(i) else { continue };
                let text = if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                    let choice = matches!(input.type_().as_str(), "radio" | "checkbox");
                    if choice && !input.checked() {
                        continue;
                    }
                    input.value()
                } else if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                    area.value()
                } else {
                    continue;
                };
                if let Some(value) = answer(&item.kind, text.trim()) {
                    values.push(value);
                }
            }
            if !values.is_empty() {
                answers.insert(item.link_id.clone(), values);
            }
        }
        let enabled = enabled_items(definition, &answers);
        for item in definition.all_items() {
            if let Some(element) = document.get_element_by_id(&item_id(&item.link_id)) {
                let _ = if enabled.contains(item.link_id.as_str()) {
                    element.remove_attribute("hidden")
                } else {
                    element.set_attribute("hidden", "")
                };
            }
        }

        /// A typed-in or chosen value as an answer of the item's kind.
        fn answer(kind: &ItemKind, text: &str) -> Option<AnswerValue> {
            if text.is_empty() {
                return None;
            }
            match kind {
                ItemKind::Boolean => Some(AnswerValue::Boolean(text == "true")),
                ItemKind::Integer { .. } => text.parse().ok().map(AnswerValue::Integer),
                ItemKind::Decimal { .. } => text
                    .replace(',', ".")
                    .parse()
                    .ok()
                    .map(AnswerValue::Decimal),
                ItemKind::Group | ItemKind::Display => None,
                // Choices, dates and text are all codes or text to the conditions.
                _ => Some(AnswerValue::Text(text.to_owned())),
            }
        }
    }

    /// Posts the page's form with `go=autosave`; counts and confirms the save when the
    /// server took it, or says it did not work. While a save is on its way, a change only
    /// marks that another is needed; it is sent when the first returns.
    #[cfg(feature = "hydrate")]
    pub fn autosave(autosave: Autosave, sending: StoredValue<bool>, again: StoredValue<bool>) {
        use wasm_bindgen::JsCast;
        if sending.get_value() {
            again.set_value(true);
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let form = window
            .document()
            .and_then(|d| d.query_selector("form.questionnaire").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok());
        let Some(form) = form else {
            return;
        };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let _ = data.set_with_str("go", "autosave");
        let Ok(body) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
            return;
        };
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&body);
        let promise = window.fetch_with_str_and_init(&autosave.to, &init);
        sending.set_value(true);
        let document = window.document();
        let notice = document
            .as_ref()
            .and_then(|d| d.get_element_by_id("autosave-status"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        leptos::task::spawn_local(async move {
            let response = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|r| r.dyn_into::<web_sys::Response>().ok());
            // 204: saved; 200: saved, with the problems on this step.
            let status = response.as_ref().map_or(0, |r| r.status());
            let ok = status == 204 || status == 200;
            if ok {
                let mut problems = Vec::new();
                if let Some(text) = response
                    .filter(|_| status == 200)
                    .and_then(|r| r.text().ok())
                {
                    if let Ok(text) = wasm_bindgen_futures::JsFuture::from(text).await {
                        problems = text
                            .as_string()
                            .and_then(|t| serde_json::from_str(&t).ok())
                            .unwrap_or_default();
                    }
                }
                show_problems(&problems);
            }
            sending.set_value(false);
            if let Some(notice) = &notice {
                tell(
                    notice,
                    if ok {
                        &autosave.saved
                    } else {
                        &autosave.failed
                    },
                );
            }
            // Counts the confirmed saves, for tests.
            if let Some(wrapper) = ok
                .then(|| document.as_ref()?.get_element_by_id("live-conditions"))
                .flatten()
            {
                let count = wrapper
                    .get_attribute("data-saved")
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(0);
                let _ = wrapper.set_attribute("data-saved", &(count + 1).to_string());
            }
            if again.get_value() {
                again.set_value(false);
                self::autosave(autosave, sending, again);
            }
        });
    }

    /// Puts `words` in the status line without ever making it shorter: a save often starts
    /// as the person presses a button (leaving a field saves it), and a line that shrank under
    /// the pointer at the bottom of a narrow page would move the button away between press
    /// and release, so the press would do nothing. The same words as before get a
    /// no-break space added or taken away, so they are announced again.
    #[cfg(feature = "hydrate")]
    fn tell(notice: &web_sys::HtmlElement, words: &str) {
        let height = notice.offset_height();
        if height > 0 {
            let _ = notice
                .style()
                .set_property("min-height", &format!("{height}px"));
        }
        let now = notice.text_content().unwrap_or_default();
        let text = if now.trim_end_matches('\u{a0}') == words && !now.ends_with('\u{a0}') {
            format!("{words}\u{a0}")
        } else {
            words.to_owned()
        };
        notice.set_text_content(Some(&text));
    }

    /// Shows the problems of the step's answers (field id, message) at their questions and
    /// clears the ones that were put right.
    #[cfg(feature = "hydrate")]
    fn show_problems(problems: &[(String, String)]) {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let each = |selector: &str, f: &dyn Fn(&web_sys::Element)| {
            if let Ok(list) = document.query_selector_all(selector) {
                for i in 0..list.length() {
                    if let Some(element) = list.item(i).and_then(|n| n.dyn_into().ok()) {
                        f(&element);
                    }
                }
            }
        };
        each("form.questionnaire .field-error", &|e| {
            e.set_text_content(None);
            let _ = e.set_attribute("hidden", "");
        });
        each("form.questionnaire [aria-invalid]", &|e| {
            let _ = e.remove_attribute("aria-invalid");
            let _ = e.remove_attribute("aria-describedby");
        });
        for (field, message) in problems {
            let error = format!("{field}-error");
            if let Some(e) = document.get_element_by_id(&error) {
                e.set_text_content(Some(message));
                let _ = e.remove_attribute("hidden");
            }
            each(&format!("[name='{field}']"), &|e| {
                let _ = e.set_attribute("aria-invalid", "true");
                let _ = e.set_attribute("aria-describedby", &error);
            });
        }
    }

    /// Marks the island as taken over by the browser (`data-hydrated`).
    #[cfg(feature = "hydrate")]
    pub fn hydrated() {
        if let Some(wrapper) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("live-conditions"))
        {
            let _ = wrapper.set_attribute("data-hydrated", "true");
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn hydrated() {}

    #[cfg(not(feature = "hydrate"))]
    pub fn apply(_definition: &Definition) {}

    #[cfg(not(feature = "hydrate"))]
    pub fn autosave(_: Autosave, _: StoredValue<bool>, _: StoredValue<bool>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_conditions_give_the_same_shown_items_as_the_whole_definition() {
        use crate::questionnaires::answers::{enabled_items, Answers};
        use crate::questionnaires::definition::AnswerValue;
        for definition in crate::questionnaires::library::builtin() {
            let conditions = Conditions::from(&definition);
            let json = serde_json::to_string(&conditions).unwrap();
            let back: Conditions = serde_json::from_str(&json).unwrap();
            let small = back.definition();
            let mut answers = Answers::new();
            for item in definition.all_items() {
                if let ItemKind::Choice { options, .. } = &item.kind {
                    answers.insert(
                        item.link_id.clone(),
                        vec![AnswerValue::Text(options[0].code.clone())],
                    );
                }
            }
            for given in [Answers::new(), answers] {
                assert_eq!(
                    enabled_items(&definition, &given),
                    enabled_items(&small, &given),
                    "{}",
                    definition.id
                );
            }
            assert!(json.len() < serde_json::to_string(&definition).unwrap().len() / 3);
        }
    }

    #[test]
    fn ids_are_safe_for_html_and_never_shared() {
        assert_eq!(field_id("q1.a b"), "q-q1_2e_a_20_b");
        assert_eq!(item_id("q1.a b"), "qi-q1_2e_a_20_b");
        // Different link ids never give the same id, and a field never looks like a wrapper.
        let ids = ["a.b", "a-b", "a_b", "a.item", "a", "ab", "a_2e_b"];
        let mut all: Vec<String> = ids.iter().map(|i| field_id(i)).collect();
        all.extend(ids.iter().map(|i| item_id(i)));
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "{all:?}");
        assert!(field_id("x'] , [name='y")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    }
}

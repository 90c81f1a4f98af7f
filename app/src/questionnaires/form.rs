//! The form of a questionnaire as a patient sees it: each item with its input, the values
//! already given and the message of a problem. Shared by the preview and the pages a patient
//! fills in; plain HTML inputs, so it works without JavaScript.

use super::answers::Answers;
use super::definition::{Item, ItemKind, Text};
use super::live::{escape_id, field_id, item_id};
use super::paging::form_value;
use super::text::T;
use crate::ui::i18n::Lang;
use crate::ui::text::T as Ui;
use crate::ui::use_lang;
use leptos::prelude::*;
use std::collections::BTreeMap;

fn label(text: &Text, lang: Lang, required: bool) -> String {
    let mut label = text.get(lang).to_string();
    if required {
        label.push_str(" (");
        label.push_str(lang.t(T::PreviewRequired));
        label.push(')');
    }
    label
}

/// One item of a questionnaire form: a group with its children, a text, or a question with
/// its input, showing `values` already given and the message of a problem in `errors`.
#[component]
pub fn QuestionItem(
    item: Item,
    #[prop(optional)] values: Answers,
    #[prop(optional)] errors: BTreeMap<String, String>,
) -> impl IntoView {
    let lang = use_lang();
    let given: Vec<String> = values
        .get(&item.link_id)
        .map(|v| v.iter().map(form_value).collect())
        .unwrap_or_default();
    let error = errors.get(&item.link_id).cloned();
    let error_id = format!("{}-error", field_id(&item.link_id));
    let invalid = error.as_ref().map(|_| "true");
    let described = error.as_ref().map(|_| error_id.clone());
    // Always there (hidden when empty), so the page's island can show a problem at once.
    let hidden = error.is_none();
    let message = view! {
        <p class="field-error" id=error_id.clone() hidden=hidden>{error.unwrap_or_default()}</p>
    };
    let first = given.first().cloned().unwrap_or_default();
    let conditional = (!item.enable_when.is_empty())
        .then(|| view! { <p class="conditional">{lang.t(T::PreviewConditional)}</p> });
    let question = label(&item.text, lang, item.required);
    let id = field_id(&item.link_id);
    let container = item_id(&item.link_id);
    let body = match &item.kind {
        ItemKind::Group => {
            let children = item
                .items
                .iter()
                .map(|child| {
                    view! { <QuestionItem item=child.clone() values=values.clone() errors=errors.clone()/> }
                })
                .collect_view();
            view! {
                <section class="question-group" id=container aria-labelledby=id.clone()>
                    <h2 id=id.clone()>{item.text.get(lang).to_string()}</h2>
                    {conditional}
                    {children}
                </section>
            }
            .into_any()
        }
        ItemKind::Display => {
            view! { <p class="question-text" id=container>{item.text.get(lang).to_string()}</p> }
                .into_any()
        }
        ItemKind::Boolean | ItemKind::Choice { .. } => {
            let multiple = matches!(item.kind, ItemKind::Choice { multiple: true, .. });
            let choices: Vec<(String, String)> = match &item.kind {
                ItemKind::Choice { options, .. } => options
                    .iter()
                    .map(|o| (o.code.clone(), o.text.get(lang).to_string()))
                    .collect(),
                _ => vec![
                    ("true".into(), lang.t(Ui::Yes).into()),
                    ("false".into(), lang.t(Ui::No).into()),
                ],
            };
            let kind = if multiple { "checkbox" } else { "radio" };
            let inputs = choices
                .into_iter()
                .map(|(code, text)| {
                    let input_id = format!("{id}-{}", escape_id(&code));
                    let checked = given.contains(&code);
                    view! {
                        <div class="choice">
                            <input type=kind id=input_id.clone() name=id.clone() value=code checked=checked/>
                            <label for=input_id>{text}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question" id=container aria-invalid=invalid aria-describedby=described>
                    <legend>{question}</legend>
                    {conditional}
                    {message}
                    {inputs}
                </fieldset>
            }
            .into_any()
        }
        ItemKind::Integer { min, max } => {
            let (min, max) = (min.map(|v| v.to_string()), max.map(|v| v.to_string()));
            view! {
                <div class="question" id=container>
                    <label for=id.clone()>{question}</label>
                    {conditional}
                    {message}
                    <input type="text" id=id.clone() name=id inputmode="numeric" value=first aria-invalid=invalid aria-describedby=described data-min=min data-max=max/>
                </div>
            }
            .into_any()
        }
        ItemKind::Decimal { min, max } => {
            let (min, max) = (min.map(|v| v.to_string()), max.map(|v| v.to_string()));
            view! {
                <div class="question" id=container>
                    <label for=id.clone()>{question}</label>
                    {conditional}
                    {message}
                    <input type="text" id=id.clone() name=id inputmode="decimal" value=first aria-invalid=invalid aria-describedby=described data-min=min data-max=max/>
                </div>
            }
            .into_any()
        }
        ItemKind::Date => view! {
            <div class="question" id=container>
                <label for=id.clone()>{question}</label>
                {conditional}
                {message}
                <input type="date" id=id.clone() name=id value=first aria-invalid=invalid aria-describedby=described/>
            </div>
        }
        .into_any(),
        ItemKind::Text => view! {
            <div class="question" id=container>
                <label for=id.clone()>{question}</label>
                {conditional}
                {message}
                <textarea id=id.clone() name=id rows="4" aria-invalid=invalid aria-describedby=described>{first}</textarea>
            </div>
        }
        .into_any(),
    };
    body
}

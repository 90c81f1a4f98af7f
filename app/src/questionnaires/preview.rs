//! Preview of an instrument as the patient will see it, for professionals choosing what to
//! send. Nothing on this page is saved.

use super::definition::{Definition, Item, ItemKind, Text};
use super::live::{escape_id, field_id, item_id, LiveConditions};
use super::text::T;
use crate::error::AppError;
use crate::ui::i18n::Lang;
use crate::ui::text::T as Ui;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The newest version of one instrument.
#[server(endpoint = "instrument")]
pub async fn get_instrument(id: String) -> Result<Definition, AppError> {
    let store = crate::state::AppState::from_context()?.store;
    Ok(super::server::latest_definition(&store, &id).await?)
}

/// `/vragenlijsten/:id`
#[component]
pub fn PreviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let definition = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_instrument,
    );
    view! {
        <Suspense fallback=move || view! { <p role="status">{lang.t(T::CatalogueLoading)}</p> }>
            {move || Suspend::new(async move {
                match definition.await {
                    Ok(definition) => view! { <Preview definition/> }.into_any(),
                    Err(error) => view! { <crate::ui::error_page::ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(definition: Definition) -> impl IntoView {
    let lang = use_lang();
    let title = definition.title.get(lang).to_string();
    let items = definition
        .items
        .iter()
        .map(|item| view! { <PreviewItem item=item.clone()/> })
        .collect_view();
    view! {
        <Title text=title.clone()/>
        <p><a href="/vragenlijsten">{lang.t(T::PreviewBack)}</a></p>
        <h1>{title}</h1>
        <p class="notice" role="note">{lang.t(T::PreviewNotice)}</p>
        {definition.description.as_ref().map(|d| view! { <p class="lead">{d.get(lang).to_string()}</p> })}
        <dl class="facts">
            <dt>{lang.t(T::ColumnVersion)}</dt>
            <dd>{definition.version.clone()}</dd>
            <dt>{lang.t(T::ColumnItems)}</dt>
            <dd>{definition.question_count()}</dd>
            <dt>{lang.t(T::ColumnSource)}</dt>
            <dd>{definition.source.clone()}</dd>
            <dt>{lang.t(T::ColumnLicence)}</dt>
            <dd>{definition.licence.get(lang).to_string()}</dd>
        </dl>
        <crate::ui::IslandScripts/>
        <LiveConditions definition=definition.clone()>
            <form class="questionnaire" aria-label=lang.t(T::PreviewFormLabel)>
                {items}
            </form>
        </LiveConditions>
    }
}

fn label(text: &Text, lang: Lang, required: bool) -> String {
    let mut label = text.get(lang).to_string();
    if required {
        label.push_str(" (");
        label.push_str(lang.t(T::PreviewRequired));
        label.push(')');
    }
    label
}

#[component]
fn PreviewItem(item: Item) -> impl IntoView {
    let lang = use_lang();
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
                .map(|child| view! { <PreviewItem item=child.clone()/> })
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
                    view! {
                        <div class="choice">
                            <input type=kind id=input_id.clone() name=id.clone() value=code/>
                            <label for=input_id>{text}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question" id=container>
                    <legend>{question}</legend>
                    {conditional}
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
                    <input type="number" id=id.clone() name=id inputmode="numeric" step="1" min=min max=max/>
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
                    <input type="text" id=id.clone() name=id inputmode="decimal" data-min=min data-max=max/>
                </div>
            }
            .into_any()
        }
        ItemKind::Date => view! {
            <div class="question" id=container>
                <label for=id.clone()>{question}</label>
                {conditional}
                <input type="date" id=id.clone() name=id/>
            </div>
        }
        .into_any(),
        ItemKind::Text => view! {
            <div class="question" id=container>
                <label for=id.clone()>{question}</label>
                {conditional}
                <textarea id=id.clone() name=id rows="4"></textarea>
            </div>
        }
        .into_any(),
    };
    body
}
